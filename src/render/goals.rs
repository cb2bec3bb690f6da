//! The template context of a goals block: each goal, column by column, as
//! met, not met, or not decidable from the figures.

use serde::Serialize;

use super::format;
use super::strings::Strings;
use crate::budget::expr::Comparison;
use crate::budget::{GoalOutcome, Goals};
use crate::load::Language;

#[derive(Serialize)]
pub struct GoalsContext {
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    /// "2 av 4 avgjorda mål uppfyllda" — over every column.
    pub summary: String,
    pub goals: Vec<GoalRow>,
}

#[derive(Serialize)]
pub struct GoalRow {
    /// `block-id.goal-id`.
    pub id: String,
    pub label: String,
    /// Why the figures cannot decide it.
    pub undecided: Option<String>,
    pub outcomes: Vec<Outcome>,
}

#[derive(Serialize)]
pub struct Outcome {
    /// "met", "not-met", "missing" or "undecidable", for styling.
    pub status: &'static str,
    /// ✓, ✗ or –, beside the words.
    pub symbol: &'static str,
    pub label: String,
    /// The computed sides, e.g. "4,3 % ≥ 4 %".
    pub detail: Option<String>,
}

/// The comparison as a reader writes it, and its opposite.
fn symbols(comparison: Comparison) -> (&'static str, &'static str) {
    match comparison {
        Comparison::Eq => ("=", "≠"),
        Comparison::Ne => ("≠", "="),
        Comparison::Lt => ("<", "≥"),
        Comparison::Le => ("≤", ">"),
        Comparison::Gt => (">", "≤"),
        Comparison::Ge => ("≥", "<"),
    }
}

pub fn goals(
    block: &Goals,
    outcomes: &[Vec<GoalOutcome>],
    language: Language,
    strings: &Strings,
) -> GoalsContext {
    // Goals, not goal-years: one is met where it is met in every year
    // that can be decided.
    let (mut met, mut decided) = (0, 0);
    let rows = block
        .goals
        .iter()
        .zip(outcomes)
        .map(|(goal, outcomes)| {
            let show = |value: rust_decimal::Decimal| {
                format::figure(
                    value.round_dp(goal.decimals),
                    goal.unit.as_deref(),
                    language,
                )
            };
            let (holds, fails) = goal
                .check
                .as_ref()
                .map_or(("", ""), |c| symbols(c.comparison));
            if let Some(met_here) = crate::budget::goals::met_every_year(outcomes) {
                decided += 1;
                met += usize::from(met_here);
            }
            let outcomes = outcomes
                .iter()
                .map(|outcome| match outcome {
                    GoalOutcome::Met { left, right } => Outcome {
                        status: "met",
                        symbol: "✓",
                        label: strings.get("goal-met").into(),
                        detail: Some(format!("{} {holds} {}", show(*left), show(*right))),
                    },
                    GoalOutcome::NotMet { left, right } => Outcome {
                        status: "not-met",
                        symbol: "✗",
                        label: strings.get("goal-not-met").into(),
                        detail: Some(format!("{} {fails} {}", show(*left), show(*right))),
                    },
                    GoalOutcome::MissingFigure => Outcome {
                        status: "missing",
                        symbol: "–",
                        label: strings.get("goal-missing").into(),
                        detail: None,
                    },
                    GoalOutcome::Undecidable => Outcome {
                        status: "undecidable",
                        symbol: "?",
                        label: strings.get("goal-undecidable").into(),
                        detail: None,
                    },
                })
                .collect();
            GoalRow {
                id: format!("{}.{}", block.id, goal.id),
                label: goal.label.clone(),
                undecided: goal.undecided.clone(),
                outcomes,
            }
        })
        .collect();
    GoalsContext {
        id: block.id.clone(),
        title: block.title.clone().unwrap_or_else(|| block.id.clone()),
        columns: block
            .columns
            .iter()
            .map(crate::budget::Column::full_name)
            .collect(),
        summary: strings
            .get(if block.columns.len() > 1 {
                "goals-summary-years"
            } else {
                "goals-summary"
            })
            .replace("{met}", &met.to_string())
            .replace("{decided}", &decided.to_string()),
        goals: rows,
    }
}
