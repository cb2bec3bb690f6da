//! Heading ids: "Årets resultat" → `arets-resultat`.

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
    use super::slugify;

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
}
