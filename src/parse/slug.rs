//! Heading ids: "Årets resultat" → `arets-resultat`, made unique on their
//! page and kept off the ids the page layout uses.

use std::collections::{HashMap, HashSet};

/// The ids the built-in templates give elements of their own
/// (`templates/*.html`, e.g. `<main id="content">`, `<nav id="toc">`): a
/// heading must not take one, or the page would have two elements with
/// that id and the skip link or the contents link would lead to the
/// heading. A test keeps this list in step with the templates.
pub const RESERVED_IDS: &[&str] = &[
    // base.html, on every page
    "content",
    "toc",
    // index.html, in each language (the strings `id-…`)
    "innehall",
    "budgettabeller",
    "i-korthet",
    "contents",
    "budget-tables",
    "at-a-glance",
    // print.html
    "print-title",
    "print-contents",
    // search.html
    "search-form",
    "search-input",
    "search-status",
    "search-results",
    "search-more",
    // accessibility.html
    "compliance",
    "known-problems",
    "contact",
    "supervisor",
    "method",
];

/// The ids taken on a page, and for each automatic id the next number to
/// try, so that a thousand headings of the same name cost a thousand steps,
/// not half a million.
pub struct PageIds {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Default for PageIds {
    fn default() -> Self {
        PageIds {
            taken: RESERVED_IDS.iter().map(|id| id.to_string()).collect(),
            next_suffix: HashMap::new(),
        }
    }
}

impl PageIds {
    /// Whether the page layout itself uses `id`.
    pub fn is_reserved(id: &str) -> bool {
        RESERVED_IDS.contains(&id)
    }

    /// Takes an id as written (an explicit heading id, a table's id);
    /// false if it was already taken.
    pub fn take(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// The first of `slug`, `slug-1`, `slug-2`, … not yet taken, now taken.
    pub fn unique(&mut self, slug: String) -> String {
        if self.taken.insert(slug.clone()) {
            return slug;
        }
        // Ids are only ever added, so the numbers tried before for this
        // slug are still taken: go on from where the last search stopped.
        let mut n = self.next_suffix.get(&slug).copied().unwrap_or(1);
        let id = loop {
            let candidate = format!("{slug}-{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.next_suffix.insert(slug, n);
        id
    }
}

/// Lowercases, folds accented Latin letters to ASCII (Swedish å ä ö first
/// among them), keeps letters and digits, and joins words with `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'ā' => "a",
            'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => "o",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'ü' | 'ú' | 'ù' | 'û' => "u",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ç' => "c",
            'ñ' => "n",
            'ý' | 'ÿ' => "y",
            'æ' => "ae",
            'ß' => "ss",
            c if c.is_alphanumeric() => {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c);
                continue;
            }
            _ => {
                pending_dash = true;
                continue;
            }
        };
        if pending_dash && !slug.is_empty() {
            slug.push('-');
        }
        pending_dash = false;
        slug.push_str(folded);
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::{slugify, PageIds, RESERVED_IDS};

    #[test]
    fn folds_swedish_letters() {
        assert_eq!(slugify("Årets resultat"), "arets-resultat");
        assert_eq!(
            slugify("9. Finansiella rapporter"),
            "9-finansiella-rapporter"
        );
        assert_eq!(
            slugify("Våra utgångspunkter – Vision 2040"),
            "vara-utgangspunkter-vision-2040"
        );
        assert_eq!(
            slugify("Mål 1: Sjukfrånvaro < 6,0 %"),
            "mal-1-sjukfranvaro-6-0"
        );
        assert_eq!(slugify("Ökade LOKALKOSTNADER"), "okade-lokalkostnader");
        assert_eq!(slugify("§ 217"), "217");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn a_taken_id_gets_the_first_free_number() {
        let mut ids = PageIds::default();
        assert!(ids.take("x-1"));
        assert!(!ids.take("x-1"));
        let got: Vec<String> = ["x", "x", "x", "x-2", "y", "x"]
            .into_iter()
            .map(|slug| ids.unique(slug.to_string()))
            .collect();
        // `x-1` is written elsewhere on the page; `x-2` came before the
        // heading whose slug is `x-2`.
        assert_eq!(got, ["x", "x-2", "x-3", "x-2-1", "y", "x-4"]);
    }

    #[test]
    fn the_layouts_ids_are_reserved() {
        let mut ids = PageIds::default();
        assert!(PageIds::is_reserved("toc"));
        assert_eq!(ids.unique("toc".to_string()), "toc-1");
        assert_eq!(ids.unique("content".to_string()), "content-1");
    }

    /// Every `id="…"` written literally in a built-in template is in
    /// [`RESERVED_IDS`].
    #[test]
    fn the_reserved_ids_are_those_of_the_templates() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("id=\"") {
                let value = &text[at + 4..];
                let value = &value[..value.find('"').unwrap()];
                let attribute = text[..at].ends_with(char::is_whitespace);
                if attribute && !value.contains("{{") && !value.contains("{%") {
                    found.push((path.file_name().unwrap().to_owned(), value.to_string()));
                }
            }
        }
        // The front page's ids are UI strings, one per language.
        for language in ["sv", "en"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("src/render/strings/{language}.toml"));
            let strings: std::collections::BTreeMap<String, String> =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for (key, id) in strings.iter().filter(|(k, _)| k.starts_with("id-")) {
                found.push((format!("{language}.toml {key}").into(), id.clone()));
            }
        }
        assert!(found.len() >= 8, "{found:?}");
        for (file, id) in &found {
            assert!(
                RESERVED_IDS.contains(&id.as_str()),
                "{file:?} uses the id `{id}`: add it to RESERVED_IDS"
            );
        }
    }
}
