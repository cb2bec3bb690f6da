//! The sheet of a block with `source:`: its file found inside the book, by
//! the same rules as chapters, and read as a plain table.

use std::path::{Component, Path, PathBuf};

use super::table::{self, FigureReader, SheetTable};
use super::{Request, SheetProblem};
use crate::budget::number::NumberStyle;

/// The spreadsheets the blocks of a chapter read: where to find them, and
/// which were read (for `serve` to watch).
#[derive(Debug, Default)]
pub struct SheetFiles<'a> {
    /// The book's folder; `None` where there is no book on disk (a chapter
    /// parsed on its own), and no sheet can be read.
    pub root: Option<&'a Path>,
    /// The files read or looked for, relative to the book.
    pub read: Vec<PathBuf>,
}

/// A `source:` as written: `{file, sheet, range}`.
#[derive(Debug, Clone)]
pub struct SourceSpec<'s> {
    pub file: &'s str,
    pub sheet: Option<&'s str>,
    pub range: Option<&'s str>,
}

/// Where a sheet's problem is: the file, the sheet or the range named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    File,
    Sheet,
    Range,
    /// The source as a whole: its cells.
    Cells,
}

impl SheetProblem {
    /// Which part of a `source:` the problem is about.
    pub fn part(&self) -> Part {
        match self {
            SheetProblem::Missing { .. }
            | SheetProblem::OutsideBook { .. }
            | SheetProblem::Format { .. }
            | SheetProblem::Unreadable { .. }
            | SheetProblem::Encrypted { .. } => Part::File,
            SheetProblem::NoSheet { .. } => Part::Sheet,
            SheetProblem::Range { .. } => Part::Range,
            _ => Part::Cells,
        }
    }
}

impl SheetFiles<'_> {
    /// Reads the table a `source:` names: the range's first row gives the
    /// columns, its first column the labels, the rest the figures.
    ///
    /// Text figures are read in `style` when the block names one, else in
    /// the style a CSV file is found to use, else in `reader`'s.
    pub fn table(
        &mut self,
        spec: &SourceSpec,
        style: Option<NumberStyle>,
        reader: FigureReader,
    ) -> Result<SheetTable, Vec<SheetProblem>> {
        let one = |p: SheetProblem| vec![p];
        let Some(root) = self.root else {
            return Err(one(SheetProblem::Missing {
                file: spec.file.to_string(),
                what: "cannot be read: the chapter is not read from a book's folder",
            }));
        };
        let relative = inside(spec.file).ok_or_else(|| {
            one(SheetProblem::OutsideBook {
                file: spec.file.to_string(),
                how: "",
            })
        })?;
        self.read.push(relative.clone());
        let path = root.join(&relative);
        // A symbolic link in the book must not lead to a file outside it.
        if let (Ok(real), Ok(book)) = (path.canonicalize(), root.canonicalize()) {
            if !real.starts_with(&book) {
                return Err(one(SheetProblem::OutsideBook {
                    file: spec.file.to_string(),
                    how: " (a symbolic link leads out of it)",
                }));
            }
        }
        let request = Request {
            sheet: spec.sheet.map(str::to_string),
            range: spec.range.map(str::to_string),
            number_style: style,
            delimiter: None,
        };
        let sheet = super::read(&path, spec.file, &request).map_err(one)?;
        let reader = FigureReader {
            style: sheet.number_style.unwrap_or(reader.style),
            ..reader
        };
        table::plain(sheet.grid, reader)
    }
}

/// `file` as a path inside the book: relative, and no `..` that climbs out.
fn inside(file: &str) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for component in Path::new(file).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::inside;
    use std::path::PathBuf;

    #[test]
    fn a_sheet_stays_inside_the_book() {
        assert_eq!(inside("data/a.xlsx"), Some(PathBuf::from("data/a.xlsx")));
        assert_eq!(inside("./data/../a.xlsx"), Some(PathBuf::from("a.xlsx")));
        assert_eq!(inside("../a.xlsx"), None);
        assert_eq!(inside("data/../../a.xlsx"), None);
        assert_eq!(inside("/etc/a.xlsx"), None);
        assert_eq!(inside(""), None);
    }
}
