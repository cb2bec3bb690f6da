//! Full-text search, built with Pagefind at build time: a chunked index that
//! the browser loads piece by piece, with Swedish stemming.
//!
//! Pagefind matches words and their stems but not the parts of compound
//! words, which Swedish writes together: "sekreterare" would not find
//! "fältsekreterare". So the text given to the indexer (never the published
//! page) repeats, after each long word, its longest tails as words of their
//! own.

use std::path::PathBuf;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::OutputFile;
use crate::error::Error;

/// A word this long is taken for a compound.
const COMPOUND_LENGTH: usize = 11;
/// The shortest first part and the shortest tail of a compound.
const MIN_HEAD: usize = 4;
const MIN_TAIL: usize = 7;
/// Tails indexed per compound, longest first.
const TAILS: usize = 3;

pub struct SearchIndex {
    pub files: Vec<OutputFile>,
    /// Bytes of the index itself (entry, metadata, index and fragment
    /// chunks), without the search engine and its user interface.
    pub index_bytes: usize,
}

/// The tails of a long word that may be words of their own.
fn compound_tails(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    if letters.len() < COMPOUND_LENGTH || !letters.iter().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    (MIN_HEAD..=letters.len() - MIN_TAIL)
        .take(TAILS)
        .map(|start| letters[start..].iter().collect())
        .collect()
}

/// The page's HTML with compound tails added after long words in text.
fn with_compound_tails(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 11 / 10);
    let mut in_tag = false;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word);
        let tails = compound_tails(word);
        if !tails.is_empty() {
            out.push_str(" <span>");
            out.push_str(&tails.join(" "));
            out.push_str("</span>");
        }
        word.clear();
    };
    for c in html.chars() {
        if in_tag {
            out.push(c);
            in_tag = c != '>';
        } else if c == '<' {
            flush(&mut word, &mut out);
            out.push(c);
            in_tag = true;
        } else if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Indexes `pages` (path and HTML) for a site in `language`.
pub fn build(pages: &[(PathBuf, String)], language: &str) -> Result<SearchIndex, Error> {
    let failed = |message: String| Error::Search { message };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed(e.to_string()))?;
        for (path, html) in pages {
            let url = super::context::url_path(path);
            index
                .add_html_file(None, Some(url), with_compound_tails(html))
                .await
                .map_err(|e| failed(e.to_string()))?;
        }
        let synthetic = index.get_files().await.map_err(|e| failed(e.to_string()))?;
        let mut files: Vec<OutputFile> = synthetic
            .into_iter()
            .map(|f| OutputFile {
                path: PathBuf::from("pagefind").join(f.filename),
                contents: f.contents,
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let index_bytes = files
            .iter()
            .filter(|f| {
                let name = f.path.to_string_lossy();
                name.ends_with(".pf_meta")
                    || name.ends_with(".pf_index")
                    || name.ends_with(".pf_fragment")
                    || name.ends_with("pagefind-entry.json")
            })
            .map(|f| f.contents.len())
            .sum();
        Ok(SearchIndex { files, index_bytes })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_get_their_tails_as_words() {
        assert_eq!(
            compound_tails("fältsekreterare"),
            ["sekreterare", "ekreterare", "kreterare"]
        );
        assert!(compound_tails("budget").is_empty());
        assert!(compound_tails("2026–2028").is_empty());
    }

    #[test]
    fn tails_are_added_in_text_only() {
        let html = "<p class=\"fältsekreterare\">Ytterligare fältsekreterare.</p>";
        assert_eq!(
            with_compound_tails(html),
            "<p class=\"fältsekreterare\">Ytterligare <span>rligare</span> \
             fältsekreterare <span>sekreterare ekreterare kreterare</span>.</p>"
        );
    }
}
