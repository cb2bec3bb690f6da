//! Goal blocks (`kind: goals`): financial goals stated as comparisons over
//! rows of the book's tables, decided column by column from the figures.
//!
//! ````markdown
//! ```budget
//! id: finansiella-mal
//! kind: goals
//! title: Finansiella mål
//! columns: [Budget 2026, Plan 2027, Plan 2028]
//! goals:
//!   - id: resultat
//!     label: Årets resultat ska uppgå till minst 4 procent av skatteintäkter och generella statsbidrag.
//!     check: resultatbudget.resultatandel >= 4
//!     unit: "%"
//!   - id: soliditet
//!     label: Soliditeten för kommunkoncernen ska vara oförändrad eller öka.
//!     undecided: Budgeten redovisar inte kommunkoncernens balansräkning.
//! ```
//! ````

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::columns::Column;
use super::expr;
use super::read::formula_syntax;
use super::table::Check;
use crate::diagnostic::{Diagnostics, Problem};
use crate::source::Location;
use crate::yaml::EmbeddedYaml;

/// A goals block: goals judged per column (year).
#[derive(Debug, Clone)]
pub struct Goals {
    pub id: String,
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub goals: Vec<Goal>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Goal {
    pub id: String,
    pub label: String,
    /// The comparison that decides the goal; `None` when the figures
    /// cannot decide it and `undecided` says why.
    pub check: Option<Check>,
    pub undecided: Option<String>,
    /// The unit of both sides of the comparison, for showing them.
    pub unit: Option<String>,
    /// Decimals shown for the computed sides (default 1).
    pub decimals: u32,
    pub location: Location,
}

/// What the figures say about a goal in one column.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalOutcome {
    Met {
        left: rust_decimal::Decimal,
        right: rust_decimal::Decimal,
    },
    NotMet {
        left: rust_decimal::Decimal,
        right: rust_decimal::Decimal,
    },
    /// A figure the comparison needs is missing (e.g. the year before the first).
    MissingFigure,
    /// The goal has no comparison: the book's figures cannot decide it.
    Undecidable,
}

/// Whether a goal is met in every year its figures decide, from its
/// outcomes column by column; `None` where they decide none.
pub fn met_every_year(outcomes: &[GoalOutcome]) -> Option<bool> {
    let decided = outcomes
        .iter()
        .any(|o| matches!(o, GoalOutcome::Met { .. } | GoalOutcome::NotMet { .. }));
    let missed = outcomes
        .iter()
        .any(|o| matches!(o, GoalOutcome::NotMet { .. }));
    decided.then_some(!missed)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoals {
    id: Option<Spanned<String>>,
    #[allow(dead_code)]
    kind: String,
    title: Option<String>,
    columns: Vec<String>,
    goals: Vec<Spanned<RawGoal>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    id: Spanned<String>,
    label: String,
    check: Option<Spanned<String>>,
    undecided: Option<String>,
    unit: Option<String>,
    decimals: Option<u32>,
}

pub fn parse(yaml: &EmbeddedYaml, fence: Location, diagnostics: &mut Diagnostics) -> Option<Goals> {
    let raw: RawGoals = match yaml.parse() {
        Ok(raw) => raw,
        Err((message, location)) => {
            diagnostics.error(super::read::yaml_problem(message, &location), location);
            return None;
        }
    };
    let at = |s: &serde_saphyr::Location| yaml.location_of(s);
    let (id, location) = super::read::block_id(raw.id.as_ref(), &fence, yaml, diagnostics)?;
    let mut ok = true;
    let mut goals = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for raw_goal in raw.goals {
        let goal_location = at(&raw_goal.referenced);
        let raw_goal = raw_goal.value;
        let goal_id_location = at(&raw_goal.id.referenced);
        if !expr::is_valid_id(&raw_goal.id.value) {
            diagnostics.error(
                Problem::InvalidId {
                    id: raw_goal.id.value.clone(),
                },
                goal_id_location.clone(),
            );
            ok = false;
        } else if !seen.insert(raw_goal.id.value.clone()) {
            diagnostics.error(
                Problem::DuplicateRowId {
                    id: raw_goal.id.value.clone(),
                    block: id.clone(),
                },
                goal_id_location.clone(),
            );
            ok = false;
        } else if !super::ids::check_free(
            super::ids::Layout::Table,
            &id,
            &raw_goal.id.value,
            &goal_id_location,
            diagnostics,
        ) {
            ok = false;
        }
        let check = match (&raw_goal.check, &raw_goal.undecided) {
            (Some(_), Some(_)) | (None, None) => {
                diagnostics.error(
                    Problem::GoalNeedsCheck {
                        goal: raw_goal.id.value.clone(),
                    },
                    goal_location.clone(),
                );
                ok = false;
                None
            }
            (None, Some(_)) => None,
            (Some(text), None) => {
                let location = at(&text.referenced);
                match expr::parse_check(&text.value) {
                    Ok((left, comparison, right)) => Some(Check {
                        text: text.value.clone(),
                        left,
                        comparison,
                        right,
                        location,
                    }),
                    Err(e) => {
                        formula_syntax(diagnostics, &location, e);
                        ok = false;
                        None
                    }
                }
            }
        };
        goals.push(Goal {
            id: raw_goal.id.value,
            label: raw_goal.label,
            check,
            undecided: raw_goal.undecided,
            unit: raw_goal.unit,
            decimals: raw_goal.decimals.unwrap_or(1),
            location: goal_id_location,
        });
    }
    ok.then_some(Goals {
        id,
        title: raw.title,
        columns: raw.columns.iter().map(|c| Column::plain(c)).collect(),
        goals,
        location,
    })
}
