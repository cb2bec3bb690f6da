//! A chapter's optional front matter at the top: YAML between `---` lines,
//! or TOML between `+++` lines, as Hugo writes it.

use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Problem};
use crate::source::SourceFile;
use crate::yaml::{EmbeddedYaml, YamlError};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

/// Splits off the front matter; returns it and the byte offset where the
/// Markdown body starts.
pub fn split(file: &Arc<SourceFile>) -> Result<(FrontMatter, usize), Diagnostic> {
    let text = file.text();
    if let Some(after_open) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    {
        return split_toml(file, text.len() - after_open.len());
    }
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok((FrontMatter::default(), 0));
    };
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = EmbeddedYaml::new(file, text[yaml_start..offset].to_string(), 2);
            let front = if yaml.text.trim().is_empty() {
                FrontMatter::default()
            } else {
                yaml.parse().map_err(|(error, location)| {
                    let problem = match error {
                        YamlError::Syntax(message) => Problem::FrontMatter { message },
                        YamlError::Limit(problem) => *problem,
                    };
                    Diagnostic::error(problem, location)
                })?
            };
            return Ok((front, offset + line.len()));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Problem::UnclosedFrontMatter { fence: "---" },
        file.location(0, 3),
    ))
}

/// TOML front matter from `start` up to its closing `+++` line.
fn split_toml(file: &Arc<SourceFile>, start: usize) -> Result<(FrontMatter, usize), Diagnostic> {
    let text = file.text();
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = toml::from_str(&text[start..offset]).map_err(|e| {
                let span = e.span().unwrap_or(0..0);
                Diagnostic::error(
                    Problem::FrontMatter {
                        message: e.message().trim_end().to_string(),
                    },
                    file.location(start + span.start, span.len()),
                )
            })?;
            return Ok((front, offset + line.len()));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        Problem::UnclosedFrontMatter { fence: "+++" },
        file.location(0, 3),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_text(text: &str) -> Result<(FrontMatter, usize), Diagnostic> {
        split(&SourceFile::new("c.md", text.to_string()))
    }

    #[test]
    fn reads_front_matter_and_finds_the_body() {
        let (front, body) =
            split_text("---\ntitle: T\ndescription: D\ndraft: true\n---\n# H\n").unwrap();
        assert_eq!(front.title.as_deref(), Some("T"));
        assert_eq!(front.description.as_deref(), Some("D"));
        assert!(front.draft);
        assert_eq!(body, 44);
    }

    #[test]
    fn no_front_matter_is_fine() {
        let (front, body) = split_text("# H\n---\n").unwrap();
        assert!(front.title.is_none() && !front.draft);
        assert_eq!(body, 0);
    }

    #[test]
    fn an_unknown_key_names_its_line() {
        let error = split_text("---\ntitle: T\ndraught: true\n---\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "c.md:3:1: error[front-matter]: front matter: unknown field `draught`, expected one of title, description, draft"
        );
    }

    #[test]
    fn toml_front_matter_is_read_as_hugo_writes_it() {
        let (front, body) = split_text("+++\ntitle = \"News\"\ndraft = true\n+++\n# H\n").unwrap();
        assert_eq!(front.title.as_deref(), Some("News"));
        assert!(front.draft);
        assert_eq!(body, 36);
        let error = split_text("+++\ntitle = \"T\"\nweight = 5\n+++\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("c.md:3:1: error[front-matter]: front matter: unknown field `weight`"),
            "{error}"
        );
        let error = split_text("+++\ntitle = \"T\"\n").unwrap_err();
        assert!(
            error.to_string().contains("not closed by a `+++` line"),
            "{error}"
        );
    }

    #[test]
    fn an_unclosed_block_is_an_error() {
        let error = split_text("---\ntitle: T\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "c.md:1:1: error[front-matter-unclosed]: the front matter is not closed by a `---` line"
        );
    }
}
