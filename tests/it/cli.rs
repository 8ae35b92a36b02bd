//! The command line through the real binary: bad input (issue 3), the JSON
//! contract, exit codes, `rules check`, `test` and `explain` (issue 4).
//! Also holds the helpers the `check` and `ci` tests share.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// What a run of the binary printed, and its exit status.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_factlint"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("RUST_BACKTRACE");
    cmd
}

fn finish(output: std::process::Output) -> Run {
    Run {
        code: output.status.code().expect("the binary exits normally"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `factlint ARGS` in `dir`.
pub fn factlint(dir: &Path, args: &[&str]) -> Run {
    finish(
        command(dir, args)
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs"),
    )
}

/// Runs `factlint ARGS` in `dir` with `input` on standard input.
pub fn factlint_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    finish(child.wait_with_output().unwrap())
}

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Writes `files` (path, contents) under `dir`, creating directories.
pub fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

/// `value` has exactly `keys`, and they are printed in that order in the
/// object that starts after `after` (a sequence of markers) in `text`.
fn assert_keys(text: &str, value: &Value, after: &[&str], keys: &[&str]) {
    let mut have: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    have.sort_unstable();
    let mut want = keys.to_vec();
    want.sort_unstable();
    assert_eq!(have, want);
    let mut at = 0;
    for marker in after {
        at += text[at..].find(marker).unwrap() + marker.len();
    }
    for key in keys {
        let quoted = format!("\"{key}\":");
        let found = text[at..]
            .find(&quoted)
            .unwrap_or_else(|| panic!("{key} after {at}"));
        at += found + quoted.len();
    }
}

/// `(file, verdict, fact, quote)` of every finding of a JSON report.
fn findings(report: &Value) -> Vec<(String, String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().into(),
                f["verdict"].as_str().unwrap().into(),
                f["fact"].as_str().unwrap().into(),
                f["quote"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn problems(report: &Value) -> Vec<(String, String, String, Value)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap().into(),
                p["severity"].as_str().unwrap().into(),
                p["message"].as_str().unwrap().into(),
                p["line"].clone(),
            )
        })
        .collect()
}

const DATED: &str = "---\ndate: 2024-07-12\n---\n";

// --- bad input -------------------------------------------------------------

#[test]
fn invalid_utf8_is_reported_with_its_path_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "a-good.md",
                format!("{DATED}Japan is a member of NATO.\n").as_bytes(),
            ),
            (
                "b-latin1.txt",
                b"Le Japon est membre de l'OTAN, \xe9crit-il.\n",
            ),
            (
                "c-good.md",
                format!("{DATED}Finland is a member of NATO.\n").as_bytes(),
            ),
        ],
    );
    let run = factlint(
        dir.path(),
        &["check", "--no-config", ".", "--format", "json"],
    );
    assert_eq!(run.code, 2, "an unreadable file is exit 2");
    let report = json(&run.stdout);
    assert_eq!(
        findings(&report),
        [
            (
                "a-good.md".into(),
                "contradicted".into(),
                "japan-not-in-nato".into(),
                "Japan is a member of NATO".into()
            ),
            (
                "c-good.md".into(),
                "supported".into(),
                "finland-in-nato".into(),
                "Finland is a member of NATO".into()
            ),
        ]
    );
    assert_eq!(
        problems(&report),
        [(
            "b-latin1.txt".into(),
            "error".into(),
            "b-latin1.txt is not valid UTF-8 (at byte 31)".into(),
            Value::Null
        )]
    );
    assert_eq!(report["summary"]["files"], 3);
}

#[test]
fn empty_file_bom_and_crlf_keep_byte_offsets_into_the_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let bom = "\u{feff}---\ndate: 2024-07-12\nlang: en\n---\nFinland is a member of NATO.\n";
    let crlf = "---\r\ndate: 2024-07-12\r\nlang: en\r\n---\r\n# Nordic news\r\n\r\nIndeed, Finland is a member of NATO.\r\nJapan is a member of NATO.\r\n";
    write_files(
        dir.path(),
        &[
            ("bom.md", bom.as_bytes()),
            ("crlf.md", crlf.as_bytes()),
            ("empty.md", b""),
        ],
    );
    let run = factlint(
        dir.path(),
        &["check", "--no-config", ".", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(report["summary"]["files"], 3);
    let f = &report["findings"].as_array().unwrap();
    assert_eq!(f.len(), 3);
    for finding in f.iter() {
        let text = std::fs::read(dir.path().join(finding["file"].as_str().unwrap())).unwrap();
        let (s, e) = (
            finding["start"].as_u64().unwrap() as usize,
            finding["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], finding["quote"].as_str().unwrap().as_bytes());
    }
    // The BOM is three bytes before the front matter; the column counts characters.
    assert_eq!(
        (
            f[0]["file"].as_str(),
            f[0]["start"].as_u64(),
            f[0]["line"].as_u64(),
            f[0]["column"].as_u64()
        ),
        (Some("bom.md"), Some(37), Some(5), Some(1))
    );
    // CRLF: each line end is two bytes.
    let at = crlf.find("Finland").unwrap() as u64;
    assert_eq!(
        (
            f[1]["start"].as_u64(),
            f[1]["line"].as_u64(),
            f[1]["column"].as_u64(),
            f[1]["end_column"].as_u64()
        ),
        (Some(at), Some(7), Some(9), Some(36))
    );
    let at = crlf.find("Japan").unwrap() as u64;
    assert_eq!(
        (
            f[2]["start"].as_u64(),
            f[2]["line"].as_u64(),
            f[2]["column"].as_u64()
        ),
        (Some(at), Some(8), Some(1))
    );
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "image.txt",
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR Japan is a member of NATO",
            ),
            (
                "news.md",
                format!("{DATED}Finland is a member of NATO.\n").as_bytes(),
            ),
        ],
    );
    let run = factlint(
        dir.path(),
        &["check", "--no-config", ".", "--format", "json"],
    );
    assert_eq!(run.code, 0, "a warning does not fail the run");
    let report = json(&run.stdout);
    assert_eq!(
        problems(&report),
        [(
            "image.txt".into(),
            "warning".into(),
            "image.txt looks like a binary file; skipped".into(),
            Value::Null
        )]
    );
    assert_eq!(findings(&report).len(), 1);
}

#[test]
fn a_single_huge_line_is_read_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "Lorem ipsum dolor sit amet. ".repeat(190_000);
    text.push_str("Indeed, Japan is a member of NATO.");
    assert!(text.len() > 5_000_000);
    write_files(dir.path(), &[("huge.txt", text.as_bytes())]);
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "huge.txt",
            "--as-of",
            "2024-07-12",
            "--lang",
            "en",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    let f = &report["findings"][0];
    assert_eq!(f["quote"], "Japan is a member of NATO");
    assert_eq!(f["line"], 1);
    assert_eq!(
        f["start"].as_u64().unwrap() as usize,
        text.find("Japan").unwrap()
    );
}

/// A file over 16 MiB is checked in segments (so memory stays bounded);
/// its findings keep their offsets, lines and columns in the whole file,
/// wherever the segments are cut, and the file counts once.
#[test]
fn a_file_larger_than_a_segment_keeps_its_positions_and_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    for (name, separator) in [("lines.txt", "\n"), ("one-line.txt", " ")] {
        // Accented and Arabic letters, so that reads end inside characters.
        let filler = format!("Lorem ipsum dolor sit amét, ça va, مرحبا.{separator}");
        let claim = format!("Japan is a member of NATO.{separator}");
        let mut text = String::new();
        let mut claims = Vec::new();
        // Claims at the start, around each 4 MiB mark and at the end.
        for mark in [0usize, 4, 8, 12, 16, 17] {
            while text.len() + 100 < mark << 20 {
                text.push_str(&filler);
            }
            claims.push(text.len());
            text.push_str(&claim);
        }
        assert!(text.len() > 16 << 20);
        write_files(dir.path(), &[(name, text.as_bytes())]);
        let run = factlint(
            dir.path(),
            &[
                "check",
                "--no-config",
                name,
                "--as-of",
                "2024-07-12",
                "--lang",
                "en",
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        let report = json(&run.stdout);
        assert_eq!(report["summary"]["files"], 1, "{name}");
        let found: Vec<(u64, u64, u64)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert_eq!(f["quote"], "Japan is a member of NATO", "{name}");
                let n = |k: &str| f[k].as_u64().unwrap();
                (n("start"), n("line"), n("column"))
            })
            .collect();
        let expected: Vec<(u64, u64, u64)> = claims
            .iter()
            .map(|&at| {
                let before = &text[..at];
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                (
                    at as u64,
                    before.matches('\n').count() as u64 + 1,
                    before[line_start..].chars().count() as u64 + 1,
                )
            })
            .collect();
        assert_eq!(found, expected, "{name}");
    }
}

/// A large file is validated before any segment is checked: invalid UTF-8
/// near its end is reported at its byte, with no findings, as for a small
/// file.
#[test]
fn a_large_file_with_invalid_utf8_is_reported_at_its_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "Japan is a member of NATO. Été.\n"
        .repeat(600_000)
        .into_bytes();
    assert!(bytes.len() > 16 << 20);
    let bad = bytes.len() - 10;
    bytes[bad] = 0xff;
    write_files(dir.path(), &[("big.txt", &bytes)]);
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "big.txt",
            "--lang",
            "en",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    assert_eq!(
        report["problems"][0]["message"],
        format!("big.txt is not valid UTF-8 (at byte {bad})")
    );
}

/// A 100,000-word sentence naming an entity is read whole and its claim
/// found. (How long it takes is measured by the benchmarks, not here.)
#[test]
fn a_single_huge_sentence_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "lorem ipsum dolor sit amet ".repeat(20_000);
    text.push_str("and Japan is a member of NATO.");
    write_files(dir.path(), &[("huge.txt", text.as_bytes())]);
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "huge.txt",
            "--as-of",
            "2024-07-12",
            "--lang",
            "en",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(
        report["findings"][0]["start"].as_u64().unwrap() as usize,
        text.find("Japan").unwrap()
    );
}

#[test]
fn a_missing_path_is_named_and_exit_2_but_the_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[(
            "news.md",
            format!("{DATED}Finland is a member of NATO.\n").as_bytes(),
        )],
    );
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "news.md",
            "no-such-dir",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no-such-dir: no such file or directory"),
        "{}",
        run.stderr
    );
    assert_eq!(findings(&json(&run.stdout)).len(), 1);
}

#[test]
fn unknown_lang_and_malformed_date_in_front_matter_are_diagnostics_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[(
            "draft.md",
            b"---\ntitle: Nordic news\nlang: klingon\ndate: 2024-31-12\n---\nFinland is a member of NATO.\n",
        )],
    );
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "draft.md",
            "--as-of",
            "2024-07-12",
            "--color",
            "never",
        ],
    );
    assert_eq!(run.code, 0, "warnings do not fail the run");
    insta::assert_snapshot!("front_matter_problems", run.stdout);
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "draft.md",
            "--as-of",
            "2024-07-12",
            "--format",
            "json",
        ],
    );
    let report = json(&run.stdout);
    let p = problems(&report);
    assert_eq!(p.len(), 2);
    assert_eq!(
        (p[0].1.as_str(), p[0].3.clone()),
        ("warning", Value::from(3))
    );
    assert!(p[0].2.contains("unknown language \"klingon\""));
    assert_eq!(
        (p[1].1.as_str(), p[1].3.clone()),
        ("warning", Value::from(4))
    );
    assert!(p[1].2.contains("malformed date \"2024-31-12\""));
    // The article is still checked, at --as-of, in the detected language.
    assert_eq!(findings(&report).len(), 1);
}

#[test]
fn corpus_yaml_gives_dates_and_a_missing_file_is_a_warning_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "c/corpus.yaml",
                b"a.txt: {date: 2021-11-15, lang: fr}\nghost.txt: {date: 2021-11-15}\n",
            ),
            ("c/a.txt", "La Finlande est membre de l'OTAN.\n".as_bytes()),
        ],
    );
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "c",
            "--as-of",
            "2024-07-12",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    // At the corpus date, 2021-11-15, Finland was not a member yet.
    assert_eq!(
        findings(&report),
        [(
            "c/a.txt".into(),
            "contradicted".into(),
            "finland-not-in-nato".into(),
            "Finlande est membre de l'OTAN".into()
        )]
    );
    assert_eq!(
        problems(&report),
        [(
            "c/corpus.yaml".into(),
            "warning".into(),
            "corpus.yaml names \"ghost.txt\", which is not in c".into(),
            Value::from(2)
        )]
    );
}

#[test]
fn dash_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let run = factlint_stdin(
        dir.path(),
        &[
            "check",
            "--no-config",
            "-",
            "--as-of",
            "2024-07-12",
            "--format",
            "json",
        ],
        b"Japan is a member of NATO.\n",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        findings(&json(&run.stdout)),
        [(
            "<stdin>".into(),
            "contradicted".into(),
            "japan-not-in-nato".into(),
            "Japan is a member of NATO".into()
        )]
    );
}

#[test]
fn markdown_code_comments_and_link_targets_are_not_prose() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{DATED}# Notes\n\n```\nJapan is a member of NATO.\n```\n\n~~~text\nJapan is a member of NATO.\n~~~\n\n\
         Inline: `Japan is a member of NATO.` was a typo.\n\n<!-- Japan is a member of NATO. -->\n\n\
         See [the list](https://example.org/Japan-is-a-member-of-NATO \"Japan is a member of NATO\").\n\n\
         [Japan is a member of AUKUS](https://example.org), the link text says.\n"
    );
    write_files(
        dir.path(),
        &[
            ("notes.md", text.as_bytes()),
            ("notes.txt", text.as_bytes()),
        ],
    );
    let run = factlint(
        dir.path(),
        &["check", "--no-config", "notes.md", "--format", "json"],
    );
    assert_eq!(
        findings(&json(&run.stdout)),
        [(
            "notes.md".into(),
            "contradicted".into(),
            "japan-not-in-aukus".into(),
            "Japan is a member of AUKUS".into()
        )],
        "only the link text is prose"
    );
    // A .txt file is plain text: everything is read.
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "notes.txt",
            "--as-of",
            "2024-07-12",
            "--format",
            "json",
        ],
    );
    assert!(findings(&json(&run.stdout)).len() >= 4);
}

// --- the JSON contract, listings and exit codes ------------------------------

#[test]
fn json_has_the_spec_keys_in_a_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "b.md",
                format!("{DATED}NATO has 30 members. Finland is a member of NATO.\n").as_bytes(),
            ),
            (
                "a/z.md",
                format!("{DATED}Finland is a member of NATO. Japan is a member of NATO.\n")
                    .as_bytes(),
            ),
            ("a/corpus.yaml", b"ghost.md: {date: 2024-07-12}\n"),
        ],
    );
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            ".",
            "--format",
            "json",
            "--jobs",
            "2",
        ],
    );
    assert_eq!(run.code, 1);
    let report = json(&run.stdout);
    assert_keys(
        &run.stdout,
        &report,
        &[],
        &["findings", "problems", "summary"],
    );
    assert_keys(
        &run.stdout,
        &report["findings"][0],
        &["\n    {"],
        &[
            "file",
            "fact",
            "verdict",
            "severity",
            "start",
            "end",
            "line",
            "column",
            "quote",
            "claim",
            "message",
            "end_line",
            "end_column",
            "source",
            "pattern",
            "fingerprint",
        ],
    );
    assert_keys(
        &run.stdout,
        &report["problems"][0],
        &["\"problems\": [\n    {"],
        &[
            "file", "severity", "message", "line", "column", "start", "end", "help",
        ],
    );
    assert_keys(
        &run.stdout,
        &report["summary"],
        &["\"summary\": {"],
        &[
            "files",
            "supported",
            "contradicted",
            "errors",
            "warnings",
            "problems",
        ],
    );
    let f = &report["findings"][0];
    let order: Vec<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["start"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "file, then offset");
    assert_eq!(order.len(), 4);
    assert_eq!(f["severity"], "info");
    assert!(f["fingerprint"].as_str().unwrap().len() == 16);
    assert!(
        f["pattern"]
            .as_str()
            .unwrap()
            .starts_with("rules/lang/en.yaml:")
    );
    // The same run twice gives the same bytes.
    let again = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            ".",
            "--format",
            "json",
            "--jobs",
            "1",
        ],
    );
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn hide_supported_lists_contradictions_only_but_counts_everything() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[(
            "a.md",
            format!("{DATED}Finland is a member of NATO. Japan is a member of NATO.\n").as_bytes(),
        )],
    );
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "a.md",
            "--hide-supported",
            "--format",
            "json",
        ],
    );
    let report = json(&run.stdout);
    assert_eq!(findings(&report).len(), 1);
    assert_eq!(report["summary"]["supported"], 1);
    let run = factlint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "a.md",
            "--hide-supported",
            "--color",
            "never",
        ],
    );
    assert!(
        !run.stdout.contains("supported: Finland in NATO"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("1 file checked: 1 contradiction (1 error), 1 supporting quote (supporting quotes hidden)\n"), "{}", run.stdout);
}

/// A rule directory for the tests that must not depend on the built-in set.
fn small_rules(dir: &Path) {
    write_files(
        dir,
        &[
            (
                "rules/entities.yaml",
                b"entities:\n  Japan: {kind: country, names: {en: [Japan], fr: [Japon]}}\n  \
                  AUKUS: {kind: organization, names: {any: [AUKUS]}}\n  \
                  ASEAN: {kind: organization, names: {any: [ASEAN], fr: [ANASE]}}\n",
            ),
            (
                "rules/facts.yaml",
                b"facts:\n  - id: japan-not-in-aukus\n    fact: Japan not in AUKUS\n    severity: warning\n  \
                  - id: asean-count-10\n    fact: ASEAN has 10 members from 1999-04-30 until 2025-10-26\n    \
                  source: https://asean.org/member-states/\n",
            ),
        ],
    );
}

#[test]
fn exit_codes_and_warning_severity() {
    let dir = tempfile::tempdir().unwrap();
    small_rules(dir.path());
    write_files(
        dir.path(),
        &[
            (
                "clean.md",
                format!("{DATED}ASEAN has ten members.\n").as_bytes(),
            ),
            (
                "warn.md",
                format!("{DATED}Japan is a member of AUKUS.\n").as_bytes(),
            ),
            (
                "error.md",
                format!("{DATED}ASEAN has eleven members.\n").as_bytes(),
            ),
        ],
    );
    let check = |file: &str| {
        factlint(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--rules",
                "rules",
                file,
                "--format",
                "json",
            ],
        )
    };
    assert_eq!(check("clean.md").code, 0);
    let warn = check("warn.md");
    assert_eq!(
        warn.code, 0,
        "a contradiction of severity warning does not fail the run"
    );
    assert_eq!(json(&warn.stdout)["findings"][0]["severity"], "warning");
    assert_eq!(check("error.md").code, 1);
    // Usage errors.
    assert_eq!(factlint(dir.path(), &["check", "--no-such-flag"]).code, 2);
    assert_eq!(
        factlint(
            dir.path(),
            &["check", "--no-config", "--as-of", "2024-13-01", "clean.md"]
        )
        .code,
        2
    );
    assert_eq!(
        factlint(
            dir.path(),
            &["check", "--no-config", "--rules", "missing", "clean.md"]
        )
        .code,
        2
    );
    assert_eq!(factlint(dir.path(), &["frobnicate"]).code, 2);
    let run = factlint(
        dir.path(),
        &["check", "--no-config", "--lang", "ja", "clean.md"],
    );
    assert_eq!(run.code, 2, "a language without a pack is a usage error");
    assert!(
        run.stderr.contains("ar, de, en, es, fr, it"),
        "{}",
        run.stderr
    );
    assert_eq!(factlint(dir.path(), &["--help"]).code, 0);
}

// --- rules check, test, explain ---------------------------------------------

#[test]
fn rules_check_summary_and_errors_in_the_yaml_file() {
    let dir = tempfile::tempdir().unwrap();
    small_rules(dir.path());
    let run = factlint(dir.path(), &["rules", "check", "--rules", "rules"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "rules ok: 3 entities, 2 facts in 2 files\n")
    );
    write_files(
        dir.path(),
        &[(
            "bad/bad.yaml",
            b"entities:\n  Japan: {kind: country, names: {en: [Japan]}}\n  AUKUS: {kind: organization, names: {any: [AUKUS]}}\n\
              facts:\n  - id: typo\n    fact: Japan nott in AUKUS\n  - id: misspelt\n    fact: Japn in AUKUS\n",
        )],
    );
    let run = factlint(dir.path(), &["rules", "check", "--rules", "bad"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad/bad.yaml:6:17"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("expected \"in\" or \"not in\" after entity \"Japan\"")
    );
    assert!(run.stderr.contains("bad/bad.yaml:8:11"));
    assert!(run.stderr.contains("did you mean \"Japan\"?"));
    assert!(run.stderr.ends_with("2 errors\n"), "{}", run.stderr);
    // The same rule set makes `check` exit 2.
    write_files(dir.path(), &[("a.md", b"Japan.\n")]);
    assert_eq!(
        factlint(
            dir.path(),
            &["check", "--no-config", "--rules", "bad", "a.md"]
        )
        .code,
        2
    );
}

const EXAMPLES: &str = "facts:
  - id: japan-not-in-aukus
    fact: Japan not in AUKUS
    examples:
      - {text: \"Japan is not a member of AUKUS.\", lang: en, verdict: supported}
      - {text: \"Japan, an AUKUS member, signed the pact.\", lang: en, verdict: contradicted}
      - {text: \"Japan could one day join AUKUS.\", lang: en, verdict: none}
";

fn test_rules(dir: &Path, examples: &str) {
    write_files(
        dir,
        &[
            ("r/entities.yaml", b"entities:\n  Japan: {kind: country, names: {en: [Japan]}}\n  AUKUS: {kind: organization, names: {any: [AUKUS]}}\n"),
            ("r/examples.yaml", examples.as_bytes()),
        ],
    );
}

#[test]
fn test_runs_examples_and_points_at_a_failing_one() {
    let dir = tempfile::tempdir().unwrap();
    test_rules(dir.path(), EXAMPLES);
    let run = factlint(dir.path(), &["test", "--rules", "r", "--color", "never"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "3 passed, 0 failed\n"));

    let failing = format!(
        "{EXAMPLES}      - {{text: \"Japan is not a member of AUKUS.\", lang: en, verdict: contradicted}}\n"
    );
    assert_eq!(
        failing.lines().nth(7).unwrap().trim_start().get(..7),
        Some("- {text")
    );
    test_rules(dir.path(), &failing);
    let run = factlint(dir.path(), &["test", "--rules", "r", "--color", "never"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("r/examples.yaml:8:"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("example of japan-not-in-aukus expects contradicted, got supported")
    );
    assert!(
        run.stdout.ends_with("3 passed, 1 failed\n"),
        "{}",
        run.stdout
    );
    // --filter keeps only matching facts.
    let run = factlint(dir.path(), &["test", "--rules", "r", "--filter", "nato"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "0 passed, 0 failed\n"));
}

#[test]
fn bad_example_lang_date_and_verdict_are_load_errors_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = format!(
        "{EXAMPLES}      - {{text: \"Japan is in AUKUS.\", lang: klingon, verdict: none}}\n      \
         - {{text: \"Japan is in AUKUS.\", date: 2023-02-30, verdict: none}}\n      \
         - {{text: \"Japan is in AUKUS.\", verdict: maybe}}\n"
    );
    test_rules(dir.path(), &bad);
    let run = factlint(dir.path(), &["test", "--rules", "r", "--color", "never"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    for at in [
        "r/examples.yaml:8:",
        "r/examples.yaml:9:",
        "r/examples.yaml:10:",
    ] {
        assert!(run.stderr.contains(at), "{at} in\n{}", run.stderr);
    }
    assert!(run.stderr.contains("`klingon`"));
    assert!(run.stderr.contains("verdict `maybe`"));
    assert!(run.stderr.contains("2023-02-30"));
    assert!(run.stderr.ends_with("3 errors\n"), "{}", run.stderr);
    // A well-formed code without a language pack cannot be read either.
    let no_pack = format!(
        "{EXAMPLES}      - text: \"Japan is in AUKUS.\"\n        verdict: none\n        lang: ja\n"
    );
    test_rules(dir.path(), &no_pack);
    let run = factlint(dir.path(), &["test", "--rules", "r", "--color", "never"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    insta::assert_snapshot!("example_without_language_pack", run.stderr);
}

#[test]
fn explain_shows_the_entity_the_fact_and_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    small_rules(dir.path());
    let run = factlint(
        dir.path(),
        &[
            "explain",
            "--rules",
            "rules",
            "--lang",
            "fr",
            "--as-of",
            "2023-10-15",
            "Les dix membres de l'Asean se réuniront à Tokyo.",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("explain_asean_fr", run.stdout);
    assert!(run.stdout.contains("\"Asean\" → ASEAN"));
    assert!(run.stdout.contains("supported by asean-count-10"));
    let run = factlint(
        dir.path(),
        &[
            "explain",
            "--rules",
            "rules",
            "--lang",
            "fr",
            "--as-of",
            "2023-10-15",
            "--format",
            "json",
            "Les dix membres de l'Asean se réuniront à Tokyo.",
        ],
    );
    let doc = json(&run.stdout);
    assert_eq!(doc["claims"][0]["fact"], "asean-count-10");
    assert_eq!(doc["claims"][0]["verdict"], "supported");
    assert_eq!(
        doc["sentences"][0]["mentions"][0]["entities"][0]["id"],
        "ASEAN"
    );
}

#[test]
fn explain_with_empty_input_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = factlint(dir.path(), &["explain", "  "]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nothing to explain: the text is empty"),
        "{}",
        run.stderr
    );
    let run = factlint_stdin(dir.path(), &["explain", "-"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing to explain"));
    write_files(dir.path(), &[("empty.md", b"")]);
    let run = factlint(dir.path(), &["explain", "--file", "empty.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nothing to explain"));
    assert_eq!(
        factlint(dir.path(), &["explain"]).code,
        2,
        "no TEXT is a usage error"
    );
}
