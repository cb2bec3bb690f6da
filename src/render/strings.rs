//! The site's UI strings, one file per language (`strings/*.toml`).

use std::collections::BTreeMap;

use crate::load::Language;

#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    pub fn for_language(language: Language) -> Strings {
        let text = match language {
            Language::Swedish => include_str!("strings/sv.toml"),
            Language::English => include_str!("strings/en.toml"),
        };
        // The files are part of the binary and covered by a test.
        Strings(toml::from_str(text).unwrap_or_default())
    }

    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_string() {
        let sv = Strings::for_language(Language::Swedish);
        let en = Strings::for_language(Language::English);
        assert!(sv.0.len() > 10);
        assert_eq!(
            sv.0.keys().collect::<Vec<_>>(),
            en.0.keys().collect::<Vec<_>>()
        );
    }
}
