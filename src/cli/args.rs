//! Command-line arguments as clap sees them, before validation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// factlint checks the claims that articles make against declared facts.
///
/// Rule authors declare facts in YAML; factlint reads articles (plain text or
/// Markdown, in English, French, Italian, Arabic, Spanish and German), finds
/// the claims they make about those facts, judges them at the article's date
/// and reports contradictions and supporting quotes.
#[derive(Debug, Parser)]
#[command(
    name = "factlint",
    version,
    about,
    long_about,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles: report contradictions (errors) and supporting quotes.
    ///
    /// Exit status: 0 when no contradiction of severity `error` was found,
    /// 1 when one was, 2 for a usage error, a rule set that does not load, or
    /// a file that cannot be read.
    Check(CheckArgs),
    /// Load and validate rule sets, or list their facts.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Run every fact's examples (and the language packs' examples).
    ///
    /// Exit status: 0 when all pass, 1 on any failure, 2 when the rules do not load.
    Test(TestArgs),
    /// Show how a text is read: mentions, numbers, hedges, claims, verdicts.
    Explain(ExplainArgs),
}

#[derive(Debug, Args, Clone, Default)]
pub struct RulesArgs {
    /// A rule directory (repeatable). Replaces the built-in rule set's
    /// entities and facts; the built-in language packs always stay.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load and validate the rule set; print a one-line summary.
    Check(RulesArgs),
    /// Print every fact: id, statement, period, source.
    List(RulesArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Diagnostics with the claim underlined (miette).
    Human,
    /// One JSON object, as the rule-language spec defines it.
    Json,
    /// One JSON finding per line, streamed as files finish.
    Jsonl,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, one test case per article.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args, Clone, Default)]
pub struct CheckArgs {
    /// Files and directories to check (directories recursively: .txt, .md,
    /// .markdown); `-` reads standard input. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// The date articles without a date are read at (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The language of articles that do not say (default: detected).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Show contradictions only.
    #[arg(long, conflicts_with = "show_supported")]
    pub hide_supported: bool,
    /// Show supporting quotes too (the default for human, json and jsonl).
    #[arg(long)]
    pub show_supported: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Number of threads (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Report, and fail on, only contradictions not recorded in this baseline.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current contradictions in a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print a count per fact and verdict after the report (on stderr for
    /// machine formats).
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when contradictions are found.
    #[arg(long)]
    pub exit_zero: bool,
    /// Read configuration from this file instead of looking for factlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any factlint.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Re-run when an article or a rule file changes.
    #[arg(long)]
    pub watch: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct TestArgs {
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Run only the examples of facts whose id contains this text.
    #[arg(long, value_name = "ID")]
    pub filter: Option<String>,
    /// Re-run when a rule file changes.
    #[arg(long)]
    pub watch: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Human,
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct ExplainArgs {
    /// The text to explain; `-` reads standard input.
    #[arg(
        value_name = "TEXT",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub text: Option<String>,
    /// Explain this file instead.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// The language of the text (default: front matter, else detected).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// The date to judge at (default: front matter, else today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    pub format: ExplainFormat,
}
