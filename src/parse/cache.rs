//! Chapters parsed before, kept by `serve` so that an edit parses again
//! only the chapters it changed. A chapter is taken from the cache only
//! when its text and everything else its parse reads (the book's settings,
//! which chapters are unpublished) are what they were; otherwise it is
//! parsed and the cache updated. A chapter whose blocks read spreadsheets
//! (`source:`) is never kept: what it read is not in its text.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::markdown::MarkdownChapter;
use crate::budget::Block;
use crate::diagnostic::Diagnostics;

/// What parsing a chapter gave: its pieces, its blocks (numbered from 0)
/// and its problems.
pub type ChapterParse = (MarkdownChapter, Vec<Block>, Diagnostics);

#[derive(Default)]
pub struct ParseCache {
    chapters: Mutex<HashMap<PathBuf, Entry>>,
}

struct Entry {
    text: String,
    settings: String,
    parsed: Arc<ChapterParse>,
}

impl ParseCache {
    pub fn new() -> Self {
        ParseCache::default()
    }

    /// The parse of `path` when it was parsed from `text` with `settings`.
    pub(super) fn get(&self, path: &PathBuf, text: &str, settings: &str) -> Option<ChapterParse> {
        let parsed = {
            let chapters = self.chapters.lock().unwrap_or_else(|e| e.into_inner());
            let entry = chapters.get(path)?;
            (entry.text == text && entry.settings == settings).then(|| Arc::clone(&entry.parsed))?
        };
        // Copied outside the lock: chapters are taken on every core.
        Some((*parsed).clone())
    }

    pub(super) fn put(&self, path: PathBuf, text: &str, settings: &str, parsed: &ChapterParse) {
        if !parsed.0.sheets.is_empty() {
            // Kept out rather than stale: a sheet may change, or come to be.
            self.chapters
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&path);
            return;
        }
        let entry = Entry {
            text: text.to_string(),
            settings: settings.to_string(),
            parsed: Arc::new(parsed.clone()),
        };
        self.chapters
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, entry);
    }
}
