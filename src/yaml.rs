//! YAML embedded in a Markdown file (front matter, budget blocks): parsing
//! with positions translated back to the Markdown file, so that every error
//! names the author's file, line and column, not the snippet's.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::source::{Location, SourceFile};

/// Limits for one embedded document: a budget block is a few hundred
/// nodes; these leave room for large tables and stop alias bombs and deep
/// nesting long before they cost memory or time.
const MAX_EVENTS: usize = 200_000;
const MAX_NODES: usize = 100_000;
const MAX_DEPTH: usize = 32;
const MAX_ALIASES: usize = 1_000;
const MAX_REPLAYED_EVENTS: usize = 100_000;

pub struct EmbeddedYaml<'a> {
    pub file: &'a Arc<SourceFile>,
    pub text: String,
    /// The file line of the snippet's first line (1-based).
    first_line: usize,
    /// Per snippet line: how many characters of indentation the Markdown
    /// container stripped (non-zero for a fence inside a list item).
    stripped: Vec<usize>,
}

impl<'a> EmbeddedYaml<'a> {
    /// `text` must be the lines of `file` starting at `first_line`, each
    /// possibly with leading indentation removed.
    pub fn new(file: &'a Arc<SourceFile>, text: String, first_line: usize) -> Self {
        let stripped = text
            .split('\n')
            .enumerate()
            .map(|(i, line)| {
                let full = file.line_text(first_line + i);
                full.chars()
                    .count()
                    .saturating_sub(line.trim_end_matches('\r').chars().count())
            })
            .collect();
        EmbeddedYaml {
            file,
            text,
            first_line,
            stripped,
        }
    }

    /// The file location of a 1-based snippet line and column, `len` bytes long.
    pub fn location(&self, line: u64, column: u64, len: usize) -> Location {
        let line = (line.max(1) - 1) as usize;
        let indent = self.stripped.get(line).copied().unwrap_or(0);
        let offset = self
            .file
            .offset_of(self.first_line + line, column.max(1) as usize + indent);
        self.file.location(offset, len)
    }

    pub fn location_of(&self, at: &serde_saphyr::Location) -> Location {
        let len = at.span().byte_len().map_or(1, |l| l as usize).max(1);
        self.location(at.line(), at.column(), len)
    }

    /// Parses the snippet; on failure, the parser's message (without its own
    /// position suffix) and where in the file it points.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, (String, Location)> {
        let mut options = serde_saphyr::Options::default();
        if let Some(budget) = options.budget.as_mut() {
            budget.max_events = MAX_EVENTS;
            budget.max_nodes = MAX_NODES;
            budget.max_depth = MAX_DEPTH;
            budget.max_aliases = MAX_ALIASES;
        }
        options.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
        serde_saphyr::from_str_with_options(&self.text, options).map_err(|e| {
            let location = e.location().map_or_else(
                || self.location(1, 1, 1),
                |at| self.location(at.line(), at.column(), 1),
            );
            (bare_message(&e.without_snippet().to_string()), location)
        })
    }
}

fn bare_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    message
        .strip_prefix("error: ")
        .unwrap_or(message)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: u32,
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let file = SourceFile::new("c.md", String::new());
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            bomb.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        }
        let yaml = EmbeddedYaml::new(&file, bomb, 1);
        assert!(yaml.parse::<serde_json::Value>().is_err());
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let yaml = EmbeddedYaml::new(&file, deep, 1);
        assert!(yaml.parse::<serde_json::Value>().is_err());
    }

    #[test]
    fn errors_point_into_the_markdown_file() {
        let file = SourceFile::new(
            "c.md",
            "# T\n\n- item\n  ```budget\n  a: 1\n  b: 2\n  ```\n".into(),
        );
        let yaml = EmbeddedYaml::new(&file, "a: 1\nb: 2\n".into(), 5);
        let (message, location) = yaml.parse::<Doc>().unwrap_err();
        assert_eq!(message, "unknown field `b`, expected one of a");
        assert_eq!(location.to_string(), "c.md:6:3");
    }
}
