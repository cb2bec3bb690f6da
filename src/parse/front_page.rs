//! The front page's leading items (`[front]` in book.toml) resolved against
//! the book's blocks: each key figure to its cell, each chart and goals
//! reference to its block. A reference to nothing is reported where
//! book.toml writes it, as an inline figure's would be.

use super::markdown::{parse_figure_reference, InlineFigure};
use super::FigureTarget;
use crate::budget::Block;
use crate::diagnostic::{suggest, Diagnostics, Problem};
use crate::load::FrontPageConfig;
use crate::source::Location;

/// What the front page leads with, as indices into the book's blocks.
#[derive(Debug, Default)]
pub struct FrontPage {
    pub figures: Vec<KeyFigure>,
    /// Tables whose charts are shown.
    pub charts: Vec<usize>,
    /// Goals blocks whose state is shown.
    pub goals: Vec<usize>,
}

#[derive(Debug)]
pub struct KeyFigure {
    pub target: FigureTarget,
    /// The author's name for it; default the row's label.
    pub label: Option<String>,
}

/// Resolves `config` against `blocks`; every wrong reference is reported
/// and left out.
pub fn resolve(
    config: &FrontPageConfig,
    blocks: &[Block],
    diagnostics: &mut Diagnostics,
) -> FrontPage {
    let mut front = FrontPage::default();
    for figure in &config.figures {
        let Some((block, row, column)) = parse_figure_reference(&figure.reference) else {
            diagnostics.error(
                Problem::FigureSyntax {
                    written: figure.reference.clone(),
                },
                figure.location.clone(),
            );
            continue;
        };
        let inline = InlineFigure {
            block,
            row,
            column,
            location: figure.location.clone(),
            // A key figure stands on its own: no text goes on after it.
            next_word: String::new(),
        };
        if let Some(target) = super::links::resolve_figure(&inline, blocks, diagnostics) {
            front.figures.push(KeyFigure {
                target,
                label: figure.label.clone(),
            });
        }
    }
    for (id, location) in &config.charts {
        let Some(b) = find_block(id, location, blocks, diagnostics) else {
            continue;
        };
        if blocks[b].has_chart() {
            front.charts.push(b);
        } else {
            diagnostics.error(
                Problem::FrontPage {
                    message: format!(
                        "`{id}` has no chart to show (`charts` names tables drawn as charts)"
                    ),
                },
                location.clone(),
            );
        }
    }
    for (id, location) in &config.goals {
        let Some(b) = find_block(id, location, blocks, diagnostics) else {
            continue;
        };
        if matches!(blocks[b], Block::Goals(_)) {
            front.goals.push(b);
        } else {
            diagnostics.error(
                Problem::FrontPage {
                    message: format!("`{id}` is not a goals block (`kind: goals`)"),
                },
                location.clone(),
            );
        }
    }
    front
}

fn find_block(
    id: &str,
    location: &Location,
    blocks: &[Block],
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let found = blocks.iter().position(|b| b.id() == id);
    if found.is_none() {
        diagnostics.error(
            Problem::UnknownBlock {
                block: id.to_string(),
                suggestion: suggest(id, blocks.iter().map(Block::id)),
            },
            location.clone(),
        );
    }
    found
}
