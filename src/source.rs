//! Source files and positions in them.
//!
//! Every location the tool reports is a byte range in one of the book's files;
//! line and column are derived from it when a message is printed, so that the
//! stages never have to agree on a second coordinate system.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents};

/// A file of the book, kept in memory for parsing and for error reports.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user: relative to the book directory.
    pub path: PathBuf,
    named: NamedSource<String>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Arc<Self> {
        let path = path.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let named = NamedSource::new(path.display().to_string(), text);
        Arc::new(SourceFile {
            path,
            named,
            line_starts,
        })
    }

    pub fn text(&self) -> &str {
        self.named.inner()
    }

    pub fn display_path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.boundary(offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text()[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// Byte offset of a 1-based line and character column; clamped to the file.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text().len();
        };
        let rest = &self.text()[start..];
        let line_text = rest.split('\n').next().unwrap_or("");
        line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_text.len(), |(i, _)| start + i)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let rest = &self.text()[start..];
        rest.split('\n').next().unwrap_or("").trim_end_matches('\r')
    }

    /// The nearest character boundary at or before `offset`, in the file.
    fn boundary(&self, offset: usize) -> usize {
        let text = self.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// A location in this file. Offsets computed from parsed text (YAML
    /// escapes, formulas) may fall inside a character or past the end; they
    /// are moved to character boundaries inside the file.
    pub fn location(self: &Arc<Self>, offset: usize, len: usize) -> Location {
        let start = self.boundary(offset);
        let end = self.boundary(start.saturating_add(len));
        Location {
            file: Arc::clone(self),
            offset: start,
            len: end - start,
        }
    }
}

/// Error reports read only the lines around a problem, found with the line
/// index. miette's own reading of a text counts lines from its start for
/// every report, so that a long file with many problems took time in the
/// square of its length to report (ten thousand SUMMARY.md items without a
/// link: minutes).
impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.text();
        let line_of = |offset: usize| {
            self.line_starts
                .partition_point(|&start| start <= offset.min(text.len()))
                - 1
        };
        // From the byte before the span: miette looks there for an empty span.
        let first = line_of(span.offset().saturating_sub(1)).saturating_sub(context_lines_before);
        let span_end = (span.offset() + span.len()).saturating_sub(1);
        // One line more than the context: miette stops by itself once it has
        // read the lines it needs.
        let last = line_of(span_end) + context_lines_after + 1;
        let from = self.line_starts[first];
        let to = self
            .line_starts
            .get(last + 1)
            .copied()
            .unwrap_or(text.len());
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let lines = text[from..to].read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.named.name().to_string(),
            lines.data(),
            SourceSpan::new((lines.span().offset() + from).into(), lines.span().len()),
            lines.line() + first,
            lines.column(),
            lines.line_count() + first,
        )))
    }
}

/// A byte range in a source file.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub offset: usize,
    pub len: usize,
}

impl Location {
    pub fn line_column(&self) -> (usize, usize) {
        self.file.line_column(self.offset)
    }

    /// The location `delta` bytes further into the same file.
    pub fn shifted(&self, delta: usize, len: usize) -> Location {
        self.file.location(self.offset + delta, len)
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (line, column) = self.line_column();
        write!(f, "{}:{line}:{column}", self.file.path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "åäö\nÅrets resultat\n".to_string());
        let offset = file.text().find("resultat").unwrap();
        assert_eq!(file.line_column(offset), (2, 7));
        assert_eq!(file.offset_of(2, 7), offset);
        assert_eq!(file.line_text(2), "Årets resultat");
    }

    #[test]
    fn locations_stay_on_character_boundaries() {
        let file = SourceFile::new("a.md", "åäö".to_string());
        let location = file.location(1, 3);
        assert_eq!((location.offset, location.len), (0, 2));
        assert_eq!(location.line_column(), (1, 1));
        assert_eq!(file.location(99, 5).offset, 6);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let file = SourceFile::new("a.md", "ab".to_string());
        assert_eq!(file.offset_of(9, 1), 2);
        assert_eq!(file.offset_of(1, 9), 2);
        assert_eq!(file.line_column(99), (1, 3));
    }

    /// What miette reads around a span: text, span, line, column, lines.
    fn read(
        source: &dyn SourceCode,
        offset: usize,
        len: usize,
        context: usize,
    ) -> Option<(Vec<u8>, usize, usize, usize, usize, usize)> {
        let contents = source
            .read_span(&SourceSpan::new(offset.into(), len), context, context)
            .ok()?;
        Some((
            contents.data().to_vec(),
            contents.span().offset(),
            contents.span().len(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        ))
    }

    #[test]
    fn reports_read_the_same_lines_as_miette_would() {
        let text = "# Rubrik\n\nåäö text\r\nmer\n\n- [A](a.md)\n  - [B](b.md)\nsist";
        let file = SourceFile::new("a.md", text.to_string());
        let whole = NamedSource::new("a.md", text.to_string());
        for offset in 0..=text.len() {
            for len in [0, 1, 3, 12] {
                for context in [0, 1, 2, 5] {
                    assert_eq!(
                        read(&*file, offset, len, context),
                        read(&whole, offset, len, context),
                        "offset {offset}, length {len}, context {context}"
                    );
                }
            }
        }
    }
}
