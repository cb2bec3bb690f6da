//! An imported table written as a budget block: YAML that reads as the
//! author would write it, with every label and heading quoted (labels
//! with commas, colons or a leading `-` would otherwise change meaning).

use std::fmt::Write;

use super::table::{FigureValue, SheetTable};
use super::totals::{Derived, Findings, Piece};
use crate::budget::number::NumberStyle;

/// `text` as a YAML double-quoted scalar: JSON's escapes are YAML's.
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// The block's YAML, without the fence. `style` is added as the block's
/// `number-style` when a figure is written as text.
pub fn block(id: &str, table: &SheetTable, findings: &Findings, style: NumberStyle) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "id: {id}");
    if let Some(title) = &table.title {
        let _ = writeln!(out, "title: {}", quoted(title));
    }
    if let Some(unit) = &table.unit {
        let _ = writeln!(out, "unit: {}", quoted(unit));
    }
    // Figures written as text, and numbers a Swedish table would refuse,
    // are read in the number style they are written in.
    let styled = table
        .rows
        .iter()
        .flat_map(|r| &r.figures)
        .any(|f| match &f.value {
            FigureValue::Figure { quoted: true, .. } => true,
            FigureValue::Figure { text, .. } => may_group_thousands(text),
            _ => false,
        });
    if styled {
        let _ = writeln!(out, "number-style: {}", style.name());
    }
    if table.columns.iter().any(|c| c.group.is_some()) {
        out.push_str("columns:\n");
        for column in &table.columns {
            match &column.group {
                Some(group) => {
                    let _ = writeln!(
                        out,
                        "  - {{name: {}, group: {}}}",
                        quoted(&column.name),
                        quoted(group)
                    );
                }
                None => {
                    let _ = writeln!(out, "  - {{name: {}}}", quoted(&column.name));
                }
            }
        }
    } else {
        let names: Vec<String> = table.columns.iter().map(|c| quoted(&c.name)).collect();
        let _ = writeln!(out, "columns: [{}]", names.join(", "));
    }
    out.push_str("rows:\n");
    for (i, row) in table.rows.iter().enumerate() {
        let _ = write!(out, "  - {{id: {}, label: {}", row.id, quoted(&row.label));
        if row.is_heading() {
            out.push_str(", heading: true}\n");
            continue;
        }
        if row.percent {
            out.push_str(", unit: \"%\"");
        }
        let values: Vec<String> = row
            .figures
            .iter()
            .map(|f| figure(&f.value, style))
            .collect();
        let _ = write!(out, ", values: [{}]", values.join(", "));
        match findings.derived.get(i).and_then(Option::as_ref) {
            Some(Derived::Above) => out.push_str(", sum: above"),
            Some(Derived::Rows(parts)) => {
                let ids: Vec<&str> = parts.iter().map(|&r| table.rows[r].id.as_str()).collect();
                let _ = write!(out, ", sum: [{}]", ids.join(", "));
            }
            Some(Derived::Formula(pieces)) => {
                let _ = write!(out, ", formula: {}", quoted(&formula(pieces, table)));
            }
            None => {}
        }
        out.push_str("}\n");
    }
    out
}

/// Whether a number as a YAML scalar (`308.024`) would be refused in a
/// Swedish table, as perhaps 308 024.
fn may_group_thousands(text: &str) -> bool {
    crate::budget::number::dot_may_group_thousands(text.trim_start_matches('-'))
}

/// A figure as the block writes it: a cell's text as it was, a number as
/// YAML writes it, but with a decimal comma in a Swedish table where a dot
/// could group thousands (`"308,024"`).
fn figure(value: &FigureValue, style: NumberStyle) -> String {
    match value {
        FigureValue::None => "~".to_string(),
        FigureValue::Nil => "\"-\"".to_string(),
        FigureValue::Figure {
            text, quoted: true, ..
        } => quoted(text),
        FigureValue::Figure { text, .. }
            if style == NumberStyle::Sv && may_group_thousands(text) =>
        {
            quoted(&text.replace('.', ","))
        }
        FigureValue::Figure { text, .. } => text.clone(),
    }
}

/// `a / (b + c) * 100`: binary operators spaced, as formulas are written
/// (a `-` between ids must be, or it would join them into one id).
fn formula(pieces: &[Piece], table: &SheetTable) -> String {
    let mut out = String::new();
    let mut after_operand = false;
    for piece in pieces {
        match piece {
            Piece::Row(r) => {
                out.push_str(&table.rows[*r].id);
                after_operand = true;
            }
            Piece::Text(text) => match text.as_str() {
                "(" => {
                    out.push('(');
                    after_operand = false;
                }
                ")" => {
                    out.push(')');
                    after_operand = true;
                }
                "+" | "-" | "*" | "/" if after_operand => {
                    let _ = write!(out, " {text} ");
                    after_operand = false;
                }
                _ => {
                    out.push_str(text);
                    after_operand = text.chars().all(|c| c.is_ascii_digit() || c == '.');
                }
            },
        }
    }
    out
}

/// What `import` says when it is done: "35 rows, 6 columns, 5 totals
/// found, 0 unchecked".
pub fn summary(table: &SheetTable, findings: &Findings) -> String {
    format!(
        "{} rows, {} columns, {} totals found, {} unchecked",
        table.rows.len(),
        table.columns.len(),
        findings.totals(),
        findings.unmatched.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_a_swedish_table_would_refuse_is_written_with_a_decimal_comma() {
        let number = |text: &str| FigureValue::Figure {
            value: text.parse().unwrap(),
            text: text.to_string(),
            quoted: false,
        };
        assert_eq!(figure(&number("308.024"), NumberStyle::Sv), "\"308,024\"");
        assert_eq!(figure(&number("-75.695"), NumberStyle::Sv), "\"-75,695\"");
        assert_eq!(figure(&number("308.024"), NumberStyle::En), "308.024");
        // No thousands are grouped so: plain decimals.
        assert_eq!(figure(&number("1017.829"), NumberStyle::Sv), "1017.829");
        assert_eq!(figure(&number("412.5"), NumberStyle::Sv), "412.5");
        assert_eq!(figure(&number("0.155"), NumberStyle::Sv), "0.155");
    }

    #[test]
    fn labels_are_quoted_so_that_yaml_keeps_them_whole() {
        assert_eq!(quoted("Skola, fritid: kultur"), "\"Skola, fritid: kultur\"");
        assert_eq!(quoted("- #1 \"x\""), "\"- #1 \\\"x\\\"\"");
        assert_eq!(quoted("Nämnd\t"), "\"Nämnd\\t\"");
    }
}
