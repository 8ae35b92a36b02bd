//! CI lint (issue 5) through the real binary: a repository with a
//! `factlint.toml`, git-ignored drafts, suppressions, SARIF, GitHub
//! annotations, baselines, and the configuration's bad input.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::cli::{Run, factlint, json, write_files};

const RULES: &str = "entities:
  Japan: {kind: country, names: {en: [Japan]}}
  Finland: {kind: country, names: {en: [Finland]}}
  AUKUS: {kind: organization, names: {any: [AUKUS]}}
  NATO: {kind: organization, names: {any: [NATO]}}
facts:
  - id: japan-not-in-aukus
    fact: Japan not in AUKUS
    source: https://example.org/aukus
  - id: japan-not-in-nato
    fact: Japan not in NATO
    source: https://example.org/nato
  - id: finland-in-nato
    fact: Finland in NATO since 2023-04-04
";

const NEWS: &str = "# Alliances

<!-- factlint-disable-next-line japan-not-in-aukus -- quoted from a 2021 op-ed -->
Japan, an AUKUS member, signed the pact.

Japan is a member of NATO, the analyst said.
";

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A repository: `factlint.toml` naming `rules/`, a git-ignored `drafts/`
/// holding a false article, and `articles/news.md` with one suppressed and
/// one real contradiction. `None` when git is not installed.
fn repository() -> Option<tempfile::TempDir> {
    if !git_available() {
        eprintln!("git is not installed: skipping");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    write_files(
        dir.path(),
        &[
            (
                "factlint.toml",
                b"rules = [\"rules\"]\nas-of = \"2024-07-12\"\n",
            ),
            ("rules/rules.yaml", RULES.as_bytes()),
            (".gitignore", b"drafts/\n"),
            ("drafts/false.md", b"Japan is a member of NATO.\n"),
            ("articles/news.md", NEWS.as_bytes()),
        ],
    );
    Some(dir)
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    factlint(dir, &all)
}

fn facts(report: &Value) -> Vec<(String, String, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["fact"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn sarif_github_and_baseline_in_a_repository() {
    let Some(repo) = repository() else { return };
    let dir = repo.path();

    let run = check(dir, &["--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif = json(&run.stdout);
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let sarif_run = &sarif["runs"][0];
    let results = sarif_run["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        1,
        "exactly the real contradiction: {results:#?}"
    );
    let result = &results[0];
    assert_eq!(result["ruleId"], "japan-not-in-nato");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "articles/news.md");
    assert_eq!(location["region"]["startLine"], 6);
    assert_eq!(location["region"]["startColumn"], 1);
    assert_eq!(location["region"]["endColumn"], 26);
    assert_eq!(
        location["region"]["snippet"]["text"],
        "Japan is a member of NATO"
    );
    let rules: Vec<&str> = sarif_run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["finland-in-nato", "japan-not-in-aukus", "japan-not-in-nato"]
    );
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index], "japan-not-in-nato");
    assert_eq!(
        sarif_run["invocations"][0]["toolExecutionNotifications"],
        serde_json::json!([])
    );

    let run = check(dir, &["--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=articles/news.md,line=6,col=1,endLine=6,endColumn=26,title=Contradicted fact japan-not-in-nato::\
         Japan in NATO — on 2024-07-12, Japan is not a member of NATO%0Afact japan-not-in-nato · source: https://example.org/nato\n"
    );

    // A baseline accepts today's contradiction …
    let run = check(dir, &["--write-baseline", "factlint-baseline.json"]);
    assert_eq!(run.code, 1, "writing a baseline still reports");
    let baseline = json(&std::fs::read_to_string(dir.join("factlint-baseline.json")).unwrap());
    assert_eq!(baseline["tool"], "factlint");
    assert_eq!(baseline["entries"].as_array().unwrap().len(), 1);
    assert_eq!(baseline["entries"][0]["fact"], "japan-not-in-nato");
    let run = check(
        dir,
        &["--baseline", "factlint-baseline.json", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(facts(&json(&run.stdout)), []);

    // … also after lines are inserted above the claim …
    let moved = NEWS.replace(
        "# Alliances\n",
        "# Alliances\n\nA new paragraph.\n\nAnother one.\n",
    );
    write_files(dir, &[("articles/news.md", moved.as_bytes())]);
    let run = check(
        dir,
        &["--baseline", "factlint-baseline.json", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);

    // … and only a new contradiction fails the run.
    let grown = format!("{moved}\nJapan joined AUKUS in 2023.\n");
    write_files(dir, &[("articles/news.md", grown.as_bytes())]);
    let run = check(
        dir,
        &["--baseline", "factlint-baseline.json", "--format", "json"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        facts(&json(&run.stdout)),
        [("articles/news.md".into(), "japan-not-in-aukus".into(), 12)]
    );
    // Without the baseline both are reported.
    let run = check(dir, &["--format", "json"]);
    assert_eq!(facts(&json(&run.stdout)).len(), 2);
}

#[test]
fn a_bad_factlint_toml_is_a_diagnostic_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("rules/rules.yaml", RULES.as_bytes()),
            ("a.md", b"Japan.\n"),
        ],
    );
    let cases: [(&str, &str, &str); 5] = [
        (
            "unknown_key",
            "rules = [\"rules\"]\nas-of = \"2024-07-12\"\nformatt = \"json\"\n",
            "factlint.toml:3:1",
        ),
        (
            "wrong_type",
            "rules = [\"rules\"]\nbuiltin = \"yes\"\n",
            "factlint.toml:2:11",
        ),
        (
            "bad_date",
            "rules = [\"rules\"]\n\nas-of = \"2024-13-01\"\n",
            "factlint.toml:3:9",
        ),
        (
            "unknown_fact",
            "rules = [\"rules\"]\n[severity]\njapan-not-in-nato = \"warning\"\nno-such-fact = \"warning\"\n",
            "factlint.toml:4:",
        ),
        (
            "bad_glob",
            "rules = [\"rules\"]\ninclude = [\"articles/**\", \"[z\"]\n",
            "factlint.toml:2:",
        ),
    ];
    for (name, toml, at) in cases {
        write_files(dir.path(), &[("factlint.toml", toml.as_bytes())]);
        let run = check(dir.path(), &["a.md"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(at), "{name}: {at} in\n{}", run.stderr);
        insta::assert_snapshot!(
            format!("config_{name}"),
            run.stderr
                .replace(&dir.path().display().to_string(), "[DIR]")
        );
    }
    // --no-config ignores it; --config names another file.
    assert_eq!(
        check(dir.path(), &["--no-config", "--rules", "rules", "a.md"]).code,
        0
    );
    write_files(dir.path(), &[("other.toml", b"rules = [\"rules\"]\n")]);
    assert_eq!(
        check(dir.path(), &["--config", "other.toml", "a.md"]).code,
        0
    );
    let run = check(dir.path(), &["--config", "missing.toml", "a.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.toml"), "{}", run.stderr);
}

#[test]
fn a_file_that_is_not_a_baseline_is_exit_2_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("rules/rules.yaml", RULES.as_bytes()),
            ("a.md", b"Japan.\n"),
            ("not-json.json", b"fingerprints:\n  - abc\n"),
            ("other.json", b"{\"version\": 1}"),
        ],
    );
    for (file, why) in [
        ("not-json.json", "not valid JSON"),
        ("other.json", "\"tool\": \"factlint\""),
        ("missing.json", "cannot read"),
    ] {
        let run = check(
            dir.path(),
            &[
                "--no-config",
                "--rules",
                "rules",
                "--baseline",
                file,
                "a.md",
            ],
        );
        assert_eq!(run.code, 2, "{file}");
        assert!(
            run.stderr.contains(file) && run.stderr.contains(why),
            "{file}: {why} in {}",
            run.stderr
        );
    }
}

fn corpus(dir: &Path) {
    write_files(
        dir,
        &[
            ("rules/rules.yaml", RULES.as_bytes()),
            (
                "articles/a.md",
                b"---\ndate: 2024-07-12\n---\n<!-- factlint-disable-next-line no-such-fact -->\nJapan is a member of NATO.\n\nFinland is a member of NATO.\n",
            ),
            ("articles/b.md", b"---\ndate: 2024-07-12\n---\nFinland is not a member of NATO.\n"),
            ("articles/c.md", b"---\ndate: 2024-07-12\n---\nFinland is a member of NATO.\n"),
            ("articles/skip/d.md", b"---\ndate: 2024-07-12\n---\nJapan joined AUKUS.\n"),
            ("articles/.ignore", b"skip/\n"),
            ("drafts/e.md", b"---\ndate: 2024-07-12\n---\nJapan joined NATO.\n"),
        ],
    );
}

#[test]
fn unknown_fact_in_a_suppression_is_a_warning_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let run = check(
        dir.path(),
        &[
            "--no-config",
            "--rules",
            "rules",
            "articles/a.md",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1);
    let report = json(&run.stdout);
    let p = &report["problems"][0];
    assert_eq!(p["severity"], "warning");
    assert_eq!(
        p["message"],
        "unknown fact id `no-such-fact` in suppression"
    );
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(4), Some(33))
    );
    assert_eq!(report["problems"].as_array().unwrap().len(), 1);
}

#[test]
fn jsonl_junit_statistics_exit_zero_and_jobs() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let base = ["--no-config", "--rules", "rules", "articles"];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        check(dir.path(), &args)
    };
    let run = with(&["--format", "jsonl"]);
    assert_eq!(run.code, 1);
    let lines: Vec<Value> = run.stdout.lines().map(json).collect();
    let json_run = json(&with(&["--format", "json"]).stdout);
    assert_eq!(
        lines.as_slice(),
        json_run["findings"].as_array().unwrap().as_slice(),
        "one json finding per line"
    );
    assert_eq!(lines.len(), 4);

    let run = with(&["--format", "junit"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("junit", run.stdout);

    let run = with(&["--statistics", "--color", "never"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    insta::assert_snapshot!("statistics", lines[lines.len() - 5..].join("\n"));
    let run = with(&["--statistics", "--format", "json"]);
    assert!(
        run.stderr.starts_with("fact "),
        "statistics go to stderr for machine formats: {}",
        run.stderr
    );
    json(&run.stdout);

    let run = with(&["--exit-zero"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("contradicted: Japan in NATO"));

    let one = with(&["--jobs", "1", "--format", "json"]);
    let two = with(&["--jobs", "2", "--format", "json"]);
    assert_eq!(one.stdout, two.stdout);
    let one = with(&["--jobs", "1", "--color", "never"]);
    let two = with(&["--jobs", "2", "--color", "never"]);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(with(&["--jobs", "0"]).code, 2);
}

#[test]
fn ignore_files_globs_and_severity_overrides() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let files = |run: &Run| -> Vec<String> {
        let mut files: Vec<String> = json(&run.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap().to_string())
            .collect();
        files.dedup();
        files
    };
    // `.ignore` is honoured outside a git repository too.
    let run = check(
        dir.path(),
        &["--no-config", "--rules", "rules", "--format", "json"],
    );
    assert_eq!(
        files(&run),
        [
            "articles/a.md",
            "articles/b.md",
            "articles/c.md",
            "drafts/e.md"
        ]
    );

    write_files(
        dir.path(),
        &[(
            "factlint.toml",
            b"rules = [\"rules\"]\ninclude = [\"articles/**\"]\nexclude = [\"**/c.md\"]\n\n[severity]\njapan-not-in-nato = \"warning\"\nfinland-in-nato = \"warning\"\n",
        )],
    );
    let run = check(dir.path(), &["--format", "json"]);
    assert_eq!(files(&run), ["articles/a.md", "articles/b.md"]);
    assert_eq!(
        run.code, 0,
        "both contradictions are warnings now: {}",
        run.stdout
    );
    let report = json(&run.stdout);
    let severities: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["verdict"] == "contradicted")
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["warning", "warning"]);
}
