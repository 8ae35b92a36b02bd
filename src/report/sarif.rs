//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.
//!
//! One run whose driver lists one rule per fact; one result per
//! contradiction (level `error` or `warning`, the fact's severity) and, when
//! supporting quotes are shown, one `note` per supporting quote. Columns are
//! counted in Unicode code points (`columnKind`), `endColumn` is exclusive,
//! and `partialFingerprints["factlint/v1"]` carries the baseline
//! fingerprint so dashboards track a claim across edits. File problems are
//! `toolExecutionNotifications` of the run's invocation.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::check::finding::{FindingSeverity, Verdict};
use crate::report::json::to_io;
use crate::report::located::{LocatedFinding, LocatedProblem, locate_findings, locate_problems};
use crate::report::model::{ProblemSeverity, RenderOptions, RunReport};
use crate::rules::model::{Fact, RuleSet, Severity};

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const FINGERPRINT_KEY: &str = "factlint/v1";

/// What SARIF says about a fact: its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDescriptor {
    pub id: String,
    /// The fact statement as written (`Japan not in AUKUS`).
    pub statement: String,
    pub source: Option<String>,
    pub severity: Severity,
}

impl RuleDescriptor {
    pub fn from_fact(fact: &Fact) -> Self {
        RuleDescriptor {
            id: fact.id.clone(),
            statement: fact.text.clone(),
            source: fact.source.clone(),
            severity: fact.severity,
        }
    }

    /// One descriptor per fact of a rule set.
    pub fn from_rule_set(rules: &RuleSet) -> Vec<Self> {
        rules.facts.iter().map(RuleDescriptor::from_fact).collect()
    }
}

/// The tool as SARIF names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolInfo<'a> {
    /// factlint's version (`env!("CARGO_PKG_VERSION")`).
    pub version: &'a str,
    /// Where to read about factlint; left out of the log when empty.
    pub information_uri: &'a str,
}

/// Writes a whole run as one SARIF log. `rules` should hold every loaded
/// fact; a finding whose fact is missing from it still gets a rule (with
/// only its id), so every `ruleIndex` is valid.
pub fn render_run(
    out: &mut dyn Write,
    run: &RunReport,
    rules: &[RuleDescriptor],
    tool: ToolInfo<'_>,
    opts: &RenderOptions,
) -> io::Result<()> {
    let rules = rules_for_run(run, rules);
    let rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(position, rule)| (rule.id.as_str(), position))
        .collect();

    let mut driver = json!({
        "name": "factlint",
        "version": tool.version,
        "rules": rules.iter().map(rule_object).collect::<Vec<_>>(),
    });
    if !tool.information_uri.is_empty() {
        driver["informationUri"] = json!(tool.information_uri);
    }

    out.write_all(b"{\n  \"$schema\": ")?;
    serde_json::to_writer(&mut *out, SARIF_SCHEMA).map_err(to_io)?;
    out.write_all(
        b",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\"driver\": ",
    )?;
    serde_json::to_writer(&mut *out, &driver).map_err(to_io)?;
    out.write_all(b"},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")?;

    let mut notifications = Vec::new();
    let mut wrote_result = false;
    for file in &run.files {
        let uri = path_to_uri(&file.path);
        for located in locate_findings(file) {
            if !opts.shows(located.finding) {
                continue;
            }
            let position = rule_index
                .get(&*located.finding.fact_id)
                .copied()
                .unwrap_or(0);
            out.write_all(if wrote_result {
                b",\n        "
            } else {
                b"\n        "
            })?;
            wrote_result = true;
            serde_json::to_writer(&mut *out, &result_object(&uri, &located, position))
                .map_err(to_io)?;
        }
        notifications.extend(
            locate_problems(file)
                .iter()
                .map(|located| notification_object(&uri, located)),
        );
    }
    out.write_all(if wrote_result {
        b"\n      ],\n"
    } else {
        b"],\n"
    })?;

    let invocation = json!({
        "executionSuccessful": true,
        "toolExecutionNotifications": notifications,
    });
    out.write_all(b"      \"invocations\": [")?;
    serde_json::to_writer(&mut *out, &invocation).map_err(to_io)?;
    out.write_all(b"]\n    }\n  ]\n}\n")?;
    out.flush()
}

/// The rules, sorted by id so the log does not depend on the order the rule
/// files were read in, plus an id-only rule for each fact a finding names
/// that `rules` lacks.
fn rules_for_run(run: &RunReport, rules: &[RuleDescriptor]) -> Vec<RuleDescriptor> {
    let mut by_id: BTreeMap<&str, RuleDescriptor> = BTreeMap::new();
    for rule in rules {
        by_id
            .entry(rule.id.as_str())
            .or_insert_with(|| rule.clone());
    }
    for finding in run.files.iter().flat_map(|file| &file.findings) {
        by_id
            .entry(&*finding.fact_id)
            .or_insert_with(|| RuleDescriptor {
                id: finding.fact_id.to_string(),
                statement: finding.fact_id.to_string(),
                source: finding.source.as_deref().map(str::to_owned),
                severity: match finding.severity {
                    FindingSeverity::Warning => Severity::Warning,
                    FindingSeverity::Error | FindingSeverity::Info => Severity::Error,
                },
            });
    }
    by_id.into_values().collect()
}

fn rule_object(rule: &RuleDescriptor) -> Value {
    let help = match &rule.source {
        Some(source) => format!("Fact {}: {}. Source: {source}", rule.id, rule.statement),
        None => format!("Fact {}: {}.", rule.id, rule.statement),
    };
    let mut object = json!({
        "id": rule.id,
        "shortDescription": {"text": rule.statement},
        "help": {"text": help},
        "defaultConfiguration": {"level": rule.severity.as_str()},
    });
    if let Some(source) = rule.source.as_deref().filter(|source| is_web_url(source)) {
        object["helpUri"] = json!(source);
    }
    object
}

fn is_web_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

fn result_object(uri: &str, located: &LocatedFinding<'_>, rule_index: usize) -> Value {
    let finding = located.finding;
    let level = match (finding.verdict, finding.severity) {
        (Verdict::Supported, _) => "note",
        (Verdict::Contradicted, FindingSeverity::Warning) => "warning",
        (Verdict::Contradicted, FindingSeverity::Error | FindingSeverity::Info) => "error",
    };
    json!({
        "ruleId": &*finding.fact_id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": format!("{}: {} — {}", finding.verdict.as_str(), finding.claim, finding.message)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {
                    "startLine": located.start.line,
                    "startColumn": located.start.column,
                    "endLine": located.end.line,
                    "endColumn": located.end.column,
                    "byteOffset": located.file_span.start,
                    "byteLength": located.span.len(),
                    "snippet": {"text": located.quote},
                },
            },
        }],
        "partialFingerprints": {FINGERPRINT_KEY: located.fingerprint.as_str()},
    })
}

fn notification_object(uri: &str, located: &LocatedProblem<'_>) -> Value {
    let level = match located.problem.severity {
        ProblemSeverity::Error => "error",
        ProblemSeverity::Warning => "warning",
    };
    let mut physical_location = json!({"artifactLocation": {"uri": uri}});
    if let (Some(start), Some(end), Some(span)) = (located.start, located.end, &located.span) {
        physical_location["region"] = json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
            "byteOffset": span.start,
            "byteLength": span.len(),
        });
    }
    let text = match &located.problem.help {
        Some(help) => format!("{} ({help})", located.problem.message),
        None => located.problem.message.clone(),
    };
    json!({
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": physical_location}],
    })
}

/// A file path as a relative URI reference: `\` becomes `/`, and every byte
/// outside the characters a URI path may hold literally is percent-encoded
/// (spaces, `%`, `#`, `?`, non-ASCII). `:` is encoded too, so that a path
/// like `C:/x` is not read as a URI scheme.
pub fn path_to_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        let byte = if byte == b'\\' { b'/' } else { byte };
        let literal = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'/' | b'-'
                    | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if literal {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}
