//! The default, human format: miette's graphical diagnostics, grouped by
//! file, then a one-line summary.
//!
//! Each contradiction is an error or a warning (its fact's severity), each
//! supporting quote an advice (unless hidden). The claim's words are
//! underlined and labelled with the verdict and the claim, the diagnostic's
//! text is the finding's message, its code the fact id, and its help names
//! the fact and its source. File problems are rendered the same way.
//!
//! The format streams: [`render_file`] as each file is checked, then
//! [`render_summary`] with the totals.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity, SourceCode,
};

use crate::check::finding::{Finding, FindingSeverity, Verdict};
use crate::report::lines::{IndexedSource, LineIndex, clamp_span};
use crate::report::model::{
    FileReport, Problem, ProblemSeverity, RenderOptions, RunReport, RunTotals,
};

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// One finding or problem as miette sees it.
struct FileDiagnostic<'a> {
    message: String,
    code: Option<&'a str>,
    severity: Severity,
    help: Option<String>,
    label: Option<LabeledSpan>,
    source: &'a IndexedSource<'a>,
}

impl fmt::Debug for FileDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileDiagnostic")
            .field("message", &self.message)
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for FileDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileDiagnostic<'_> {}

impl Diagnostic for FileDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .map(|code| Box::new(code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_deref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.label.as_ref().map(|_| self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|label| Box::new(std::iter::once(label)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

fn handler(opts: &RenderOptions) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Messages hold dates and fact ids (`2024-03-07`, `japan-not-in-nato`);
    // wrapping must not split them at their hyphens.
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width.max(20))
        .with_links(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

fn finding_diagnostic<'a>(
    file: &FileReport,
    finding: &'a Finding,
    source: &'a IndexedSource<'a>,
) -> FileDiagnostic<'a> {
    let severity = match (finding.verdict, finding.severity) {
        (Verdict::Supported, _) => Severity::Advice,
        (Verdict::Contradicted, FindingSeverity::Warning) => Severity::Warning,
        (Verdict::Contradicted, FindingSeverity::Error | FindingSeverity::Info) => Severity::Error,
    };
    let span = clamp_span(&file.text, &finding.span);
    let label = format!("{}: {}", finding.verdict.as_str(), finding.claim);
    let help = match &finding.source {
        Some(source) => format!("fact {} · source: {source}", finding.fact_id),
        None => format!("fact {}", finding.fact_id),
    };
    FileDiagnostic {
        message: finding.message.clone(),
        code: Some(&finding.fact_id),
        severity,
        help: Some(help),
        label: Some(LabeledSpan::new_primary_with_span(Some(label), span)),
        source,
    }
}

fn problem_diagnostic<'a>(
    file: &FileReport,
    problem: &'a Problem,
    source: &'a IndexedSource<'a>,
) -> FileDiagnostic<'a> {
    let severity = match problem.severity {
        ProblemSeverity::Error => Severity::Error,
        ProblemSeverity::Warning => Severity::Warning,
    };
    // A problem without a span is about the whole file; its message then
    // names the file, since no snippet header will.
    let (message, label) = match &problem.span {
        Some(span) => (
            problem.message.clone(),
            Some(LabeledSpan::new_primary_with_span(
                None,
                clamp_span(&file.text, span),
            )),
        ),
        None => (format!("{}: {}", file.path, problem.message), None),
    };
    FileDiagnostic {
        message,
        code: None,
        severity,
        help: problem.help.clone(),
        label,
        source,
    }
}

/// Writes one file's diagnostics under a header line naming the file and
/// its counts. A file with nothing to show writes nothing.
pub fn render_file(out: &mut dyn Write, file: &FileReport, opts: &RenderOptions) -> io::Result<()> {
    let shown: Vec<&Finding> = file
        .findings
        .iter()
        .filter(|finding| opts.shows(finding))
        .collect();
    if shown.is_empty() && file.problems.is_empty() {
        return Ok(());
    }
    let source = IndexedSource::from_index(file.path.clone(), LineIndex::for_file(file));
    let handler = handler(opts);

    let totals = file.totals();
    let header = describe_counts(&totals, opts.color);
    if opts.color {
        writeln!(out, "{BOLD}{}{RESET}: {header}", file.path)?;
    } else {
        writeln!(out, "{}: {header}", file.path)?;
    }

    // Problems first: an unreadable file or a bad date explains the
    // findings (or their absence) that follow.
    let diagnostics = file
        .problems
        .iter()
        .map(|problem| problem_diagnostic(file, problem, &source))
        .chain(
            shown
                .iter()
                .map(|finding| finding_diagnostic(file, finding, &source)),
        );
    for diagnostic in diagnostics {
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, &diagnostic).is_err() {
            // miette fails only when it cannot read the snippet; the
            // message alone is still worth showing.
            rendered = format!(
                "  {}: {}\n",
                severity_word(diagnostic.severity),
                diagnostic.message
            );
        }
        out.write_all(rendered.as_bytes())?;
        // A blank line after each diagnostic keeps the next one's code line
        // from reading as part of this one's help.
        writeln!(out)?;
    }
    Ok(())
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "advice",
    }
}

/// `2 contradictions (1 error, 1 warning), 9 supporting quotes, 1 problem`.
fn describe_counts(totals: &RunTotals, color: bool) -> String {
    let paint = |code: &str, text: String| {
        if color {
            format!("{code}{text}{RESET}")
        } else {
            text
        }
    };
    let mut parts = Vec::new();
    let contradictions = match (totals.errors, totals.warnings) {
        (0, 0) => "no contradictions".to_owned(),
        (errors, 0) => format!(
            "{} ({})",
            plural(errors, "contradiction", "contradictions"),
            plural(errors, "error", "errors")
        ),
        (0, warnings) => format!(
            "{} ({})",
            plural(warnings, "contradiction", "contradictions"),
            plural(warnings, "warning", "warnings")
        ),
        (errors, warnings) => format!(
            "{} ({}, {})",
            plural(errors + warnings, "contradiction", "contradictions"),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
        ),
    };
    let contradiction_colour = if totals.errors > 0 {
        RED
    } else if totals.warnings > 0 {
        YELLOW
    } else {
        GREEN
    };
    parts.push(paint(contradiction_colour, contradictions));
    parts.push(plural(
        totals.supported,
        "supporting quote",
        "supporting quotes",
    ));
    if totals.problems() > 0 {
        parts.push(paint(
            YELLOW,
            plural(totals.problems(), "problem", "problems"),
        ));
    }
    parts.join(", ")
}

/// `no quotes`, `1 quote`, `2 quotes`.
fn plural(count: usize, one: &str, many: &str) -> String {
    match count {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        _ => format!("{count} {many}"),
    }
}

/// Writes the closing summary line:
/// `5 files checked: 2 contradictions (1 error, 1 warning), 9 supporting quotes`.
pub fn render_summary(
    out: &mut dyn Write,
    totals: &RunTotals,
    opts: &RenderOptions,
) -> io::Result<()> {
    let files = plural(totals.files, "file", "files");
    let counts = describe_counts(totals, opts.color);
    let hidden = if opts.show_supported || totals.supported == 0 {
        ""
    } else {
        " (supporting quotes hidden)"
    };
    writeln!(out, "{files} checked: {counts}{hidden}")?;
    out.flush()
}

/// Writes a whole run: every file, then the summary.
pub fn render_run(out: &mut dyn Write, run: &RunReport, opts: &RenderOptions) -> io::Result<()> {
    for file in &run.files {
        render_file(out, file, opts)?;
    }
    render_summary(out, &run.totals(), opts)
}
