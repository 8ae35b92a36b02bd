//! `factlint check`: walk, check in parallel, report in a stable order.
//!
//! Files are checked in batches on a thread pool; each batch's reports are
//! written in path order before the next batch starts, so output is
//! deterministic whatever the thread timing and memory stays bounded by the
//! batch, not the corpus.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::sync::Arc;

use rayon::prelude::*;

use super::args::{CheckArgs, FormatArg};
use super::config::{CheckConfig, ConfigError, check_config};
use super::walk::{Discovery, Input, discover};
use super::{Outcome, load_rules, stdout_is_terminal, today, use_color};
use crate::check::baseline::{self, Baseline};
use crate::check::engine::{Defaults, Engine};
use crate::check::finding::Verdict;
use crate::check::suppress::suppress_file;
use crate::report::model::{
    FileReport, Problem, ProblemSeverity, RenderOptions, RunReport, RunTotals,
};
use crate::report::statistics::Statistics;
use crate::report::{github, human, json, jsonl, junit, sarif};
use crate::rules::model::RuleSet;

/// How many files each parallel batch holds per thread.
const BATCH_PER_THREAD: usize = 64;

pub fn run(args: CheckArgs) -> Outcome {
    let config = match check_config(args, today()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(*e));
            return Outcome::Error;
        }
    };
    if config.watch {
        return super::watch::watch_check(config);
    }
    run_config(&config)
}

/// Reads one input: a file error or a binary file becomes a problem of its
/// report, never a panic, so the other files are still checked.
fn read_input(input: &Input) -> Result<Arc<str>, Problem> {
    let bytes = match &input.path {
        Some(path) => std::fs::read(path).map_err(|e| Problem {
            severity: ProblemSeverity::Error,
            message: format!("cannot read {}: {e}", input.display),
            span: None,
            help: None,
        })?,
        None => {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map_err(|e| Problem {
                severity: ProblemSeverity::Error,
                message: format!("cannot read standard input: {e}"),
                span: None,
                help: None,
            })?;
            buf
        }
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err(Problem {
            severity: ProblemSeverity::Warning,
            message: format!("{} looks like a binary file; skipped", input.display),
            span: None,
            help: Some("factlint reads UTF-8 plain text and Markdown".into()),
        });
    }
    String::from_utf8(bytes)
        .map(Arc::from)
        .map_err(|e| Problem {
            severity: ProblemSeverity::Error,
            message: format!(
                "{} is not valid UTF-8 (at byte {})",
                input.display,
                e.utf8_error().valid_up_to()
            ),
            span: None,
            help: Some("save the file as UTF-8; the other files were still checked".into()),
        })
}

fn check_input(
    engine: &Engine<'_>,
    input: &Input,
    defaults: &Defaults,
    fact_exists: &dyn Fn(&str) -> bool,
) -> FileReport {
    match read_input(input) {
        Ok(text) => {
            let mut report = engine.check(
                input.display.clone(),
                text,
                input.format,
                &input.meta,
                defaults,
            );
            suppress_file(&mut report, &input.ignore, fact_exists);
            report
        }
        Err(problem) => FileReport {
            path: input.display.clone(),
            text: Arc::from(""),
            findings: Vec::new(),
            problems: vec![problem],
        },
    }
}

/// Where the reports of a run go, per format.
enum Sink<'o> {
    Human(&'o mut dyn Write),
    Json(json::JsonWriter<'o>),
    Jsonl(&'o mut dyn Write),
    Github(&'o mut dyn Write),
    /// SARIF and JUnit need the whole run before writing.
    Whole(&'o mut dyn Write, Vec<FileReport>),
}

impl Sink<'_> {
    fn file(&mut self, file: FileReport, opts: &RenderOptions) -> io::Result<()> {
        match self {
            Sink::Human(out) => human::render_file(*out, &file, opts),
            Sink::Json(w) => w.write_file(&file),
            Sink::Jsonl(out) => jsonl::render_file(*out, &file, opts),
            Sink::Github(out) => github::render_file(*out, &file, opts),
            Sink::Whole(_, files) => {
                files.push(file);
                Ok(())
            }
        }
    }
}

/// Reads `--baseline FILE`; the message names the file and says whether it
/// could not be read or is not a baseline.
fn read_baseline(path: &std::path::Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    baseline::parse_baseline(&text).map_err(|e| {
        let e = e.strip_prefix("not a factlint baseline: ").unwrap_or(&e);
        format!("{} is not a factlint baseline: {e}", path.display())
    })
}

/// Applies the configuration's `[severity]` table; an id no fact has is an
/// error at its line in the configuration file.
fn apply_severities(rules: &mut RuleSet, config: &CheckConfig) -> Result<(), Box<ConfigError>> {
    let mut unknown = Vec::new();
    for (id, severity) in &config.severity {
        match rules.facts.iter_mut().find(|f| &f.id == id) {
            Some(fact) => fact.severity = *severity,
            None => unknown.push(id.as_str()),
        }
    }
    match unknown.first() {
        None => Ok(()),
        Some(id) => {
            let ids: Vec<&str> = rules.facts.iter().map(|f| f.id.as_str()).collect();
            let suggestion = ids
                .iter()
                .map(|known| (strsim::levenshtein(id, known), *known))
                .filter(|(d, _)| *d <= 3)
                .min()
                .map(|(_, known)| format!("did you mean {known:?}?"));
            Err(config.config_error_at_severity(
                id,
                format!("[severity] names unknown fact {id:?}"),
                suggestion.or_else(|| Some("`factlint rules list` shows the facts' ids".into())),
            ))
        }
    }
}

/// Runs `check` once with a validated configuration.
pub fn run_config(config: &CheckConfig) -> Outcome {
    let stderr = io::stderr();
    let color = use_color(config.color, stdout_is_terminal());
    let Some((mut rules, packs)) = load_rules(
        &config.sources,
        use_color(config.color, stderr.is_terminal()),
        &mut stderr.lock(),
    ) else {
        return Outcome::Error;
    };
    if let Err(e) = apply_severities(&mut rules, config) {
        eprintln!("{:?}", miette::Report::new(*e));
        return Outcome::Error;
    }
    if let Some(lang) = &config.lang
        && !super::has_pack(&packs, lang)
    {
        return Outcome::Error;
    }
    let baseline = match &config.baseline {
        Some(path) => match read_baseline(path) {
            Ok(b) => Some(b),
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::Error;
            }
        },
        None => None,
    };
    let Some(engine) = super::engine(&rules, &packs) else {
        return Outcome::Error;
    };
    let threads = config
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let Discovery {
        inputs,
        corpus_reports,
        missing,
    } = discover(
        &config.paths,
        config.include.as_ref(),
        config.exclude.as_ref(),
        threads,
        &packs.languages().map(str::to_string).collect::<Vec<_>>(),
    );
    for path in &missing {
        eprintln!("error: {}: no such file or directory", path.display());
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot start {threads} threads: {e}");
            return Outcome::Error;
        }
    };
    let opts = RenderOptions {
        color,
        show_supported: config.show_supported,
        width: terminal_width(),
    };
    let defaults = Defaults {
        date: config.as_of,
        lang: config.lang.clone(),
    };
    let fact_ids: std::collections::HashSet<&str> =
        rules.facts.iter().map(|f| f.id.as_str()).collect();
    let fact_exists = |id: &str| fact_ids.contains(id);

    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut totals = RunTotals::default();
    let mut statistics = Statistics::default();
    let mut baseline_files: Vec<FileReport> = Vec::new();
    let mut unreadable = false;
    let progress = super::progress::Progress::new(inputs.len());
    let result = (|| -> io::Result<()> {
        let mut sink = match config.format {
            FormatArg::Human => Sink::Human(&mut out),
            FormatArg::Json => Sink::Json(json::JsonWriter::begin(&mut out, &opts)?),
            FormatArg::Jsonl => Sink::Jsonl(&mut out),
            FormatArg::Github => Sink::Github(&mut out),
            FormatArg::Sarif | FormatArg::Junit => Sink::Whole(&mut out, Vec::new()),
        };
        // Problems with corpus.yaml files come first, in path order like everything else.
        let mut pending: BTreeMap<String, FileReport> = corpus_reports
            .into_iter()
            .map(|r| (r.path.clone(), r))
            .collect();
        for batch in inputs.chunks(threads * BATCH_PER_THREAD) {
            let reports: Vec<FileReport> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|i| check_input(&engine, i, &defaults, &fact_exists))
                    .collect()
            });
            progress.advance(batch.len());
            for mut report in reports {
                while let Some(entry) = pending.first_entry().filter(|e| e.key() < &report.path) {
                    let corpus = entry.remove();
                    totals.add_file(&corpus);
                    sink.file(corpus, &opts)?;
                }
                unreadable |= report
                    .problems
                    .iter()
                    .any(|p| p.severity == ProblemSeverity::Error);
                if config.write_baseline.is_some() && report.count(Verdict::Contradicted) > 0 {
                    // Only contradictions go into a baseline; keep nothing else.
                    let findings = report
                        .findings
                        .iter()
                        .filter(|f| f.verdict == Verdict::Contradicted)
                        .cloned()
                        .collect();
                    baseline_files.push(FileReport {
                        path: report.path.clone(),
                        text: report.text.clone(),
                        findings,
                        problems: Vec::new(),
                    });
                }
                if let Some(b) = &baseline {
                    report = filter_known(report, b);
                }
                totals.add_file(&report);
                if config.statistics {
                    statistics.add_file(&report);
                }
                if report.findings.is_empty() && report.problems.is_empty() {
                    // A clean file still counts in summaries; its text is not needed.
                    report.text = Arc::from("");
                }
                sink.file(report, &opts)?;
            }
        }
        for (_, corpus) in pending {
            totals.add_file(&corpus);
            sink.file(corpus, &opts)?;
        }
        progress.finish();
        match sink {
            Sink::Human(out) => {
                human::render_summary(out, &totals, &opts)?;
                if config.statistics {
                    statistics.render(out)?;
                }
            }
            Sink::Json(w) => w.finish()?,
            Sink::Jsonl(_) | Sink::Github(_) => {}
            Sink::Whole(out, files) => {
                let run = RunReport::new(files);
                if config.format == FormatArg::Sarif {
                    let descriptors = sarif::RuleDescriptor::from_rule_set(&rules);
                    let tool = sarif::ToolInfo {
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri: "",
                    };
                    sarif::render_run(out, &run, &descriptors, tool, &opts)?;
                } else {
                    junit::render_run(out, &run)?;
                }
            }
        }
        out.flush()
    })();
    drop(out);
    if let Err(e) = result {
        // A closed pipe (`factlint check | head`) is not an error worth a message.
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return Outcome::Error;
        }
    }
    if config.statistics && config.format != FormatArg::Human {
        let mut err = io::stderr().lock();
        let target: &mut dyn Write = &mut err;
        let _ = statistics.render(target);
    }
    if let Some(path) = &config.write_baseline {
        let text = baseline::write_baseline(&RunReport::new(baseline_files));
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write the baseline {}: {e}", path.display());
            return Outcome::Error;
        }
    }
    if !missing.is_empty() || unreadable {
        Outcome::Error
    } else if totals.has_error_contradictions() && !config.exit_zero {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Drops the contradictions the baseline already knows.
fn filter_known(report: FileReport, baseline: &Baseline) -> FileReport {
    let mut run = RunReport {
        files: vec![report],
    };
    baseline::filter_new(&mut run, baseline);
    run.files.pop().unwrap_or_else(|| FileReport {
        path: String::new(),
        text: Arc::from(""),
        findings: Vec::new(),
        problems: Vec::new(),
    })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
        .clamp(40, 200)
}
