//! `factlint check`: walk, check in parallel, report in a stable order.
//!
//! Files are checked and rendered on a thread pool; the main thread writes
//! each file's bytes in path order as soon as all before it are written, so
//! output is deterministic whatever the thread timing, and memory stays
//! bounded by a window of files ahead of the writer, not by the corpus.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use super::args::{CheckArgs, FormatArg};
use super::config::{CheckConfig, ConfigError, check_config};
use super::walk::{Discovery, Input, discover};
use super::{Outcome, load_rules, stdout_is_terminal, today, use_color};
use crate::check::baseline::{self, Baseline};
use crate::check::engine::{Defaults, Engine};
use crate::check::finding::Verdict;
use crate::check::suppress::suppress_file;
use crate::report::model::{
    FileReport, Origin, Problem, ProblemSeverity, RenderOptions, RunReport, RunTotals,
};
use crate::report::statistics::Statistics;
use crate::report::{github, human, json, jsonl, junit, sarif};
use crate::rules::model::RuleSet;
use crate::text::segments::segment_end;

/// How many checked files, per thread, may wait for the writer.
const WINDOW_PER_THREAD: usize = 64;

/// A file larger than this is not held whole: it is read and checked in
/// segments of [`SEGMENT_BYTES`], cut between paragraphs, lines or
/// sentences (see `text::segments`), so that memory stays bounded however
/// large one file is.
const LARGE_FILE_BYTES: u64 = 16 << 20;
const SEGMENT_BYTES: usize = 4 << 20;

pub fn run(args: CheckArgs) -> Outcome {
    let config = match check_config(args, today()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(*e));
            return Outcome::Error;
        }
    };
    if config.watch {
        return super::watch::watch_check(config);
    }
    run_config(&config)
}

/// How large a worker's read buffer may stay between files: a buffer
/// grown for a larger file is let go once that file is read, so that no
/// thread keeps up to [`LARGE_FILE_BYTES`] for the rest of a run.
const KEPT_READ_BUFFER: usize = 1 << 20;

thread_local! {
    /// The thread's buffer for reading files, kept from one file to the
    /// next (a worker reads thousands): a buffer per file cost an
    /// allocation and a release for every file, on top of the text's own
    /// copy. Its length is the room to read into, all of it initialised.
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// What a worker makes of one input before checking it.
enum ReadInput<'i> {
    Text(Arc<str>),
    /// The input cannot be checked (unreadable, binary, not UTF-8): the
    /// problem is its whole report.
    Problem(Problem),
    /// A file too large to hold (see [`LARGE_FILE_BYTES`]), not read.
    Large(&'i Path),
}

/// Reads one input: a file error or a binary file becomes a problem of its
/// report, never a panic, so the other files are still checked.
fn read_input(input: &Input) -> ReadInput<'_> {
    let Some(path) = &input.path else {
        let mut buf = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut buf) {
            return ReadInput::Problem(Problem {
                severity: ProblemSeverity::Error,
                message: format!("cannot read standard input: {e}"),
                span: None,
                help: None,
            });
        }
        return text_of(&buf, &input.display);
    };
    READ_BUFFER.with_borrow_mut(|buffer| {
        let read = match read_file(path, buffer) {
            Ok(Some(len)) => text_of(&buffer[..len], &input.display),
            Ok(None) => ReadInput::Large(path),
            Err(e) => ReadInput::Problem(cannot_read(&input.display, &e)),
        };
        if buffer.len() > KEPT_READ_BUFFER {
            *buffer = Vec::new();
        }
        read
    })
}

/// Reads the file at `path` into `buffer` as `std::fs::read` would, and
/// returns how many bytes it holds, or `None` without reading for a file
/// larger than [`LARGE_FILE_BYTES`].
///
/// The length comes from the open file rather than from its path, which
/// spares a system call and a second lookup of the path for every file.
/// With room for one byte more than that length, a regular file is most
/// often read whole by one read that stops short of that room: a read of
/// a regular file stops short only at its end, so no second read is made
/// to find it (one system call fewer per file). A file whose read gives
/// other than its length, or that is not a regular file, is read on until
/// a read gives nothing, as `std::fs::read` does.
fn read_file(path: &Path, buffer: &mut Vec<u8>) -> io::Result<Option<usize>> {
    let mut file = File::open(path)?;
    // As with `std::fs::read`, a file whose length is unknown is read
    // all the same.
    let metadata = file.metadata().ok();
    let len = metadata.as_ref().map_or(0, |meta| meta.len());
    if len > LARGE_FILE_BYTES {
        return Ok(None);
    }
    let regular = metadata.is_some_and(|meta| meta.is_file());
    // The length is at most `LARGE_FILE_BYTES`, so it fits.
    let room = usize::try_from(len).unwrap_or(0) + 1;
    if buffer.len() < room {
        buffer.resize(room.max(1 << 16), 0);
    }
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            // The file is longer than its length said: it is growing.
            buffer.resize(2 * filled, 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(Some(filled)),
            Ok(read) => {
                filled += read;
                // The room was one byte more than the length, so a file
                // that gave exactly its length stopped short: its end.
                if regular && filled as u64 == len {
                    return Ok(Some(filled));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The text of an input's bytes, or the problem with a binary or
/// non-UTF-8 input.
fn text_of<'i>(bytes: &[u8], display: &str) -> ReadInput<'i> {
    if looks_binary(bytes) {
        return ReadInput::Problem(binary_file(display));
    }
    // The standard library checks UTF-8 a byte at a time wherever a byte
    // is not ASCII, which made it a few percent of a run; simdutf8 checks
    // whole vectors. Its fast check only says whether the text is valid, so
    // the standard one finds where it is not.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => ReadInput::Text(Arc::from(text)),
        Err(_) => {
            let valid_up_to = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
            ReadInput::Problem(not_utf8(display, valid_up_to))
        }
    }
}

fn cannot_read(display: &str, e: &io::Error) -> Problem {
    Problem {
        severity: ProblemSeverity::Error,
        message: format!("cannot read {display}: {e}"),
        span: None,
        help: None,
    }
}

/// Whether a file's first bytes hold a NUL, which no text file does.
fn looks_binary(start: &[u8]) -> bool {
    memchr::memchr(0, &start[..start.len().min(8192)]).is_some()
}

fn binary_file(display: &str) -> Problem {
    Problem {
        severity: ProblemSeverity::Warning,
        message: format!("{display} looks like a binary file; skipped"),
        span: None,
        help: Some("factlint reads UTF-8 plain text and Markdown".into()),
    }
}

fn not_utf8(display: &str, at: usize) -> Problem {
    Problem {
        severity: ProblemSeverity::Error,
        message: format!("{display} is not valid UTF-8 (at byte {at})"),
        span: None,
        help: Some("save the file as UTF-8; the other files were still checked".into()),
    }
}

/// Checks the text of one input.
fn check_text(
    engine: &Engine<'_>,
    input: &Input,
    text: Arc<str>,
    defaults: &Defaults,
    fact_exists: &dyn Fn(&str) -> bool,
) -> FileReport {
    let mut report = engine.check(
        input.display.clone(),
        text,
        input.format,
        &input.meta,
        defaults,
    );
    suppress_file(&mut report, &input.ignore, fact_exists);
    report
}

/// The report of an input that could not be checked.
fn unreadable_report(input: &Input, problem: Problem) -> FileReport {
    FileReport {
        path: input.display.clone(),
        text: Arc::from(""),
        findings: Vec::new(),
        problems: vec![problem],
        origin: Origin::default(),
    }
}

/// Reads a large file once, in blocks, to report a binary or non-UTF-8
/// file exactly as [`read_input`] does before any segment is checked.
fn validate_large(path: &Path, display: &str) -> Result<(), Problem> {
    let cannot_read = |e: io::Error| cannot_read(display, &e);
    let mut file = File::open(path).map_err(cannot_read)?;
    let mut block = vec![0u8; 1 << 20];
    // Bytes of a character cut by the end of the previous block.
    let mut carried = 0;
    let mut offset = 0;
    loop {
        let read = file.read(&mut block[carried..]).map_err(cannot_read)?;
        let filled = carried + read;
        if offset == 0 && looks_binary(&block[..filled]) {
            return Err(binary_file(display));
        }
        let valid = match std::str::from_utf8(&block[..filled]) {
            Ok(_) => filled,
            // A character cut by the block's end is read with the next block.
            Err(e) if e.error_len().is_none() && read > 0 => e.valid_up_to(),
            Err(e) => return Err(not_utf8(display, offset + e.valid_up_to())),
        };
        if read == 0 {
            return Ok(());
        }
        block.copy_within(valid..filled, 0);
        carried = filled - valid;
        offset += valid;
    }
}

/// Checks a file too large to hold, segment by segment, and hands each
/// segment's result to `each` as soon as it is ready: a segment is a report
/// of its own whose origin places its positions in the file. Suppression
/// comments act within their segment.
fn check_large(
    engine: &Engine<'_>,
    input: &Input,
    path: &Path,
    run: &RunSettings<'_>,
    fact_exists: &dyn Fn(&str) -> bool,
    mut each: impl FnMut(Checked) -> io::Result<()>,
) -> io::Result<()> {
    // A problem found after some segments were written continues the
    // file (its origin), so the file still counts once.
    let unreadable = |problem: Problem, origin: Origin| FileReport {
        origin,
        ..unreadable_report(input, problem)
    };
    if let Err(problem) = validate_large(path, &input.display) {
        return each(checked(unreadable(problem, Origin::default()), run)?);
    }
    let cannot_read = |e: io::Error| cannot_read(&input.display, &e);
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            return each(checked(unreadable(cannot_read(e), Origin::default()), run)?);
        }
    };
    let mut buffer: Vec<u8> = Vec::with_capacity(SEGMENT_BYTES);
    let mut origin = Origin::default();
    let mut settled = None;
    let mut at_end = false;
    loop {
        while !at_end && buffer.len() < SEGMENT_BYTES {
            let filled = buffer.len();
            buffer.resize(SEGMENT_BYTES, 0);
            match file.read(&mut buffer[filled..]) {
                Ok(read) => {
                    buffer.truncate(filled + read);
                    at_end = read == 0;
                }
                Err(e) => {
                    buffer.truncate(filled);
                    return each(checked(unreadable(cannot_read(e), origin), run)?);
                }
            }
        }
        if buffer.is_empty() {
            return Ok(());
        }
        // Short of the file's end, the buffer may end inside a character:
        // a segment then ends before the buffer does.
        let end = if at_end {
            buffer.len()
        } else {
            segment_end(&buffer, buffer.len() - 1)
        };
        // The file was validated, and segments end between characters.
        let Ok(text) = std::str::from_utf8(&buffer[..end]) else {
            return each(checked(
                unreadable(
                    cannot_read(io::Error::other("the file changed while it was read")),
                    origin,
                ),
                run,
            )?);
        };
        let mut report = engine.check_segment(
            input.display.clone(),
            Arc::from(text),
            input.format,
            &input.meta,
            run.defaults,
            origin,
            &mut settled,
        );
        suppress_file(&mut report, &input.ignore, fact_exists);
        if origin.continues() {
            // Problems with the file as a whole (an unknown fact in
            // corpus.yaml's ignore list) were reported with its start.
            report.problems.retain(|p| p.span.is_some());
        }
        match memchr::memrchr(b'\n', text.as_bytes()) {
            Some(last) => {
                origin.line += memchr::memchr_iter(b'\n', text.as_bytes()).count();
                origin.column = text[last + 1..].chars().count();
            }
            None => origin.column += text.chars().count(),
        }
        origin.offset += end;
        buffer.drain(..end);
        each(checked(report, run)?)?;
    }
}

/// One file's contribution to the output, rendered where the file was
/// checked (in a worker thread) so that the main thread only writes bytes.
enum Rendered {
    /// Human, jsonl and GitHub output: the file's bytes, written as they are.
    Bytes(Vec<u8>),
    /// The file's part of the JSON document.
    Json(json::JsonPart),
    /// SARIF and JUnit need the whole run before writing.
    Report(FileReport),
}

/// Renders one file's report in `format`.
fn render(format: FormatArg, file: FileReport, opts: &RenderOptions) -> io::Result<Rendered> {
    let mut bytes = Vec::new();
    match format {
        FormatArg::Human => human::render_file(&mut bytes, &file, opts)?,
        FormatArg::Json => return json::JsonPart::render(&file, opts).map(Rendered::Json),
        FormatArg::Jsonl => jsonl::render_file_into(&mut bytes, &file, opts),
        FormatArg::Github => github::render_file(&mut bytes, &file, opts)?,
        FormatArg::Sarif | FormatArg::Junit => return Ok(Rendered::Report(file)),
    }
    Ok(Rendered::Bytes(bytes))
}

/// Where the rendered files of a run go, per format.
enum Sink<'o> {
    Human(&'o mut dyn Write),
    Json(json::JsonWriter<'o>),
    Jsonl(&'o mut dyn Write),
    Github(&'o mut dyn Write),
    /// SARIF and JUnit need the whole run before writing.
    Whole(&'o mut dyn Write, Vec<FileReport>),
}

impl Sink<'_> {
    fn write(&mut self, rendered: Rendered) -> io::Result<()> {
        match (self, rendered) {
            (Sink::Human(out) | Sink::Jsonl(out) | Sink::Github(out), Rendered::Bytes(bytes)) => {
                out.write_all(&bytes)
            }
            (Sink::Json(w), Rendered::Json(part)) => w.write_part(part),
            (Sink::Whole(_, files), Rendered::Report(file)) => {
                files.push(file);
                Ok(())
            }
            // `render` gives each format its kind of output.
            _ => Err(io::Error::other("a file was rendered for another format")),
        }
    }
}

/// Everything the main thread needs from one checked input: its output
/// already rendered, and what it adds to the run's counts.
struct Checked {
    rendered: Rendered,
    totals: RunTotals,
    /// Whether the file could not be checked at all.
    unreadable: bool,
    /// The file's counts per fact, when `--statistics` asks for them.
    statistics: Option<Statistics>,
    /// The file's contradictions, when `--write-baseline` records them.
    baseline: Option<FileReport>,
}

/// A worker's result for one input. Nearly every input is checked, so the
/// large variant is the common one, not worth an allocation per input.
#[allow(clippy::large_enum_variant)]
enum Work<'i> {
    Checked(Checked),
    /// A file too large to hold, which the writer checks when its turn
    /// comes, so that its segments go out as they are read.
    Large(&'i Path),
}

/// Checks one input and renders its report: the per-file work of a run,
/// done on a worker thread.
fn check_and_render<'i>(
    engine: &Engine<'_>,
    input: &'i Input,
    run: &RunSettings<'_>,
    fact_exists: &dyn Fn(&str) -> bool,
) -> io::Result<Work<'i>> {
    let report = match read_input(input) {
        ReadInput::Text(text) => check_text(engine, input, text, run.defaults, fact_exists),
        ReadInput::Problem(problem) => unreadable_report(input, problem),
        ReadInput::Large(path) => return Ok(Work::Large(path)),
    };
    checked(report, run).map(Work::Checked)
}

/// Renders a checked report and takes what the run counts from it.
fn checked(mut report: FileReport, run: &RunSettings<'_>) -> io::Result<Checked> {
    let unreadable = report
        .problems
        .iter()
        .any(|p| p.severity == ProblemSeverity::Error);
    let baseline = (run.write_baseline && report.count(Verdict::Contradicted) > 0).then(|| {
        // Only contradictions go into a baseline; keep nothing else.
        FileReport {
            path: report.path.clone(),
            text: report.text.clone(),
            findings: report
                .findings
                .iter()
                .filter(|f| f.verdict == Verdict::Contradicted)
                .cloned()
                .collect(),
            problems: Vec::new(),
            origin: report.origin,
        }
    });
    if let Some(b) = run.baseline {
        report = filter_known(report, b);
    }
    let totals = report.totals();
    let statistics = run.statistics.then(|| {
        let mut statistics = Statistics::default();
        statistics.add_file(&report);
        statistics
    });
    if report.findings.is_empty() && report.problems.is_empty() {
        // A clean file still counts in summaries; its text is not needed.
        report.text = Arc::from("");
    }
    Ok(Checked {
        rendered: render(run.format, report, run.opts)?,
        totals,
        unreadable,
        statistics,
        baseline,
    })
}

/// The run-wide choices every worker reads.
struct RunSettings<'a> {
    format: FormatArg,
    opts: &'a RenderOptions,
    defaults: &'a Defaults,
    baseline: Option<&'a Baseline>,
    write_baseline: bool,
    statistics: bool,
}

/// Runs `work` over every input on `threads` workers of `pool` and hands
/// each result to `consume` on the calling thread, in input order.
///
/// A worker takes the next input only while it lies fewer than `window`
/// inputs ahead of the last one consumed, so at most `window` results wait
/// in memory however uneven the files are, and the workers never stop at a
/// batch boundary for the writer to catch up. When `consume` fails (a
/// closed pipe), the workers stop taking inputs and its error is returned.
fn in_order<'i, T: Send>(
    pool: &rayon::ThreadPool,
    threads: usize,
    window: usize,
    inputs: &'i [Input],
    work: impl Fn(&'i Input) -> T + Sync,
    mut consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results `consume` has taken, which bounds the inputs workers
    // may start, and how many workers wait for it to take more.
    let consumed = Mutex::new(Consumed::default());
    let advanced = Condvar::new();
    let (sender, receiver) = crossbeam_channel::unbounded::<(usize, T)>();
    pool.in_place_scope(|scope| {
        for _ in 0..threads.max(1) {
            let sender = sender.clone();
            let (next, stop, consumed, advanced, work) =
                (&next, &stop, &consumed, &advanced, &work);
            scope.spawn(move |_| {
                // A panicking worker stops the others, so that the caller,
                // missing its result, does not wait for ever; the scope then
                // passes the panic on.
                let _stop_on_panic = StopOnPanic { stop, advanced };
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= inputs.len() || stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let mut state = consumed.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= state.results + window && !stop.load(Ordering::Relaxed) {
                        state.waiting += 1;
                        state = advanced.wait(state).unwrap_or_else(|e| e.into_inner());
                        state.waiting -= 1;
                    }
                    drop(state);
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    if sender.send((i, work(&inputs[i]))).is_err() {
                        return;
                    }
                }
            });
        }
        // Only the workers hold senders now, so the receiver ends when the
        // last of them does.
        drop(sender);
        let result = (|| -> io::Result<()> {
            // Results that arrived before the ones they must follow, by
            // their distance from the next to consume.
            let mut waiting: VecDeque<Option<T>> = VecDeque::new();
            let mut expected = 0;
            for (i, result) in receiver.iter() {
                let slot = i - expected;
                if waiting.len() <= slot {
                    waiting.resize_with(slot + 1, || None);
                }
                waiting[slot] = Some(result);
                while let Some(Some(_)) = waiting.front() {
                    if let Some(Some(result)) = waiting.pop_front() {
                        consume(result)?;
                    }
                    expected += 1;
                    let mut state = consumed.lock().unwrap_or_else(|e| e.into_inner());
                    state.results = expected;
                    // Waking no one still costs a system call, once per
                    // input: only waiting workers are woken. One that is
                    // about to wait counts itself under the lock first.
                    let wake = state.waiting > 0;
                    drop(state);
                    if wake {
                        advanced.notify_all();
                    }
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            // Taking the lock orders the store before any waiting worker's
            // next check.
            drop(consumed.lock().unwrap_or_else(|e| e.into_inner()));
            advanced.notify_all();
        }
        result
    })
}

/// How far [`in_order`]'s consumer has come.
#[derive(Default)]
struct Consumed {
    /// How many results it has taken.
    results: usize,
    /// How many workers wait for it to take more.
    waiting: usize,
}

/// Sets the stop flag and wakes the waiting workers when dropped during a
/// panic.
struct StopOnPanic<'a> {
    stop: &'a AtomicBool,
    advanced: &'a Condvar,
}

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.stop.store(true, Ordering::Relaxed);
            self.advanced.notify_all();
        }
    }
}

/// Reads `--baseline FILE`; the message names the file and says whether it
/// could not be read or is not a baseline.
fn read_baseline(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    baseline::parse_baseline(&text).map_err(|e| {
        let e = e.strip_prefix("not a factlint baseline: ").unwrap_or(&e);
        format!("{} is not a factlint baseline: {e}", path.display())
    })
}

/// Applies the configuration's `[severity]` table; an id no fact has is an
/// error at its line in the configuration file.
fn apply_severities(rules: &mut RuleSet, config: &CheckConfig) -> Result<(), Box<ConfigError>> {
    let mut unknown = Vec::new();
    for (id, severity) in &config.severity {
        match rules.facts.iter_mut().find(|f| &f.id == id) {
            Some(fact) => fact.severity = *severity,
            None => unknown.push(id.as_str()),
        }
    }
    match unknown.first() {
        None => Ok(()),
        Some(id) => {
            let ids: Vec<&str> = rules.facts.iter().map(|f| f.id.as_str()).collect();
            let suggestion = ids
                .iter()
                .map(|known| (strsim::levenshtein(id, known), *known))
                .filter(|(d, _)| *d <= 3)
                .min()
                .map(|(_, known)| format!("did you mean {known:?}?"));
            Err(config.config_error_at_severity(
                id,
                format!("[severity] names unknown fact {id:?}"),
                suggestion.or_else(|| Some("`factlint rules list` shows the facts' ids".into())),
            ))
        }
    }
}

/// Runs `check` once with a validated configuration.
pub fn run_config(config: &CheckConfig) -> Outcome {
    let stderr = io::stderr();
    let color = use_color(config.color, stdout_is_terminal());
    let Some((mut rules, packs)) = load_rules(
        &config.sources,
        use_color(config.color, stderr.is_terminal()),
        &mut stderr.lock(),
    ) else {
        return Outcome::Error;
    };
    if let Err(e) = apply_severities(&mut rules, config) {
        eprintln!("{:?}", miette::Report::new(*e));
        return Outcome::Error;
    }
    if let Some(lang) = &config.lang
        && !super::has_pack(&packs, lang)
    {
        return Outcome::Error;
    }
    let baseline = match &config.baseline {
        Some(path) => match read_baseline(path) {
            Ok(b) => Some(b),
            Err(message) => {
                eprintln!("error: {message}");
                return Outcome::Error;
            }
        },
        None => None,
    };
    let engine = crate::check::engine::Engine::new(&rules, &packs);
    let threads = config
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let Discovery {
        inputs,
        corpus_reports,
        missing,
    } = discover(
        &config.paths,
        config.include.as_ref(),
        config.exclude.as_ref(),
        threads,
        &packs.languages().map(str::to_string).collect::<Vec<_>>(),
    );
    for path in &missing {
        eprintln!("error: {}: no such file or directory", path.display());
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot start {threads} threads: {e}");
            return Outcome::Error;
        }
    };
    let opts = RenderOptions {
        color,
        show_supported: config.show_supported,
        width: terminal_width(),
    };
    let defaults = Defaults {
        date: config.as_of,
        lang: config.lang.clone(),
    };
    let fact_ids: std::collections::HashSet<&str> =
        rules.facts.iter().map(|f| f.id.as_str()).collect();
    let fact_exists = |id: &str| fact_ids.contains(id);

    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut totals = RunTotals::default();
    let mut statistics = Statistics::default();
    let mut baseline_files: Vec<FileReport> = Vec::new();
    let mut unreadable = false;
    let progress = super::progress::Progress::new(inputs.len());
    let settings = RunSettings {
        format: config.format,
        opts: &opts,
        defaults: &defaults,
        baseline: baseline.as_ref(),
        write_baseline: config.write_baseline.is_some(),
        statistics: config.statistics,
    };
    let result = (|| -> io::Result<()> {
        let mut sink = match config.format {
            FormatArg::Human => Sink::Human(&mut out),
            FormatArg::Json => Sink::Json(json::JsonWriter::begin(&mut out, &opts)?),
            FormatArg::Jsonl => Sink::Jsonl(&mut out),
            FormatArg::Github => Sink::Github(&mut out),
            FormatArg::Sarif | FormatArg::Junit => Sink::Whole(&mut out, Vec::new()),
        };
        // Problems with corpus.yaml files come first, in path order like everything else.
        let mut pending: BTreeMap<String, FileReport> = corpus_reports
            .into_iter()
            .map(|r| (r.path.clone(), r))
            .collect();
        let write_corpus = |sink: &mut Sink<'_>, totals: &mut RunTotals, corpus: FileReport| {
            totals.add_file(&corpus);
            sink.write(render(config.format, corpus, &opts)?)
        };
        in_order(
            &pool,
            threads,
            threads * WINDOW_PER_THREAD,
            &inputs,
            |input| {
                check_and_render(&engine, input, &settings, &fact_exists).map(|work| (input, work))
            },
            |result| {
                let (input, work) = result?;
                progress.advance(1);
                while let Some(entry) = pending
                    .first_entry()
                    .filter(|e| e.key().as_str() < input.display.as_str())
                {
                    write_corpus(&mut sink, &mut totals, entry.remove())?;
                }
                let mut take = |checked: Checked| {
                    unreadable |= checked.unreadable;
                    baseline_files.extend(checked.baseline);
                    totals.add_totals(&checked.totals);
                    if let Some(file_statistics) = checked.statistics {
                        statistics.merge(file_statistics);
                    }
                    sink.write(checked.rendered)
                };
                match work {
                    Work::Checked(checked) => take(checked),
                    Work::Large(path) => {
                        check_large(&engine, input, path, &settings, &fact_exists, take)
                    }
                }
            },
        )?;
        for (_, corpus) in pending {
            write_corpus(&mut sink, &mut totals, corpus)?;
        }
        progress.finish();
        match sink {
            Sink::Human(out) => {
                human::render_summary(out, &totals, &opts)?;
                if config.statistics {
                    statistics.render(out)?;
                }
            }
            Sink::Json(w) => w.finish()?,
            Sink::Jsonl(_) | Sink::Github(_) => {}
            Sink::Whole(out, files) => {
                let run = RunReport::new(files);
                if config.format == FormatArg::Sarif {
                    let descriptors = sarif::RuleDescriptor::from_rule_set(&rules);
                    let tool = sarif::ToolInfo {
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri: "",
                    };
                    sarif::render_run(out, &run, &descriptors, tool, &opts)?;
                } else {
                    junit::render_run(out, &run)?;
                }
            }
        }
        out.flush()
    })();
    drop(out);
    if let Err(e) = result {
        // A closed pipe (`factlint check | head`) is not an error worth a message.
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return Outcome::Error;
        }
    }
    if config.statistics && config.format != FormatArg::Human {
        let mut err = io::stderr().lock();
        let target: &mut dyn Write = &mut err;
        let _ = statistics.render(target);
    }
    if let Some(path) = &config.write_baseline {
        let text = baseline::write_baseline(&RunReport::new(baseline_files));
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write the baseline {}: {e}", path.display());
            return Outcome::Error;
        }
    }
    if !missing.is_empty() || unreadable {
        Outcome::Error
    } else if totals.has_error_contradictions() && !config.exit_zero {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Drops the contradictions the baseline already knows.
fn filter_known(report: FileReport, baseline: &Baseline) -> FileReport {
    let mut run = RunReport {
        files: vec![report],
    };
    baseline::filter_new(&mut run, baseline);
    run.files.pop().unwrap_or_else(|| FileReport {
        path: String::new(),
        text: Arc::from(""),
        findings: Vec::new(),
        problems: Vec::new(),
        origin: Origin::default(),
    })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
        .clamp(40, 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_into_the_kept_buffer_reads_what_std_reads() {
        let dir = tempfile::tempdir().unwrap();
        // One buffer for every file, as a worker keeps it: files shorter and
        // longer than what it already holds, empty, and past its first size.
        let mut buffer = Vec::new();
        for len in [0, 1, 100, 65_535, 65_536, 65_537, 200_000, 7, 0] {
            let path = dir.path().join(format!("{len}.md"));
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let read = read_file(&path, &mut buffer).unwrap().unwrap();
            assert_eq!(
                &buffer[..read],
                std::fs::read(&path).unwrap(),
                "{len} bytes"
            );
        }
    }
}
