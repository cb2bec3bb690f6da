//! The front page's "at a glance": the key figures the book names in
//! `[front]`, shown large with their change and linked to their rows; the
//! charts of the tables it names, linked to them; and the state of its
//! goals, linked to each goal.

use rust_decimal::Decimal;
use serde::Serialize;

use super::format;
use super::goals::{self, GoalsContext};
use super::strings::Strings;
use crate::budget::{Block, Verdicts};
use crate::load::{Language, Negatives};
use crate::parse::front_page::{FrontPage, KeyFigure};
use crate::parse::ParsedBook;

#[derive(Serialize)]
pub struct Glance {
    pub figures: Vec<KeyFigureContext>,
    pub charts: Vec<GlanceChart>,
    pub goals: Vec<GlanceGoals>,
}

#[derive(Serialize)]
pub struct KeyFigureContext {
    pub label: String,
    /// As the table shows it, with its unit: "143 mnkr".
    pub value: String,
    /// Where it is from: "Resultatbudget, Budget 2026".
    pub source: String,
    /// "+2,9 mnkr jämfört med …", when there is something to compare with.
    pub change: Option<String>,
    /// The row on its page.
    pub href: String,
}

#[derive(Serialize)]
pub struct GlanceChart {
    pub svg: String,
    pub title: String,
    /// The table on its page.
    pub href: String,
}

#[derive(Serialize)]
pub struct GlanceGoals {
    pub title: String,
    /// The goals block on its page.
    pub href: String,
    /// "2 av 4 avgjorda mål uppfyllda".
    pub summary: String,
    pub goals: Vec<GlanceGoal>,
}

#[derive(Serialize)]
pub struct GlanceGoal {
    pub label: String,
    /// The goal on its page.
    pub href: String,
    pub outcomes: Vec<GlanceOutcome>,
}

/// A goal's state in one column: "Budget 2026: ✓ Uppfyllt".
#[derive(Serialize)]
pub struct GlanceOutcome {
    pub column: String,
    pub status: &'static str,
    pub symbol: &'static str,
    pub label: String,
}

impl GlanceGoals {
    fn new(goals: GoalsContext, page: &str) -> Self {
        let columns = goals.columns;
        GlanceGoals {
            title: goals.title,
            href: format!("{page}#{}", goals.id),
            summary: goals.summary,
            goals: goals
                .goals
                .into_iter()
                .map(|goal| GlanceGoal {
                    label: goal.label,
                    href: format!("{page}#{}", goal.id),
                    outcomes: goal
                        .outcomes
                        .into_iter()
                        .zip(&columns)
                        .map(|(o, column)| GlanceOutcome {
                            column: column.clone(),
                            status: o.status,
                            symbol: o.symbol,
                            label: o.label,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

pub fn glance(
    front: &FrontPage,
    parsed: &ParsedBook,
    verdicts: &Verdicts,
    block_pages: &[String],
    language: Language,
    strings: &Strings,
) -> Glance {
    let page = |b: usize| block_pages.get(b).cloned().unwrap_or_default();
    let negatives = parsed.book.config.negatives;
    Glance {
        figures: front
            .figures
            .iter()
            .filter_map(|f| {
                key_figure(
                    f,
                    parsed,
                    verdicts,
                    &page(f.target.block),
                    negatives,
                    language,
                    strings,
                )
            })
            .collect(),
        charts: front
            .charts
            .iter()
            .filter_map(|&b| {
                let block = parsed.blocks[b].as_table()?;
                let baseline = verdicts.blocks[b].baseline();
                let chart =
                    super::chart::block_chart(block, baseline, language, negatives, strings)?;
                Some(GlanceChart {
                    svg: chart.svg,
                    title: chart.title,
                    href: format!("{}#{}", page(b), block.id),
                })
            })
            .collect(),
        goals: front
            .goals
            .iter()
            .filter_map(|&b| {
                let Block::Goals(block) = &parsed.blocks[b] else {
                    return None;
                };
                let outcomes = verdicts.blocks[b].goals();
                Some(GlanceGoals::new(
                    goals::goals(block, outcomes, language, strings),
                    &page(b),
                ))
            })
            .collect(),
    }
}

fn key_figure(
    figure: &KeyFigure,
    parsed: &ParsedBook,
    verdicts: &Verdicts,
    page: &str,
    negatives: Negatives,
    language: Language,
    strings: &Strings,
) -> Option<KeyFigureContext> {
    let target = figure.target;
    // A figure reference resolves only to a table's row.
    let block = parsed.blocks[target.block].as_table()?;
    let row = &block.rows[target.row];
    let cell = row.values.get(target.column);
    let value = cell
        .and_then(|f| format::with_unit(f, (row, target.column), block, language, negatives))
        // No figure stated: `..`, as statistics print it (a nil is `–`).
        .unwrap_or_else(|| "..".into());
    let title = block.title.as_deref().unwrap_or(&block.id);
    // Against the baseline where the table has one, else the column before.
    let baseline = verdicts.blocks[target.block].baseline();
    let before: Option<(Decimal, String)> = match baseline {
        Some(baseline) => baseline
            .rows
            .get(&row.id)
            .and_then(|v| v.get(target.column).copied().flatten())
            .map(|v| (v, baseline.title.clone())),
        // A change is between figures of a kind: not against or of a
        // column its formula computes (a total of the years, a change in
        // per cent), nor across units.
        None => target.column.checked_sub(1).and_then(|previous| {
            let stated = |c: usize| block.columns.get(c).is_some_and(|c| c.formula.is_none());
            let alike = stated(previous)
                && stated(target.column)
                && block.unit_of(row, previous) == block.unit_of(row, target.column);
            alike.then_some(())?;
            row.values
                .get(previous)?
                .value
                .map(|v| (v, block.column_name(previous)))
        }),
    };
    let change = cell
        .and_then(|f| f.value)
        .zip(before)
        .and_then(|(now, (then, what))| {
            let change = now.checked_sub(then)?;
            let unit = block.unit_of(row, target.column);
            let mut text = format::figure(change, unit, language);
            if unit == Some("%") {
                text = format!(
                    "{} {}",
                    format::number(change, language),
                    strings.get("glance-points")
                );
            } else if let Some(unit) = unit {
                text = format::with_unit_named(&text, unit, language);
            }
            text = format::signed(text, change);
            Some(
                strings
                    .get("glance-change")
                    .replace("{change}", &text)
                    .replace("{what}", &what),
            )
        });
    Some(KeyFigureContext {
        label: figure.label.clone().unwrap_or_else(|| row.label.clone()),
        value,
        source: if block.columns.len() == 1 {
            title.to_string()
        } else {
            format!("{title}, {}", block.column_name(target.column))
        },
        change,
        href: format!("{page}#{}.{}", block.id, row.id),
    })
}
