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

use std::io::{self, IoSlice, Write};

use serde::Serialize;

use crate::check::finding::Verdict;

use crate::report::located::{FindingLocator, LocatedFinding, LocatedProblem, locate_problems};
use crate::report::model::{FileReport, ProblemSeverity, RenderOptions, RunReport, RunTotals};

/// How serde_json escapes each byte inside a string: 0 for not at all, `u`
/// for `\u00XX`, any other letter for a backslash and that letter.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of the eight bytes of `word` needs escaping in a JSON
/// string: a control character (below 0x20), `"` or `\`. Each test is the
/// classic "has a byte less than n" bit trick, exact for whether any byte
/// matches (bytes of 0x80 and above never do).
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH_BITS;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    (control | quote | backslash) != 0
}

/// Appends `text` as a JSON string literal, byte for byte as serde_json
/// writes it: `"` and `\` escaped with a backslash, the control characters
/// with a short escape when JSON has one and `\u00xx` otherwise, and
/// everything else (non-ASCII included) as it is. Sixteen bytes are
/// checked at a time, and runs of plain bytes are copied at once.
///
/// Always inlined: every finding writes six strings, nearly all of them
/// with nothing to escape, and a call cost as much as checking a short one
/// (the escaping itself stays out of line).
#[inline(always)]
pub(crate) fn push_str_literal(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Most strings need no escape at all: they are checked whole, their
    // last bytes included, and copied at once.
    let clean = clean_prefix_len(bytes);
    out.extend_from_slice(&bytes[..clean]);
    if clean < bytes.len() {
        push_escaped_from(out, bytes, clean);
    }
    out.push(b'"');
}

/// Whether any of the sixteen bytes of `block` needs escaping in a JSON
/// string (see [`word_needs_escape`]). Written as a fold over the bytes
/// without branches, which the compiler turns into a few vector
/// instructions: half the instructions of two words' bit tricks.
fn block_needs_escape(block: &[u8; 16]) -> bool {
    block.iter().fold(false, |any, &byte| {
        any | (byte < 0x20) | (byte == b'"') | (byte == b'\\')
    })
}

/// How many of the first bytes of `bytes` need no escape, counted in
/// whole blocks of sixteen bytes and words of eight, or all of them when
/// none does.
fn clean_prefix_len(bytes: &[u8]) -> usize {
    let word_at = |at: usize| {
        let mut le = [0u8; 8];
        le.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(le)
    };
    let mut clean = 0;
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        let mut sixteen = [0u8; 16];
        sixteen.copy_from_slice(block);
        if block_needs_escape(&sixteen) {
            return clean;
        }
        clean += 16;
    }
    while clean + 8 <= bytes.len() {
        if word_needs_escape(word_at(clean)) {
            return clean;
        }
        clean += 8;
    }
    if clean == bytes.len() {
        return clean;
    }
    // The last bytes are checked as one word rather than one by one: the
    // string's last eight bytes when it has that many (those before the
    // rest were just found clean), or else the rest padded with spaces,
    // which need no escape. Either way no copy of unknown length is made.
    let last = if bytes.len() >= 8 {
        word_at(bytes.len() - 8)
    } else {
        bytes
            .iter()
            .rev()
            .fold(u64::from_le_bytes([b' '; 8]), |word, &byte| {
                (word << 8) | u64::from(byte)
            })
    };
    if word_needs_escape(last) {
        clean
    } else {
        bytes.len()
    }
}

/// Appends `bytes[start..]` escaped, checking eight bytes at a time and
/// copying runs of plain bytes at once.
#[cold]
#[inline(never)]
fn push_escaped_from(out: &mut Vec<u8>, bytes: &[u8], start: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut run_start = start;
    let mut position = start;
    while position < bytes.len() {
        if let Some(word) = bytes.get(position..position + 8) {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            if !word_needs_escape(u64::from_le_bytes(le)) {
                position += 8;
                continue;
            }
        }
        // A word holding a byte to escape, or the last few bytes: one by one.
        let end = (position + 8).min(bytes.len());
        for (offset, &byte) in bytes[position..end].iter().enumerate() {
            let escape = ESCAPE[usize::from(byte)];
            if escape == 0 {
                continue;
            }
            let at = position + offset;
            out.extend_from_slice(&bytes[run_start..at]);
            run_start = at + 1;
            if escape == b'u' {
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(byte >> 4)],
                    HEX[usize::from(byte & 0xF)],
                ]);
            } else {
                out.extend_from_slice(&[b'\\', escape]);
            }
        }
        position = end;
    }
    out.extend_from_slice(&bytes[run_start..]);
}

/// Appends `n` in decimal, as serde_json writes an integer.
pub(crate) fn push_usize(out: &mut Vec<u8>, n: usize) {
    // Most lines and columns are below a hundred: their one or two digits
    // are written as they are, where formatting them and copying the
    // result cost several times as much.
    match u8::try_from(n) {
        Ok(digit @ 0..=9) => out.push(b'0' + digit),
        Ok(tens @ 10..=99) => out.extend_from_slice(&[b'0' + tens / 10, b'0' + tens % 10]),
        _ => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// Appends one finding object, byte for byte as serde_json serialises the
/// spec's record (the first twelve fields are the spec's contract; the rest
/// are additions the spec allows). `path` is the file's path already
/// written as a string literal, since every finding of the file repeats it.
/// Shared with `jsonl`.
pub(crate) fn push_finding(out: &mut Vec<u8>, path: &[u8], located: &LocatedFinding<'_>) {
    let finding = located.finding;
    out.extend_from_slice(b"{\"file\":");
    out.extend_from_slice(path);
    out.extend_from_slice(b",\"fact\":");
    push_str_literal(out, &finding.fact_id);
    out.extend_from_slice(b",\"verdict\":\"");
    out.extend_from_slice(finding.verdict.as_str().as_bytes());
    out.extend_from_slice(b"\",\"severity\":\"");
    out.extend_from_slice(finding.severity.as_str().as_bytes());
    out.extend_from_slice(b"\",\"start\":");
    push_usize(out, located.file_span.start);
    out.extend_from_slice(b",\"end\":");
    push_usize(out, located.file_span.end);
    out.extend_from_slice(b",\"line\":");
    push_usize(out, located.start.line);
    out.extend_from_slice(b",\"column\":");
    push_usize(out, located.start.column);
    out.extend_from_slice(b",\"quote\":");
    push_str_literal(out, located.quote);
    out.extend_from_slice(b",\"claim\":");
    push_str_literal(out, &finding.claim);
    out.extend_from_slice(b",\"message\":");
    push_str_literal(out, &finding.message);
    out.extend_from_slice(b",\"end_line\":");
    push_usize(out, located.end.line);
    out.extend_from_slice(b",\"end_column\":");
    push_usize(out, located.end.column);
    out.extend_from_slice(b",\"source\":");
    match &finding.source {
        Some(source) => push_str_literal(out, source),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"pattern\":");
    push_str_literal(out, &finding.pattern);
    out.extend_from_slice(b",\"fingerprint\":\"");
    // A fingerprint is hex digits, which JSON never escapes.
    debug_assert!(
        located
            .fingerprint
            .as_bytes()
            .iter()
            .all(u8::is_ascii_hexdigit)
    );
    out.extend_from_slice(located.fingerprint.as_bytes());
    out.extend_from_slice(b"\"}");
}

/// Appends the shown findings of `file` (supporting quotes only when
/// `show_supported`), each object preceded by `before` and followed by
/// `after`; returns whether it appended any.
pub(crate) fn push_findings(
    out: &mut Vec<u8>,
    file: &FileReport,
    show_supported: bool,
    before: &[u8],
    after: &[u8],
) -> bool {
    if file.findings.is_empty() {
        return false;
    }
    let mut path = Vec::with_capacity(file.path.len() + 2);
    push_str_literal(&mut path, &file.path);
    let mut locator = FindingLocator::new(file);
    let mut any = false;
    for finding in &file.findings {
        // Hidden supporting quotes need no locating: the fingerprints of
        // contradictions count only contradictions.
        if !show_supported && finding.verdict == Verdict::Supported {
            continue;
        }
        out.extend_from_slice(before);
        push_finding(out, &path, &locator.locate(finding));
        out.extend_from_slice(after);
        any = true;
    }
    any
}

/// The fields of one finding, shared with `jsonl`. The first twelve are the
/// spec's contract; the rest are additions the spec allows.
#[cfg(test)]
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

#[cfg(test)]
impl<'a> FindingRecord<'a> {
    pub(crate) fn new(path: &'a str, located: &'a LocatedFinding<'a>) -> Self {
        let finding = located.finding;
        FindingRecord {
            file: path,
            fact: &finding.fact_id,
            verdict: finding.verdict.as_str(),
            severity: finding.severity.as_str(),
            start: located.file_span.start,
            end: located.file_span.end,
            line: located.start.line,
            column: located.start.column,
            quote: located.quote,
            claim: &finding.claim,
            message: &finding.message,
            end_line: located.end.line,
            end_column: located.end.column,
            source: finding.source.as_deref(),
            pattern: &finding.pattern,
            fingerprint: located.fingerprint.as_str(),
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

/// One file's part of the JSON document, rendered on its own (in a worker
/// thread while other files are checked) and handed to
/// [`JsonWriter::write_part`] in path order.
#[derive(Debug, Default)]
pub struct JsonPart {
    /// The file's finding objects, each preceded by `,\n    `.
    findings: Vec<u8>,
    /// Each problem already serialised, written after all the findings.
    problems: Vec<String>,
    totals: RunTotals,
}

impl JsonPart {
    /// Renders one file's findings (supporting quotes only when shown) and
    /// problems.
    pub fn render(file: &FileReport, opts: &RenderOptions) -> io::Result<JsonPart> {
        // A finding object takes about 500 bytes; reserving for them at
        // once spares growing the buffer several times per file.
        let mut findings = Vec::with_capacity(file.findings.len() * 512);
        push_findings(
            &mut findings,
            file,
            opts.show_supported,
            FINDING_SEPARATOR,
            b"",
        );
        let mut problems = Vec::with_capacity(file.problems.len());
        if !file.problems.is_empty() {
            for located in locate_problems(file) {
                problems.push(
                    serde_json::to_string(&ProblemRecord::new(&file.path, &located))
                        .map_err(to_io)?,
                );
            }
        }
        Ok(JsonPart {
            findings,
            problems,
            totals: file.totals(),
        })
    }
}

/// What goes before every finding object but the document's first, which
/// goes without the comma.
const FINDING_SEPARATOR: &[u8] = b",\n    ";

/// How many bytes of parts [`JsonWriter`] gathers before writing them:
/// as many as the output's buffer holds (see `cli::check_cmd`), so that a
/// buffered output passes them on without copying them.
const GATHERED_BYTES: usize = 1 << 16;

/// How many parts [`JsonWriter`] gathers at most, well below the number
/// of slices one vectored write takes (1024 on Linux).
const GATHERED_PARTS: usize = 256;

/// Writes the JSON document file by file: [`JsonWriter::begin`], then
/// [`JsonWriter::write_file`] (or [`JsonWriter::write_part`]) for each file
/// in path order, then [`JsonWriter::finish`].
pub struct JsonWriter<'out> {
    out: &'out mut dyn Write,
    opts: RenderOptions,
    wrote_finding: bool,
    /// Parts' findings not written yet, and how many bytes they hold. They
    /// are written together, with one vectored write, once they fill
    /// [`GATHERED_BYTES`]: written one by one, each part was copied into the
    /// output's buffer first, a hundred megabytes on a large corpus.
    gathered: Vec<Vec<u8>>,
    gathered_bytes: usize,
    /// Each problem already serialised, written after the findings.
    problems: Vec<String>,
    totals: RunTotals,
}

impl<'out> JsonWriter<'out> {
    pub fn begin(out: &'out mut dyn Write, opts: &RenderOptions) -> io::Result<Self> {
        out.write_all(b"{\n  \"findings\": [")?;
        Ok(JsonWriter {
            out,
            opts: opts.clone(),
            wrote_finding: false,
            gathered: Vec::new(),
            gathered_bytes: 0,
            problems: Vec::new(),
            totals: RunTotals::default(),
        })
    }

    /// Writes one file's findings (supporting quotes only when shown) and
    /// keeps its problems for the end.
    pub fn write_file(&mut self, file: &FileReport) -> io::Result<()> {
        let part = JsonPart::render(file, &self.opts)?;
        self.write_part(part)
    }

    /// Writes one file's part rendered with [`JsonPart::render`].
    pub fn write_part(&mut self, part: JsonPart) -> io::Result<()> {
        self.totals.add_totals(&part.totals);
        let mut findings = part.findings;
        if !findings.is_empty() {
            if !self.wrote_finding {
                // The document's first finding follows the `[` directly.
                findings.drain(..1);
                self.wrote_finding = true;
            }
            self.gathered_bytes += findings.len();
            self.gathered.push(findings);
            if self.gathered_bytes >= GATHERED_BYTES || self.gathered.len() >= GATHERED_PARTS {
                self.write_gathered()?;
            }
        }
        self.problems.extend(part.problems);
        Ok(())
    }

    /// Writes the gathered parts, in order, with as few vectored writes as
    /// the output takes.
    fn write_gathered(&mut self) -> io::Result<()> {
        let mut slices: Vec<IoSlice<'_>> = self
            .gathered
            .iter()
            .map(|part| IoSlice::new(part))
            .collect();
        let mut unwritten = &mut slices[..];
        while !unwritten.is_empty() {
            match self.out.write_vectored(unwritten) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "failed to write the whole report",
                    ));
                }
                Ok(written) => IoSlice::advance_slices(&mut unwritten, written),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.gathered.clear();
        self.gathered_bytes = 0;
        Ok(())
    }

    /// Closes the findings array and writes the problems and the summary.
    pub fn finish(mut self) -> io::Result<()> {
        self.write_gathered()?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::baseline::Fingerprint;
    use crate::check::finding::{Finding, FindingSeverity};
    use crate::report::lines::Position;

    /// Every byte serde_json escapes, and some it does not.
    const TRICKY: &str = "a\"b\\c/d\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}é—\u{2028}𝄞";

    #[test]
    fn string_literals_match_serde_json() {
        let long = format!("{TRICKY}{}{TRICKY}", "0123456789".repeat(5));
        let cases = [
            "",
            "plain",
            TRICKY,
            "\"",
            "\\\\",
            "\n\n",
            "ends with \u{1}",
            "seven b\"",
            "eight by\"",
            "nine byte\"",
            "\u{1f}\u{20}\u{21}\u{22}\u{5b}\u{5c}\u{5d}\u{7f}\u{80}\u{ff}",
            &long,
        ];
        for text in cases {
            let mut ours = Vec::new();
            push_str_literal(&mut ours, text);
            assert_eq!(ours, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn words_need_escape_exactly_when_a_byte_does() {
        // Every byte at every place of a word, among fillers on both sides
        // of each threshold (a borrow from one byte must not hide or fake
        // another's).
        for filler in [
            b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xe9, 0xff, 0x1f, 0x00,
        ] {
            for byte in 0..=255u8 {
                for place in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[place] = byte;
                    let expected = bytes.iter().any(|&b| ESCAPE[usize::from(b)] != 0);
                    assert_eq!(
                        word_needs_escape(u64::from_le_bytes(bytes)),
                        expected,
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn integers_match_serde_json() {
        for n in (0..1000).chain([12_345, usize::MAX]) {
            let mut ours = Vec::new();
            push_usize(&mut ours, n);
            assert_eq!(ours, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn finding_objects_match_serde_json() {
        for source in [None, Some(TRICKY.into())] {
            let finding = Finding {
                fact: 0,
                fact_id: "fact-\"id".into(),
                verdict: Verdict::Contradicted,
                severity: FindingSeverity::Warning,
                span: 3..9,
                claim: TRICKY.into(),
                message: format!("on 2024-01-01, {TRICKY}"),
                source,
                pattern: "rules/lang/fr.yaml:42".into(),
            };
            let located = LocatedFinding {
                finding: &finding,
                span: 3..9,
                file_span: 3..9,
                start: Position { line: 2, column: 1 },
                end: Position {
                    line: 12,
                    column: 100,
                },
                quote: TRICKY,
                fingerprint: Fingerprint::from_hash(0x0123_4567_89ab_cdef),
            };
            let path = "dir/\"odd\"\\name.md";
            let mut ours = Vec::new();
            let mut path_literal = Vec::new();
            push_str_literal(&mut path_literal, path);
            push_finding(&mut ours, &path_literal, &located);
            let theirs = serde_json::to_vec(&FindingRecord::new(path, &located)).unwrap();
            assert_eq!(String::from_utf8(ours), String::from_utf8(theirs));
        }
    }

    #[test]
    fn blocks_need_escape_exactly_when_a_byte_does() {
        for filler in [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xff, 0x1f] {
            for byte in 0..=255u8 {
                for place in 0..16 {
                    let mut block = [filler; 16];
                    block[place] = byte;
                    let expected = block.iter().any(|&b| ESCAPE[usize::from(b)] != 0);
                    assert_eq!(block_needs_escape(&block), expected, "{block:?}");
                }
            }
        }
    }

    /// A writer that takes at most a few bytes per call, as a pipe may.
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let taken = buf.len().min(7);
            self.0.extend_from_slice(&buf[..taken]);
            Ok(taken)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn gathered_parts_are_written_whole_and_in_order() {
        // Enough files for several gatherings, some of them without
        // findings, written to an output that takes a few bytes at a time.
        let files: Vec<FileReport> = (0..700)
            .map(|i| {
                let text = format!("Claim number {i} of the file.\n");
                let findings = (0..i % 3)
                    .map(|k| Finding {
                        fact: k,
                        fact_id: format!("fact-{k}").into(),
                        verdict: Verdict::Contradicted,
                        severity: FindingSeverity::Error,
                        span: 0..5,
                        claim: format!("claim {i}"),
                        message: "x".repeat(i),
                        source: None,
                        pattern: "en.yaml:1".into(),
                    })
                    .collect();
                FileReport {
                    path: format!("{i:04}.md"),
                    text: text.into(),
                    findings,
                    problems: Vec::new(),
                    origin: Default::default(),
                }
            })
            .collect();
        let run = RunReport { files };
        let opts = RenderOptions::default();
        let mut trickled = Trickle(Vec::new());
        render_run(&mut trickled, &run, &opts).unwrap();
        // The same document, each finding written as serde_json would.
        let value: serde_json::Value = serde_json::from_slice(&trickled.0).unwrap();
        let findings = value["findings"].as_array().unwrap();
        let expected: Vec<serde_json::Value> = run
            .files
            .iter()
            .flat_map(|file| {
                crate::report::located::locate_findings(file)
                    .into_iter()
                    .map(|located| {
                        serde_json::to_value(FindingRecord::new(&file.path, &located)).unwrap()
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(findings.len(), 699);
        assert_eq!(findings, &expected);
        let mut whole = Vec::new();
        render_run(&mut whole, &run, &opts).unwrap();
        assert_eq!(trickled.0, whole);
    }
}
