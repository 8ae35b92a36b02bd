//! `factlint.toml`: configuration kept in the repository, and the validated
//! configuration of a `check` run (flags override the file).
//!
//! ```toml
//! rules = ["rules"]          # rule directories, relative to this file
//! builtin = false            # add the built-in rule set to them
//! include = ["articles/**"]  # only check paths matching these globs
//! exclude = ["drafts/**"]    # never check paths matching these globs
//! as-of = "2024-07-12"       # the date of undated articles
//! format = "human"           # human | json | jsonl | sarif | github | junit
//!
//! [severity]
//! japan-not-in-aukus = "warning"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;

use super::args::{CheckArgs, ColorArg, FormatArg};
use crate::check::engine::parse_date;
use crate::rules::RuleSource;
use crate::rules::model::Severity;

pub const FILE_NAME: &str = "factlint.toml";

/// A configuration error, pointing into the file when it can.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: Option<NamedSource<Arc<str>>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl ConfigError {
    fn plain(message: String, help: Option<String>) -> Box<ConfigError> {
        Box::new(ConfigError {
            message,
            src: None,
            span: None,
            label: String::new(),
            help,
        })
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    rules: Option<Vec<String>>,
    builtin: Option<bool>,
    include: Option<Vec<toml::Spanned<String>>>,
    exclude: Option<Vec<toml::Spanned<String>>>,
    as_of: Option<toml::Spanned<String>>,
    format: Option<toml::Spanned<String>>,
    severity: Option<BTreeMap<String, toml::Spanned<String>>>,
}

/// A parsed `factlint.toml`, paths resolved against its directory.
#[derive(Debug, Default)]
pub struct FileConfig {
    pub path: Option<PathBuf>,
    /// The file's text, for diagnostics found after parsing.
    pub text: Option<Arc<str>>,
    pub rules: Vec<PathBuf>,
    pub builtin: Option<bool>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub as_of: Option<Date>,
    pub format: Option<FormatArg>,
    pub severity: BTreeMap<String, Severity>,
    /// Where each `[severity]` value sits in the file.
    pub severity_spans: BTreeMap<String, std::ops::Range<usize>>,
}

/// Looks for `factlint.toml` in `start` and its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and validates one configuration file.
pub fn read(path: &Path) -> Result<FileConfig, Box<ConfigError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::plain(
            format!("cannot read {}: {e}", path.display()),
            Some("check the path given to --config".into()),
        )
    })?;
    parse(path, &text)
}

pub fn parse(path: &Path, text: &str) -> Result<FileConfig, Box<ConfigError>> {
    let name = path.display().to_string();
    let source: Arc<str> = Arc::from(text);
    let at = |message: String, span: std::ops::Range<usize>, label: &str, help: Option<String>| {
        Box::new(ConfigError {
            message,
            src: Some(NamedSource::new(&name, source.clone())),
            span: Some((span.start, span.end.saturating_sub(span.start)).into()),
            label: label.to_string(),
            help,
        })
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let help = e.message().starts_with("unknown field").then(|| {
            "known keys: rules, builtin, include, exclude, as-of, format, [severity]".to_string()
        });
        at(
            format!("invalid {FILE_NAME}: {}", e.message()),
            span,
            "here",
            help,
        )
    })?;
    for (key, patterns) in [("include", &raw.include), ("exclude", &raw.exclude)] {
        for pattern in patterns.iter().flatten() {
            if let Err(e) = Glob::new(pattern.get_ref()) {
                return Err(at(
                    format!("invalid {key} glob {:?}: {}", pattern.get_ref(), e.kind()),
                    pattern.span(),
                    "not a glob",
                    Some("globs use *, ** and ?, relative to the directory checked".into()),
                ));
            }
        }
    }
    let strings = |v: Option<Vec<toml::Spanned<String>>>| -> Vec<String> {
        v.unwrap_or_default()
            .into_iter()
            .map(toml::Spanned::into_inner)
            .collect()
    };
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut config = FileConfig {
        path: Some(path.to_path_buf()),
        text: Some(source.clone()),
        rules: raw
            .rules
            .unwrap_or_default()
            .into_iter()
            .map(|r| base.join(r))
            .collect(),
        builtin: raw.builtin,
        include: strings(raw.include),
        exclude: strings(raw.exclude),
        ..FileConfig::default()
    };
    if let Some(as_of) = raw.as_of {
        config.as_of = Some(parse_date(as_of.get_ref()).ok_or_else(|| {
            at(
                format!("malformed as-of date {:?}", as_of.get_ref()),
                as_of.span(),
                "not YYYY-MM-DD",
                None,
            )
        })?);
    }
    if let Some(format) = raw.format {
        let value =
            <FormatArg as clap::ValueEnum>::from_str(format.get_ref(), true).map_err(|_| {
                at(
                    format!("unknown format {:?}", format.get_ref()),
                    format.span(),
                    "unknown format",
                    Some("use one of human, json, jsonl, sarif, github, junit".into()),
                )
            })?;
        config.format = Some(value);
    }
    for (fact, level) in raw.severity.unwrap_or_default() {
        let severity = match level.get_ref().as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            other => {
                return Err(at(
                    format!("unknown severity {other:?} for fact {fact}"),
                    level.span(),
                    "not error or warning",
                    Some("a fact's severity is error or warning".into()),
                ));
            }
        };
        config.severity_spans.insert(fact.clone(), level.span());
        config.severity.insert(fact, severity);
    }
    Ok(config)
}

/// The output format of a run.
pub type Format = FormatArg;

/// Everything a `check` run needs, validated.
#[derive(Debug)]
pub struct CheckConfig {
    pub paths: Vec<PathBuf>,
    pub sources: Vec<RuleSource>,
    /// Directories and files to watch for rule changes.
    pub rule_paths: Vec<PathBuf>,
    pub as_of: Date,
    pub lang: Option<String>,
    pub format: Format,
    pub show_supported: bool,
    pub color: ColorArg,
    pub jobs: Option<usize>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub statistics: bool,
    pub exit_zero: bool,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub severity: BTreeMap<String, Severity>,
    pub watch: bool,
    pub config_file: Option<PathBuf>,
    /// The configuration file's text and where each `[severity]` value sits.
    pub config_text: Option<Arc<str>>,
    pub severity_spans: BTreeMap<String, std::ops::Range<usize>>,
}

impl CheckConfig {
    /// An error about the `[severity]` entry of `fact`, at its line in the
    /// configuration file when there is one.
    pub fn config_error_at_severity(
        &self,
        fact: &str,
        message: String,
        help: Option<String>,
    ) -> Box<ConfigError> {
        match (
            &self.config_file,
            &self.config_text,
            self.severity_spans.get(fact),
        ) {
            (Some(path), Some(text), Some(span)) => {
                // Point at the key: the line's text before ` = `.
                let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
                let key = text[line_start..span.start].trim_end_matches([' ', '=', '\t']);
                let key_start = line_start + (key.len() - key.trim_start().len());
                Box::new(ConfigError {
                    message,
                    src: Some(NamedSource::new(path.display().to_string(), text.clone())),
                    span: Some((key_start, key.trim_start().len()).into()),
                    label: "no fact has this id".into(),
                    help,
                })
            }
            _ => ConfigError::plain(message, help),
        }
    }
}

fn globs(patterns: &[String], key: &str) -> Result<Option<GlobSet>, Box<ConfigError>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| {
            ConfigError::plain(
                format!("invalid {key} glob {p:?}: {e}"),
                Some("globs use *, ** and ?".into()),
            )
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| ConfigError::plain(format!("invalid {key} globs: {e}"), None))
}

/// Validates the arguments of `check`, merging the configuration file.
pub fn check_config(args: CheckArgs, today: Date) -> Result<CheckConfig, Box<ConfigError>> {
    let file = if args.no_config {
        FileConfig::default()
    } else if let Some(path) = &args.config {
        read(path)?
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        match discover(&cwd) {
            Some(path) => read(&path)?,
            None => FileConfig::default(),
        }
    };
    let as_of = match &args.as_of {
        Some(text) => parse_date(text).ok_or_else(|| {
            ConfigError::plain(
                format!("malformed --as-of date {text:?}"),
                Some("write the date as YYYY-MM-DD".into()),
            )
        })?,
        None => file.as_of.unwrap_or(today),
    };
    let lang = args.lang.as_ref().map(|l| l.trim().to_ascii_lowercase());
    if let Some(lang) = &lang {
        if lang.len() != 2 || !lang.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(ConfigError::plain(
                format!("invalid --lang {lang:?}"),
                Some("use a two-letter code such as en, fr, it, ar, es, de".into()),
            ));
        }
    }
    if args.jobs == Some(0) {
        return Err(ConfigError::plain("--jobs must be at least 1".into(), None));
    }
    for (flag, path) in [("--rules", &args.rules.rules)] {
        for p in path {
            if p.as_os_str().is_empty() {
                return Err(ConfigError::plain(
                    format!("{flag} needs a directory"),
                    None,
                ));
            }
        }
    }
    // Flags replace the file's rules; the file's `builtin` adds the built-in
    // set to its own directories.
    let (sources, rule_paths) = if !args.rules.rules.is_empty() {
        (
            args.rules
                .rules
                .iter()
                .cloned()
                .map(RuleSource::Dir)
                .collect(),
            args.rules.rules.clone(),
        )
    } else if !file.rules.is_empty() {
        let mut sources: Vec<RuleSource> = Vec::new();
        if file.builtin.unwrap_or(false) {
            sources.push(RuleSource::Builtin);
        }
        sources.extend(file.rules.iter().cloned().map(RuleSource::Dir));
        (sources, file.rules.clone())
    } else {
        (vec![RuleSource::Builtin], Vec::new())
    };
    let format = args.format.or(file.format).unwrap_or(FormatArg::Human);
    let machine_default = matches!(
        format,
        FormatArg::Sarif | FormatArg::Github | FormatArg::Junit
    );
    let show_supported = if args.hide_supported {
        false
    } else if args.show_supported {
        true
    } else {
        !machine_default
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    Ok(CheckConfig {
        paths,
        sources,
        rule_paths,
        as_of,
        lang,
        format,
        show_supported,
        color: args.color,
        jobs: args.jobs,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        statistics: args.statistics,
        exit_zero: args.exit_zero,
        include: globs(&file.include, "include")?,
        exclude: globs(&file.exclude, "exclude")?,
        severity: file.severity,
        watch: args.watch,
        config_file: file.path,
        config_text: file.text,
        severity_spans: file.severity_spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &str) {
        let got = match parse(Path::new("dir/factlint.toml"), text) {
            Ok(c) => format!(
                "rules={:?} builtin={:?} as_of={:?} format={:?} severity={:?}",
                c.rules,
                c.builtin,
                c.as_of.map(|d| d.to_string()),
                c.format,
                c.severity
            ),
            Err(e) => {
                let at = e.span.map(|s| s.offset()).unwrap_or(0);
                format!("error at {at}: {}", e.message)
            }
        };
        assert_eq!(got, expect, "parse({text:?})");
    }

    #[test]
    fn reads_every_key() {
        check(
            "rules = [\"rules\"]\nbuiltin = true\nas-of = \"2024-07-12\"\nformat = \"sarif\"\n[severity]\nx = \"warning\"\n",
            "rules=[\"dir/rules\"] builtin=Some(true) as_of=Some(\"2024-07-12\") format=Some(Sarif) severity={\"x\": Warning}",
        );
    }

    #[test]
    fn reports_unknown_keys_and_wrong_types_at_their_position() {
        check(
            "rulez = []\n",
            "error at 0: invalid factlint.toml: unknown field `rulez`, expected one of `rules`, `builtin`, `include`, `exclude`, `as-of`, `format`, `severity`",
        );
        check(
            "builtin = \"yes\"\n",
            "error at 10: invalid factlint.toml: invalid type: string \"yes\", expected a boolean",
        );
        check(
            "as-of = \"2024-13-01\"\n",
            "error at 8: malformed as-of date \"2024-13-01\"",
        );
        check("format = \"xml\"\n", "error at 9: unknown format \"xml\"");
    }
}
