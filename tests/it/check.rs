//! The engine end to end through the real binary, with the built-in rules:
//! every claim kind in every language (`tests/fixtures/articles/<lang>/`),
//! their contradicted variants, and hedged, interrogative and conditional
//! sentences that must give no finding. The human report of each fixture is
//! snapshotted; expectations are checked on the JSON report.

use std::collections::BTreeMap;
use std::path::Path;

use super::cli::{factlint, json};

const ARTICLES: &str = "tests/fixtures/articles";
const LANGS: [&str; 6] = ["en", "fr", "it", "ar", "es", "de"];

/// What each behaviour must produce: `(verdict, fact)` pairs, in offset order.
fn expected(lang: &str, behaviour: &str) -> Vec<(&'static str, &'static str)> {
    const S: &str = "supported";
    const C: &str = "contradicted";
    match behaviour {
        "membership" => vec![(S, "finland-in-nato")],
        "membership-contradicted" => vec![(C, "japan-not-in-nato")],
        "non-membership" => vec![(S, "japan-not-in-aukus")],
        "non-membership-contradicted" if lang == "en" => vec![(C, "finland-in-nato")],
        "non-membership-contradicted" => vec![(C, "sweden-in-nato")],
        "count-digits" => vec![(S, "nato-count-32")],
        "count-words" => vec![(S, "asean-count-10")],
        "count-contradicted" => vec![(C, "nato-count-32")],
        "member-list" => vec![(S, "aukus-members")],
        "member-list-contradicted" => vec![(C, "aukus-members")],
        "office-current" => vec![(S, "kishida-pm")],
        "office-current-contradicted" => vec![(C, "ishiba-pm")],
        "office-former" => vec![(S, "abe-pm-2")],
        "office-former-contradicted" => vec![(C, "kishida-pm")],
        "hedged" | "question" | "conditional" => vec![],
        other => panic!("fixture {lang}/{other}.md has no expectation in check.rs"),
    }
}

const BEHAVIOURS: [&str; 16] = [
    "membership",
    "membership-contradicted",
    "non-membership",
    "non-membership-contradicted",
    "count-digits",
    "count-words",
    "count-contradicted",
    "member-list",
    "member-list-contradicted",
    "office-current",
    "office-current-contradicted",
    "office-former",
    "office-former-contradicted",
    "hedged",
    "question",
    "conditional",
];

/// Splits a human report into the block of each file (a block starts with
/// the file's header line `path: …`); files with nothing to show have none.
fn blocks(report: &str, paths: &[String]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in report.lines() {
        if let Some(p) = paths.iter().find(|p| line.starts_with(&format!("{p}: "))) {
            current = Some(p.clone());
        } else if line.contains(" checked: ") && !line.starts_with(' ') {
            current = None;
            continue;
        }
        if let Some(p) = &current {
            let block = out.entry(p.clone()).or_default();
            block.push_str(line);
            block.push('\n');
        }
    }
    out
}

/// Every fixture of every language: the JSON report gives exactly the
/// expected findings, each quote is the file's text at its span, and the
/// human report of each file matches its snapshot.
#[test]
fn every_claim_kind_in_every_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Every fixture file has an expectation, and every expectation a file.
    for lang in LANGS {
        let mut found: Vec<String> = std::fs::read_dir(root.join(ARTICLES).join(lang))
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        found.sort();
        let mut want: Vec<String> = BEHAVIOURS.iter().map(|b| b.to_string()).collect();
        want.sort();
        assert_eq!(found, want, "fixtures of {lang}");
    }

    let run = factlint(
        root,
        &["check", "--no-config", ARTICLES, "--format", "json"],
    );
    assert_eq!(run.code, 1, "contradictions fail the run: {}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["problems"], serde_json::json!([]));
    let mut got: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        let file = f["file"].as_str().unwrap().to_string();
        let text = std::fs::read(root.join(&file)).unwrap();
        let (start, end) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&text[start..end]).unwrap(),
            f["quote"].as_str().unwrap(),
            "the quote is the file's text at its span"
        );
        got.entry(file).or_default().push((
            f["verdict"].as_str().unwrap().to_string(),
            f["fact"].as_str().unwrap().to_string(),
        ));
    }
    let mut failures = Vec::new();
    for lang in LANGS {
        for behaviour in BEHAVIOURS {
            let file = format!("{ARTICLES}/{lang}/{behaviour}.md");
            let want: Vec<(String, String)> = expected(lang, behaviour)
                .into_iter()
                .map(|(v, f)| (v.to_string(), f.to_string()))
                .collect();
            let have = got.remove(&file).unwrap_or_default();
            if have != want {
                failures.push(format!("{file}: expected {want:?}, got {have:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let s = &report["summary"];
    assert_eq!(s["files"], 96);
    assert_eq!(s["supported"], 6 * 7);
    assert_eq!(s["contradicted"], 6 * 6);

    // The human report, one run per language, one snapshot per fixture.
    for lang in LANGS {
        let dir = format!("{ARTICLES}/{lang}");
        let run = factlint(root, &["check", "--no-config", &dir, "--color", "never"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let paths: Vec<String> = BEHAVIOURS.iter().map(|b| format!("{dir}/{b}.md")).collect();
        let mut blocks = blocks(&run.stdout, &paths);
        for behaviour in BEHAVIOURS {
            let path = format!("{dir}/{behaviour}.md");
            let block = blocks.remove(&path).unwrap_or_default();
            if expected(lang, behaviour).is_empty() {
                assert_eq!(block, "", "{path} must show nothing");
                continue;
            }
            insta::assert_snapshot!(format!("{lang}__{behaviour}"), block);
        }
        insta::assert_snapshot!(
            format!("{lang}__summary"),
            run.stdout.lines().last().unwrap()
        );
    }
}

/// Issue 3's done criterion: a draft dated 2024-07-12 with two false claims
/// exits 1 and shows both quotes.
#[test]
fn draft_with_two_false_claims_fails_and_shows_both_quotes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("draft.md"),
        "---\ndate: 2024-07-12\n---\nJapan is a member of NATO, and NATO has 30 members.\n",
    )
    .unwrap();
    let run = factlint(
        dir.path(),
        &["check", "--no-config", "draft.md", "--color", "never"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("draft_human", run.stdout);
    let run = factlint(
        dir.path(),
        &["check", "--no-config", "draft.md", "--format", "json"],
    );
    assert_eq!(run.code, 1);
    let report = json(&run.stdout);
    let quotes: Vec<(&str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["verdict"].as_str().unwrap(),
                f["fact"].as_str().unwrap(),
                f["quote"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        quotes,
        [
            (
                "contradicted",
                "japan-not-in-nato",
                "Japan is a member of NATO"
            ),
            ("contradicted", "nato-count-32", "NATO has 30 members"),
        ]
    );
}

/// Issue 3's done criterion: the seeds with the built-in rules exit 0 with at
/// least 12 supporting quotes across the four seeds that make claims.
#[test]
fn seeds_give_supporting_quotes_and_no_contradiction() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = factlint(root, &["check", "--no-config", "seeds", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["summary"]["contradicted"], 0);
    assert_eq!(report["problems"], serde_json::json!([]));
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.len() >= 12, "{} supporting quotes", findings.len());
    assert!(findings.iter().all(|f| f["verdict"] == "supported"));
    let files: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 4, "{files:?}");
}
