//! Findings and problems with their positions worked out once, shared by
//! every machine-readable format so they all agree on lines, columns,
//! quotes and fingerprints.

use std::ops::Range;

use crate::check::baseline::{self, Fingerprint};
use crate::check::finding::Finding;
use crate::report::lines::{LineCursor, Position, clamp_span};
use crate::report::model::{FileReport, Problem};

/// A finding with its span clamped to the text and turned into positions.
#[derive(Debug, Clone)]
pub struct LocatedFinding<'a> {
    pub finding: &'a Finding,
    /// The finding's span, made safe to slice the text with.
    pub span: Range<usize>,
    /// The same span as byte offsets in the file (see `Origin`).
    pub file_span: Range<usize>,
    /// 1-based line and character column of the span's first character.
    pub start: Position,
    /// 1-based line and character column just after the span's last
    /// character (exclusive, as SARIF's `endColumn`).
    pub end: Position,
    /// The file's text at the span.
    pub quote: &'a str,
    /// The baseline fingerprint (see `check::baseline`).
    pub fingerprint: Fingerprint,
}

/// A problem with its span, when it has one, clamped and positioned.
#[derive(Debug, Clone)]
pub struct LocatedProblem<'a> {
    pub problem: &'a Problem,
    /// Byte offsets in the file (see `Origin`).
    pub span: Option<Range<usize>>,
    pub start: Option<Position>,
    pub end: Option<Position>,
}

/// Every finding of a file, located, in the file's (offset) order.
pub fn locate_findings(file: &FileReport) -> Vec<LocatedFinding<'_>> {
    let text: &str = &file.text;
    // Findings come in offset order, so one cursor walks the text once.
    let mut cursor = LineCursor::for_file(file);
    let fingerprints = baseline::fingerprint_values(file);
    file.findings
        .iter()
        .zip(fingerprints)
        .map(|(finding, fingerprint)| {
            let span = clamp_span(text, &finding.span);
            LocatedFinding {
                finding,
                start: cursor.position(span.start),
                end: cursor.position(span.end),
                quote: &text[span.clone()],
                file_span: span.start + file.origin.offset..span.end + file.origin.offset,
                span,
                fingerprint,
            }
        })
        .collect()
}

/// Every problem of a file, located, in the file's order.
pub fn locate_problems(file: &FileReport) -> Vec<LocatedProblem<'_>> {
    let mut cursor = LineCursor::for_file(file);
    file.problems
        .iter()
        .map(|problem| {
            let span = problem
                .span
                .as_ref()
                .map(|span| clamp_span(&file.text, span));
            LocatedProblem {
                problem,
                start: span.as_ref().map(|span| cursor.position(span.start)),
                end: span.as_ref().map(|span| cursor.position(span.end)),
                span: span.map(|s| s.start + file.origin.offset..s.end + file.origin.offset),
            }
        })
        .collect()
}
