//! Findings and problems with their positions worked out once, shared by
//! every machine-readable format so they all agree on lines, columns,
//! quotes and fingerprints.

use std::ops::Range;

use crate::check::baseline::{Fingerprint, Fingerprinter};
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
    let mut locator = FindingLocator::new(file);
    file.findings
        .iter()
        .map(|finding| locator.locate(finding))
        .collect()
}

/// Locates the findings of one file one at a time, as [`locate_findings`]
/// does for all of them at once, so that a format writing each finding as
/// it goes keeps no list of them.
pub struct FindingLocator<'a> {
    file: &'a FileReport,
    /// Findings come in offset order, so one cursor walks the text once.
    cursor: LineCursor<'a>,
    fingerprints: Fingerprinter<'a>,
}

impl<'a> FindingLocator<'a> {
    pub fn new(file: &'a FileReport) -> Self {
        FindingLocator {
            file,
            cursor: LineCursor::for_file(file),
            fingerprints: Fingerprinter::new(file),
        }
    }

    /// Locates the next finding of the file, which must come after every
    /// finding given before it in `file.findings` (see
    /// [`Fingerprinter::next`]).
    pub fn locate(&mut self, finding: &'a Finding) -> LocatedFinding<'a> {
        let text: &'a str = &self.file.text;
        let span = clamp_span(text, &finding.span);
        let offset = self.file.origin.offset;
        LocatedFinding {
            finding,
            start: self.cursor.position(span.start),
            end: self.cursor.position(span.end),
            quote: &text[span.clone()],
            file_span: span.start + offset..span.end + offset,
            span,
            fingerprint: self.fingerprints.next(finding),
        }
    }
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
