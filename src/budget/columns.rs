//! A table's columns: a plain heading (`Budget 2026`) or an object with an
//! id, a group heading over consecutive columns, a formula over the other
//! columns of the row, the budget phase, the fiscal period and a unit of
//! its own:
//!
//! ```yaml
//! columns:
//!   - {id: int-24, name: Intäkter, group: "2024"}
//!   - {id: kost-24, name: Kostnader, group: "2024"}
//!   - {id: netto-24, name: Netto, group: "2024", formula: int-24 + kost-24}
//! ```

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::expr::{self, Expr};
use crate::diagnostic::{Diagnostics, Problem};
use crate::load::config::BudgetPhase;
use crate::source::Location;
use crate::yaml::EmbeddedYaml;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Column {
    /// What formulas and other blocks call the column: as written, or the
    /// slug of its group and name (`2024-netto`).
    pub id: String,
    /// Whether the author gave the id. Blocks whose columns have no ids
    /// given are paired column by column when they have as many.
    #[serde(skip)]
    pub explicit_id: bool,
    pub name: String,
    /// The heading over consecutive columns of the same group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip)]
    pub formula: Option<ColumnFormula>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<BudgetPhase>,
    /// The fiscal period, when the heading does not say it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The column's own unit, e.g. `%` for a change in per cent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// The first words of headings over accounts and forecasts rather than a
/// budget, in the languages budgets are written in, and their phase.
const OUTTURN_WORDS: &[(&str, BudgetPhase)] = &[
    ("bokslut", BudgetPhase::Executed),
    ("utfall", BudgetPhase::Executed),
    ("actual", BudgetPhase::Executed),
    ("actuals", BudgetPhase::Executed),
    ("outturn", BudgetPhase::Executed),
    ("accounts", BudgetPhase::Executed),
    ("prognos", BudgetPhase::Forecast),
    ("forecast", BudgetPhase::Forecast),
];

impl Column {
    /// The column's phase: its `phase`, else the one its heading's first
    /// word names ("Bokslut 2025" is accounts, "Prognos 2026" a forecast,
    /// "2024/25 Outturn" accounts); none where neither says.
    pub fn phase(&self) -> Option<BudgetPhase> {
        self.phase.or_else(|| {
            let heading = self.full_name().to_lowercase();
            let word = heading
                .split(|c: char| !c.is_alphanumeric())
                .find(|word| !word.is_empty() && !word.chars().all(|c| c.is_ascii_digit()))?;
            OUTTURN_WORDS
                .iter()
                .find(|(w, _)| *w == word)
                .map(|&(_, phase)| phase)
        })
    }

    /// Whether the column holds accounts or a forecast, not a budget.
    pub fn is_outturn(&self) -> bool {
        matches!(
            self.phase(),
            Some(BudgetPhase::Executed | BudgetPhase::Forecast)
        )
    }
}

/// `formula: int-24 + kost-24`: a figure computed from the same row's
/// figures in other columns.
#[derive(Debug, Clone)]
pub struct ColumnFormula {
    pub expr: Expr,
    pub text: String,
    pub location: Location,
}

impl Column {
    /// A column with a heading only, as `columns: [Budget 2026]` writes it.
    pub fn plain(name: &str) -> Column {
        Column {
            id: crate::parse::slug::slugify(name),
            explicit_id: false,
            name: name.to_string(),
            group: None,
            formula: None,
            phase: None,
            period: None,
            unit: None,
        }
    }

    /// The heading as one line, group first: "2024 Netto" (CSV headers).
    pub fn full_name(&self) -> String {
        match &self.group {
            Some(group) => format!("{group} {}", self.name),
            None => self.name.clone(),
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full_name())
    }
}

const COLUMN_KEYS: &[&str] = &["id", "name", "group", "formula", "phase", "period", "unit"];

/// A column as written: a heading, or an object.
pub(super) enum RawColumn {
    Name(String),
    Spec(Box<RawColumnSpec>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawColumnSpec {
    id: Option<Spanned<String>>,
    name: String,
    group: Option<String>,
    formula: Option<Spanned<String>>,
    phase: Option<BudgetPhase>,
    period: Option<String>,
    unit: Option<String>,
}

/// By hand rather than `#[serde(untagged)]`, which buffers its input and
/// loses the positions of the values inside.
impl<'de> Deserialize<'de> for RawColumn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ColumnVisitor;
        impl<'de> Visitor<'de> for ColumnVisitor {
            type Value = RawColumn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a column heading, or {id, name, group, formula, phase, period, unit}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawColumn, E> {
                Ok(RawColumn::Name(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawColumn, E> {
                Ok(RawColumn::Name(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawColumn, E> {
                Ok(RawColumn::Name(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawColumn, A::Error> {
                RawColumnSpec::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|spec| RawColumn::Spec(Box::new(spec)))
            }
        }
        deserializer.deserialize_any(ColumnVisitor)
    }
}

/// The block's columns; problems go to `diagnostics`, and `ok` turns false
/// when one makes the block unusable.
pub(super) fn read(
    raw: &[Spanned<RawColumn>],
    block: &str,
    yaml: &EmbeddedYaml,
    ok: &mut bool,
    diagnostics: &mut Diagnostics,
) -> Vec<Column> {
    let mut columns = Vec::with_capacity(raw.len());
    for raw_column in raw {
        let location = yaml.location_of(&raw_column.referenced);
        let column = match &raw_column.value {
            RawColumn::Name(name) => Column::plain(name),
            RawColumn::Spec(spec) => {
                let id = match &spec.id {
                    Some(id) if expr::is_valid_id(&id.value) => id.value.clone(),
                    Some(id) => {
                        diagnostics.error(
                            Problem::InvalidId {
                                id: id.value.clone(),
                            },
                            yaml.location_of(&id.referenced),
                        );
                        *ok = false;
                        id.value.clone()
                    }
                    None => crate::parse::slug::slugify(&match &spec.group {
                        Some(group) => format!("{group} {}", spec.name),
                        None => spec.name.clone(),
                    }),
                };
                let formula = spec.formula.as_ref().and_then(|f| {
                    let at = yaml.location_of(&f.referenced);
                    match expr::parse_formula(&f.value) {
                        Ok(expr) => Some(ColumnFormula {
                            expr,
                            text: f.value.clone(),
                            location: at,
                        }),
                        Err(e) => {
                            super::read::formula_syntax(diagnostics, &at, e);
                            *ok = false;
                            None
                        }
                    }
                });
                Column {
                    id,
                    explicit_id: spec.id.is_some(),
                    name: spec.name.clone(),
                    group: spec.group.clone(),
                    formula,
                    phase: spec.phase,
                    period: spec.period.clone(),
                    unit: spec.unit.clone(),
                }
            }
        };
        let mut column = column;
        if !column.explicit_id {
            // Headings that slug alike ("2024/25", "2024-25") stay apart.
            let base = column.id.clone();
            let mut n = 2;
            while columns.iter().any(|c: &Column| c.id == column.id) {
                column.id = format!("{base}-{n}");
                n += 1;
            }
        }
        if let Some(first) = columns.iter().position(|c: &Column| c.id == column.id) {
            diagnostics.error(
                Problem::DuplicateColumnId {
                    id: column.id.clone(),
                    block: block.to_string(),
                    first: columns[first].full_name(),
                },
                location,
            );
            *ok = false;
        }
        columns.push(column);
    }
    columns
}

/// The column a text names: by id, by heading with its group ("2024
/// Netto"), or by heading alone where only one column has it. A heading
/// that several columns share ("Netto" under three years) names none of
/// them: the problem says which it could be.
pub fn find(columns: &[Column], name: &str) -> Result<usize, Box<Problem>> {
    let exact = columns
        .iter()
        .position(|c| c.id == name)
        .or_else(|| columns.iter().position(|c| c.full_name() == name));
    if let Some(found) = exact {
        return Ok(found);
    }
    let named: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].name == name)
        .collect();
    match named.as_slice() {
        [one] => Ok(*one),
        [] => Err(Box::new(Problem::UnknownColumn {
            block: String::new(),
            column: name.to_string(),
            suggestion: crate::diagnostic::suggest(name, columns.iter().map(|c| c.name.as_str())),
        })),
        several => Err(Box::new(Problem::AmbiguousColumn {
            block: String::new(),
            column: name.to_string(),
            candidates: several
                .iter()
                .map(|&c| format!("\"{}\"", columns[c].full_name()))
                .collect::<Vec<_>>()
                .join(", "),
        })),
    }
}

/// [`find`]'s problem, in block `block`.
pub fn in_block(problem: Problem, block: &str) -> Problem {
    match problem {
        Problem::UnknownColumn {
            column, suggestion, ..
        } => Problem::UnknownColumn {
            block: block.to_string(),
            column,
            suggestion,
        },
        Problem::AmbiguousColumn {
            column, candidates, ..
        } => Problem::AmbiguousColumn {
            block: block.to_string(),
            column,
            candidates,
        },
        other => other,
    }
}

/// The keys a column object has, for "unknown key" messages.
pub(super) fn keys() -> &'static [&'static str] {
    COLUMN_KEYS
}

/// How the columns of one block line up with those of another, for a
/// reference from `here` to `there`: for each column here, the column
/// there with the same id, else the one of the same heading, or `None`.
/// Blocks whose ids were all made from plain headings and that have as many
/// columns pair by position, as tables copied from one source do.
pub fn pairing(here: &[Column], there: &[Column]) -> Vec<Option<usize>> {
    let implicit = !here.iter().chain(there).any(|c| c.explicit_id);
    if implicit && here.len() == there.len() {
        return (0..here.len()).map(Some).collect();
    }
    here.iter()
        .map(|c| {
            there
                .iter()
                .position(|t| t.id == c.id)
                .or_else(|| there.iter().position(|t| t.full_name() == c.full_name()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(name: &str) -> Column {
        Column::plain(name)
    }

    fn with_id(id: &str) -> Column {
        Column {
            id: id.into(),
            explicit_id: true,
            ..plain(id)
        }
    }

    #[test]
    fn accounts_and_forecasts_are_told_from_budgets_by_phase_or_heading() {
        for heading in [
            "Bokslut 2025",
            "Prognos 2026",
            "2024/25 Outturn",
            "Actual 2024",
        ] {
            assert!(plain(heading).is_outturn(), "{heading}");
        }
        for heading in [
            "Budget 2027",
            "Plan 2028",
            "2026/27 Budget",
            "2025",
            "Netto",
        ] {
            assert!(!plain(heading).is_outturn(), "{heading}");
        }
        let decided = Column {
            phase: Some(BudgetPhase::Approved),
            ..plain("Utfall enligt beslut")
        };
        assert!(!decided.is_outturn());
        // The data files name the phase the heading gives.
        assert_eq!(plain("Bokslut 2025").phase(), Some(BudgetPhase::Executed));
        assert_eq!(plain("Prognos 2026").phase(), Some(BudgetPhase::Forecast));
        assert_eq!(plain("Budget 2027").phase(), None);
    }

    #[test]
    fn columns_pair_by_position_without_ids_and_by_id_with_them() {
        let three = [plain("Budget 2026"), plain("Plan 2027"), plain("Plan 2028")];
        let others = [plain("2026"), plain("2027"), plain("2028")];
        assert_eq!(pairing(&three, &others), [Some(0), Some(1), Some(2)]);
        let two = [plain("Plan 2027"), plain("Budget 2026")];
        assert_eq!(pairing(&three, &two), [Some(1), Some(0), None]);
        let ids = [with_id("netto-24"), with_id("netto-23")];
        let other = [
            with_id("netto-23"),
            with_id("budget-24"),
            with_id("netto-24"),
        ];
        assert_eq!(pairing(&ids, &other), [Some(2), Some(0)]);
        // A column with an id of its own still pairs with one of the same
        // heading that has another.
        let named = [
            Column {
                id: "b26".into(),
                explicit_id: true,
                ..plain("Budget 2026")
            },
            plain("Plan 2027"),
        ];
        assert_eq!(pairing(&named, &three), [Some(0), Some(1)]);
    }
}
