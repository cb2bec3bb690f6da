//! A build killed with SIGKILL at any moment leaves either the old site or
//! the new one, complete — never a mix, never nothing; and the next build
//! removes what the killed one left beside it.

#![cfg(unix)]

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn build(book: &Path, dest: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_budgetbook"))
        .args([
            "build",
            "-q",
            book.to_str().unwrap(),
            "--dest",
            dest.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let work = tempfile::tempdir().unwrap();
    let old_book = common::fixture("valid/minimal");
    let new_book = common::default_book();
    // The two complete sites, for comparison.
    let (old_reference, new_reference) = (work.path().join("old"), work.path().join("new"));
    build(&old_book, &old_reference);
    build(&new_book, &new_reference);
    let old_site: BTreeMap<PathBuf, Vec<u8>> = common::read_tree(&old_reference);
    let new_site = common::read_tree(&new_reference);

    let dest = work.path().join("site");
    build(&old_book, &dest);
    let started = Instant::now();
    build(&new_book, &work.path().join("timed"));
    let build_time = started.elapsed();
    let (mut old, mut new, mut killed_running) = (0, 0, 0);
    // Kill times spread over the whole build, from start-up to the swap and
    // a little after.
    for round in 0..24u32 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_budgetbook"))
            .args([
                "build",
                "-q",
                new_book.to_str().unwrap(),
                "--dest",
                dest.to_str().unwrap(),
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(build_time * (round * 7 % 24) / 20);
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = common::read_tree(&dest);
        if now == old_site {
            old += 1;
        } else if now == new_site {
            new += 1;
            build(&old_book, &dest);
        } else {
            panic!(
                "round {round}: the site is neither the old one nor the new one ({} files)",
                now.len()
            );
        }
    }
    eprintln!("killed 24 builds of {build_time:?}: {old} left the old site, {new} the new one");
    // The test is only worth something if builds were killed while they
    // ran (how many land after the swap depends on the machine's load).
    assert!(killed_running > 0, "no build was killed while it ran");

    // Killed builds may have left staging directories; the next build
    // removes them.
    build(&new_book, &dest);
    let leftovers: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".site."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_running_builds_staging_directory_is_left_alone() {
    let work = tempfile::tempdir().unwrap();
    let dest = work.path().join("site");
    // One made by this (running) process, and one by a process that is gone.
    let running = work
        .path()
        .join(format!(".site.new-{}-abc123", std::process::id()));
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let dead = work.path().join(format!(".site.new-{}-def456", gone.id()));
    for dir in [&running, &dead] {
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join("index.html"), "partial").unwrap();
    }
    build(&common::fixture("valid/minimal"), &dest);
    assert!(running.is_dir(), "a running build's directory was removed");
    assert!(!dead.exists(), "a dead build's directory was left");
}
