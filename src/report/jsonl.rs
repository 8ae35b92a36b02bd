//! `--format jsonl`: one finding per line, each object with exactly the
//! fields of a `json` finding, in file then offset order.
//!
//! Every line is a finding: there is no summary line and no problem line,
//! so a consumer can treat each line alike (count contradictions with
//! `grep -c '"verdict":"contradicted"'`). File problems are left to the
//! `json` and `sarif` formats and to the human output on standard error.

use std::io::{self, Write};

use crate::report::json::push_findings;
use crate::report::model::{FileReport, RenderOptions, RunReport};

/// Writes one file's findings, one JSON object per line (supporting quotes
/// only when shown).
pub fn render_file(out: &mut dyn Write, file: &FileReport, opts: &RenderOptions) -> io::Result<()> {
    let mut buffer = Vec::new();
    render_file_into(&mut buffer, file, opts);
    out.write_all(&buffer)
}

/// [`render_file`] into a byte buffer, which cannot fail.
pub fn render_file_into(out: &mut Vec<u8>, file: &FileReport, opts: &RenderOptions) {
    push_findings(out, file, opts.show_supported, b"", b"\n");
}

/// Writes a whole run.
pub fn render_run(out: &mut dyn Write, run: &RunReport, opts: &RenderOptions) -> io::Result<()> {
    for file in &run.files {
        render_file(out, file, opts)?;
    }
    out.flush()
}
