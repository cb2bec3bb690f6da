//! A build killed with SIGKILL at any moment leaves either the old site or
//! the new one, complete — never a mix, never nothing.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

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
    let (mut old, mut new) = (0, 0);
    // Kill times spread over the whole build, from start-up to the swap.
    for round in 0..24u64 {
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
        std::thread::sleep(Duration::from_millis(round * 17 % 400));
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
    eprintln!("killed 24 builds: {old} left the old site, {new} the new one");
    assert_eq!(old + new, 24);
}
