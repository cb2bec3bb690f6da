//! `data/figures.csv`: every figure of every table, one record each, in
//! the standard CSV dialect. This long table is what the data package
//! describes as fiscal data, and what a tool adds up: each record names its
//! table, row and column, the fiscal period and phase, the unit with its
//! currency and factor, the kind of row, and the total it is part of.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::{defuse, kind, line};
use crate::budget::unit::{self, Money};
use crate::budget::{Derivation, Table};
use crate::load::config::BudgetPhase;
use crate::load::Config;
use crate::render::period;

/// The file's path under `data/`, and the package's name for it.
pub const PATH: &str = "figures.csv";
pub const NAME: &str = "figures";

/// A column of the file, as its header and the data package name it.
pub struct Field {
    pub name: &'static str,
    /// The Table Schema type.
    pub kind: &'static str,
    /// The OpenSpending os-types type (`columnType`): `unknown:…` where
    /// none fits.
    pub column_type: &'static str,
    pub description: &'static str,
}

const fn field(
    name: &'static str,
    kind: &'static str,
    column_type: &'static str,
    description: &'static str,
) -> Field {
    Field {
        name,
        kind,
        column_type,
        description,
    }
}

/// The kinds of row a figure can be in; headings have no figures.
pub const KINDS: [&str; 3] = ["stated", "sum", "formula"];

/// The columns before the amounts, in order, with their os-types (as
/// OpenSpending's os-types 1.17 names them). Tables and rows are given as
/// the two levels of an administrative classification, the closest to a
/// budget's tables and lines (a committee, a programme, an item of account):
/// the book does not say which its rows are. `value` is `unknown:number`,
/// not `value`: a figure in per cent or a count is no amount of money.
pub const FIELDS: [Field; 16] = [
    field(
        "table",
        "string",
        "administrative-classification:generic:level1:code",
        "The table's id; `<table>.csv` is the table as printed.",
    ),
    field(
        "table_title",
        "string",
        "administrative-classification:generic:level1:label",
        "The table's title.",
    ),
    field(
        "row",
        "string",
        "administrative-classification:generic:level2:code",
        "The row's id, unique in its table.",
    ),
    field(
        "label",
        "string",
        "administrative-classification:generic:level2:label",
        "The row's label.",
    ),
    field(
        "kind",
        "string",
        "value-kind:code",
        "`stated` for a figure as the source states it; `sum` and `formula` for a \
         total or a figure computed from others in its table (checked, and never to be \
         added to its parts).",
    ),
    field(
        "part_of",
        "string",
        "unknown:string",
        "The id of the table's outermost total that this row adds up to (through \
         subtotals), empty when no total includes it. The `stated` figures of one table, \
         column and `part_of` add up to that total.",
    ),
    field(
        "column",
        "string",
        "unknown:string",
        "The column's id, unique in its table.",
    ),
    field(
        "column_name",
        "string",
        "unknown:string",
        "The column's heading as printed, group first (`2024 Netto`).",
    ),
    field(
        "fiscal_year",
        "integer",
        "date:fiscal-year",
        "The fiscal year of the column, named by the year it ends in; empty for a span \
         of several years or a column with no period.",
    ),
    field(
        "period_start",
        "date",
        "unknown:date",
        "The first day of the column's fiscal period.",
    ),
    field(
        "period_end",
        "date",
        "unknown:date",
        "The last day of the column's fiscal period.",
    ),
    field(
        "phase",
        "string",
        "phase:id",
        "The budget phase of the column: proposed, approved, adjusted, executed or forecast.",
    ),
    field(
        "unit",
        "string",
        "unknown:string",
        "The unit of the figure as the book writes it (`tkr`, `£m`, `%`, `FTE`).",
    ),
    field(
        "currency",
        "string",
        "value-currency:code",
        "The ISO 4217 currency of the unit; empty when the figure is not money.",
    ),
    field(
        "factor",
        "integer",
        "unknown:integer",
        "How many units of the currency one unit of the figure is (1000 for `tkr`); \
         empty when the figure is not money.",
    ),
    field(
        "value",
        "number",
        "unknown:number",
        "The figure exactly as stated, in its unit.",
    ),
];

/// The amount column for money in `currency`: the figure times its factor,
/// in whole units of the currency.
pub fn amount_column(currency: &str) -> String {
    format!("amount_{}", currency.to_ascii_lowercase())
}

/// The currencies the file has an amount column for: the book's own
/// (when it is an ISO 4217 code) and that of every unit of money a figure
/// is in, in alphabetical order.
pub fn currencies<'a>(config: &'a Config, blocks: &[&'a Table]) -> Vec<&'a str> {
    let mut currencies: BTreeSet<&str> = BTreeSet::new();
    let code = config.currency.as_str();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        currencies.insert(code);
    }
    for block in blocks {
        for row in block.rows.iter().filter(|r| !r.heading) {
            for column in 0..block.columns.len() {
                if let Some(money) = block.unit_of(row, column).and_then(unit::money) {
                    currencies.insert(money.currency);
                }
            }
        }
    }
    currencies.into_iter().collect()
}

/// The header line.
pub fn header(currencies: &[&str]) -> String {
    let mut cells: Vec<String> = FIELDS.iter().map(|f| f.name.to_string()).collect();
    cells.extend(currencies.iter().map(|c| amount_column(c)));
    line(cells, ',')
}

fn phase_name(phase: BudgetPhase) -> &'static str {
    match phase {
        BudgetPhase::Proposed => "proposed",
        BudgetPhase::Approved => "approved",
        BudgetPhase::Adjusted => "adjusted",
        BudgetPhase::Executed => "executed",
        BudgetPhase::Forecast => "forecast",
    }
}

/// For each row, the outermost total of its table that includes it, by
/// way of the subtotals between; `None` for a row that no total includes.
/// A row in two totals counts as part of the first.
fn part_of(block: &Table) -> Vec<Option<usize>> {
    let index: HashMap<&str, usize> = block
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut parent: Vec<Option<usize>> = vec![None; block.rows.len()];
    for (total, row) in block.rows.iter().enumerate() {
        let Some(Derivation::Sum { rows, .. }) = &row.derivation else {
            continue;
        };
        for (part, _) in rows {
            if part.block.as_ref().is_some_and(|b| *b != block.id) {
                continue;
            }
            if let Some(&part) = index.get(part.row.as_str()) {
                if part != total && parent[part].is_none() {
                    parent[part] = Some(total);
                }
            }
        }
    }
    (0..block.rows.len())
        .map(|row| {
            let mut top = parent[row]?;
            // A valid book has no cycles; the bound keeps a broken one finite.
            for _ in 0..block.rows.len() {
                match parent[top] {
                    Some(next) => top = next,
                    None => break,
                }
            }
            Some(top)
        })
        .collect()
}

/// `value` times `factor`, a power of ten, exactly: the decimal point moves
/// right, so a figure of 28 digits in thousands keeps all its digits.
fn times_power_of_ten(value: Decimal, factor: u64) -> String {
    let zeros = factor.ilog10() as usize;
    debug_assert_eq!(10u64.pow(zeros as u32), factor, "factors are powers of ten");
    let text = value.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(digits) => ("-", digits),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let moved = fraction.len().min(zeros);
    let whole = format!("{whole}{}{}", &fraction[..moved], "0".repeat(zeros - moved));
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    match &fraction[moved..] {
        "" => format!("{sign}{whole}"),
        rest => format!("{sign}{whole}.{rest}"),
    }
}

/// The records of one table's figures, in the order of its rows, then
/// columns; a cell with no figure has no record.
pub fn records(config: &Config, block: &Table, currencies: &[&str]) -> String {
    let columns: Vec<(String, Option<period::Period>, &str)> = block
        .columns
        .iter()
        .map(|column| {
            let heading = column.period.clone().unwrap_or_else(|| column.full_name());
            (
                defuse(&column.full_name()),
                period::of_heading(&heading, config.fiscal_year_start),
                phase_name(
                    column
                        .phase()
                        .or(config.phase)
                        .unwrap_or(BudgetPhase::Proposed),
                ),
            )
        })
        .collect();
    let totals = part_of(block);
    let title = block.title.as_deref().map(defuse).unwrap_or_default();
    let mut out = String::new();
    for (row, total) in block.rows.iter().zip(totals) {
        if row.heading {
            continue;
        }
        let label = defuse(&row.label);
        let part_of = total.map_or("", |t| block.rows[t].id.as_str());
        for (c, ((column, figure), (column_name, period, phase))) in block
            .columns
            .iter()
            .zip(&row.values)
            .zip(&columns)
            .enumerate()
        {
            let Some(value) = figure.value else {
                continue;
            };
            let unit = block.unit_of(row, c);
            let money: Option<Money> = unit.and_then(unit::money);
            let mut cells = vec![
                block.id.clone(),
                title.clone(),
                row.id.clone(),
                label.clone(),
                kind(row).to_string(),
                part_of.to_string(),
                column.id.clone(),
                column_name.clone(),
                period
                    .as_ref()
                    .and_then(|p| p.fiscal_year)
                    .map_or(String::new(), |y| y.to_string()),
                period.as_ref().map_or(String::new(), |p| p.start.clone()),
                period.as_ref().map_or(String::new(), |p| p.end.clone()),
                phase.to_string(),
                unit.map(defuse).unwrap_or_default(),
                money.map_or(String::new(), |m| m.currency.to_string()),
                money.map_or(String::new(), |m| m.factor.to_string()),
                value.to_string(),
            ];
            cells.extend(currencies.iter().map(|&currency| match money {
                Some(money) if money.currency == currency => {
                    times_power_of_ten(value, money.factor)
                }
                _ => String::new(),
            }));
            out.push_str(&line(cells, ','));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(value: &str, factor: u64) -> String {
        times_power_of_ten(Decimal::from_str_exact(value).unwrap(), factor)
    }

    #[test]
    fn amounts_move_the_decimal_point_exactly() {
        assert_eq!(amount("2.50", 1000), "2500");
        assert_eq!(amount("-0.155", 1000), "-155");
        assert_eq!(amount("0.0001", 1000), "0.1");
        assert_eq!(amount("0.00001234", 1000), "0.01234");
        assert_eq!(amount("1017829.5", 1000), "1017829500");
        assert_eq!(amount("-3058", 1_000_000), "-3058000000");
        assert_eq!(amount("4.3", 1), "4.3");
        assert_eq!(amount("0", 1_000_000_000), "0");
        assert_eq!(
            amount("79228162514264337593543950335", 1000),
            "79228162514264337593543950335000"
        );
    }

    #[test]
    fn every_unit_of_money_has_a_power_of_ten_as_factor() {
        let names: Vec<String> = unit::known()
            .split(", ")
            .map(|name| name.trim_matches('`').to_string())
            .collect();
        assert!(names.len() >= 19, "{names:?}");
        for name in names {
            let factor = unit::money(&name).unwrap().factor;
            assert_eq!(10u64.pow(factor.ilog10()), factor, "{name}");
        }
    }
}
