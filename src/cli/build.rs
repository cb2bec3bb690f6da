use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Failure;
use crate::diagnostic::counted;
use crate::site::{self, BuildOptions};

#[derive(clap::Args)]
pub struct Args {
    /// The book's directory (with book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write the site here instead of the book's build-dir
    #[arg(long, short)]
    dest: Option<PathBuf>,
    /// Include chapters marked `draft: true`, marked as drafts
    #[arg(long)]
    drafts: bool,
    /// Leave out the search index (faster)
    #[arg(long)]
    no_search: bool,
    /// Leave out the PNG link previews of charts (`og/`; faster for a
    /// large book, whose shared links then show `[site] image`)
    #[arg(long)]
    no_previews: bool,
    /// Print the time each stage took
    #[arg(long)]
    timings: bool,
    /// Compare each table with the table of the same id in this book
    #[arg(long, value_name = "DIR")]
    compare: Option<PathBuf>,
}

pub fn execute(args: Args, quiet: bool) -> Result<(), Failure> {
    let started = Instant::now();
    // A bar only on a terminal; the summary line is always printed.
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} rendering page {pos} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let ticker = bar.clone();
    let report = site::build(
        &args.dir,
        &BuildOptions {
            include_drafts: args.drafts,
            destination: args.dest,
            search: !args.no_search,
            compare: args.compare,
            on_page: Some(Arc::new(move || ticker.inc(1))),
            without_previews: args.no_previews,
        },
    );
    bar.finish_and_clear();
    let report = report?;
    if !quiet {
        super::report::report(&report.warnings);
        if !report.has_base_url {
            eprintln!(
                "note: citations, embed code and link previews give addresses relative to the site; set [site] base-url in book.toml for full ones"
            );
        }
        eprintln!(
            "built {}, {} and {} into {} ({}) in {} ms; search index {:.1} kB",
            counted(report.pages, "page", "pages"),
            counted(report.blocks, "budget table", "budget tables"),
            counted(report.charts, "chart", "charts"),
            report.destination.display(),
            super::report::counts(&report.warnings),
            started.elapsed().as_millis(),
            report.search_index_bytes as f64 / 1000.0,
        );
        eprintln!("{}", report.coverage.summary());
        if let Some(goals) = &report.goals {
            eprintln!("{goals}");
        }
    }
    if args.timings {
        let t = report.timings;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        eprintln!(
            "stages (ms): load {:.0}, parse {:.0}, validate {:.0}, charts {:.0}, previews {:.0}, render and write {:.0}, search {:.0}, swap {:.0}",
            ms(t.load),
            ms(t.parse),
            ms(t.validate),
            ms(t.charts),
            ms(t.previews),
            ms(t.render),
            ms(t.search),
            ms(t.write)
        );
    }
    Ok(())
}
