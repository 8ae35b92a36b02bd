//! The command line: clap definitions, validated configuration, commands.
//!
//! Raw arguments become a validated configuration before anything runs
//! (`config`); each command then returns an [`Outcome`], which `main.rs`
//! maps to the process exit code. Only this module and `report` print.

pub mod args;
pub mod check_cmd;
pub mod config;
pub mod explain_cmd;
pub mod progress;
pub mod rules_cmd;
pub mod test_cmd;
pub mod walk;
pub mod watch;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Parser;

use crate::lang::Packs;
use crate::lang::pack::PackError;
use crate::rules::RuleSource;
use crate::rules::builtin::{builtin_files, is_language_pack};
use crate::rules::model::RuleSet;
use args::{Cli, ColorArg, Command, RulesCommand};

/// How a command ended, mapped to the exit code by `main.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: nothing to report at error severity.
    Clean,
    /// Exit 1: a contradiction of severity `error`, or a failing test.
    Findings,
    /// Exit 2: a usage error or a rule set that does not load.
    Error,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        }
    }
}

/// Parses the arguments and runs the command.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Outcome {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    Outcome::Clean
                }
                _ => Outcome::Error,
            };
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    match cli.command {
        Command::Check(args) => check_cmd::run(args),
        Command::Rules(RulesCommand::Check(args)) => rules_cmd::rules_check(
            &sources(&args.rules),
            &mut stdout.lock(),
            &mut stderr.lock(),
        ),
        Command::Rules(RulesCommand::List(args)) => rules_cmd::rules_list(
            &sources(&args.rules),
            &mut stdout.lock(),
            &mut stderr.lock(),
        ),
        Command::Test(args) => test_cmd::run(args),
        Command::Explain(args) => explain_cmd::run(args),
    }
}

/// The rule sources for a list of `--rules` directories: the built-in set
/// when there are none, as the spec says.
pub fn sources(dirs: &[PathBuf]) -> Vec<RuleSource> {
    if dirs.is_empty() {
        vec![RuleSource::Builtin]
    } else {
        dirs.iter().cloned().map(RuleSource::Dir).collect()
    }
}

/// Whether to colour output written to stdout (or stderr).
pub fn use_color(choice: ColorArg, terminal: bool) -> bool {
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Whether `lang`, given with `--lang`, has a language pack; says so on
/// stderr when it has none.
pub fn has_pack(packs: &Packs, lang: &str) -> bool {
    if packs.get(lang).is_some() {
        return true;
    }
    let known: Vec<&str> = packs.languages().collect();
    eprintln!(
        "error: no language pack for --lang {lang:?}; factlint knows {}",
        known.join(", ")
    );
    false
}

/// Loads the rule set and the language packs (built-in packs plus the rule
/// directories' `lang/*.yaml`). On failure every diagnostic is printed to
/// `err` and `None` is returned.
///
/// The built-in packs do not depend on the rule set, so they are parsed on a
/// second thread while the rules load: start-up is most of the time a small
/// draft takes to check.
pub fn load_rules(
    sources: &[RuleSource],
    color: bool,
    err: &mut dyn Write,
) -> Option<(RuleSet, Packs)> {
    let options = crate::rules::diagnostic::RenderOptions {
        color,
        ..Default::default()
    };
    let (rules, builtin) = std::thread::scope(|scope| {
        let builtin = scope.spawn(builtin_packs);
        let rules = rules_cmd::load_or_report(sources, options, err);
        let builtin = builtin
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rules, builtin)
    });
    let rules = rules?;
    let packs = add_rule_set_packs(builtin, &rules, color, err)?;
    Some((rules, packs))
}

/// Loads the built-in language packs and a rule set's own `lang/*.yaml`. On
/// failure every diagnostic is printed to `err` and `None` is returned.
pub fn load_packs(rules: &RuleSet, color: bool, err: &mut dyn Write) -> Option<Packs> {
    add_rule_set_packs(builtin_packs(), rules, color, err)
}

/// The built-in language packs, and the errors found in them.
fn builtin_packs() -> (Packs, Vec<PackError>) {
    let mut packs = Packs::default();
    let errors = packs.add(
        builtin_files()
            .iter()
            .filter(|(name, _)| is_language_pack(name))
            .map(|(n, t)| (*n, *t)),
    );
    (packs, errors)
}

/// Adds a rule set's own `lang/*.yaml` to the built-in packs, then prints
/// every error found in either and returns `None` if there was one.
fn add_rule_set_packs(
    (mut packs, mut errors): (Packs, Vec<PackError>),
    rules: &RuleSet,
    color: bool,
    err: &mut dyn Write,
) -> Option<Packs> {
    let extra: Vec<(String, &str)> = rules
        .extra_lang_packs
        .iter()
        .map(|(p, t)| (p.display().to_string(), t.as_str()))
        .collect();
    errors.extend(packs.add(extra.iter().map(|(n, t)| (n.as_str(), *t))));
    if errors.is_empty() {
        return Some(packs);
    }
    let handler = if color {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode())
    } else {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
    };
    for e in &errors {
        let mut text = String::new();
        let _ = handler.render_report(&mut text, e);
        let _ = writeln!(err, "{text}");
    }
    let _ = writeln!(err, "{} errors in language packs", errors.len());
    None
}

/// Today's date in the local time zone, for articles with no date.
pub fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}
