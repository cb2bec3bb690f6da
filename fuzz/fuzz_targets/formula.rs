//! Any text as a formula or check, evaluated over arbitrary figures: a
//! syntax error, an arithmetic error or a value — never a panic.
#![no_main]

use budgetbook::budget::expr;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (seed, text) = data.split_at(4);
    let Ok(text) = std::str::from_utf8(text) else { return };
    let figure = Decimal::new(i64::from(i32::from_le_bytes([seed[0], seed[1], seed[2], seed[3]])), u32::from(seed[0] % 8));
    let mut value = |_: &expr::RowRef, column: usize| (column % 3 != 2).then_some(figure);
    if let Ok(formula) = expr::parse_formula(text) {
        let _ = formula.eval(1, &mut value);
        let _ = formula.refs();
    }
    if let Ok((left, _, right)) = expr::parse_check(text) {
        let _ = left.eval(0, &mut value);
        let _ = right.eval(2, &mut value);
    }
});
