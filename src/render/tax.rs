//! "Your tax": the tax on a few example incomes, at `[budget] tax-rate`,
//! split among the parts of a `per-100` table's total in its first column
//! of the budget.
//! The table needs no script; `tax.js` adds a field for any income and
//! computes the same way, from the figures in the table's attributes.

use rust_decimal::Decimal;
use serde::Serialize;

use super::format;
use super::strings::Strings;
use crate::budget::{per_hundred, Table};
use crate::load::Language;

#[derive(Serialize)]
pub struct TaxSection {
    /// `{block}:tax`, for the field's label and the script.
    pub id: String,
    pub heading: String,
    /// What the figures assume, in words.
    pub explanation: String,
    /// The rate exactly, `21.36`, for the script.
    pub rate: String,
    /// The incomes as headings: "250 000 kr".
    pub incomes: Vec<String>,
    pub rows: Vec<TaxRow>,
    /// The tax on each income: the total row.
    pub total: TaxRow,
    /// How the script writes digit groups.
    pub group: &'static str,
}

#[derive(Serialize)]
pub struct TaxRow {
    pub label: String,
    /// The row in the table above (`#driftbudget.socialnamnden`); none for the total.
    pub href: Option<String>,
    /// The row's figure exactly, which the script splits the tax by.
    pub weight: String,
    pub amounts: Vec<String>,
}

/// The section for `block`, splitting the tax in the first column of the
/// budget (past accounts and forecasts) that has every part's figure; none
/// when no column has.
pub fn section(
    block: &Table,
    parts: &[usize],
    rate: Decimal,
    incomes: &[Decimal],
    language: Language,
    strings: &Strings,
) -> Option<TaxSection> {
    let outturn = |c: &usize| block.columns[*c].is_outturn();
    let mut budget_first = (0..block.columns.len())
        .filter(|c| !outturn(c))
        .chain((0..block.columns.len()).filter(outturn));
    let (column, weights) = budget_first.find_map(|c| {
        per_hundred::weights(block, parts, c)
            .filter(|w| w.iter().any(|v| !v.is_zero()))
            .map(|w| (c, w))
    })?;
    let taxes: Vec<Decimal> = incomes
        .iter()
        .map(|&income| per_hundred::tax(income, rate))
        .collect::<Option<_>>()?;
    let splits: Vec<Vec<Decimal>> = taxes
        .iter()
        .map(|&tax| per_hundred::split(&weights, tax, 0))
        .collect::<Option<_>>()?;
    let kr = |value: Decimal| format::number(value, language);
    let title = block.title.as_deref().unwrap_or(&block.id);
    let rows = parts
        .iter()
        .enumerate()
        .map(|(i, &p)| TaxRow {
            label: block.rows[p].label.clone(),
            href: Some(format!("#{}.{}", block.id, block.rows[p].id)),
            weight: weights[i].to_string(),
            amounts: splits.iter().map(|s| kr(s[i])).collect(),
        })
        .collect();
    let mut rate_text = rate;
    rate_text.rescale(rate.scale().max(2));
    Some(TaxSection {
        id: format!("{}:tax", block.id),
        heading: strings
            .get("tax-heading")
            .replace("{title}", title)
            .replace("{column}", &block.column_name(column)),
        explanation: strings
            .get("tax-explanation")
            .replace("{rate}", &format::number(rate_text, language)),
        rate: rate.to_string(),
        incomes: incomes
            .iter()
            .map(|&i| strings.get("tax-income").replace("{income}", &kr(i)))
            .collect(),
        rows,
        total: TaxRow {
            label: strings.get("tax-total").to_string(),
            href: None,
            weight: String::new(),
            amounts: taxes.iter().map(|&t| kr(t)).collect(),
        },
        group: match language {
            Language::Swedish => "\u{a0}",
            Language::English => ",",
        },
    })
}
