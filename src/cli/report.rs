//! Diagnostics as rustc prints them: the message, the file:line:column, the
//! source line with a caret under the problem, and what to do.

use std::fmt;
use std::io::IsTerminal;

use crate::diagnostic::{Diagnostic, Severity};

/// Adapts a [`Diagnostic`] to miette's report renderer.
struct Pretty<'a>(&'a Diagnostic);

impl fmt::Debug for Pretty<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Pretty<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.headline())
    }
}

impl std::error::Error for Pretty<'_> {}

impl miette::Diagnostic for Pretty<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.0.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .problem
            .help()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0
            .location
            .as_ref()
            .map(|l| &*l.file as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let location = self.0.location.as_ref()?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            None,
            location.offset,
            location.len.max(1),
        ))))
    }
}

/// The diagnostics as plain text, as the terminal shows them, without colour.
pub fn render_text(diagnostics: &[Diagnostic]) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    for diagnostic in diagnostics {
        let mut one = String::new();
        match handler.render_report(&mut one, &Pretty(diagnostic)) {
            Ok(()) if diagnostic.location.is_some() => out.push_str(&one),
            _ => out.push_str(&diagnostic.to_string()),
        }
        out.push('\n');
    }
    out
}

/// Prints each diagnostic to standard error.
pub fn report(diagnostics: &[Diagnostic]) {
    let handler = if std::io::stderr().is_terminal() {
        miette::GraphicalReportHandler::new()
    } else {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
    };
    for diagnostic in diagnostics {
        let mut out = String::new();
        match handler.render_report(&mut out, &Pretty(diagnostic)) {
            Ok(()) if diagnostic.location.is_some() => eprintln!("{out}"),
            _ => eprintln!("{diagnostic}"),
        }
    }
}
