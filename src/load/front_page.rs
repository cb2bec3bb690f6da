//! book.toml's `[front]`: what the front page leads with — key figures,
//! charts and goals, each a reference into the book's blocks. Read here
//! with where each reference is written; resolved against the blocks when
//! they are parsed (`parse::front_page`).

use std::sync::Arc;

use serde::Deserialize;

use crate::source::{Location, SourceFile};

/// The front page's leading items, as written, each with its place in
/// book.toml.
#[derive(Debug, Clone, Default)]
pub struct FrontPageConfig {
    /// `block.row[column]` references, shown large.
    pub figures: Vec<KeyFigureConfig>,
    /// Blocks whose charts are shown.
    pub charts: Vec<(String, Location)>,
    /// Goals blocks whose state is shown.
    pub goals: Vec<(String, Location)>,
}

#[derive(Debug, Clone)]
pub struct KeyFigureConfig {
    /// As written: `resultatbudget.arets-resultat[Budget 2026]`.
    pub reference: String,
    /// The figure's name on the front page; default the row's label.
    pub label: Option<String>,
    pub location: Location,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFront {
    #[serde(default)]
    figures: Vec<toml::Spanned<RawFigure>>,
    #[serde(default)]
    charts: Vec<toml::Spanned<String>>,
    #[serde(default)]
    goals: Vec<toml::Spanned<String>>,
}

/// A key figure: the reference alone, or with a label of its own.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawFigure {
    Reference(String),
    Labelled(LabelledFigure),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelledFigure {
    figure: String,
    label: Option<String>,
}

impl RawFront {
    pub(super) fn read(self, file: &Arc<SourceFile>) -> FrontPageConfig {
        // A string's span includes its quotes: point at what is inside.
        let inside = |span: std::ops::Range<usize>, quoted: bool| {
            if quoted && span.len() >= 2 {
                file.location(span.start + 1, span.len() - 2)
            } else {
                file.location(span.start, span.len())
            }
        };
        let named = |items: Vec<toml::Spanned<String>>| {
            items
                .into_iter()
                .map(|item| {
                    let location = inside(item.span(), true);
                    (item.into_inner(), location)
                })
                .collect()
        };
        FrontPageConfig {
            figures: self
                .figures
                .into_iter()
                .map(|item| {
                    let span = item.span();
                    match item.into_inner() {
                        RawFigure::Reference(reference) => KeyFigureConfig {
                            reference,
                            label: None,
                            location: inside(span, true),
                        },
                        RawFigure::Labelled(f) => KeyFigureConfig {
                            reference: f.figure,
                            label: f.label,
                            location: inside(span, false),
                        },
                    }
                })
                .collect(),
            charts: named(self.charts),
            goals: named(self.goals),
        }
    }
}
