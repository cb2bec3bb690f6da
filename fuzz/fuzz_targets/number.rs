//! Any text as a figure, in either number style: read exactly or refused;
//! what is read formats and reads back to the same value in both styles.
#![no_main]

use budgetbook::budget::number::{self, NumberStyle, Reader, Written};
use budgetbook::load::Language;
use budgetbook::render::format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for style in [NumberStyle::Sv, NumberStyle::En] {
        let reader = Reader { style, currency: number::currency_marks("SEK"), percent: true };
        let Ok(Written::Figure(value)) = number::read(text, &reader) else { continue };
        for (language, back) in [(Language::Swedish, NumberStyle::Sv), (Language::English, NumberStyle::En)] {
            let shown = format::number(value, language);
            let again = number::read(&shown, &Reader::plain(back));
            assert_eq!(again, Ok(Written::Figure(value)), "{text:?} shown as {shown:?}");
        }
    }
});
