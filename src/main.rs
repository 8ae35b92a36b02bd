//! The factlint binary: everything lives in the library; this maps the
//! outcome of a command to the process exit code (0 clean, 1 findings,
//! 2 error).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(factlint::cli::run(std::env::args_os()).exit_code())
}
