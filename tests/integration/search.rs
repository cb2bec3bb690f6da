//! The search index of the default book: every word a reader sees can be
//! found where it stands, and the browser's stemmer agrees with Snowball's.

use crate::common;

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use budgetbook::BuildOptions;
use serde_json::Value;

fn build_default_book() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        destination: Some(out.path().join("site")),
        ..BuildOptions::full()
    };
    budgetbook::build(&common::default_book(), &options).unwrap();
    out
}

/// The JSON of a piece of the index: each is a script,
/// `budgetbookSearch("<key>",<json>);`, whose key is its path under
/// `search/` without `.js`.
fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let key = path
        .strip_prefix(path.ancestors().find(|p| p.ends_with("search")).unwrap())
        .unwrap()
        .with_extension("");
    let prefix = format!("budgetbookSearch(\"{}\",", key.display());
    let json = text
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{}: not a piece of the index", path.display()));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Word -> postings (page, section, count, ...), from all chunks.
fn index_words(site: &Path) -> HashMap<String, Vec<u64>> {
    let head = read_json(&site.join("search/index.js"));
    let chunks = head["chunks"].as_array().unwrap().len();
    let mut words = HashMap::new();
    for i in 0..chunks {
        for entry in read_json(&site.join(format!("search/index/{i}.js")))
            .as_array()
            .unwrap()
        {
            // Pages are stored as differences from the previous posting's.
            let mut page = 0;
            let mut postings: Vec<u64> = Vec::new();
            for (i, n) in entry[1].as_array().unwrap().iter().enumerate() {
                let mut n = n.as_u64().unwrap();
                if i % 3 == 0 {
                    page += n;
                    n = page;
                }
                postings.push(n);
            }
            words.insert(entry[0].as_str().unwrap().to_string(), postings);
        }
    }
    words
}

/// Runs of letters and digits, lowercased, of two letters or more: what a
/// reader can type.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn every_word_of_every_section_leads_to_that_section() {
    let out = build_default_book();
    let site = out.path().join("site");
    let index = index_words(&site);
    let head = read_json(&site.join("search/index.js"));
    let pages = head["pages"].as_u64().unwrap();
    assert_eq!(pages, 11, "the default book's chapters");
    let mut checked = 0;
    for page in 0..pages {
        let fragment = read_json(&site.join(format!("search/pages/{page}.js")));
        let url = fragment["url"].as_str().unwrap();
        assert!(site.join(url).is_file(), "{url}");
        let html = std::fs::read_to_string(site.join(url)).unwrap();
        for (section, s) in fragment["sections"].as_array().unwrap().iter().enumerate() {
            let anchor = s["anchor"].as_str().unwrap();
            assert!(
                anchor.is_empty() || html.contains(&format!("id=\"{anchor}\"")),
                "{url}#{anchor} is not on the page"
            );
            for word in words(s["text"].as_str().unwrap()) {
                let postings = index
                    .get(&word)
                    .unwrap_or_else(|| panic!("{word:?} is not in the index"));
                let found = postings
                    .chunks(3)
                    .any(|p| p[0] == page && p[1] == section as u64);
                assert!(found, "{word:?} does not lead to {url} section {section}");
                checked += 1;
            }
        }
    }
    assert!(checked > 5_000, "only {checked} words checked");
}

#[test]
fn the_prose_the_tables_and_compound_parts_are_indexed() {
    let out = build_default_book();
    let index = index_words(&out.path().join("site"));
    // Prose, a table's row label, a figure, and the tail of
    // "fältsekreterare".
    for word in [
        "välfärden",
        "barn",
        "2026",
        "sekreterare",
        "fältsekreterare",
    ] {
        assert!(index.contains_key(word), "{word}");
    }
    // Chart labels repeat the tables and are not indexed separately; the
    // anchor links' "#" and one-letter words are not words.
    assert!(!index.keys().any(|w| w.chars().count() < 2));
}

#[test]
fn the_browsers_stemmer_agrees_with_snowball_swedish() {
    let out = build_default_book();
    let vocabulary: BTreeSet<String> = index_words(&out.path().join("site"))
        .into_keys()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect();
    let vocabulary: Vec<String> = vocabulary.into_iter().collect();
    assert!(vocabulary.len() > 2_000);

    let from_browser = in_search_js("swedishStem", &vocabulary);

    let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Swedish);
    let differences: Vec<String> = vocabulary
        .iter()
        .zip(&from_browser)
        .filter(|(word, stem)| snowball.stem(word) != stem.as_str())
        .map(|(word, stem)| format!("{word}: {stem} ≠ {}", snowball.stem(word)))
        .collect();
    assert!(differences.is_empty(), "{differences:#?}");
    // A stem begins its word, which is what lets the browser look it up as
    // a prefix of the words in the index.
    for (word, stem) in vocabulary.iter().zip(&from_browser) {
        assert!(word.starts_with(stem.as_str()), "{word} -> {stem}");
    }
}

/// Every word of the default book with diacritics, as the browser
/// writes it without them (`search.js`, Unicode NFD without marks), finds
/// the entry that leads to it: a query typed without å, ä and ö finds the
/// words with them.
#[test]
fn the_browsers_folding_agrees_with_the_index() {
    let out = build_default_book();
    let site = out.path().join("site");
    let head = read_json(&site.join("search/index.js"));
    let mut references: HashMap<String, Vec<String>> = HashMap::new();
    for i in 0..head["chunks"].as_array().unwrap().len() {
        for entry in read_json(&site.join(format!("search/index/{i}.js")))
            .as_array()
            .unwrap()
        {
            if let Some(originals) = entry.get(2) {
                references.insert(
                    entry[0].as_str().unwrap().to_string(),
                    serde_json::from_value(originals.clone()).unwrap(),
                );
            }
        }
    }
    // The words of the pages' text (compound tails are not listed again).
    let mut with_diacritics: BTreeSet<String> = BTreeSet::new();
    for page in 0..head["pages"].as_u64().unwrap() {
        let fragment = read_json(&site.join(format!("search/pages/{page}.js")));
        for s in fragment["sections"].as_array().unwrap() {
            for text in [&s["heading"], &s["text"]] {
                with_diacritics.extend(
                    words(text.as_str().unwrap()).into_iter().filter(|w| {
                        w.chars().count() <= 64 && w.chars().any(|c| "åäöé".contains(c))
                    }),
                );
            }
        }
    }
    let with_diacritics: Vec<String> = with_diacritics.into_iter().collect();
    assert!(with_diacritics.len() > 500, "{}", with_diacritics.len());
    assert!(references["skatteintakter"].contains(&"skatteintäkter".to_string()));

    let folded = in_search_js("fold", &with_diacritics);
    for (word, plain) in with_diacritics.iter().zip(&folded) {
        assert!(
            references.get(plain).is_some_and(|o| o.contains(word)),
            "{word}: no entry {plain} leads to it"
        );
    }
}

/// Letters without spaces, `length` bytes of ASCII: one word, and no tail
/// of it like another.
fn one_long_word(length: usize) -> String {
    "abcdefghijklmnopqrstuvwxyz"
        .chars()
        .cycle()
        .take(length)
        .collect()
}

#[test]
fn a_very_long_word_keeps_the_index_small() {
    let (word_bytes, heading_bytes) = (40_000, 100_000);
    let work = tempfile::tempdir().unwrap();
    let book = work.path();
    std::fs::create_dir_all(book.join("content")).unwrap();
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    std::fs::write(book.join("content/SUMMARY.md"), "- [Kapitel](kapitel.md)\n").unwrap();
    let chapter = format!(
        "# Kapitel\n\nFörskola {}\n\n## {}\n\nGrundskola.\n",
        one_long_word(word_bytes),
        one_long_word(heading_bytes)
    );
    std::fs::write(book.join("content/kapitel.md"), &chapter).unwrap();
    let options = BuildOptions {
        destination: Some(book.join("site")),
        ..BuildOptions::full()
    };
    let report = budgetbook::build(book, &options).unwrap();
    let site = book.join("site");
    let word_list: u64 = std::fs::read_dir(site.join("search/index"))
        .unwrap()
        .map(|f| f.unwrap().metadata().unwrap().len())
        .sum();
    assert!(
        word_list < 16 * 1024,
        "the word list takes {word_list} bytes"
    );
    // The page's own text, heading and anchor are in its file, once each.
    assert!(
        report.search_index_bytes < 3 * chapter.len(),
        "the index takes {} bytes",
        report.search_index_bytes
    );
    let index = index_words(&site);
    assert!(index.contains_key("skola"), "compounds are still split");
    assert!(
        index.contains_key(&one_long_word(64)),
        "a long word by its beginning"
    );
}

/// Each of `words` through `function` of the site's search script, as the
/// browser runs it.
fn in_search_js(function: &str, words: &[String]) -> Vec<String> {
    serde_json::from_value(in_search_js_json(function, words)).unwrap()
}

/// `function` of `search.js` applied to each of `words` in Node, as JSON.
fn in_search_js_json(function: &str, words: &[String]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/search.js");
    let mut node = Command::new("node")
        .arg("-e")
        .arg(format!(
            "const s = require(process.argv[1]);\
             const words = JSON.parse(require('fs').readFileSync(0, 'utf8'));\
             process.stdout.write(JSON.stringify(words.map(s.{function})));"
        ))
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (scripts/test installs it)");
    node.stdin
        .take()
        .unwrap()
        .write_all(&serde_json::to_vec(words).unwrap())
        .unwrap();
    let output = node.wait_with_output().unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every figure on the default book's pages, typed as a reader types it
/// (plain spaces, no spaces, as the page shows it), is found on its page:
/// the index lists it as a word of its digits, and the browser makes the
/// query's figure into the same word (`search.js`: `queryWords`).
#[test]
fn figures_are_found_however_they_are_typed() {
    let out = build_default_book();
    let site = out.path().join("site");
    let index = index_words(&site);
    let head = read_json(&site.join("search/index.js"));
    let mut typed: Vec<(u64, String)> = Vec::new();
    for page in 0..head["pages"].as_u64().unwrap() {
        let fragment = read_json(&site.join(format!("search/pages/{page}.js")));
        for s in fragment["sections"].as_array().unwrap() {
            let text = s["text"].as_str().unwrap();
            // Figures grouped with no-break spaces, with or without decimals.
            for figure in text.split(|c: char| !(c.is_ascii_digit() || c == '\u{a0}' || c == ',')) {
                let figure = figure.trim_matches(|c: char| !c.is_ascii_digit());
                if !figure.contains('\u{a0}') {
                    continue;
                }
                for variant in [
                    figure.replace('\u{a0}', " "),
                    figure.replace('\u{a0}', ""),
                    figure.to_string(),
                ] {
                    typed.push((page, variant));
                }
            }
        }
    }
    assert!(typed.len() > 300, "only {} figures", typed.len());
    let queries: Vec<String> = typed.iter().map(|(_, q)| q.clone()).collect();
    let words = in_search_js_json("queryWords", &queries);
    for ((page, query), words) in typed.iter().zip(words.as_array().unwrap()) {
        let words = words.as_array().unwrap();
        assert!(!words.is_empty(), "{query:?} gives no words");
        for word in words {
            let word = word.as_str().unwrap();
            let found = index
                .get(word)
                .is_some_and(|postings| postings.chunks(3).any(|p| p[0] == *page));
            assert!(found, "{query:?} (as {word:?}) does not find page {page}");
        }
    }
}
