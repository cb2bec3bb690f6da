//! Any text as a figure: parsed exactly or refused; what parses formats and
//! parses back to the same value in both languages.
#![no_main]

use budgetbook::budget::number;
use budgetbook::load::Language;
use budgetbook::render::format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(value) = number::parse(text) {
        for language in [Language::Swedish, Language::English] {
            let shown = format::number(value, language);
            let plain = match language {
                Language::Swedish => shown.clone(),
                Language::English => shown.replace(',', " "),
            };
            assert_eq!(number::parse(&plain), Some(value), "{text:?} shown as {shown:?}");
        }
    }
});
