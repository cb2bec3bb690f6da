//! Stage 5: put the site on disk, atomically. Files are written as they are
//! rendered into a fresh directory beside the destination, which replaces
//! the old site only when the whole build succeeded; a failed build leaves
//! the previous site as it was, and removes its own partial directory. A
//! build killed outright cannot clean up; the next build into the same
//! destination removes what it left.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::destination::{MARKER, MARKER_TEXT};
use crate::error::Error;
use crate::render::OutputFile;

/// A site being written: a temporary directory beside its destination.
pub struct Staging {
    destination: PathBuf,
    parent: PathBuf,
    name: String,
    /// Removed automatically if the build fails before `commit`.
    dir: tempfile::TempDir,
    /// Directories already created, so that each is created once.
    made: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Starts a site for `destination`, which [`super::destination::guard`]
    /// has resolved and allowed.
    pub fn new(destination: &Path) -> Result<Staging, Error> {
        let parent = match destination.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
        let name = destination
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        remove_leftovers(&parent, &name);
        // The process id in the name tells a later build whether the one
        // that made it is still running.
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| Error::io("create a directory in", &parent, e))?;
        Ok(Staging {
            destination: destination.to_path_buf(),
            parent,
            name,
            dir,
            made: Mutex::new(HashSet::new()),
        })
    }

    fn target(&self, relative: &Path) -> Result<PathBuf, Error> {
        let to = self.dir.path().join(relative);
        if let Some(parent) = to.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if made.insert(parent.to_path_buf()) {
                fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
            }
        }
        Ok(to)
    }

    /// Writes a file of the site; may be called from several threads.
    pub fn write(&self, file: &OutputFile) -> Result<(), Error> {
        let to = self.target(&file.path)?;
        fs::write(&to, &file.contents).map_err(|e| Error::io("write", &to, e))
    }

    /// Copies a file of the book's `static/` directory.
    pub fn copy(&self, from: &Path, relative: &Path) -> Result<(), Error> {
        let to = self.target(relative)?;
        fs::copy(from, &to)
            .map(|_| ())
            .map_err(|e| Error::io("copy", from, e))
    }

    /// Swaps the finished site in for the old one. If that fails, the
    /// staging directory is removed and the old site stays as it was.
    pub fn commit(self) -> Result<(), Error> {
        // Written last, so that no file of the book's can stand in for it.
        let marker = self.dir.path().join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io("write", &marker, e))?;
        make_readable(self.dir.path())?;
        let staged = self.dir.path();
        let destination = &self.destination;
        if destination.exists() && exchange(staged, destination).is_ok() {
            // One atomic step: the new site is in place, the old one is at
            // the staging path, which dropping `dir` removes.
        } else if destination.exists() {
            // Without an atomic exchange (other systems, some file systems),
            // two renames: the old site is moved aside, then the new one in.
            let old = tempfile::Builder::new()
                .prefix(&format!(".{}.old-{}-", self.name, std::process::id()))
                .tempdir_in(&self.parent)
                .map_err(|e| Error::io("create a directory in", &self.parent, e))?;
            let old_path = old.path().to_path_buf();
            // The empty placeholder only reserved a unique name.
            fs::remove_dir(&old_path).map_err(|e| Error::io("remove", &old_path, e))?;
            fs::rename(destination, &old_path)
                .map_err(|e| Error::io("move aside", destination, e))?;
            if let Err(e) = fs::rename(staged, destination) {
                let _ = fs::rename(&old_path, destination);
                return Err(Error::io("move into place", destination, e));
            }
            // Dropping `old` removes the old site.
            drop(old);
        } else {
            fs::rename(staged, destination)
                .map_err(|e| Error::io("move into place", destination, e))?;
            // Nothing is left at the staging path for `dir` to remove.
            let _ = self.dir.keep();
        }
        Ok(())
    }
}

/// Removes the staging directories (`.NAME.new-PID-…`, `.NAME.old-PID-…`)
/// of builds into `parent/name` whose process is gone: builds killed before
/// they could remove their own. Those of running builds are left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = [".new-", ".old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix('.')
                .and_then(|n| n.strip_prefix(name))
                .and_then(|n| n.strip_prefix(kind))
        }) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !process_is_running(pid))
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            // Another build may be removing it too; either one suffices.
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Without a way to ask, every process counts as running: nothing is removed.
#[cfg(not(unix))]
fn process_is_running(_pid: u32) -> bool {
    true
}

/// Swaps two paths in one atomic step (Linux `renameat2` with
/// `RENAME_EXCHANGE`), so that the destination is never missing.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call; renameat2 reads them and touches no other memory of ours.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Temporary directories are private; a published site is not.
#[cfg(unix)]
fn make_readable(dir: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("set permissions of", dir, e))
}

#[cfg(not(unix))]
fn make_readable(_dir: &Path) -> Result<(), Error> {
    Ok(())
}
