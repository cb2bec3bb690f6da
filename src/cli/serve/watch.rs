//! What `serve` rebuilds for: the watcher, the book's fingerprint that
//! tells a real change from a file merely touched or read, and the loop
//! that rebuilds on changes and retries a rebuild the machine failed.

use std::collections::{BTreeMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_mini::notify::event::{AccessKind, AccessMode};
use notify_debouncer_mini::notify::{
    self, Config, Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, Watcher,
    WatcherKind,
};
use walkdir::WalkDir;

use super::Outcome;

/// The first wait before a failed rebuild is tried again; each failure
/// doubles it, up to `LAST_RETRY`.
const FIRST_RETRY: Duration = Duration::from_millis(500);
const LAST_RETRY: Duration = Duration::from_secs(8);

/// The platform's watcher without the events of files being opened or
/// read: reading the book to rebuild it (or to compare its contents)
/// would otherwise raise events that start another round.
pub(super) struct ChangesOnly(RecommendedWatcher);

impl Watcher for ChangesOnly {
    fn new<F: EventHandler>(mut handler: F, config: Config) -> notify::Result<Self> {
        let changes = move |event: notify::Result<Event>| {
            let read = event.as_ref().is_ok_and(|event| {
                matches!(event.kind, EventKind::Access(kind)
                    if kind != AccessKind::Close(AccessMode::Write))
            });
            if !read {
                handler.handle_event(event);
            }
        };
        RecommendedWatcher::new(changes, config).map(ChangesOnly)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

/// Every watched file's size, modification time and a hash of its bytes.
pub(super) struct Fingerprint {
    /// Directories and files, each walked.
    sources: Vec<PathBuf>,
    /// Files besides the sources: the spreadsheets the book reads, as the
    /// last build named them.
    sheets: Vec<PathBuf>,
    files: BTreeMap<PathBuf, FileState>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct FileState {
    len: u64,
    modified: Option<SystemTime>,
    /// `None` when the file could not be read.
    hash: Option<u64>,
}

impl Fingerprint {
    /// The fingerprint of the files below `sources` as they are now.
    pub(super) fn new(sources: Vec<PathBuf>) -> Self {
        let mut fingerprint = Fingerprint {
            sources,
            sheets: Vec::new(),
            files: BTreeMap::new(),
        };
        fingerprint.update(&[]);
        fingerprint
    }

    /// Watches `sheets` besides the sources, from their state now: the
    /// build that named them has just read them.
    pub(super) fn set_files(&mut self, sheets: Vec<PathBuf>) {
        if sheets != self.sheets {
            self.sheets = sheets;
            self.update(&[]);
        }
    }

    /// The files that changed, appeared or went since the last look.
    ///
    /// A file whose size and modification time are unchanged counts as
    /// changed only if it is among `reported` and its bytes differ: a copy
    /// that keeps the time (`cp -p`, `rsync -t`) changes nothing else, and
    /// reading every file on every event would be slow in a large book.
    /// When the files can't be listed, `reported` counts as changed.
    pub(super) fn update(&mut self, reported: &[PathBuf]) -> Vec<PathBuf> {
        if let Some(changed) = self.update_reported(reported) {
            return changed;
        }
        let Some(listed) = self.list() else {
            return reported.to_vec();
        };
        let reported: HashSet<&PathBuf> = reported.iter().collect();
        let mut changed = Vec::new();
        let mut files = BTreeMap::new();
        for (path, (len, modified)) in listed {
            let old = self.files.get(&path).copied();
            let state = match old {
                Some(old)
                    if old.len == len && old.modified == modified && !reported.contains(&path) =>
                {
                    old
                }
                _ => {
                    let new = FileState {
                        len,
                        modified,
                        hash: content_hash(&path),
                    };
                    if old != Some(new) {
                        changed.push(path.clone());
                    }
                    new
                }
            };
            files.insert(path, state);
        }
        changed.extend(
            self.files
                .keys()
                .filter(|path| !files.contains_key(*path))
                .cloned(),
        );
        self.files = files;
        changed
    }

    /// What an edit reports: files of the book, each still a file or gone.
    /// Looking at those alone spares walking a large book on every save;
    /// `None` when a walk is needed (nothing reported, a folder, a path
    /// outside the book, a file that cannot be looked at).
    fn update_reported(&mut self, reported: &[PathBuf]) -> Option<Vec<PathBuf>> {
        if reported.is_empty() {
            return None;
        }
        let mut states = Vec::with_capacity(reported.len());
        for path in reported {
            if !self
                .sources
                .iter()
                .chain(&self.sheets)
                .any(|s| path.starts_with(s))
            {
                return None;
            }
            let state = match std::fs::metadata(path) {
                Ok(metadata) if metadata.is_file() => Some(FileState {
                    len: metadata.len(),
                    modified: metadata.modified().ok(),
                    hash: content_hash(path),
                }),
                // A file that went; a folder that went may have held many.
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && self.files.contains_key(path) =>
                {
                    None
                }
                _ => return None,
            };
            states.push((path, state));
        }
        let mut changed = Vec::new();
        for (path, state) in states {
            let old = match state {
                Some(state) => self.files.insert(path.clone(), state),
                None => self.files.remove(path),
            };
            if old != state && !changed.contains(path) {
                changed.push(path.clone());
            }
        }
        Some(changed)
    }

    /// Every file below the sources with its size and modification time;
    /// `None` if a directory could not be read (e.g. for want of file
    /// handles). An absent source has no files.
    fn list(&self) -> Option<BTreeMap<PathBuf, (u64, Option<SystemTime>)>> {
        let mut files = BTreeMap::new();
        for source in self.sources.iter().chain(&self.sheets) {
            for entry in WalkDir::new(source) {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(error)
                        if error
                            .io_error()
                            .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
                    {
                        continue
                    }
                    Err(_) => return None,
                };
                // Following a link, as the build does for chapters.
                let Ok(metadata) = std::fs::metadata(entry.path()) else {
                    continue;
                };
                if metadata.is_file() {
                    files.insert(
                        entry.into_path(),
                        (metadata.len(), metadata.modified().ok()),
                    );
                }
            }
        }
        Some(files)
    }
}

/// The folders of the spreadsheets a book reads, watched one by one (not
/// recursively) as builds name them, unless a watched source holds them.
pub(super) struct SheetDirs<W: Watcher> {
    debouncer: notify_debouncer_mini::Debouncer<W>,
    /// Watched recursively already.
    sources: Vec<PathBuf>,
    watched: HashSet<PathBuf>,
}

impl<W: Watcher> SheetDirs<W> {
    pub(super) fn new(
        debouncer: notify_debouncer_mini::Debouncer<W>,
        sources: Vec<PathBuf>,
    ) -> Self {
        SheetDirs {
            debouncer,
            sources,
            watched: HashSet::new(),
        }
    }

    /// Watches the folder of each sheet; a folder that is missing now is
    /// tried again after the next build.
    pub(super) fn watch(&mut self, sheets: &[PathBuf]) {
        for sheet in sheets {
            let Some(dir) = sheet.parent() else { continue };
            if self.sources.iter().any(|s| dir.starts_with(s)) || self.watched.contains(dir) {
                continue;
            }
            let watched = self
                .debouncer
                .watcher()
                .watch(dir, RecursiveMode::NonRecursive);
            if watched.is_ok() {
                self.watched.insert(dir.to_path_buf());
            }
        }
    }
}

/// A cheap hash of the file's bytes; `None` if it can't be read.
fn content_hash(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(&bytes);
    Some(hasher.finish())
}

/// Rebuilds whenever `changes` reports files that really changed, until
/// the watcher stops; `last` is how the first build ended. A rebuild that
/// failed to read the book is tried again after a while, less often each
/// time it fails again, so that a passing condition (every file handle in
/// use, a file being replaced) doesn't leave its error on every page.
pub(super) fn follow(
    changes: Receiver<Vec<PathBuf>>,
    mut fingerprint: Fingerprint,
    mut last: Outcome,
    mut rebuild: impl FnMut(&[PathBuf], bool) -> (Outcome, Vec<PathBuf>),
) {
    let mut rebuild = |changed: &[PathBuf], retrying: bool, fingerprint: &mut Fingerprint| {
        let (outcome, sheets) = rebuild(changed, retrying);
        fingerprint.set_files(sheets);
        outcome
    };
    let mut delay = FIRST_RETRY;
    let mut retry_at = (last == Outcome::ReadFailed).then(|| Instant::now() + delay);
    loop {
        let received = match retry_at {
            Some(at) => changes.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => changes.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let retrying = match received {
            Ok(mut reported) => {
                // Saves that came while the last rebuild ran.
                reported.extend(changes.try_iter().flatten());
                let changed = fingerprint.update(&reported);
                if changed.is_empty() {
                    continue;
                }
                last = rebuild(&changed, false, &mut fingerprint);
                false
            }
            Err(RecvTimeoutError::Timeout) => {
                fingerprint.update(&[]);
                last = rebuild(&[], true, &mut fingerprint);
                true
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        retry_at = if last == Outcome::ReadFailed {
            delay = if retrying {
                (delay * 2).min(LAST_RETRY)
            } else {
                FIRST_RETRY
            };
            Some(Instant::now() + delay)
        } else {
            None
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_that_keeps_size_and_time_is_a_change_only_when_reported() {
        let dir = tempfile::tempdir().unwrap();
        let chapter = dir.path().join("kapitel.md");
        std::fs::write(&chapter, "Text.").unwrap();
        let modified = std::fs::metadata(&chapter).unwrap().modified().unwrap();
        let mut fingerprint = Fingerprint::new(vec![dir.path().to_path_buf()]);
        let reported = std::slice::from_ref(&chapter);
        assert!(fingerprint.update(reported).is_empty(), "only read");

        std::fs::write(&chapter, "Txet.").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&chapter)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert!(fingerprint.update(&[]).is_empty(), "not reported");
        assert_eq!(fingerprint.update(reported), vec![chapter.clone()]);
        assert!(fingerprint.update(reported).is_empty(), "seen");

        std::fs::remove_file(&chapter).unwrap();
        assert_eq!(fingerprint.update(&[]), vec![chapter]);
    }
}
