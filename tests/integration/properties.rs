//! Properties over many generated inputs: figures survive formatting and
//! parsing exactly; sums and formulas agree with a reference computation.

use crate::common;

use budgetbook::budget::likely::{self, Operand};
use budgetbook::budget::{expr, number};
use budgetbook::load::Language;
use budgetbook::render::format;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..10).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

/// An arithmetic expression and its exact value, computed independently.
#[derive(Debug, Clone)]
enum Tree {
    Number(i64),
    Add(Box<Tree>, Box<Tree>),
    Sub(Box<Tree>, Box<Tree>),
    Mul(Box<Tree>, Box<Tree>),
    Neg(Box<Tree>),
}

impl Tree {
    fn text(&self) -> String {
        match self {
            Tree::Number(n) if *n < 0 => format!("(-{})", n.unsigned_abs()),
            Tree::Number(n) => n.to_string(),
            Tree::Add(a, b) => format!("({} + {})", a.text(), b.text()),
            Tree::Sub(a, b) => format!("({} - {})", a.text(), b.text()),
            Tree::Mul(a, b) => format!("({} * {})", a.text(), b.text()),
            Tree::Neg(a) => format!("-{}", a.text()),
        }
    }

    /// The exact value; `None` beyond `i128`, which is far beyond what a
    /// decimal holds (about 7.9 × 10^28), so the formula overflows too.
    fn value(&self) -> Option<i128> {
        match self {
            Tree::Number(n) => Some(i128::from(*n)),
            Tree::Add(a, b) => a.value()?.checked_add(b.value()?),
            Tree::Sub(a, b) => a.value()?.checked_sub(b.value()?),
            Tree::Mul(a, b) => a.value()?.checked_mul(b.value()?),
            Tree::Neg(a) => a.value()?.checked_neg(),
        }
    }
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = (-100_000i64..100_000).prop_map(Tree::Number);
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Add(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Sub(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Mul(Box::new(a), Box::new(b))),
            inner.prop_map(|a| Tree::Neg(Box::new(a))),
        ]
    })
}

fn check_book(chapter: &str) -> Vec<String> {
    common::parse_and_validate(chapter)
        .iter()
        .map(|d| d.problem.code().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn swedish_figures_parse_back_exactly(value in decimal()) {
        let shown = format::number(value, Language::Swedish);
        let back = number::parse(&shown).unwrap();
        prop_assert_eq!(back, value);
        prop_assert_eq!(back.scale(), value.scale());
    }

    #[test]
    fn english_figures_parse_back_exactly(value in decimal()) {
        // English groups with commas; the parser takes a comma for a decimal
        // sign, so the groups are given back as spaces.
        let shown = format::number(value, Language::English).replace(',', " ");
        prop_assert_eq!(number::parse(&shown).unwrap(), value);
    }

    #[test]
    fn figures_in_each_style_with_minus_or_parentheses_read_back_exactly(
        value in decimal(),
        parentheses in any::<bool>(),
        minus in prop::sample::select(vec!["-", "\u{2212}", "\u{2013}", "\u{2013} "]),
    ) {
        for (language, style) in [
            (Language::Swedish, number::NumberStyle::Sv),
            (Language::English, number::NumberStyle::En),
        ] {
            let magnitude = format::number(value.abs(), language);
            let written = match (value.is_sign_negative() && !value.is_zero(), parentheses) {
                (false, _) => magnitude,
                (true, true) => format!("({magnitude})"),
                (true, false) => format!("{minus}{magnitude}"),
            };
            let read = number::read(&written, &number::Reader::plain(style));
            prop_assert_eq!(read, Ok(number::Written::Figure(value)), "{:?} in {:?}", written, style);
        }
    }

    #[test]
    fn a_comma_that_is_not_a_group_of_three_is_never_read_in_english_style(
        whole in 1u32..1000,
        digits in prop::sample::select(vec![1usize, 2, 4, 5]),
        fraction in 0u64..100_000,
    ) {
        let after = format!("{fraction:05}")[..digits].to_string();
        let written = format!("{whole},{after}");
        let read = number::read(&written, &number::Reader::plain(number::NumberStyle::En));
        prop_assert!(matches!(read, Err(number::Refusal::Ambiguous(_))), "{} read as {:?}", written, read);
    }

    #[test]
    fn plain_yaml_numbers_parse_exactly(value in decimal()) {
        prop_assert_eq!(number::parse(&value.to_string()).unwrap(), value);
    }

    #[test]
    fn formulas_agree_with_integer_arithmetic(tree in tree()) {
        let formula = expr::parse_formula(&tree.text()).unwrap();
        let computed = formula.eval(0, &mut |_, _| None);
        match tree.value().map(|v| Decimal::try_from_i128_with_scale(v, 0)) {
            Some(Ok(exact)) => prop_assert_eq!(computed, Ok(Some(exact))),
            _ => prop_assert_eq!(computed, Err(expr::EvalError::Overflow)),
        }
    }

    #[test]
    fn sums_agree_with_a_reference_sum(values in prop::collection::vec((-10_000_000i64..10_000_000, 0u32..4), 1..12), off_by in 2i64..1000) {
        let figures: Vec<Decimal> = values.iter().map(|&(m, s)| Decimal::new(m, s)).collect();
        let total: Decimal = figures.iter().copied().sum();
        // Written with a decimal comma, as the (Swedish) block reads them.
        let swedish = |f: Decimal| f.to_string().replace('.', ",");
        let rows: String = figures.iter().enumerate().map(|(i, f)| format!("  - {{id: r{i}, label: R{i}, values: [\"{}\"]}}\n", swedish(*f))).collect();
        let block = |stated: Decimal| format!("```budget\nid: t\ncolumns: [A]\nrows:\n{rows}  - id: summa\n    label: Summa\n    values: [\"{}\"]\n    sum: above\n```\n", swedish(stated));
        prop_assert_eq!(check_book(&block(total)), Vec::<String>::new());
        // Off by more than the tolerance (0) at the sum's precision: an error.
        let wrong = total + Decimal::new(off_by, total.scale());
        prop_assert_eq!(check_book(&block(wrong)), vec!["sum-mismatch".to_string()]);
    }

    #[test]
    fn a_swapped_or_mistyped_digit_is_traced_to_its_operand(
        values in prop::collection::vec(100i64..10_000_000, 2..10),
        which in any::<prop::sample::Index>(),
        position in any::<prop::sample::Index>(),
        digit in 0u8..10,
        swap in any::<bool>(),
    ) {
        let operands: Vec<Operand> = values
            .iter()
            .enumerate()
            .map(|(i, v)| Operand { id: format!("r{i}"), value: Decimal::from(*v) })
            .collect();
        let truth: Decimal = operands.iter().map(|o| o.value).sum();
        // A correct sum never gets a hint.
        prop_assert!(likely::suspects(&operands, &[], truth, Decimal::ZERO).is_empty());

        // Key one operand wrongly: swap two adjacent digits, or mistype one.
        let i = which.index(operands.len());
        let mut digits: Vec<u8> = operands[i].value.to_string().bytes().collect();
        let p = position.index(digits.len() - 1);
        if swap {
            digits.swap(p, p + 1);
        } else {
            digits[p] = b'0' + digit;
        }
        prop_assume!(digits[0] != b'0');
        let typed: Decimal = std::str::from_utf8(&digits).unwrap().parse().unwrap();
        prop_assume!(typed != operands[i].value);
        let mut keyed = operands.clone();
        keyed[i].value = typed;
        let named = likely::suspects(&keyed, &[], truth, Decimal::ZERO);
        prop_assert!(
            named.iter().any(|s| s.row.as_deref() == Some(keyed[i].id.as_str())),
            "{:?} keyed as {} in {:?}: {:?}", operands[i].value, typed, values, named
        );
    }
}
