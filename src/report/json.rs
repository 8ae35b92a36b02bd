//! `--format json`: one JSON object for the whole run, as the spec's output
//! contract defines it, written incrementally.
//!
//! ```text
//! {
//!   "findings": [ {finding}, ... ],      one object per line, file then offset order
//!   "problems": [ {problem}, ... ],
//!   "summary": {"files":5,"supported":9,"contradicted":0,...}
//! }
//! ```
//!
//! Findings are written as each file arrives; only the (few) problems are
//! held back until the end, because they follow the findings array.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::finding::Verdict;

use crate::report::lines::LineIndex;
use crate::report::located::{LocatedFinding, LocatedProblem, locate_findings, locate_problems};
use crate::report::model::{FileReport, ProblemSeverity, RenderOptions, RunReport, RunTotals};

/// The fields of one finding, shared with `jsonl`. The first twelve are the
/// spec's contract; the rest are additions the spec allows.
#[derive(Debug, Serialize)]
pub(crate) struct FindingRecord<'a> {
    file: &'a str,
    fact: &'a str,
    verdict: &'static str,
    severity: &'static str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    quote: &'a str,
    claim: &'a str,
    message: &'a str,
    end_line: usize,
    end_column: usize,
    source: Option<&'a str>,
    pattern: &'a str,
    fingerprint: &'a str,
}

impl<'a> FindingRecord<'a> {
    pub(crate) fn new(path: &'a str, located: &'a LocatedFinding<'a>) -> Self {
        let finding = located.finding;
        FindingRecord {
            file: path,
            fact: &finding.fact_id,
            verdict: finding.verdict.as_str(),
            severity: finding.severity.as_str(),
            start: located.span.start,
            end: located.span.end,
            line: located.start.line,
            column: located.start.column,
            quote: located.quote,
            claim: &finding.claim,
            message: &finding.message,
            end_line: located.end.line,
            end_column: located.end.column,
            source: finding.source.as_deref(),
            pattern: &finding.pattern,
            fingerprint: &located.fingerprint,
        }
    }
}

/// The fields of one file problem.
#[derive(Debug, Serialize)]
struct ProblemRecord<'a> {
    file: &'a str,
    severity: &'static str,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    help: Option<&'a str>,
}

impl<'a> ProblemRecord<'a> {
    fn new(path: &'a str, located: &'a LocatedProblem<'a>) -> Self {
        ProblemRecord {
            file: path,
            severity: match located.problem.severity {
                ProblemSeverity::Error => "error",
                ProblemSeverity::Warning => "warning",
            },
            message: &located.problem.message,
            line: located.start.map(|position| position.line),
            column: located.start.map(|position| position.column),
            start: located.span.as_ref().map(|span| span.start),
            end: located.span.as_ref().map(|span| span.end),
            help: located.problem.help.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
struct SummaryRecord {
    files: usize,
    supported: usize,
    contradicted: usize,
    errors: usize,
    warnings: usize,
    problems: usize,
}

impl From<&RunTotals> for SummaryRecord {
    fn from(totals: &RunTotals) -> Self {
        SummaryRecord {
            files: totals.files,
            supported: totals.supported,
            contradicted: totals.contradicted(),
            errors: totals.errors,
            warnings: totals.warnings,
            problems: totals.problems(),
        }
    }
}

pub(crate) fn to_io(error: serde_json::Error) -> io::Error {
    io::Error::other(error)
}

/// Writes the JSON document file by file: [`JsonWriter::begin`], then
/// [`JsonWriter::write_file`] for each file in path order, then
/// [`JsonWriter::finish`].
pub struct JsonWriter<'out> {
    out: &'out mut dyn Write,
    show_supported: bool,
    wrote_finding: bool,
    /// Each problem already serialised, written after the findings.
    problems: Vec<String>,
    totals: RunTotals,
}

impl<'out> JsonWriter<'out> {
    pub fn begin(out: &'out mut dyn Write, opts: &RenderOptions) -> io::Result<Self> {
        out.write_all(b"{\n  \"findings\": [")?;
        Ok(JsonWriter {
            out,
            show_supported: opts.show_supported,
            wrote_finding: false,
            problems: Vec::new(),
            totals: RunTotals::default(),
        })
    }

    /// Writes one file's findings (supporting quotes only when shown) and
    /// keeps its problems for the end.
    pub fn write_file(&mut self, file: &FileReport) -> io::Result<()> {
        self.totals.add_file(file);
        let index = LineIndex::new(&file.text);
        for located in locate_findings(file, &index) {
            if !self.show_supported && located.finding.verdict == Verdict::Supported {
                continue;
            }
            self.out.write_all(if self.wrote_finding {
                b",\n    "
            } else {
                b"\n    "
            })?;
            self.wrote_finding = true;
            serde_json::to_writer(&mut *self.out, &FindingRecord::new(&file.path, &located))
                .map_err(to_io)?;
        }
        for located in locate_problems(file, &index) {
            self.problems.push(
                serde_json::to_string(&ProblemRecord::new(&file.path, &located)).map_err(to_io)?,
            );
        }
        Ok(())
    }

    /// Closes the findings array and writes the problems and the summary.
    pub fn finish(self) -> io::Result<()> {
        let out = self.out;
        out.write_all(if self.wrote_finding {
            b"\n  ],\n"
        } else {
            b"],\n"
        })?;
        out.write_all(b"  \"problems\": [")?;
        for (position, problem) in self.problems.iter().enumerate() {
            out.write_all(if position == 0 { b"\n    " } else { b",\n    " })?;
            out.write_all(problem.as_bytes())?;
        }
        out.write_all(if self.problems.is_empty() {
            b"],\n"
        } else {
            b"\n  ],\n"
        })?;
        out.write_all(b"  \"summary\": ")?;
        serde_json::to_writer(&mut *out, &SummaryRecord::from(&self.totals)).map_err(to_io)?;
        out.write_all(b"\n}\n")?;
        out.flush()
    }
}

/// Writes a whole run as one JSON document.
pub fn render_run(out: &mut dyn Write, run: &RunReport, opts: &RenderOptions) -> io::Result<()> {
    let mut writer = JsonWriter::begin(out, opts)?;
    for file in &run.files {
        writer.write_file(file)?;
    }
    writer.finish()
}
