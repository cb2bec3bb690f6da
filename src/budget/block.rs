//! A budget block: the YAML inside a ```` ```budget ```` fence. Each kind
//! (`table`, `goals`, `decision`) has its own model; this is the one type
//! that holds any of them, and the reader that chooses among them.

use serde::de;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::columns::Column;
use super::decision::DecisionBlock;
use super::goals::Goals;
use super::table::{Conventions, Row, Table};
use crate::diagnostic::{Diagnostics, Problem};
use crate::import::source::SheetFiles;
use crate::source::Location;
use crate::yaml::EmbeddedYaml;

// Most blocks are tables; boxing the large variant would only add an
// allocation to the common case.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Block {
    Table(Table),
    Goals(Goals),
    Decision(Box<DecisionBlock>),
}

impl Block {
    pub fn id(&self) -> &str {
        match self {
            Block::Table(t) => &t.id,
            Block::Goals(g) => &g.id,
            Block::Decision(d) => &d.id,
        }
    }

    pub fn title(&self) -> Option<&str> {
        match self {
            Block::Table(t) => t.title.as_deref(),
            Block::Goals(g) => g.title.as_deref(),
            Block::Decision(d) => d.title.as_deref(),
        }
    }

    /// The block's `id` value, or its fence when it has none.
    pub fn location(&self) -> &Location {
        match self {
            Block::Table(t) => &t.location,
            Block::Goals(g) => &g.location,
            Block::Decision(d) => &d.location,
        }
    }

    /// The kind as the author writes it (`kind: goals`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Block::Table(_) => "table",
            Block::Goals(_) => "goals",
            Block::Decision(_) => "decision",
        }
    }

    pub fn as_table(&self) -> Option<&Table> {
        match self {
            Block::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The columns its figures or goals are given in; a decision has none.
    pub fn columns(&self) -> &[Column] {
        match self {
            Block::Table(t) => &t.columns,
            Block::Goals(g) => &g.columns,
            Block::Decision(_) => &[],
        }
    }

    /// Column `index`'s heading as one line ("2024 Netto"), for messages.
    pub fn column_name(&self, index: usize) -> String {
        self.columns()
            .get(index)
            .map(Column::full_name)
            .unwrap_or_default()
    }

    /// Every column's heading as one line.
    pub fn column_names(&self) -> Vec<String> {
        self.columns().iter().map(Column::full_name).collect()
    }

    /// The rows a reference `block.row` can name: a table's.
    pub fn rows(&self) -> &[Row] {
        match self {
            Block::Table(t) => &t.rows,
            _ => &[],
        }
    }

    /// Whether the page shows a chart of this block.
    pub fn has_chart(&self) -> bool {
        self.as_table().is_some_and(Table::has_chart)
    }
}

/// Reads one block. Problems go to `diagnostics`; `None` when the block is
/// too broken to take part in validation.
/// Only the `kind` key, to choose the parser; other keys are read by it.
#[derive(Deserialize)]
struct KindProbe {
    kind: Option<Spanned<String>>,
    /// A table that reads its figures from a sheet.
    source: Option<de::IgnoredAny>,
}

pub fn parse(
    yaml: &EmbeddedYaml,
    fence: Location,
    conventions: Conventions,
    sheets: &mut SheetFiles,
    diagnostics: &mut Diagnostics,
) -> Option<Block> {
    // Most blocks are tables without `kind` or `source`; for them a glance at
    // the top-level keys saves reading the whole document twice.
    let probe = if plainly_without_kind_or_source(&yaml.text) {
        None
    } else {
        yaml.parse::<KindProbe>().ok()
    };
    let sourced = probe.as_ref().is_some_and(|p| p.source.is_some());
    if let Some(KindProbe {
        kind: Some(kind), ..
    }) = probe
    {
        match kind.value.as_str() {
            "table" => {}
            "goals" => return super::goals::parse(yaml, fence, diagnostics).map(Block::Goals),
            "decision" => {
                return super::decision::parse(yaml, fence, diagnostics)
                    .map(|d| Block::Decision(Box::new(d)))
            }
            other => {
                diagnostics.error(
                    Problem::UnknownKind {
                        kind: other.to_string(),
                    },
                    yaml.location_of(&kind.referenced),
                );
                return None;
            }
        }
    }
    let table = if sourced {
        super::sheet_source::parse(yaml, fence, conventions, sheets, diagnostics)
    } else {
        super::table::parse(yaml, fence, conventions, diagnostics)
    }?;
    // Checked once the figures are where they are read from (a sheet's
    // cells).
    super::chart_spec::check_drawable(&table, diagnostics);
    super::chart_spec::check_treemap(&table, diagnostics).then_some(Block::Table(table))
}

/// Whether `text` is surely a block mapping whose top-level keys include
/// neither `kind` nor `source`: its first content line starts at column 0
/// and every line that does is a plain `key:` with a word for a key. Any
/// other shape (flow mappings, anchors, tags, merge keys, quoted or complex
/// keys, directives) answers `false`, and the document is probed in full.
fn plainly_without_kind_or_source(text: &str) -> bool {
    let mut first = true;
    for line in text.lines() {
        let content = line.trim_start_matches([' ', '\t']);
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at_margin = content.len() == line.len();
        if first && !at_margin {
            return false;
        }
        first = false;
        if !at_margin {
            continue;
        }
        let Some((key, rest)) = line.split_once(':') else {
            return false;
        };
        let plain_key = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        let separated = rest.is_empty() || rest.starts_with([' ', '\t']);
        if !plain_key || !separated || key == "kind" || key == "source" {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::plainly_without_kind_or_source as plain;

    #[test]
    fn a_plain_table_needs_no_probe() {
        assert!(plain(
            "id: b1\n# a note\ncolumns: [A, B]\nrows:\n  - {id: r0, kind: x}\n"
        ));
    }

    #[test]
    fn kind_source_or_any_unusual_shape_is_probed() {
        for text in [
            "id: b1\nkind: goals\n",
            "id: b1\nsource: sheet.csv\n",
            "{id: b1, kind: goals}\n",
            "  id: b1\n  kind: goals\n",
            "<<: *base\n",
            "\"kind\": goals\n",
            "kind : goals\n",
            "---\nkind: goals\n",
            "&a\nid: b1\n",
            "? kind\n: goals\n",
            "id:b1\n",
        ] {
            assert!(!plain(text), "{text:?}");
        }
    }
}
