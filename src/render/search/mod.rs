//! Full-text search without a server: an index written at build time in
//! pieces the browser fetches only when a query needs them.
//!
//! The layout under `search/`:
//! - `index.json`: the number of pages, a build fingerprint (added to every
//!   fetch so that a browser never mixes pieces of two builds) and the first
//!   and last word of each chunk;
//! - `index/N.json`: chunks of about [`CHUNK_BYTES`], the words in order,
//!   each with its postings (page, section, count) as a flat list;
//! - `pages/N.json`: each chapter's title, address and sections (anchor,
//!   heading, text), fetched only for the results shown.
//!
//! Results are sections, so a result links to the heading or table where
//! the words are. The index holds words as written; the browser stems a
//! query word (Swedish Snowball) and looks for words beginning with the
//! stem, so "budgeten" finds "budgetar". Swedish writes compounds as one
//! word, so long words are indexed with their tails as well ("sekreterare"
//! finds "fältsekreterare").
//!
//! Pages are indexed while they are rendered, on all cores; only the merge
//! into one word list is serial. Memory grows with the postings, not with
//! the text, which goes to `pages/` as soon as a page is done.

mod text;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use super::OutputFile;

pub use text::html_text;

/// A chunk of the word list is closed once it is this large.
const CHUNK_BYTES: usize = 32 * 1024;
/// A word in a heading counts as this many words in the text.
const HEADING_WEIGHT: u32 = 3;
/// The version of the index's layout, for `search.js`.
const FORMAT_VERSION: u32 = 1;

/// A chapter as search sees it.
#[derive(Debug, Default, Serialize)]
pub struct SearchPage {
    pub url: String,
    pub title: String,
    pub sections: Vec<SearchSection>,
    /// The anchor and text of the latest heading.
    #[serde(skip)]
    last_heading: (String, String),
    #[serde(skip)]
    after_table: bool,
}

/// A stretch of a page that a result can link to: the text under a heading,
/// or a budget table. The page's opening text has an empty anchor.
#[derive(Debug, Default, Serialize)]
pub struct SearchSection {
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

impl SearchPage {
    pub fn new(url: String, title: String) -> Self {
        SearchPage {
            url,
            title,
            ..Default::default()
        }
    }

    /// Starts the section under a heading.
    pub fn heading(&mut self, anchor: &str, heading: &str) {
        self.last_heading = (anchor.to_string(), heading.to_string());
        self.start_section(anchor, heading);
    }

    /// A budget block: a section of its own. Text after it continues the
    /// heading it stands under.
    pub fn table(&mut self, anchor: &str, title: &str, html: &str) {
        self.start_section(anchor, title);
        self.push_html(html);
        self.after_table = true;
    }

    /// Adds rendered HTML to the current section.
    pub fn push_html(&mut self, html: &str) {
        let text = html_text(html);
        if text.is_empty() {
            return;
        }
        if self.after_table {
            self.after_table = false;
            let (anchor, heading) = self.last_heading.clone();
            self.start_section(&anchor, &heading);
        }
        if self.sections.is_empty() {
            self.start_section("", "");
        }
        let section = self.sections.last_mut().expect("a section was started");
        if !section.text.is_empty() {
            section.text.push(' ');
        }
        section.text.push_str(&text);
    }

    fn start_section(&mut self, anchor: &str, heading: &str) {
        self.sections.push(SearchSection {
            anchor: anchor.to_string(),
            heading: heading.to_string(),
            text: String::new(),
        });
    }

    /// The page's piece of the index: its file under `search/pages/` and its
    /// words with where they occur. Runs on any thread.
    pub fn index(mut self, number: usize) -> IndexedPage {
        self.sections
            .retain(|s| !s.text.is_empty() || !s.heading.is_empty());
        let mut words = Vec::new();
        for (section_number, section) in self.sections.iter().enumerate() {
            let mut counts: HashMap<String, u32> = HashMap::new();
            let weighted = [
                (&section.heading, HEADING_WEIGHT),
                (&section.text, 1),
                (
                    &self.title,
                    if section_number == 0 {
                        HEADING_WEIGHT
                    } else {
                        0
                    },
                ),
            ];
            for (text, weight) in weighted {
                if weight == 0 {
                    continue;
                }
                for word in text::words(text) {
                    for tail in text::compound_tails(&word) {
                        *counts.entry(tail.to_string()).or_default() += weight;
                    }
                    *counts.entry(word).or_default() += weight;
                }
            }
            let section_number = u32::try_from(section_number).unwrap_or(u32::MAX);
            let mut counted: Vec<(String, u32)> = counts.into_iter().collect();
            counted.sort_unstable();
            words.extend(
                counted
                    .into_iter()
                    .map(|(word, count)| (word, section_number, count)),
            );
        }
        let contents = serde_json::to_vec(&self).expect("a page serialises");
        IndexedPage {
            number,
            fingerprint: fnv1a(FNV_OFFSET, &contents),
            file: OutputFile {
                path: PathBuf::from(format!("search/pages/{number}.json")),
                contents,
            },
            words,
        }
    }
}

/// One page's contribution, made in parallel with other pages'.
pub struct IndexedPage {
    number: usize,
    fingerprint: u64,
    file: OutputFile,
    /// Word, section, count.
    words: Vec<(String, u32, u32)>,
}

/// The postings of the whole book, merged page by page in page order.
#[derive(Default)]
pub struct SearchIndexBuilder {
    postings: HashMap<Box<str>, Vec<u32>>,
    pages: usize,
    fingerprint: u64,
}

/// The finished index.
pub struct SearchIndex {
    pub files: Vec<OutputFile>,
    /// Bytes of the index (word chunks and pages), without the script.
    pub index_bytes: usize,
}

#[derive(Serialize)]
struct IndexHead<'a> {
    version: u32,
    language: &'a str,
    build: String,
    pages: usize,
    /// First and last word of each chunk.
    chunks: Vec<(&'a str, &'a str)>,
}

impl SearchIndexBuilder {
    pub fn new() -> Self {
        SearchIndexBuilder {
            fingerprint: FNV_OFFSET,
            ..Default::default()
        }
    }

    /// Adds a page's words and gives back its file, `search/pages/N.json`,
    /// to be written at once. Pages must come in order of their numbers.
    pub fn add(&mut self, page: IndexedPage) -> OutputFile {
        debug_assert_eq!(page.number, self.pages, "pages are added in order");
        let number = u32::try_from(page.number).unwrap_or(u32::MAX);
        for (word, section, count) in page.words {
            self.postings
                .entry(word.into_boxed_str())
                .or_default()
                .extend([number, section, count]);
        }
        self.fingerprint = fnv1a(self.fingerprint, &page.fingerprint.to_le_bytes());
        self.pages += 1;
        page.file
    }

    /// The word chunks and `search/index.json`.
    pub fn finish(self, language: &str) -> SearchIndex {
        let mut words: Vec<(&str, &Vec<u32>)> =
            self.postings.iter().map(|(w, p)| (&**w, p)).collect();
        // In the order of JavaScript's string comparison (UTF-16 code
        // units), which the browser uses to find a word's chunk.
        words.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));

        let mut chunks: Vec<(Vec<u8>, &str, &str)> = Vec::new();
        let mut current = Vec::new();
        let mut first = "";
        for (i, (word, postings)) in words.iter().enumerate() {
            if current.is_empty() {
                current.push(b'[');
                first = word;
            } else {
                current.push(b',');
            }
            serde_json::to_writer(&mut current, &(word, postings)).expect("a word serialises");
            if current.len() >= CHUNK_BYTES || i + 1 == words.len() {
                current.push(b']');
                chunks.push((std::mem::take(&mut current), first, word));
            }
        }

        let mut fingerprint = self.fingerprint;
        for (contents, _, _) in &chunks {
            fingerprint = fnv1a(fingerprint, contents);
        }
        let head = IndexHead {
            version: FORMAT_VERSION,
            language,
            build: format!("{fingerprint:016x}"),
            pages: self.pages,
            chunks: chunks
                .iter()
                .map(|(_, first, last)| (*first, *last))
                .collect(),
        };
        let mut files = vec![OutputFile {
            path: PathBuf::from("search/index.json"),
            contents: serde_json::to_vec(&head).expect("the index head serialises"),
        }];
        files.extend(
            chunks
                .into_iter()
                .enumerate()
                .map(|(i, (contents, _, _))| OutputFile {
                    path: PathBuf::from(format!("search/index/{i}.json")),
                    contents,
                }),
        );
        let index_bytes = files.iter().map(|f| f.contents.len()).sum();
        SearchIndex { files, index_bytes }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: a stable fingerprint (the standard library's hasher may change
/// between Rust releases, and output must not).
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, sections: &[(&str, &str, &str)]) -> SearchPage {
        let mut page = SearchPage::new(format!("{title}.html"), title.to_string());
        for (anchor, heading, html) in sections {
            if !anchor.is_empty() {
                page.heading(anchor, heading);
            }
            page.push_html(html);
        }
        page
    }

    fn chunks(index: &SearchIndex) -> Vec<Vec<(String, Vec<u32>)>> {
        index.files[1..]
            .iter()
            .map(|f| serde_json::from_slice(&f.contents).unwrap())
            .collect()
    }

    #[test]
    fn postings_name_page_section_and_count() {
        let mut builder = SearchIndexBuilder::new();
        let _ = builder.add(page("a", &[("", "", "<p>Budget budget</p>")]).index(0));
        builder.add(
            page(
                "b",
                &[
                    ("", "", "<p>Intro</p>"),
                    ("drift", "Drift", "<p>budget</p>"),
                ],
            )
            .index(1),
        );
        let index = builder.finish("sv");
        let words: HashMap<String, Vec<u32>> = chunks(&index).into_iter().flatten().collect();
        assert_eq!(words["budget"], [0, 0, 2, 1, 1, 1]);
        // The heading counts three times, the title three times in the
        // opening section.
        assert_eq!(words["drift"], [1, 1, 3]);
        assert_eq!(words["intro"], [1, 0, 1]);
    }

    #[test]
    fn chunks_cover_the_words_in_order_without_overlap() {
        let mut builder = SearchIndexBuilder::new();
        for n in 0..300 {
            let html = format!("<p>ord{n} gemensamt åtgärd{n} Ärende{n} {n}</p>");
            let _ = builder.add(page(&format!("p{n}"), &[("", "", &html)]).index(n));
        }
        let index = builder.finish("sv");
        let head: serde_json::Value = serde_json::from_slice(&index.files[0].contents).unwrap();
        let ranges = head["chunks"].as_array().unwrap();
        let chunks = chunks(&index);
        assert!(chunks.len() > 1, "the test needs several chunks");
        assert_eq!(ranges.len(), chunks.len());
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<_>>();
        let mut previous: Option<Vec<u16>> = None;
        for (range, chunk) in ranges.iter().zip(&chunks) {
            assert_eq!(range[0], chunk[0].0.as_str());
            assert_eq!(range[1], chunk.last().unwrap().0.as_str());
            for (word, _) in chunk {
                let key = utf16(word);
                if let Some(previous) = &previous {
                    assert!(previous < &key, "{word} out of order");
                }
                previous = Some(key);
            }
        }
        assert_eq!(head["pages"], 300);
    }

    #[test]
    fn text_after_a_table_continues_its_heading() {
        let mut page = page("p", &[("mal", "Mål", "<p>före</p>")]);
        page.table("tabell", "Tabell", "<table><tr><td>rad</td></tr></table>");
        page.push_html("<p>efter</p>");
        let sections: Vec<(&str, &str, &str)> = page
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            sections,
            [
                ("mal", "Mål", "före"),
                ("tabell", "Tabell", "rad"),
                ("mal", "Mål", "efter")
            ]
        );
    }

    #[test]
    fn the_same_pages_give_the_same_fingerprint() {
        let build = || {
            let mut builder = SearchIndexBuilder::new();
            let _ = builder.add(page("a", &[("", "", "<p>ett två tre</p>")]).index(0));
            builder.finish("sv").files[0].contents.clone()
        };
        assert_eq!(build(), build());
    }
}
