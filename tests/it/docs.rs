//! Every snippet of `docs/writing-rules.md` is run, so the tutorial cannot
//! rot.
//!
//! The test reads the Markdown file, takes its fenced code blocks in order
//! and runs them as one session in a fresh temporary directory. What a block
//! does is set by its info string (the words after the opening fence, which
//! a Markdown viewer does not show):
//!
//! - ```` ```LANG file=PATH ```` (any `LANG`, e.g. `yaml`, `markdown`):
//!   writes the block to `PATH`, relative to the session directory (parent
//!   directories are created; a later block with the same `PATH` replaces
//!   the file).
//! - ```` ```console ```` : commands and their output. A line starting with
//!   `$ ` is a command; the lines after it, up to the next command, are what
//!   it prints (standard output, then standard error). `factlint ARGS` runs
//!   the binary under test with `NO_COLOR=1` and `COLUMNS=100`; `mkdir [-p]
//!   DIR` and `rm FILE` do what they say; any other command is an error.
//!   Arguments are split at spaces, with `"…"` and `'…'` quoting. The output
//!   is compared line by line, ignoring trailing white space and trailing
//!   empty lines; a line that is exactly `...` in the expected output stands
//!   for any number of lines (none included), so long diagnostics can be
//!   shown in part, and `...` inside a line stands for any run of characters
//!   (used for the line numbers of built-in pack patterns, `[en.yaml:...]`,
//!   which change whenever a pack is edited). Every command must exit with
//!   status 0, except the last one of a block whose info string says
//!   `exit=N`.
//! - ```` ```text dsl ````: each non-empty line is a fact statement that must
//!   parse (`factlint::dsl::parse_statement`).
//! - ```` ```text pattern ````: each non-empty line is a language-pack
//!   pattern that must parse (`factlint::lang::pattern::parse`).
//! - ```` ```text grammar ````: the block must appear, line for line, in
//!   `docs/rule-language.md` (the reference), so the two cannot drift.
//!
//! A block with any other info string fails the test: every snippet must be
//! exercised. All failures are collected and reported with the line of the
//! block in the Markdown file.

use std::path::{Component, Path};
use std::process::Command;

const DOC: &str = "docs/writing-rules.md";
const REFERENCE: &str = "docs/rule-language.md";

/// A fenced code block: the line of its opening fence, its info string and
/// its text.
struct Block {
    line: usize,
    info: String,
    body: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (index, line) in markdown.lines().enumerate() {
        match open.as_mut() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        line: index + 1,
                        info: info.trim().to_string(),
                        body: String::new(),
                    });
                }
            }
            Some(block) => {
                if line.trim_end() == "```" {
                    out.extend(open.take());
                } else {
                    block.body.push_str(line);
                    block.body.push('\n');
                }
            }
        }
    }
    assert!(
        open.is_none(),
        "{DOC}: a code block is not closed at the end of the file"
    );
    out
}

/// The words of an info string after the language, as `key=value` pairs
/// (`value` empty for a bare word).
fn options(info: &str) -> Vec<(&str, &str)> {
    info.split_whitespace()
        .skip(1)
        .map(|word| word.split_once('=').unwrap_or((word, "")))
        .collect()
}

fn option<'i>(info: &'i str, key: &str) -> Option<&'i str> {
    options(info)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// Splits a command line at spaces, honouring double and single quotes.
fn split_command(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err(format!("unclosed quote in `{line}`"));
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// A path given in the doc, checked to stay inside the session directory.
fn inside(dir: &Path, path: &str) -> Result<std::path::PathBuf, String> {
    let relative = Path::new(path);
    if path.is_empty()
        || relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "`{path}` must be a relative path inside the session directory"
        ));
    }
    Ok(dir.join(relative))
}

fn normalize(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Whether one output line matches an expected line, where `...` inside the
/// expected line stands for any run of characters.
fn line_matches(expected: &str, actual: &str) -> bool {
    let mut parts = expected.split("...");
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether `actual` matches `expected`, where an expected line `...` stands
/// for any number of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| line_matches(first, a) && matches(rest, more)),
    }
}

/// Runs one command of a console block; returns its output and exit status.
fn run(dir: &Path, words: &[String]) -> Result<(String, i32), String> {
    let (program, args) = words
        .split_first()
        .ok_or_else(|| "empty command".to_string())?;
    match program.as_str() {
        "factlint" => {
            let output = Command::new(env!("CARGO_BIN_EXE_factlint"))
                .args(args)
                .current_dir(dir)
                .env("NO_COLOR", "1")
                .env("COLUMNS", "100")
                .output()
                .map_err(|e| format!("cannot run factlint: {e}"))?;
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            Ok((text, output.status.code().unwrap_or(-1)))
        }
        "mkdir" => {
            for arg in args.iter().filter(|a| *a != "-p") {
                std::fs::create_dir_all(inside(dir, arg)?).map_err(|e| e.to_string())?;
            }
            Ok((String::new(), 0))
        }
        "rm" => {
            for arg in args {
                std::fs::remove_file(inside(dir, arg)?).map_err(|e| format!("rm {arg}: {e}"))?;
            }
            Ok((String::new(), 0))
        }
        other => Err(format!(
            "`{other}` is not a command the test can run (factlint, mkdir, rm)"
        )),
    }
}

fn console(dir: &Path, block: &Block) -> Result<(), String> {
    let want_exit: i32 = match option(&block.info, "exit") {
        Some(n) => n
            .parse()
            .map_err(|_| format!("bad exit status `{n}` in the info string"))?,
        None => 0,
    };
    // (command, expected output lines)
    let mut commands: Vec<(String, String)> = Vec::new();
    for line in block.body.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            commands.push((command.to_string(), String::new()));
        } else if let Some((_, expected)) = commands.last_mut() {
            expected.push_str(line);
            expected.push('\n');
        } else {
            return Err(format!("output before the first command: `{line}`"));
        }
    }
    if commands.is_empty() {
        return Err("a console block without a command".into());
    }
    let count = commands.len();
    for (index, (command, expected)) in commands.iter().enumerate() {
        let words = split_command(command)?;
        let (output, status) = run(dir, &words)?;
        let want = if index + 1 == count { want_exit } else { 0 };
        let (expected, actual) = (normalize(expected), normalize(&output));
        let mut problems = Vec::new();
        if status != want {
            problems.push(format!("exit status {status}, the doc says {want}"));
        }
        if !matches(&expected, &actual) {
            problems.push(format!(
                "output differs.\n--- the doc shows:\n{}\n--- the command printed:\n{}",
                expected.join("\n"),
                actual.join("\n")
            ));
        }
        if !problems.is_empty() {
            return Err(format!("$ {command}\n{}", problems.join("\n")));
        }
    }
    Ok(())
}

fn statements(block: &Block) -> Result<(), String> {
    let mut errors = Vec::new();
    for line in block.body.lines().filter(|l| !l.trim().is_empty()) {
        let (statement, problems) = factlint::dsl::parse_statement(line);
        if statement.is_none() {
            errors.push(format!("`{line}` does not parse: {problems:?}"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

fn patterns(block: &Block) -> Result<(), String> {
    let mut errors = Vec::new();
    for line in block.body.lines().filter(|l| !l.trim().is_empty()) {
        if let Err(e) = factlint::lang::pattern::parse(line) {
            errors.push(format!("`{line}` does not parse: {e:?}"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

fn grammar(block: &Block) -> Result<(), String> {
    let reference = std::fs::read_to_string(REFERENCE).map_err(|e| format!("{REFERENCE}: {e}"))?;
    let reference: Vec<&str> = reference.lines().map(str::trim_end).collect();
    let shown: Vec<&str> = block.body.lines().map(str::trim_end).collect();
    if reference
        .windows(shown.len())
        .any(|w| w == shown.as_slice())
    {
        Ok(())
    } else {
        Err(format!(
            "this grammar is not, line for line, the one in {REFERENCE}"
        ))
    }
}

fn exercise(dir: &Path, block: &Block) -> Result<(), String> {
    if let Some(path) = option(&block.info, "file") {
        let target = inside(dir, path)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        return std::fs::write(&target, &block.body).map_err(|e| format!("{path}: {e}"));
    }
    let mut words = block.info.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some("console"), _, _) => console(dir, block),
        (Some("text"), Some("dsl"), None) => statements(block),
        (Some("text"), Some("pattern"), None) => patterns(block),
        (Some("text"), Some("grammar"), None) => grammar(block),
        _ => Err(format!(
            "info string `{}` has no test convention (see tests/it/docs.rs)",
            block.info
        )),
    }
}

#[test]
fn every_snippet_of_writing_rules_runs() {
    let markdown = std::fs::read_to_string(DOC).expect("docs/writing-rules.md is readable");
    let blocks = blocks(&markdown);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut failures = Vec::new();
    for block in &blocks {
        if let Err(e) = exercise(dir.path(), block) {
            failures.push(format!("{DOC}:{} (```{}):\n{e}", block.line, block.info));
        }
    }
    // The tutorial must keep exercising each kind of snippet.
    for kind in [
        "file=",
        "console",
        "text dsl",
        "text pattern",
        "text grammar",
    ] {
        assert!(
            blocks.iter().any(|b| b.info.contains(kind)),
            "{DOC} has no ```{kind} block any more"
        );
    }
    assert!(
        failures.is_empty(),
        "{} snippet(s) of {DOC} are wrong:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn ellipsis_matches_any_run_of_lines() {
    let lines = |s: &str| normalize(s);
    assert!(matches(&lines("a\n...\nd"), &lines("a\nb\nc\nd")));
    assert!(matches(&lines("a\n...\nb"), &lines("a\nb")));
    assert!(!matches(&lines("a\n...\nd"), &lines("a\nb\nc")));
    assert!(!matches(&lines("a\nb"), &lines("a\nb\nc")));
    assert!(line_matches("x [en.yaml:...]", "x [en.yaml:78]"));
    assert!(line_matches("a...b...c", "a-b-c"));
    assert!(!line_matches("x [en.yaml:...]", "x [fr.yaml:78]"));
    assert!(!line_matches("ab...ba", "aba"));
    assert_eq!(
        split_command(r#"factlint explain --lang en "Finland's seat""#).unwrap(),
        ["factlint", "explain", "--lang", "en", "Finland's seat"]
    );
}
