//! The factlint binary: everything lives in the library; this maps the
//! outcome of a command to the process exit code (0 clean, 1 findings,
//! 2 error).

/// mimalloc rather than the system allocator: checking a corpus makes a few
/// short-lived allocations per sentence on every worker thread, and glibc's
/// malloc spent about a sixth of the run's CPU time on them (measured in
/// `docs/performance.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(factlint::cli::run(std::env::args_os()).exit_code())
}
