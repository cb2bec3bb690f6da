// A faster allocator than the system's for a build that makes millions of
// small strings on every core: about a fifth off a large book's build time.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "mimalloc")]
    return_memory_sooner();
    #[cfg(all(feature = "mimalloc", target_os = "linux"))]
    without_huge_pages();
    budgetbook::cli::run()
}

/// mimalloc 3 keeps memory a thread has freed for a second before it gives
/// it back to the system. A build frees and allocates page after page, so
/// a second's worth is a tenth of a large book's peak memory (10,000 budget
/// chapters: 430 MB against 375 MB). The price is memory taken afresh more
/// often: in alternating runs, up to 5 % of a large book's build time, and
/// none measurable on a small one. 10 ms is mimalloc 2's delay; 50 ms
/// still leaves the 10,000 chapters at 420 MB. The link previews, which
/// would take megabytes afresh each, keep theirs per thread.
/// `MIMALLOC_PURGE_DELAY=1000` restores mimalloc's own delay.
#[cfg(feature = "mimalloc")]
fn return_memory_sooner() {
    // `mi_option_purge_delay` in mimalloc.h's `mi_option_t`; the Rust
    // bindings name only some of the options.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an option; any value is valid for this one.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
    }
}

/// mimalloc asks Linux for transparent huge pages, which are 2 MB where
/// a page is 4 kB: a thread that touches a little of a huge page holds all
/// of it, and a purge gives back less. Without them, 10,000 budget chapters
/// peak at 356 MB rather than 387 MB (10,000 plain chapters at 180 MB
/// rather than 208 MB), with no measurable difference in time, large book
/// or small, in alternating runs. `MIMALLOC_ALLOW_THP=1` keeps them.
#[cfg(all(feature = "mimalloc", target_os = "linux"))]
fn without_huge_pages() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // The process's own setting, which outranks mimalloc's requests
        // for the memory it reserved before `main`.
        // SAFETY: PR_SET_THP_DISABLE takes an integer flag and no pointer.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}
