//! Full-text search without a server: an index written at build time in
//! pieces the browser loads only when a query needs them.
//!
//! Each piece is a script that hands its JSON to the search page
//! (`budgetbookSearch("index/3",[...]);`), so that a `<script>` element can
//! load it where `fetch` cannot: from a site opened from the disk
//! (`file://`). The layout under `search/`:
//! - `index.js`: the number of pages, a build fingerprint (added to every
//!   request so that a browser never mixes pieces of two builds) and the
//!   first and last word of each chunk;
//! - `index/N.js`: chunks of about [`CHUNK_BYTES`], the words in order,
//!   each with its postings as a flat list of (page, section, count), the
//!   page given as the difference from the previous one; a word with
//!   diacritics is also listed without them (`skatteintakter`), pointing to
//!   the words as written, for a query typed without them;
//! - `pages/N.js`: each chapter's title, address and sections (anchor,
//!   heading, text), loaded only for the results shown.
//!
//! Results are sections, so a result links to the heading or table where
//! the words are. The index holds words as written; the browser stems a
//! query word (Swedish Snowball) and looks for words beginning with the
//! stem, so "budgeten" finds "budgetar". Swedish writes compounds as one
//! word, so long words are indexed with their tails as well ("skola" finds
//! "förskola").
//!
//! Pages are indexed while they are rendered, on all cores; only the merge
//! into one word list is serial. Memory grows with the postings, not with
//! the text, which goes to `pages/` as soon as a page is done.

mod page;
mod text;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::slice::ParallelSliceMut;
use serde::Serialize;

use super::fnv::{fnv1a, FnvBuildHasher as WordHasher, FNV_OFFSET};
use super::{OutputFile, Sink};
use crate::error::Error;

pub use page::{IndexedPage, SearchPage};

/// A chunk of the word list is closed once it is this large.
const CHUNK_BYTES: usize = 32 * 1024;
/// The version of the index's layout; `search.js` refuses another.
const FORMAT_VERSION: u32 = 2;

/// A piece of the index, `key` (`index/3`) with its JSON, as a script that
/// hands it to the search page's `budgetbookSearch`.
pub(super) fn script(key: &str, json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + key.len() + 24);
    out.extend_from_slice(b"budgetbookSearch(\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\",");
    out.extend_from_slice(json);
    out.extend_from_slice(b");\n");
    out
}

/// The postings of the whole book, merged page by page in page order.
pub struct SearchIndexBuilder {
    postings: HashMap<Box<str>, Postings, WordHasher>,
    pages: usize,
    page_bytes: usize,
    fingerprint: u64,
}

/// A word's postings as variable-length integers: page (as the difference
/// from the word's previous page), section, count. A book of ten thousand
/// chapters has millions of postings; this keeps them at about three bytes
/// each.
#[derive(Default)]
struct Postings {
    last_page: u32,
    bytes: Vec<u8>,
    /// Whether the word stands as a word of its own somewhere, not only as
    /// the tail of a compound: only such words are also listed without
    /// their diacritics.
    whole: bool,
}

impl Postings {
    fn push(&mut self, page: u32, section: u32, count: u32) {
        for n in [page - self.last_page, section, count] {
            push_varint(&mut self.bytes, n);
        }
        self.last_page = page;
    }

    /// As JSON: `[page difference, section, count, ...]`.
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        let mut rest = &self.bytes[..];
        let mut first = true;
        while !rest.is_empty() {
            let (n, length) = read_varint(rest);
            rest = &rest[length..];
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        }
        out.push(b']');
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &[u8]) -> (u32, usize) {
    let mut n = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        n |= u32::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return (n, i + 1);
        }
    }
    unreachable!("varints are written whole")
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
            postings: HashMap::default(),
            pages: 0,
            page_bytes: 0,
            fingerprint: FNV_OFFSET,
        }
    }

    /// Adds a page's words and gives back its file, `search/pages/N.js`,
    /// to be written at once. Pages must come in order of their numbers.
    pub fn add(&mut self, page: IndexedPage) -> OutputFile {
        debug_assert_eq!(page.number, self.pages, "pages are added in order");
        let number = u32::try_from(page.number).unwrap_or(u32::MAX);
        for (word, section, count, whole) in page.words.iter() {
            match self.postings.get_mut(word) {
                Some(postings) => {
                    postings.push(number, section, count);
                    postings.whole |= whole;
                }
                None => {
                    let mut postings = Postings {
                        whole,
                        ..Postings::default()
                    };
                    postings.push(number, section, count);
                    self.postings.insert(word.into(), postings);
                }
            }
        }
        self.fingerprint = fnv1a(self.fingerprint, &page.fingerprint.to_le_bytes());
        self.pages += 1;
        self.page_bytes += page.file.contents.len();
        page.file
    }

    /// Writes the word chunks and `search/index.js` to `sink`; returns
    /// the size of the whole index in bytes.
    pub fn finish(self, language: &str, sink: &Sink) -> Result<usize, Error> {
        // Words with diacritics by their form without; not compounds'
        // tails, which would add as many again for little.
        let mut folded: HashMap<String, Vec<&str>> = HashMap::new();
        for (word, postings) in &self.postings {
            if let Some(plain) = postings.whole.then(|| text::fold(word)).flatten() {
                folded.entry(plain).or_default().push(word);
            }
        }
        for originals in folded.values_mut() {
            originals.sort_unstable();
        }
        let mut words: Vec<&str> = self.postings.keys().map(|w| &**w).collect();
        words.extend(
            folded
                .keys()
                .filter(|plain| !self.postings.contains_key(plain.as_str()))
                .map(String::as_str),
        );
        // In the order of JavaScript's string comparison (UTF-16 code
        // units), which the browser uses to find a word's chunk. That is
        // the order of the UTF-8 bytes unless a word has a character from
        // U+E000 up (lead bytes 0xEE and above), where the two part.
        if words.iter().any(|w| w.bytes().any(|b| b >= 0xEE)) {
            words.par_sort_unstable_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        } else {
            words.par_sort_unstable();
        }

        let mut ranges: Vec<(&str, &str)> = Vec::new();
        let mut fingerprint = self.fingerprint;
        let mut bytes = self.page_bytes;
        let mut current = Vec::new();
        let mut first = "";
        for (i, &word) in words.iter().enumerate() {
            if current.is_empty() {
                current.push(b'[');
                first = word;
            } else {
                current.push(b',');
            }
            current.push(b'[');
            serde_json::to_writer(&mut current, word).expect("a word serialises");
            current.push(b',');
            match self.postings.get(word) {
                Some(postings) => postings.write_json(&mut current),
                None => current.extend_from_slice(b"[]"),
            }
            if let Some(originals) = folded.get(word) {
                current.push(b',');
                serde_json::to_writer(&mut current, originals).expect("words serialise");
            }
            current.push(b']');
            if current.len() >= CHUNK_BYTES || i + 1 == words.len() {
                current.push(b']');
                fingerprint = fnv1a(fingerprint, &current);
                let key = format!("index/{}", ranges.len());
                let contents = script(&key, &current);
                current.clear();
                bytes += contents.len();
                sink(OutputFile {
                    path: PathBuf::from(format!("search/{key}.js")),
                    contents,
                })?;
                ranges.push((first, word));
            }
        }
        let head = IndexHead {
            version: FORMAT_VERSION,
            language,
            build: format!("{fingerprint:016x}"),
            pages: self.pages,
            chunks: ranges,
        };
        let json = serde_json::to_vec(&head).expect("the index head serialises");
        let contents = script("index", &json);
        bytes += contents.len();
        sink(OutputFile {
            path: PathBuf::from("search/index.js"),
            contents,
        })?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::page::page;
    use super::*;

    /// The files `finish` writes, by path.
    fn finish(builder: SearchIndexBuilder) -> Vec<OutputFile> {
        let files = std::sync::Mutex::new(Vec::new());
        builder
            .finish("sv", &|file| {
                files.lock().unwrap().push(file);
                Ok(())
            })
            .unwrap();
        let mut files = files.into_inner().unwrap();
        files.sort_by_key(|f| {
            let name = f.path.file_stem().unwrap().to_string_lossy().to_string();
            name.parse::<usize>().unwrap_or(usize::MAX)
        });
        files
    }

    /// The JSON of a piece of the index, out of its script.
    fn json(file: &OutputFile) -> serde_json::Value {
        let text = std::str::from_utf8(&file.contents).unwrap();
        let start = text.find(',').unwrap() + 1;
        let end = text.rfind(");").unwrap();
        serde_json::from_str(&text[start..end]).unwrap()
    }

    /// The chunks, in order, each word with its postings; the last file is
    /// the head.
    fn chunks(files: &[OutputFile]) -> Vec<Vec<(String, Vec<u32>)>> {
        files[..files.len() - 1]
            .iter()
            .map(|f| {
                json(f)
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|entry| {
                        let postings = entry[1].as_array().unwrap();
                        let postings = postings.iter().map(|n| n.as_u64().unwrap() as u32);
                        (entry[0].as_str().unwrap().to_string(), postings.collect())
                    })
                    .collect()
            })
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
        let files = finish(builder);
        let words: HashMap<String, Vec<u32>> = chunks(&files).into_iter().flatten().collect();
        // Pages as differences: page 0, then page 0 + 1.
        assert_eq!(words["budget"], [0, 0, 2, 1, 1, 1]);
        // The heading counts three times, the title three times in the
        // opening section.
        assert_eq!(words["drift"], [1, 1, 3]);
        assert_eq!(words["intro"], [1, 0, 1]);
    }

    #[test]
    fn postings_survive_their_compact_form() {
        let mut postings = Postings::default();
        for (page, section, count) in [(0, 0, 1), (300, 2, 70_000), (100_000, 1, 1)] {
            postings.push(page, section, count);
        }
        let mut json = Vec::new();
        postings.write_json(&mut json);
        assert_eq!(
            String::from_utf8(json).unwrap(),
            "[0,0,1,300,2,70000,99700,1,1]"
        );
    }

    #[test]
    fn chunks_cover_the_words_in_order_without_overlap() {
        let mut builder = SearchIndexBuilder::new();
        for n in 0..300 {
            let html = format!("<p>ord{n} gemensamt åtgärd{n} Ärende{n} {n}</p>");
            let _ = builder.add(page(&format!("p{n}"), &[("", "", &html)]).index(n));
        }
        let files = finish(builder);
        let head = json(files.last().unwrap());
        let ranges = head["chunks"].as_array().unwrap();
        let chunks = chunks(&files);
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
    fn words_are_in_javascripts_order_where_it_parts_from_utf8s() {
        // U+1D400 comes after U+FF41 in UTF-8 and code points, before it
        // in UTF-16, which the browser compares.
        let mut builder = SearchIndexBuilder::new();
        let html = "<p>ord\u{ff41} ord\u{1d400} ordet</p>";
        let _ = builder.add(page("a", &[("", "", html)]).index(0));
        let words: Vec<String> = chunks(&finish(builder))
            .concat()
            .into_iter()
            .map(|(word, _)| word)
            .collect();
        assert_eq!(words, ["ordet", "ord\u{1d400}", "ord\u{ff41}"]);
    }

    #[test]
    fn pieces_are_scripts_that_hand_over_their_key_and_json() {
        let mut builder = SearchIndexBuilder::new();
        let _ = builder.add(page("a", &[("", "", "<p>Skatteintäkter</p>")]).index(0));
        let files = finish(builder);
        let head = files.last().unwrap();
        assert_eq!(head.path, PathBuf::from("search/index.js"));
        assert!(head.contents.starts_with(b"budgetbookSearch(\"index\",{"));
        assert!(head.contents.ends_with(b"});\n"));
        assert_eq!(files[0].path, PathBuf::from("search/index/0.js"));
        assert!(files[0]
            .contents
            .starts_with(b"budgetbookSearch(\"index/0\",[["));
    }

    #[test]
    fn words_with_diacritics_are_found_without_them() {
        let mut builder = SearchIndexBuilder::new();
        let html = "<p>Skatteintäkter och intäkter, kostnader och år, ar och är</p>";
        let _ = builder.add(page("a", &[("", "", html)]).index(0));
        let files = finish(builder);
        let entries: HashMap<String, serde_json::Value> = json(&files[0])
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_str().unwrap().to_string(), e.clone()))
            .collect();
        // Without diacritics: no postings of its own, the words as written.
        let plain = &entries["skatteintakter"];
        assert_eq!(plain[1], serde_json::json!([]));
        assert_eq!(plain[2], serde_json::json!(["skatteintäkter"]));
        assert_eq!(entries["intakter"][2], serde_json::json!(["intäkter"]));
        // A word written both ways keeps its postings and points to the other.
        assert_eq!(entries["ar"][1], serde_json::json!([0, 0, 1]));
        assert_eq!(entries["ar"][2], serde_json::json!(["är", "år"]));
        assert!(entries["kostnader"].get(2).is_none());
    }

    #[test]
    fn the_same_pages_give_the_same_fingerprint() {
        let build = || {
            let mut builder = SearchIndexBuilder::new();
            let _ = builder.add(page("a", &[("", "", "<p>ett två tre</p>")]).index(0));
            finish(builder).pop().unwrap().contents
        };
        assert_eq!(build(), build());
    }
}
