//! `--format junit`: JUnit XML, for CI systems that chart test results.
//!
//! One `<testsuite>` for the run (inside the customary `<testsuites>`
//! root), one `<testcase name="PATH" classname="factlint">` per article.
//! Each contradiction (error or warning) is a `<failure>` whose `type` is
//! the fact id and whose text gives line:column, the quote and the message;
//! a file problem of severity error is an `<error>`; warnings about the
//! file go to `<system-out>`. Supporting quotes are not test results and
//! are left out. `failures` and `errors` count test cases, as JUnit does,
//! not `<failure>` elements.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::check::finding::Verdict;
use crate::report::located::{locate_findings, locate_problems};
use crate::report::model::{FileReport, ProblemSeverity, RunReport};

/// Writes a whole run. JUnit puts the counts before the test cases, so
/// the run is rendered whole rather than file by file.
pub fn render_run(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    let mut cases = String::new();
    let mut failures = 0;
    let mut errors = 0;
    for file in &run.files {
        let case = render_case(file);
        failures += usize::from(case.failed);
        errors += usize::from(case.errored);
        cases.push_str(&case.xml);
    }
    let tests = run.files.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="factlint" tests="{tests}" failures="{failures}" errors="{errors}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="factlint" tests="{tests}" failures="{failures}" errors="{errors}" skipped="0">"#
    )?;
    out.write_all(cases.as_bytes())?;
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")?;
    out.flush()
}

struct Case {
    xml: String,
    failed: bool,
    errored: bool,
}

fn render_case(file: &FileReport) -> Case {
    let path = escape_attribute(&file.path);
    let mut body = String::new();
    let mut failed = false;
    let mut errored = false;

    for located in locate_findings(file) {
        let finding = located.finding;
        if finding.verdict != Verdict::Contradicted {
            continue;
        }
        failed = true;
        let mut details = format!(
            "{}:{}: «{}»\n{}\nfact {}",
            located.start.line,
            located.start.column,
            located.quote,
            finding.message,
            finding.fact_id
        );
        if let Some(source) = &finding.source {
            details.push_str(" · source: ");
            details.push_str(source);
        }
        // Writing into a `String` cannot fail.
        let _ = writeln!(
            body,
            r#"      <failure message="{}" type="{}">{}</failure>"#,
            escape_attribute(&format!(
                "contradicted ({}): {}",
                finding.severity.as_str(),
                finding.claim
            )),
            escape_attribute(&finding.fact_id),
            escape_text(&details),
        );
    }

    let mut system_out = String::new();
    for located in locate_problems(file) {
        let location = located
            .start
            .map(|start| format!("{}:{}: ", start.line, start.column))
            .unwrap_or_default();
        match located.problem.severity {
            ProblemSeverity::Error => {
                errored = true;
                let _ = writeln!(
                    body,
                    r#"      <error message="{}" type="problem">{}</error>"#,
                    escape_attribute(&located.problem.message),
                    escape_text(&format!("{location}{}", located.problem.message)),
                );
            }
            ProblemSeverity::Warning => {
                let _ = writeln!(system_out, "warning: {location}{}", located.problem.message);
            }
        }
    }
    if !system_out.is_empty() {
        let _ = writeln!(
            body,
            "      <system-out>{}</system-out>",
            escape_text(&system_out)
        );
    }

    let xml = if body.is_empty() {
        format!("    <testcase name=\"{path}\" classname=\"factlint\"/>\n")
    } else {
        format!("    <testcase name=\"{path}\" classname=\"factlint\">\n{body}    </testcase>\n")
    };
    Case {
        xml,
        failed,
        errored,
    }
}

/// Escapes text content: markup characters become entities, and characters
/// XML 1.0 cannot carry at all (most C0 controls) become U+FFFD.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c if is_xml_char(c) => escaped.push(c),
            _ => escaped.push('\u{FFFD}'),
        }
    }
    escaped
}

/// Escapes an attribute value for double quotes. Line breaks and tabs are
/// written as character references, since a parser would otherwise turn
/// them into spaces.
pub fn escape_attribute(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            '\t' => escaped.push_str("&#9;"),
            c if is_xml_char(c) => escaped.push(c),
            _ => escaped.push('\u{FFFD}'),
        }
    }
    escaped
}

/// Whether XML 1.0 allows the character in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
