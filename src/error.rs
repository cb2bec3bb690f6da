//! The errors that stop a build. Problems *in* the book are [`Diagnostic`]s,
//! collected and reported together; these wrap them or are about the machine.

use std::path::PathBuf;

use crate::diagnostic::{counted, Diagnostic};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a book: it has no book.toml (create one, or name the book's directory)", dir.display())]
    NotABook { dir: PathBuf },
    #[error("the book has {}", counted(diagnostics.iter().filter(|d| d.is_error()).map(Diagnostic::count).sum(), "error", "errors"))]
    Invalid { diagnostics: Vec<Diagnostic> },
    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },
    /// The link-preview image of a chart could not be drawn (a fault of
    /// the program, not of the book).
    #[error("the preview image of the chart of `{block}`: {message}")]
    Preview { block: String, message: String },
    #[error("refusing to {action} {}: {reason}", path.display())]
    Destination {
        path: PathBuf,
        action: &'static str,
        reason: String,
    },
}

impl Error {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// The exit status FORMAT.md promises: 1 for a book with errors,
    /// 2 for usage and I/O failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid { .. } | Error::Template { .. } => 1,
            Error::Io { .. }
            | Error::NotABook { .. }
            | Error::Destination { .. }
            | Error::Preview { .. } => 2,
        }
    }
}
