//! What the tool tells an author about their book: located, typed problems.
//!
//! Every stage reports into a [`Diagnostics`] list instead of stopping at the
//! first problem, so one `check` shows everything that needs fixing. The CLI
//! renders these with miette; tests compare their plain [`std::fmt::Display`].

mod help;
mod problem;
mod text;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::source::Location;

pub use problem::Problem;
pub(crate) use text::with_thousands;
pub use text::{counted, escape_controls, for_terminal, push_escaped, suggest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something the author said on purpose, listed so that it is seen.
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One reported problem, with where it is.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Boxed: diagnostics travel in `Result`s, and most are never made.
    pub problem: Box<Problem>,
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn error(problem: Problem, location: impl Into<Option<Location>>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            problem: Box::new(problem),
            location: location.into(),
        }
    }

    pub fn warning(problem: Problem, location: impl Into<Option<Location>>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            problem: Box::new(problem),
            location: location.into(),
        }
    }

    pub fn note(problem: Problem, location: impl Into<Option<Location>>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            problem: Box::new(problem),
            location: location.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many problems this entry stands for: one, or as many as an
    /// [`Problem::Omitted`] entry leaves out.
    pub fn count(&self) -> usize {
        match *self.problem {
            Problem::Omitted { count, .. } => count,
            _ => 1,
        }
    }
}

/// `file:line:column: error[code]: message` — the one-line form, as compilers
/// print it, with control characters escaped.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{}: ", escape_controls(&location.to_string()))?;
        }
        write!(f, "{}", self.headline())?;
        if let Some(cell) = self.location.as_ref().and_then(|l| l.cell.as_deref()) {
            write!(f, " (at {})", for_terminal(cell))?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The machine-readable form, for editors and CI (`check --format json`).
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::json!({
            "severity": self.severity.name(),
            "code": self.problem.code(),
            "message": self.problem.to_string(),
            "help": self.problem.help(),
        });
        if let Problem::Omitted { code, count, file } = &*self.problem {
            value["omitted_code"] = serde_json::json!(code);
            value["omitted_count"] = serde_json::json!(count);
            if let Some(file) = file {
                value["file"] = serde_json::json!(file);
            }
        }
        if let Some(location) = &self.location {
            let (line, column) = location.line_column();
            let (end_line, end_column) = location.file.line_column(location.offset + location.len);
            value["file"] =
                serde_json::json!(location.file.path.to_string_lossy().replace('\\', "/"));
            value["line"] = serde_json::json!(line);
            value["column"] = serde_json::json!(column);
            value["end_line"] = serde_json::json!(end_line);
            value["end_column"] = serde_json::json!(end_column);
            if let Some(cell) = &location.cell {
                value["cell"] = serde_json::json!(&**cell);
            }
        }
        value
    }

    /// `error[code]: message`, without the location, as a terminal may
    /// show it ([`for_terminal`]).
    pub fn headline(&self) -> String {
        let severity = self.severity.name();
        let message = self.problem.to_string();
        format!(
            "{severity}[{}]: {}",
            self.problem.code(),
            for_terminal(&message)
        )
    }
}

impl std::error::Error for Diagnostic {}

/// The problems found in a book, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Keeps only the diagnostics `keep` says to.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.list.retain(keep);
    }

    /// Puts the problem `rewrite` gives in place of each one it gives one
    /// for, where it was found, with its severity.
    pub fn rewrite(&mut self, rewrite: impl Fn(&Problem) -> Option<Problem>) {
        for diagnostic in &mut self.list {
            if let Some(problem) = rewrite(&diagnostic.problem) {
                *diagnostic.problem = problem;
            }
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn error(&mut self, problem: Problem, location: impl Into<Option<Location>>) {
        self.push(Diagnostic::error(problem, location));
    }

    pub fn warning(&mut self, problem: Problem, location: impl Into<Option<Location>>) {
        self.push(Diagnostic::warning(problem, location));
    }

    pub fn note(&mut self, problem: Problem, location: impl Into<Option<Location>>) {
        self.push(Diagnostic::note(problem, location));
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics in the order found, at most [`SHOWN_PER_KIND`] of a
    /// kind in a file: the rest of each such group are counted in one
    /// [`Problem::Omitted`] entry where the first of them was.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        // Per file and code: how many were seen, and where their summary is.
        type Kind = (Option<PathBuf>, &'static str);
        let mut groups: HashMap<Kind, (usize, Option<usize>)> = HashMap::new();
        let mut shown = Vec::new();
        for diagnostic in self.list {
            let file = diagnostic.location.as_ref().map(|l| l.file.path.clone());
            let code = diagnostic.problem.code();
            let (seen, summary) = groups.entry((file.clone(), code)).or_default();
            *seen += 1;
            if *seen <= SHOWN_PER_KIND {
                shown.push(diagnostic);
                continue;
            }
            match *summary {
                Some(index) => {
                    let entry: &mut Diagnostic = &mut shown[index];
                    entry.severity = entry.severity.max(diagnostic.severity);
                    if let Problem::Omitted { count, .. } = entry.problem.as_mut() {
                        *count += 1;
                    }
                }
                None => {
                    *summary = Some(shown.len());
                    let problem = Problem::Omitted {
                        code,
                        count: 1,
                        file: file.map(|f| f.to_string_lossy().replace('\\', "/")),
                    };
                    shown.push(Diagnostic {
                        severity: diagnostic.severity,
                        problem: Box::new(problem),
                        location: None,
                    });
                }
            }
        }
        shown
    }
}

/// How many problems of one kind in one file are reported one by one: a
/// file full of one mistake then gives a report of readable size.
pub const SHOWN_PER_KIND: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_first_of_a_kind_in_a_file_problems_are_counted() {
        let a = crate::source::SourceFile::new("a.md", "x".repeat(100));
        let b = crate::source::SourceFile::new("b.md", "x".repeat(100));
        let mut diagnostics = Diagnostics::default();
        for i in 0..30 {
            diagnostics.error(Problem::NotUtf8, a.location(i, 1));
            diagnostics.warning(Problem::NoPopulation, a.location(i, 1));
        }
        for i in 0..5 {
            diagnostics.error(Problem::NotUtf8, b.location(i, 1));
        }
        let shown = diagnostics.into_vec();
        let lines: Vec<String> = shown.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 20 + 20 + 2 + 5);
        assert_eq!(
            lines[40],
            "error[omitted]: … and 10 more of this kind (`not-utf8`) in a.md"
        );
        assert_eq!(
            lines[41],
            "warning[omitted]: … and 10 more of this kind (`no-population`) in a.md"
        );
        assert_eq!(
            lines[42],
            "b.md:1:1: error[not-utf8]: the file is not valid UTF-8"
        );
        let represented: usize = shown.iter().map(Diagnostic::count).sum();
        assert_eq!(represented, 65);
        assert_eq!(with_thousands(4812), "4,812");
        assert_eq!(with_thousands(1_000_000), "1,000,000");
        assert_eq!(with_thousands(999), "999");
    }
}
