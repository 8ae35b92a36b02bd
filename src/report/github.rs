//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request.
//!
//! ```text
//! ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=TITLE::MESSAGE
//! ```
//!
//! Contradictions are `::error` or `::warning` (the fact's severity),
//! supporting quotes `::notice` when shown, file problems `::error` or
//! `::warning`. Columns count characters; `endColumn` is exclusive, as in
//! SARIF. Values are escaped as the runner expects: in the message `%`,
//! `\r` and `\n`; in properties also `:` and `,`.

use std::io::{self, Write};

use crate::check::finding::{FindingSeverity, Verdict};
use crate::report::lines::Position;
use crate::report::located::{locate_findings, locate_problems};
use crate::report::model::{FileReport, ProblemSeverity, RenderOptions, RunReport};

/// Writes one file's annotations, one command per line.
pub fn render_file(out: &mut dyn Write, file: &FileReport, opts: &RenderOptions) -> io::Result<()> {
    let path = file.path.replace('\\', "/");
    for located in locate_findings(file) {
        let finding = located.finding;
        if !opts.shows(finding) {
            continue;
        }
        let command = match (finding.verdict, finding.severity) {
            (Verdict::Supported, _) => "notice",
            (Verdict::Contradicted, FindingSeverity::Warning) => "warning",
            (Verdict::Contradicted, FindingSeverity::Error | FindingSeverity::Info) => "error",
        };
        let title = match finding.verdict {
            Verdict::Supported => format!("Supported fact {}", finding.fact_id),
            Verdict::Contradicted => format!("Contradicted fact {}", finding.fact_id),
        };
        let mut message = format!(
            "{} — {}\nfact {}",
            finding.claim, finding.message, finding.fact_id
        );
        if let Some(source) = &finding.source {
            message.push_str(" · source: ");
            message.push_str(source);
        }
        write_command(
            out,
            command,
            &path,
            Some((located.start, located.end)),
            &title,
            &message,
        )?;
    }
    for located in locate_problems(file) {
        let command = match located.problem.severity {
            ProblemSeverity::Error => "error",
            ProblemSeverity::Warning => "warning",
        };
        let mut message = located.problem.message.clone();
        if let Some(help) = &located.problem.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let region = located.start.zip(located.end);
        write_command(out, command, &path, region, "factlint", &message)?;
    }
    Ok(())
}

/// Writes a whole run.
pub fn render_run(out: &mut dyn Write, run: &RunReport, opts: &RenderOptions) -> io::Result<()> {
    for file in &run.files {
        render_file(out, file, opts)?;
    }
    out.flush()
}

fn write_command(
    out: &mut dyn Write,
    command: &str,
    path: &str,
    region: Option<(Position, Position)>,
    title: &str,
    message: &str,
) -> io::Result<()> {
    write!(out, "::{command} file={}", escape_property(path))?;
    if let Some((start, end)) = region {
        write!(
            out,
            ",line={},col={},endLine={},endColumn={}",
            start.line, start.column, end.line, end.column
        )?;
    }
    writeln!(
        out,
        ",title={}::{}",
        escape_property(title),
        escape_data(message)
    )
}

/// Escapes a command's message: `%` first, so the escapes it adds stay
/// intact, then the line breaks that would end the command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which additionally cannot hold the `:` that
/// ends the properties or the `,` that separates them.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
