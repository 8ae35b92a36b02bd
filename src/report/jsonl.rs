//! `--format jsonl`: one finding per line, each object with exactly the
//! fields of a `json` finding, in file then offset order.
//!
//! Every line is a finding: there is no summary line and no problem line,
//! so a consumer can treat each line alike (count contradictions with
//! `grep -c '"verdict":"contradicted"'`). File problems are left to the
//! `json` and `sarif` formats and to the human output on standard error.

use std::io::{self, Write};

use crate::check::finding::Verdict;
use crate::report::json::{FindingRecord, to_io};
use crate::report::lines::LineIndex;
use crate::report::located::locate_findings;
use crate::report::model::{FileReport, RenderOptions, RunReport};

/// Writes one file's findings, one JSON object per line (supporting quotes
/// only when shown).
pub fn render_file(out: &mut dyn Write, file: &FileReport, opts: &RenderOptions) -> io::Result<()> {
    let index = LineIndex::new(&file.text);
    for located in locate_findings(file, &index) {
        if !opts.show_supported && located.finding.verdict == Verdict::Supported {
            continue;
        }
        serde_json::to_writer(&mut *out, &FindingRecord::new(&file.path, &located))
            .map_err(to_io)?;
        out.write_all(b"\n")?;
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
