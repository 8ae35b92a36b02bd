//! `factlint test`: runs every fact's examples, and the examples of the
//! language packs in play.
//!
//! An example is read as an article at its `date` — by default the first day
//! of its fact's period (the day before its end when it has only an end, and
//! today when it has no period) — in its `lang` or the detected language. It
//! passes when its fact gets the expected verdict (`none`: no finding for
//! that fact). A pack example passes when exactly the claims it lists come
//! out. Built-in pack examples run with the built-in rule set only: they
//! name its entities.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

use jiff::civil::Date;
use miette::{Diagnostic, NamedSource, SourceSpan};

use super::args::TestArgs;
use super::{Outcome, load_rules, sources, today, use_color};
use crate::check::engine::{ArticleMeta, Defaults, Engine, parse_date};
use crate::check::finding::Verdict;
use crate::check::message::claim_text;
use crate::lang::Packs;
use crate::rules::RuleSource;
use crate::rules::builtin::builtin_files;
use crate::rules::model::{ExpectedVerdict, Fact, FactId, RuleSet};
use crate::text::article::{Article, Format};

/// A failing example, shown at its place in the YAML file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
struct Failure {
    message: String,
    #[source_code]
    src: NamedSource<Arc<str>>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    #[help]
    help: String,
}

/// An example whose `lang` has no language pack: a load error, since
/// nothing could be read in it.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("no language pack for example language `{lang}`")]
#[diagnostic(code(rules::bad_language))]
struct UnknownLanguage {
    lang: String,
    #[source_code]
    src: NamedSource<Arc<str>>,
    #[label("no language pack")]
    span: SourceSpan,
    #[help]
    help: String,
}

/// Where the `lang` value of the example whose `text` starts at `at` sits:
/// searched within the example's YAML item; the `text` value otherwise.
fn lang_span(text: &str, at: std::ops::Range<usize>, lang: &str) -> std::ops::Range<usize> {
    let line_start = |i: usize| text[..i].rfind('\n').map_or(0, |n| n + 1);
    let is_item = |i: usize| {
        let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
        text[i..line_end].trim_start().starts_with("- ")
    };
    let mut start = line_start(at.start.min(text.len()));
    while start > 0 && !is_item(start) {
        start = line_start(start - 1);
    }
    let mut end = text[at.start..]
        .find('\n')
        .map_or(text.len(), |n| at.start + n + 1);
    while end < text.len() && !is_item(end) {
        end = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
    }
    let item = &text[start..end];
    let mut from = 0;
    while let Some(found) = item[from..].find("lang:") {
        let key = start + from + found;
        let after = &text[key + 5..end];
        let value = after.trim_start().trim_start_matches(['"', '\'']);
        if value.starts_with(lang) {
            let value_start = end - after.len() + (after.len() - value.len());
            return value_start..value_start + lang.len();
        }
        from += found + 5;
    }
    at
}

/// Examples whose language has no pack, as diagnostics.
fn unknown_languages(rules: &RuleSet, packs: &Packs) -> Vec<UnknownLanguage> {
    let known: Vec<&str> = packs.languages().collect();
    let mut errors = Vec::new();
    for fact in &rules.facts {
        for example in &fact.examples {
            let Some(lang) = &example.lang else { continue };
            if packs.get(lang).is_some() {
                continue;
            }
            let file = &rules.files[example.origin.file];
            let span = lang_span(&file.text, example.origin.span.clone(), lang);
            errors.push(UnknownLanguage {
                lang: lang.clone(),
                src: NamedSource::new(&file.name, file.text.clone()),
                span: (span.start, span.len()).into(),
                help: format!(
                    "factlint has language packs for {}; add `lang/{lang}.yaml` to the rules \
                     directory, or leave `lang:` out to detect the language",
                    known.join(", ")
                ),
            });
        }
    }
    errors
}

/// The date an example is read at when it gives none.
pub fn default_date(fact: &Fact) -> Date {
    match (fact.period.start, fact.period.end) {
        (Some(start), _) => start,
        (None, Some(end)) => end.yesterday().unwrap_or(end),
        (None, None) => today(),
    }
}

fn verdict_name(v: ExpectedVerdict) -> &'static str {
    match v {
        ExpectedVerdict::Supported => "supported",
        ExpectedVerdict::Contradicted => "contradicted",
        ExpectedVerdict::None => "none",
    }
}

/// What the engine read in a text: its claims and findings, in words.
/// `findings` are what `check` would report; tests also accept any other
/// fact that decides a claim.
struct Reading {
    lang: Option<String>,
    claims: Vec<String>,
    findings: Vec<(String, &'static str, String)>,
    dropped: Vec<String>,
}

fn read(
    engine: &Engine<'_>,
    rules: &RuleSet,
    text: &str,
    lang: Option<&str>,
    date: Date,
) -> (Reading, Vec<(FactId, Verdict)>) {
    let article = Article::parse(text, Format::Plain);
    let defaults = Defaults {
        date,
        lang: lang.map(str::to_string),
    };
    let mut problems = Vec::new();
    let mut settled = engine.settle(&article, &ArticleMeta::default(), &defaults, &mut problems);
    settled.date = date;
    if let Some(l) = lang {
        settled.lang = Some(l.to_string());
    }
    let extraction = engine.extract(&article, &settled, false);
    let judge = engine.judge();
    let findings = judge.judge_all(&extraction.claims, date);
    let decided = extraction
        .claims
        .iter()
        .flat_map(|c| judge.decisions(c, date))
        .collect();
    let reading = Reading {
        lang: settled.lang.clone(),
        claims: extraction
            .claims
            .iter()
            .map(|c| claim_text(rules, &c.statement))
            .collect(),
        findings: findings
            .iter()
            .map(|f| (f.fact_id.to_string(), f.verdict.as_str(), f.claim.clone()))
            .collect(),
        dropped: extraction
            .rejected
            .iter()
            .map(|r| format!("{} ({})", claim_text(rules, &r.claim.statement), r.reason))
            .collect(),
    };
    (reading, decided)
}

fn describe(reading: &Reading, date: Date) -> String {
    let mut lines = vec![format!(
        "read as {} on {date}",
        reading.lang.as_deref().unwrap_or("an unknown language")
    )];
    if reading.claims.is_empty() {
        lines.push("no claim was read".into());
    }
    for c in &reading.claims {
        lines.push(format!("claim: {c}"));
    }
    for (fact, verdict, _) in &reading.findings {
        lines.push(format!("{verdict} by {fact}"));
    }
    for d in &reading.dropped {
        lines.push(format!("dropped: {d}"));
    }
    lines.push("`factlint explain` shows the whole reading".into());
    lines.join("\n")
}

struct Tally {
    passed: usize,
    failed: usize,
}

fn run_fact_examples(
    engine: &Engine<'_>,
    rules: &RuleSet,
    filter: Option<&str>,
    failures: &mut Vec<Failure>,
    tally: &mut Tally,
) {
    for (fact_index, fact) in rules.facts.iter().enumerate() {
        if filter.is_some_and(|f| !fact.id.contains(f)) {
            continue;
        }
        for example in &fact.examples {
            let date = example.date.unwrap_or_else(|| default_date(fact));
            let (reading, decided) =
                read(engine, rules, &example.text, example.lang.as_deref(), date);
            let mut mine: Vec<&str> = decided
                .iter()
                .filter(|(f, _)| *f == fact_index)
                .map(|(_, v)| v.as_str())
                .collect();
            mine.sort_unstable();
            mine.dedup();
            let expected = verdict_name(example.verdict);
            let pass = match example.verdict {
                ExpectedVerdict::None => mine.is_empty(),
                _ => mine.contains(&expected),
            };
            if pass {
                tally.passed += 1;
                continue;
            }
            tally.failed += 1;
            let file = &rules.files[example.origin.file];
            let got = if mine.is_empty() {
                "no finding".to_string()
            } else {
                mine.join(" and ")
            };
            failures.push(Failure {
                message: format!("example of {} expects {expected}, got {got}", fact.id),
                src: NamedSource::new(&file.name, file.text.clone()),
                span: (example.origin.span.start, example.origin.span.len()).into(),
                label: format!("expected {expected}"),
                help: describe(&reading, date),
            });
        }
    }
}

fn run_pack_examples(
    engine: &Engine<'_>,
    rules: &RuleSet,
    packs: &Packs,
    builtin: bool,
    failures: &mut Vec<Failure>,
    tally: &mut Tally,
) {
    let texts: Vec<(String, Arc<str>)> = builtin_files()
        .iter()
        .filter(|_| builtin)
        .map(|(n, t)| (n.to_string(), Arc::from(*t)))
        .chain(
            rules
                .extra_lang_packs
                .iter()
                .map(|(p, t)| (p.display().to_string(), Arc::from(t.as_str()))),
        )
        .collect();
    for pack in packs.by_lang.values() {
        for example in &pack.examples {
            let Some((name, text)) = texts.iter().find(|(n, _)| *n == example.file) else {
                continue;
            };
            let date = example
                .date
                .as_deref()
                .and_then(parse_date)
                .unwrap_or_else(today);
            let (reading, _) = read(engine, rules, &example.text, Some(&pack.lang), date);
            let mut got = reading.claims.clone();
            got.sort();
            let mut want = example.claims.clone();
            want.sort();
            if got == want {
                tally.passed += 1;
                continue;
            }
            tally.failed += 1;
            failures.push(Failure {
                message: format!(
                    "{} pack example expects {}",
                    pack.lang,
                    if want.is_empty() {
                        "no claim".into()
                    } else {
                        want.join(", ")
                    }
                ),
                src: NamedSource::new(name, text.clone()),
                span: (
                    example.offset,
                    example
                        .text
                        .len()
                        .min(text.len().saturating_sub(example.offset)),
                )
                    .into(),
                label: "this phrasing".into(),
                help: describe(&reading, date),
            });
        }
    }
}

/// Runs all examples once and prints failures and the closing tally.
pub fn run_once(args: &TestArgs) -> Outcome {
    let color = use_color(args.color, io::stdout().is_terminal());
    let sources = sources(&args.rules.rules);
    let Some((rules, packs)) = load_rules(
        &sources,
        use_color(args.color, io::stderr().is_terminal()),
        &mut io::stderr().lock(),
    ) else {
        return Outcome::Error;
    };
    let unknown = unknown_languages(&rules, &packs);
    if !unknown.is_empty() {
        let handler = miette::GraphicalReportHandler::new_themed(
            if use_color(args.color, io::stderr().is_terminal()) {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            },
        );
        let mut err = io::stderr().lock();
        for e in &unknown {
            let mut text = String::new();
            let _ = handler.render_report(&mut text, e);
            let _ = writeln!(err, "{text}");
        }
        let n = unknown.len();
        let _ = writeln!(err, "{n} error{}", if n == 1 { "" } else { "s" });
        return Outcome::Error;
    }
    let engine = crate::check::engine::Engine::new(&rules, &packs);
    let mut failures = Vec::new();
    let mut tally = Tally {
        passed: 0,
        failed: 0,
    };
    run_fact_examples(
        &engine,
        &rules,
        args.filter.as_deref(),
        &mut failures,
        &mut tally,
    );
    if args.filter.is_none() {
        let builtin = sources.iter().any(|s| matches!(s, RuleSource::Builtin));
        run_pack_examples(&engine, &rules, &packs, builtin, &mut failures, &mut tally);
    }
    let handler = miette::GraphicalReportHandler::new_themed(if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    });
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for failure in &failures {
        let mut text = String::new();
        let _ = handler.render_report(&mut text, failure);
        let _ = writeln!(out, "{text}");
    }
    let _ = writeln!(out, "{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

pub fn run(args: TestArgs) -> Outcome {
    if !args.watch {
        return run_once(&args);
    }
    if args.rules.rules.is_empty() {
        eprintln!(
            "error: --watch needs --rules DIR: the built-in rules cannot change while factlint runs"
        );
        return Outcome::Error;
    }
    let paths = args.rules.rules.clone();
    super::watch::watch(&paths, || run_once(&args))
}
