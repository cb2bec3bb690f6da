//! Where a site may go. A build replaces its destination whole and `clean`
//! removes it, so a mistyped path must never cost the author anything: the
//! path is resolved first (`..` and symbolic links, as the system will
//! follow them), then refused if it is or holds anything of the book, a
//! directory every user keeps (`/`, the home directory), or a directory
//! that budgetbook did not write.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// Written into the root of every site built, so that a later build or
/// `clean` knows the directory is a site it may replace.
pub const MARKER: &str = ".budgetbook-site";

/// The marker's text, the same in every build.
pub const MARKER_TEXT: &str = "This directory was written by budgetbook. \
The next build replaces it whole, and `budgetbook clean` removes it.\n";

/// What is about to be done to the destination, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Build,
    Clean,
}

impl Use {
    pub fn action(self) -> &'static str {
        match self {
            Use::Build => "write the site to",
            Use::Clean => "remove",
        }
    }
}

/// `destination` resolved and checked against the book in `root` with its
/// source directory `src`: the path to use from here on, or why not.
pub fn guard(root: &Path, src: &Path, destination: &Path, usage: Use) -> Result<PathBuf, Error> {
    let refuse = |reason: String| Error::Destination {
        path: destination.to_path_buf(),
        action: usage.action(),
        reason,
    };
    let resolved = resolve(destination).map_err(|e| Error::io("resolve", destination, e))?;
    let root = fs::canonicalize(root).map_err(|e| Error::io("resolve", root, e))?;

    if resolved.parent().is_none() {
        return Err(refuse("it is the root directory".into()));
    }
    if root.starts_with(&resolved) {
        let what = if root == resolved {
            "it is the book's own directory".to_string()
        } else {
            format!("it holds the book ({})", root.display())
        };
        return Err(refuse(format!(
            "{what}; give a directory of its own, such as {}",
            root.join("book").display()
        )));
    }
    if let Some(home) = home_directory() {
        if home.starts_with(&resolved) {
            return Err(refuse(format!(
                "it is the home directory{}; give a directory of its own, such as {}",
                if home == resolved { "" } else { " or holds it" },
                root.join("book").display()
            )));
        }
    }
    for source in sources(&root, src) {
        if resolved.starts_with(&source) || source.starts_with(&resolved) {
            return Err(refuse(format!(
                "it is, holds or lies inside the book's sources ({}); give a directory of its own, such as {}",
                source.display(),
                root.join("book").display()
            )));
        }
    }
    match fs::symlink_metadata(&resolved) {
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(
            "it is a symbolic link; give the directory it leads to, or another path".into(),
        )),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            "it exists and is not a directory; remove it or give another path".into(),
        )),
        Ok(_) => match foreign_entries(&resolved) {
            Ok(None) => Ok(resolved),
            Ok(Some(found)) => Err(refuse(format!(
                "it is not a site that budgetbook built (it has no {MARKER} file) and it holds {found}; \
                 give an empty or new directory, or remove it yourself if it can go"
            ))),
            Err(e) => Err(Error::io("read", &resolved, e)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(resolved),
        Err(e) => Err(Error::io("read", &resolved, e)),
    }
}

/// The absolute path the system would reach by `path`: every existing
/// directory on the way resolved (symbolic links, `..` after a link), the
/// rest taken as written. The last component is kept as it is, so that a
/// destination that is itself a symbolic link is seen as one.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let components: Vec<Component> = absolute.components().collect();
    let mut resolved = PathBuf::new();
    for (index, component) in components.iter().enumerate() {
        let last = index + 1 == components.len();
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if !last {
                    if let Ok(real) = fs::canonicalize(&resolved) {
                        resolved = real;
                    }
                }
            }
        }
    }
    Ok(resolved)
}

/// The book's sources: each as named, and where a symbolic link inside the
/// book leads (a link that leaves the book is not followed by the build,
/// and a folder it leads to is guarded by the marker rule).
fn sources(root: &Path, src: &Path) -> Vec<PathBuf> {
    let mut sources = Vec::new();
    for name in [
        src,
        Path::new("templates"),
        Path::new("static"),
        Path::new("book.toml"),
    ] {
        let named = root.join(name);
        if let Ok(real) = fs::canonicalize(&named) {
            if real.starts_with(root) && real != named {
                sources.push(real);
            }
        }
        sources.push(named);
    }
    sources
}

/// `None` for an empty directory or one with the marker; otherwise a short
/// account of what it holds, for the message.
fn foreign_entries(dir: &Path) -> std::io::Result<Option<String>> {
    if dir.join(MARKER).is_file() {
        return Ok(None);
    }
    let mut names: Vec<String> = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    if names.is_empty() {
        return Ok(None);
    }
    names.sort();
    let count = names.len();
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    Ok(Some(match count {
        1 => format!("`{}`", shown[0]),
        n if n <= 3 => format!("{n} entries: {}", shown.join(", ")),
        n => format!("{n} entries, such as {}", shown.join(", ")),
    }))
}

fn home_directory() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    if home.is_empty() {
        return None;
    }
    fs::canonicalize(&home).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dot_dot_after_the_directories_it_passes() {
        let work = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(work.path()).unwrap();
        fs::create_dir(base.join("book")).unwrap();
        assert_eq!(
            resolve(&base.join("book/../book")).unwrap(),
            base.join("book")
        );
        assert_eq!(resolve(&base.join("book/x/..")).unwrap(), base.join("book"));
        assert_eq!(
            resolve(&base.join("book/./site")).unwrap(),
            base.join("book/site")
        );
        assert_eq!(
            resolve(&base.join("new/site")).unwrap(),
            base.join("new/site")
        );
    }

    #[cfg(unix)]
    #[test]
    fn follows_links_on_the_way_but_not_the_last_one() {
        let work = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(work.path()).unwrap();
        fs::create_dir_all(base.join("real/inner")).unwrap();
        std::os::unix::fs::symlink(base.join("real/inner"), base.join("link")).unwrap();
        // `link/..` is `real`, as the system reads it, not `base`.
        assert_eq!(
            resolve(&base.join("link/../site")).unwrap(),
            base.join("real/site")
        );
        assert_eq!(resolve(&base.join("link")).unwrap(), base.join("link"));
    }

    #[test]
    fn describes_what_a_foreign_directory_holds() {
        let work = tempfile::tempdir().unwrap();
        assert_eq!(foreign_entries(work.path()).unwrap(), None);
        fs::write(work.path().join("notes.txt"), "x").unwrap();
        assert_eq!(
            foreign_entries(work.path()).unwrap().unwrap(),
            "`notes.txt`"
        );
        for name in ["a", "b", "c"] {
            fs::write(work.path().join(name), "x").unwrap();
        }
        assert_eq!(
            foreign_entries(work.path()).unwrap().unwrap(),
            "4 entries, such as a, b, c"
        );
        fs::write(work.path().join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(foreign_entries(work.path()).unwrap(), None);
    }
}
