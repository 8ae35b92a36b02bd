//! What a run produced, as every output format sees it.

use std::ops::Range;
use std::sync::Arc;

use crate::check::finding::{Finding, FindingSeverity, Verdict};

/// A problem with an article that is not a finding: a malformed front-matter
/// date, an unknown language, a `corpus.yaml` entry naming a missing file,
/// an unused suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: ProblemSeverity,
    pub message: String,
    /// Byte span in the file the problem is about, when there is one.
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemSeverity {
    /// The file could not be checked at all (unreadable, not UTF-8).
    Error,
    Warning,
}

/// Where a report's text starts in its file. A file too large to hold is
/// checked in segments (see `cli::check_cmd`), each reported with its own
/// text; positions in every format are shifted by its origin, so they are
/// positions in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Bytes of the file before the text.
    pub offset: usize,
    /// Lines of the file before the text's first line.
    pub line: usize,
    /// Characters of the text's first line that lie before the text.
    pub column: usize,
}

impl Origin {
    /// Whether the text continues a file whose start was reported before.
    pub fn continues(&self) -> bool {
        self.offset > 0
    }
}

/// Everything found in one article.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user gave it (joined with what the walk found), or
    /// `<stdin>`.
    pub path: String,
    /// The file's text as on disk; empty when it could not be read.
    pub text: Arc<str>,
    /// Sorted by span start, then end, then fact id.
    pub findings: Vec<Finding>,
    pub problems: Vec<Problem>,
    /// Where `text` starts in the file: the start, but for the later
    /// segments of a very large file.
    pub origin: Origin,
}

impl FileReport {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.findings
            .iter()
            .filter(|f| f.verdict == verdict)
            .count()
    }
}

impl FileReport {
    /// How many findings of each severity the file holds.
    pub fn totals(&self) -> RunTotals {
        let mut totals = RunTotals::default();
        totals.add_file(self);
        totals
    }
}

/// Everything one `check` run found: files sorted by path, the findings of
/// each sorted by offset (see [`FileReport::findings`]).
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub files: Vec<FileReport>,
}

impl RunReport {
    pub fn new(files: Vec<FileReport>) -> Self {
        let mut run = RunReport { files };
        run.sort();
        run
    }

    /// Puts files in path order and each file's findings in the order the
    /// formats promise: span start, then end, then fact id. Sorting is
    /// stable, so findings that tie keep the engine's order.
    pub fn sort(&mut self) {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        for file in &mut self.files {
            file.findings.sort_by(|a, b| {
                (a.span.start, a.span.end, &a.fact_id).cmp(&(b.span.start, b.span.end, &b.fact_id))
            });
        }
    }

    pub fn totals(&self) -> RunTotals {
        let mut totals = RunTotals::default();
        for file in &self.files {
            totals.add_file(file);
        }
        totals
    }
}

/// Counts over the files seen so far; formats that stream file by file
/// accumulate them with [`RunTotals::add_file`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunTotals {
    pub files: usize,
    /// Contradictions of severity `error`.
    pub errors: usize,
    /// Contradictions of severity `warning`.
    pub warnings: usize,
    /// Supporting quotes.
    pub supported: usize,
    pub problem_errors: usize,
    pub problem_warnings: usize,
}

impl RunTotals {
    pub fn add_file(&mut self, file: &FileReport) {
        // A file read in segments counts once.
        self.files += usize::from(!file.origin.continues());
        for finding in &file.findings {
            match (finding.verdict, finding.severity) {
                (Verdict::Supported, _) => self.supported += 1,
                (Verdict::Contradicted, FindingSeverity::Error) => self.errors += 1,
                (Verdict::Contradicted, FindingSeverity::Warning) => self.warnings += 1,
                // A contradiction is never `info`; should one arrive, it is
                // still a contradiction and counting it as a warning keeps
                // it visible without failing the run.
                (Verdict::Contradicted, FindingSeverity::Info) => self.warnings += 1,
            }
        }
        for problem in &file.problems {
            match problem.severity {
                ProblemSeverity::Error => self.problem_errors += 1,
                ProblemSeverity::Warning => self.problem_warnings += 1,
            }
        }
    }

    /// Adds counts taken separately (one file's, rendered in a worker
    /// thread) to these.
    pub fn add_totals(&mut self, other: &RunTotals) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.supported += other.supported;
        self.problem_errors += other.problem_errors;
        self.problem_warnings += other.problem_warnings;
    }

    pub fn contradicted(&self) -> usize {
        self.errors + self.warnings
    }

    pub fn problems(&self) -> usize {
        self.problem_errors + self.problem_warnings
    }

    /// Whether `check` must exit with status 1: a contradiction of severity
    /// `error` was found. Warnings and supporting quotes never fail a run.
    pub fn has_error_contradictions(&self) -> bool {
        self.errors > 0
    }
}

/// Presentation choices shared by every format; each format uses the ones
/// that make sense for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Emit ANSI colours (human format only). The CLI decides from the
    /// terminal and `NO_COLOR`.
    pub color: bool,
    /// Show supporting quotes; `--hide-supported` clears it. Summaries and
    /// statistics still count them.
    pub show_supported: bool,
    /// Terminal width the human format wraps to.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            show_supported: true,
            width: 80,
        }
    }
}

impl RenderOptions {
    /// Whether a finding is shown under these options.
    pub fn shows(&self, finding: &Finding) -> bool {
        self.show_supported || finding.verdict != Verdict::Supported
    }
}
