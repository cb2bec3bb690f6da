//! Stage 5: put the site on disk, atomically. Everything is written into a
//! fresh directory beside the destination, which replaces the old site only
//! when complete; a failed build leaves the previous site as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::render::OutputFile;

/// Files copied verbatim from the book's `static/` directory.
pub struct StaticFiles<'a> {
    pub dir: PathBuf,
    pub files: &'a [PathBuf],
}

pub fn write_site(
    destination: &Path,
    files: &[OutputFile],
    statics: &StaticFiles,
) -> Result<(), Error> {
    if destination.exists() && !destination.is_dir() {
        return Err(Error::Destination {
            path: destination.to_path_buf(),
            reason: "it exists and is not a directory",
        });
    }
    let parent = match destination.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
    let name = destination
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());

    // Removed automatically if anything below fails.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .map_err(|e| Error::io("create a directory in", &parent, e))?;

    for relative in statics.files {
        let from = statics.dir.join(relative);
        let to = staging.path().join(relative);
        create_parent(&to)?;
        fs::copy(&from, &to).map_err(|e| Error::io("copy", &from, e))?;
    }
    // Generated files win over static files of the same name.
    for file in files {
        let to = staging.path().join(&file.path);
        create_parent(&to)?;
        fs::write(&to, &file.contents).map_err(|e| Error::io("write", &to, e))?;
    }
    make_readable(staging.path())?;

    let staged = staging.keep();
    if destination.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io("create a directory in", &parent, e))?
            .keep();
        // The empty placeholder only reserved a unique name.
        fs::remove_dir(&old).map_err(|e| Error::io("remove", &old, e))?;
        fs::rename(destination, &old).map_err(|e| Error::io("move aside", destination, e))?;
        if let Err(e) = fs::rename(&staged, destination) {
            let _ = fs::rename(&old, destination);
            let _ = fs::remove_dir_all(&staged);
            return Err(Error::io("move into place", destination, e));
        }
        fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e))?;
    } else {
        fs::rename(&staged, destination)
            .map_err(|e| Error::io("move into place", destination, e))?;
    }
    Ok(())
}

fn create_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e)),
        None => Ok(()),
    }
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
