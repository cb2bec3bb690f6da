//! Source files and positions in them.
//!
//! Every location the tool reports is a byte range in one of the book's files;
//! line and column are derived from it when a message is printed, so that the
//! stages never have to agree on a second coordinate system.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file of the book, kept in memory for parsing and for error reports.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user: relative to the book directory.
    pub path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
    /// For a text put together from several files (a chapter with its
    /// includes): where each piece of it was written, in order.
    origins: Vec<Origin>,
}

/// A piece of a composed text and where it comes from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Where the piece starts in the composed text.
    pub start: usize,
    pub len: usize,
    /// The file the piece was copied from, and where in it.
    pub file: Arc<SourceFile>,
    pub offset: usize,
    /// The piece is not a copy but stands for this many bytes at `offset`
    /// (a code fence written around an included file): every position in
    /// it is that place.
    pub stands_for: Option<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Arc<Self> {
        let path = path.into();
        let line_starts = Self::line_starts(&text);
        Arc::new(SourceFile {
            path,
            text,
            line_starts,
            origins: Vec::new(),
        })
    }

    /// A text composed of pieces of other files, shown as `path`; every
    /// location in it is reported in the file its piece came from.
    /// `origins` are in order and do not overlap; text between them
    /// belongs to no file and is reported where the next piece starts.
    pub fn composed(path: impl Into<PathBuf>, text: String, origins: Vec<Origin>) -> Arc<Self> {
        let line_starts = Self::line_starts(&text);
        Arc::new(SourceFile {
            path: path.into(),
            text,
            line_starts,
            origins,
        })
    }

    fn line_starts(text: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    }

    pub fn text(&self) -> &str {
        &self.text
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
        if !self.origins.is_empty() {
            return self.origin_location(offset, len);
        }
        let start = self.boundary(offset);
        let end = self.boundary(start.saturating_add(len));
        Location {
            file: Arc::clone(self),
            offset: start,
            len: end - start,
            cell: None,
        }
    }
}

impl SourceFile {
    /// A location in a composed text, in the file it was written in.
    fn origin_location(&self, offset: usize, len: usize) -> Location {
        let index = self
            .origins
            .partition_point(|o| o.start + o.len <= offset)
            .min(self.origins.len() - 1);
        let origin = &self.origins[index];
        if let Some(whole) = origin.stands_for {
            return origin.file.location(origin.offset, whole);
        }
        if offset < origin.start {
            return origin.file.location(origin.offset, 1);
        }
        let delta = (offset - origin.start).min(origin.len);
        let len = len.min(origin.len - delta);
        origin.file.location(origin.offset + delta, len)
    }
}

/// A byte range in a source file.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub offset: usize,
    pub len: usize,
    /// The spreadsheet cell a figure read from a sheet came from
    /// (`data/drift.xlsx, Drift!D14`); the location itself is where the
    /// chapter names the sheet.
    pub cell: Option<Arc<str>>,
}

impl Location {
    pub fn line_column(&self) -> (usize, usize) {
        self.file.line_column(self.offset)
    }

    /// The same place, standing for the spreadsheet cell `cell`.
    pub fn at_cell(&self, cell: &str) -> Location {
        Location {
            cell: Some(Arc::from(cell)),
            ..self.clone()
        }
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
}
