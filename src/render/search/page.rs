//! A chapter as search sees it: its sections, and what it adds to the index.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use super::text::{self, html_items, html_text};
use crate::render::fnv::{fnv1a, FnvBuildHasher as WordHasher, FNV_OFFSET};
use crate::render::OutputFile;

/// A word in a heading counts as this many words in the text.
const HEADING_WEIGHT: u32 = 3;

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

    /// A budget block: a section of its own, and one for each of its rows
    /// (or a decision's items), so that a result can lead to the row. Text
    /// after it continues the heading it stands under.
    pub fn table(&mut self, anchor: &str, title: &str, html: &str) {
        let (text, items) = html_items(html, Some(&format!("{anchor}.")));
        self.start_section(anchor, title);
        self.sections
            .last_mut()
            .expect("a section was started")
            .text = text;
        for (id, text) in items {
            self.start_section(&id, title);
            self.sections
                .last_mut()
                .expect("a section was started")
                .text = text;
        }
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

    /// The page's piece of the index: its script under `search/pages/` and its
    /// words with where they occur. Runs on any thread.
    pub fn index(mut self, number: usize) -> IndexedPage {
        self.sections
            .retain(|s| !s.text.is_empty() || !s.heading.is_empty());
        let mut words = Words::default();
        for (section_number, section) in self.sections.iter().enumerate() {
            let title = if section_number == 0 {
                &self.title[..]
            } else {
                ""
            };
            let weighted = [
                (&section.heading[..], HEADING_WEIGHT),
                (&section.text[..], 1),
                (title, HEADING_WEIGHT),
            ];
            let found: Vec<(Cow<str>, u32)> = weighted
                .into_iter()
                .flat_map(|(text, weight)| {
                    let figures = text::figure_words(text).into_iter().map(Cow::Owned);
                    text::words(text).chain(figures).map(move |w| (w, weight))
                })
                .collect();
            // Each word's count, and whether it stands as a word of its own
            // somewhere (not only as the tail of a compound).
            let mut counted: HashMap<&str, (u32, bool), WordHasher> =
                HashMap::with_capacity_and_hasher(found.len(), WordHasher::default());
            for (word, weight) in &found {
                add(&mut counted, word, *weight, true);
                for tail in text::compound_tails(word) {
                    add(&mut counted, tail, *weight, false);
                }
            }
            let section_number = u32::try_from(section_number).unwrap_or(u32::MAX);
            for (word, &(count, whole)) in &counted {
                words.push(word, section_number, count, whole);
            }
        }
        let json = serde_json::to_vec(&self).expect("a page serialises");
        let key = format!("pages/{number}");
        IndexedPage {
            number,
            fingerprint: fnv1a(FNV_OFFSET, &json),
            file: OutputFile {
                path: PathBuf::from(format!("search/{key}.js")),
                contents: super::script(&key, &json),
            },
            words,
        }
    }
}

fn add<'a>(
    counted: &mut HashMap<&'a str, (u32, bool), WordHasher>,
    word: &'a str,
    weight: u32,
    whole: bool,
) {
    let entry = counted.entry(word).or_insert((0, false));
    entry.0 += weight;
    entry.1 |= whole;
}

/// One page's contribution, made in parallel with other pages'.
pub struct IndexedPage {
    pub(super) number: usize,
    pub(super) fingerprint: u64,
    pub(super) file: OutputFile,
    pub(super) words: Words,
}

/// A page's words with the section and count of each, the words kept in
/// one string rather than a string each.
#[derive(Default)]
pub(super) struct Words {
    text: String,
    /// End of the word in `text`, section, count, and whether it stands as
    /// a word of its own (not only as a compound's tail).
    entries: Vec<(usize, u32, u32, bool)>,
}

impl Words {
    fn push(&mut self, word: &str, section: u32, count: u32, whole: bool) {
        self.text.push_str(word);
        self.entries.push((self.text.len(), section, count, whole));
    }

    /// Word, section, count, whether a word of its own.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, u32, u32, bool)> {
        let starts = std::iter::once(0).chain(self.entries.iter().map(|e| e.0));
        starts
            .zip(&self.entries)
            .map(|(start, &(end, section, count, whole))| {
                (&self.text[start..end], section, count, whole)
            })
    }
}

/// A page of sections (anchor, heading, HTML); an empty anchor continues
/// the page's opening text.
#[cfg(test)]
pub(super) fn page(title: &str, sections: &[(&str, &str, &str)]) -> SearchPage {
    let mut page = SearchPage::new(format!("{title}.html"), title.to_string());
    for (anchor, heading, html) in sections {
        if !anchor.is_empty() {
            page.heading(anchor, heading);
        }
        page.push_html(html);
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Anchor, heading and text of each section.
    fn sections(page: &SearchPage) -> Vec<(&str, &str, &str)> {
        page.sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect()
    }

    #[test]
    fn a_tables_rows_are_sections_of_their_own() {
        let mut page = page("p", &[]);
        page.table(
            "drift",
            "Driftbudget",
            "<table><caption>Driftbudget</caption><tr id=\"drift.vard\"><th>Vård</th>\
             <td>12</td></tr><tr id=\"drift.summa\"><th>Summa</th><td>12</td></tr></table>",
        );
        assert_eq!(
            sections(&page),
            [
                ("drift", "Driftbudget", "Driftbudget"),
                ("drift.vard", "Driftbudget", "Vård 12"),
                ("drift.summa", "Driftbudget", "Summa 12")
            ]
        );
    }

    #[test]
    fn text_after_a_table_continues_its_heading() {
        let mut page = page("p", &[("mal", "Mål", "<p>före</p>")]);
        page.table("tabell", "Tabell", "<table><tr><td>rad</td></tr></table>");
        page.push_html("<p>efter</p>");
        assert_eq!(
            sections(&page),
            [
                ("mal", "Mål", "före"),
                ("tabell", "Tabell", "rad"),
                ("mal", "Mål", "efter")
            ]
        );
    }
}
