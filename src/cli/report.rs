//! Diagnostics as rustc prints them: the message, the file:line:column, the
//! source line with a caret under the problem, and what to do.
//!
//! Everything printed from a book is bounded and inert: the source lines
//! shown are an [`Excerpt`] cut to a window around the problem, and control
//! characters in them and in messages are shown escaped.

use std::fmt;
use std::io::IsTerminal;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diagnostic::{
    counted, escape_controls, for_terminal, push_escaped, Diagnostic, Problem, Severity,
};
use crate::source::Location;

/// Lines shown before and after the problem's own lines.
const CONTEXT_LINES: usize = 1;
/// A problem spanning more lines is shown by its first lines only.
const MAX_PROBLEM_LINES: usize = 3;
/// Characters shown of a source line; a longer line is cut to this window.
const WINDOW: usize = 100;
/// How many of the window's characters come before the problem's start.
const BEFORE_PROBLEM: usize = 30;

/// Adapts a [`Diagnostic`] to miette's report renderer.
struct Pretty<'a> {
    diagnostic: &'a Diagnostic,
    excerpt: Option<Excerpt>,
}

impl<'a> Pretty<'a> {
    fn new(diagnostic: &'a Diagnostic) -> Self {
        Pretty {
            diagnostic,
            excerpt: diagnostic.location.as_ref().map(Excerpt::new),
        }
    }
}

impl fmt::Debug for Pretty<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Pretty<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.headline())
    }
}

impl std::error::Error for Pretty<'_> {}

impl miette::Diagnostic for Pretty<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .problem
            .help()
            .map(|h| Box::new(for_terminal(&h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let excerpt = self.excerpt.as_ref()?;
        // A figure read from a spreadsheet: its cell, under the `source`.
        let cell = self
            .diagnostic
            .location
            .as_ref()
            .and_then(|l| l.cell.as_deref());
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            cell.map(for_terminal),
            excerpt.problem.offset(),
            excerpt.problem.len(),
        ))))
    }
}

/// The lines of a source file around a problem, as shown under its message:
/// each line cut to a window of [`WINDOW`] characters around the problem,
/// with `…` where text is left out, and control characters escaped.
/// Offsets in it are its own; line numbers are the file's.
struct Excerpt {
    /// `file:line:column` of the problem, shown as the excerpt's title.
    title: String,
    text: String,
    /// The file's line number (0-based) of the excerpt's first line.
    first_line: usize,
    /// Where the problem is in `text`.
    problem: SourceSpan,
}

impl Excerpt {
    fn new(location: &Location) -> Self {
        let file = &location.file;
        let source = file.text();
        let start = location.offset;
        let end = start + location.len;
        let (first, start_column) = file.line_column(start);
        let (last, _) = file.line_column(end.saturating_sub(1).max(start));
        let last = last.min(first + MAX_PROBLEM_LINES - 1);
        let (line_count, _) = file.line_column(source.len());
        let from = first.saturating_sub(CONTEXT_LINES).max(1);
        let to = (last + CONTEXT_LINES).min(line_count);
        let window_start = (start_column - 1).saturating_sub(BEFORE_PROBLEM);

        let mut text = String::new();
        // (offset in the file, offset in `text`), in increasing order: where
        // each shown character and each cut went.
        let mut anchors: Vec<(usize, usize)> = Vec::new();
        let mut problem_end = source.len();
        for number in from..=to {
            if number > from {
                text.push('\n');
            }
            let line_start = file.offset_of(number, 1);
            let line = file.line_text(number);
            // A cut line shows a full window, near the problem's columns.
            let shown_from = window_start.min(line.chars().count().saturating_sub(WINDOW));
            let mut chars = line.char_indices().skip(shown_from).peekable();
            if shown_from > 0 && chars.peek().is_some() {
                text.push('…');
            }
            for (i, c) in chars.by_ref().take(WINDOW) {
                anchors.push((line_start + i, text.len()));
                push_escaped(&mut text, c);
            }
            if let Some(&(i, _)) = chars.peek() {
                anchors.push((line_start + i, text.len()));
                text.push('…');
            }
            let line_end = line_start + line.len();
            anchors.push((line_end, text.len()));
            if number == last {
                // A problem reaching past its shown lines ends with them.
                problem_end = problem_end.min(line_end + 1);
            }
        }
        let position = |offset: usize| {
            let i = anchors.partition_point(|&(at, _)| at < offset);
            anchors.get(i).map_or(text.len(), |&(_, at)| at)
        };
        let problem_start = position(start);
        let problem_stop = position(end.min(problem_end));
        Excerpt {
            title: escape_controls(&location.to_string()).into_owned(),
            first_line: from - 1,
            problem: SourceSpan::new(
                problem_start.into(),
                problem_stop.saturating_sub(problem_start).max(1),
            ),
            text,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.title.clone(),
            inner.data(),
            *inner.span(),
            self.first_line + inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The renderer for `theme`: the excerpt's title is the location itself,
/// counted as the rest of the tool counts it (characters, not bytes).
fn handler(theme: miette::GraphicalTheme) -> miette::GraphicalReportHandler {
    miette::GraphicalReportHandler::new_themed(theme)
        .without_primary_span_start()
        .with_context_lines(CONTEXT_LINES)
}

/// The diagnostics as plain text, as the terminal shows them, without colour.
pub fn render_text(diagnostics: &[Diagnostic]) -> String {
    let handler = handler(miette::GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    for diagnostic in errors_first(diagnostics) {
        let mut one = String::new();
        match handler.render_report(&mut one, &Pretty::new(diagnostic)) {
            Ok(()) if diagnostic.location.is_some() => out.push_str(&one),
            _ => out.push_str(&diagnostic.to_string()),
        }
        out.push('\n');
    }
    out
}

/// Errors, then warnings, then notes, so that the one problem that stops a
/// build is never the eleventh thing an author reads; each in file order
/// ([`in_file_order`]).
pub fn errors_first(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut ordered = in_file_order(diagnostics);
    ordered.sort_by_key(|d| std::cmp::Reverse(d.severity));
    ordered
}

/// The problems in file order: the files in the order their first problem
/// was found (the book's order, roughly), each file's problems by where
/// they are, its "… and N more" last. Problems of no file come first.
pub fn in_file_order(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let file_of = |d: &Diagnostic| -> Option<String> {
        match (&d.location, d.problem.as_ref()) {
            (Some(location), _) => Some(location.file.path.to_string_lossy().replace('\\', "/")),
            (None, Problem::Omitted { file, .. }) => file.clone(),
            (None, _) => None,
        }
    };
    let mut first_seen: Vec<String> = Vec::new();
    for file in diagnostics.iter().filter_map(file_of) {
        if !first_seen.contains(&file) {
            first_seen.push(file);
        }
    }
    let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
    ordered.sort_by_key(|d| {
        let file = file_of(d).and_then(|f| first_seen.iter().position(|s| *s == f));
        let at = d.location.as_ref().map_or(usize::MAX, |l| l.offset);
        (file.map_or(0, |i| i + 1), at)
    });
    ordered
}

/// How many problems of `severity` the list stands for (an omitted entry
/// for all it leaves out).
pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(Diagnostic::count)
        .sum()
}

/// "6 warnings", or "6 warnings, 1 note" when the author kept figures as
/// published.
pub fn counts(diagnostics: &[Diagnostic]) -> String {
    let count = |severity| count(diagnostics, severity);
    let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
    let warnings = counted(warnings, "warning", "warnings");
    match notes {
        0 => warnings,
        n => format!("{warnings}, {}", counted(n, "note", "notes")),
    }
}

/// Prints each diagnostic to standard error, errors first.
pub fn report(diagnostics: &[Diagnostic]) {
    let handler = if std::io::stderr().is_terminal() {
        handler(miette::GraphicalTheme::default())
    } else {
        handler(miette::GraphicalTheme::unicode_nocolor())
    };
    for diagnostic in errors_first(diagnostics) {
        let mut out = String::new();
        match handler.render_report(&mut out, &Pretty::new(diagnostic)) {
            Ok(()) if diagnostic.location.is_some() => eprintln!("{out}"),
            _ => eprintln!("{diagnostic}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn problems_are_listed_errors_first_each_file_in_order() {
        let a = SourceFile::new("a.md", "x".repeat(100));
        let b = SourceFile::new("b.md", "x".repeat(100));
        let found = [
            Diagnostic::error(Problem::NotUtf8, a.location(50, 1)),
            Diagnostic::warning(Problem::NoPopulation, a.location(1, 1)),
            Diagnostic::error(Problem::NotUtf8, b.location(3, 1)),
            Diagnostic::error(Problem::NotUtf8, a.location(7, 1)),
            Diagnostic::error(Problem::SumAndFormula, None),
        ];
        let order: Vec<String> = errors_first(&found)
            .iter()
            .map(|d| d.to_string()[..d.to_string().find(": ").unwrap_or(0)].to_string())
            .collect();
        assert_eq!(
            order,
            [
                "error[sum-and-formula]",
                "a.md:1:8",
                "a.md:1:51",
                "b.md:1:4",
                "a.md:1:2"
            ]
        );
    }

    fn rendered(text: &str, offset: usize, len: usize) -> String {
        let file = SourceFile::new("c.md", text.to_string());
        let diagnostic = Diagnostic::error(Problem::NotUtf8, file.location(offset, len));
        render_text(&[diagnostic])
    }

    #[test]
    fn a_long_line_is_cut_around_the_problem_with_the_caret_under_it() {
        let text = format!("{}PROBLEM{}\n", "a".repeat(5000), "b".repeat(5000));
        let report = rendered(&text, 5000, 7);
        let lines: Vec<&str> = report.lines().collect();
        let source = lines.iter().find(|l| l.contains("PROBLEM")).unwrap();
        let caret = lines
            .iter()
            .find(|l| l.contains('─') && l.contains('·'))
            .unwrap();
        assert!(source.chars().count() < WINDOW + 20, "{source}");
        assert!(
            source.contains("1 │ …aaa") && source.ends_with("bbb…"),
            "{source}"
        );
        let column = |line: &str, needle: &str| line[..line.find(needle).unwrap()].chars().count();
        assert_eq!(
            column(source, "PROBLEM"),
            column(caret, "───────"),
            "{report}"
        );
        assert!(report.contains("[c.md:1:5001]"), "{report}");
    }

    #[test]
    fn a_problem_over_many_lines_shows_its_first_lines() {
        let text: String = (1..=50).map(|n| format!("line {n}\n")).collect();
        let start = text.find("line 10").unwrap();
        let report = rendered(&text, start, text.find("line 40").unwrap() - start);
        for shown in ["line 9\n", "line 10\n", "line 12\n", "line 13\n"] {
            assert!(report.contains(shown), "{report}");
        }
        assert!(
            !report.contains("line 8\n") && !report.contains("line 14"),
            "{report}"
        );
    }

    #[test]
    fn a_problem_at_the_end_of_a_file_is_shown() {
        let report = rendered("abc", 3, 0);
        assert!(report.contains("1 │ abc"), "{report}");
        let report = rendered("", 0, 0);
        assert!(report.contains("[c.md:1:1]"), "{report}");
    }
}
