//! Output formats, line index, suppressions and baselines, over hand-built
//! reports whose texts mix French accents and Arabic so that character
//! columns differ from byte columns.

use std::sync::Arc;

use factlint::check::baseline::{self, Baseline};
use factlint::check::finding::{Finding, FindingSeverity, Verdict};
use factlint::check::suppress::{self, SuppressionKind};
use factlint::report::lines::{IndexedSource, LineIndex, Position};
use factlint::report::model::{
    FileReport, Origin, Problem, ProblemSeverity, RenderOptions, RunReport,
};
use factlint::report::sarif::{RuleDescriptor, ToolInfo};
use factlint::report::{github, human, json, jsonl, junit, sarif, statistics};
use factlint::rules::model::Severity;

const FRENCH: &str = "---\ndate: 2021-11-15\n---\n# Le Japon et l'AUKUS\n\nÀ Tokyo, le Japon, membre de l'AUKUS, a signé le pacte.\nLes dix membres de l'ASEAN se sont réunis à Brunéi.\nLa Nouvelle-Zélande, membre de l'AUKUS, a réagi.\n<!-- factlint-disable-next-line asean-count-10 -->\n\nL'été dernier, la Corée a parlé.\n";

const ARABIC: &str =
    "قال المتحدث إن اليابان عضو في أوكوس منذ سنوات.\nتضم رابطة آسيان عشرة أعضاء.\n";

const EMPTY: &str = "Rien à signaler.\n";

/// The facts of the fixtures, as the SARIF renderer needs them.
fn rules() -> Vec<RuleDescriptor> {
    vec![
        RuleDescriptor {
            id: "japan-not-in-aukus".into(),
            statement: "Japan not in AUKUS".into(),
            source: Some("https://example.org/aukus-statement".into()),
            severity: Severity::Error,
        },
        RuleDescriptor {
            id: "asean-count-10".into(),
            statement: "ASEAN has 10 members".into(),
            source: Some("https://example.org/asean".into()),
            severity: Severity::Error,
        },
        RuleDescriptor {
            id: "nz-not-in-aukus".into(),
            statement: "New-Zealand not in AUKUS".into(),
            source: None,
            severity: Severity::Warning,
        },
    ]
}

/// A finding on the first occurrence (after `from`) of `quote` in `text`.
fn finding(text: &str, quote: &str, from: usize, fact_id: &str, verdict: Verdict) -> Finding {
    let start = from
        + text[from..]
            .find(quote)
            .expect("the quote is in the fixture");
    let (fact, claim, severity, source) = match fact_id {
        "japan-not-in-aukus" => (
            0,
            "Japan in AUKUS",
            Severity::Error,
            Some("https://example.org/aukus-statement"),
        ),
        "asean-count-10" => (
            1,
            "ASEAN has 10 members",
            Severity::Error,
            Some("https://example.org/asean"),
        ),
        _ => (2, "New-Zealand in AUKUS", Severity::Warning, None),
    };
    let message = match verdict {
        Verdict::Contradicted => {
            format!("the rules hold the opposite of \"{claim}\" at the article's date")
        }
        Verdict::Supported => format!("the rules hold \"{claim}\" at the article's date"),
    };
    Finding {
        fact,
        fact_id: fact_id.into(),
        verdict,
        severity: FindingSeverity::for_verdict(verdict, severity),
        span: start..start + quote.len(),
        claim: claim.into(),
        message,
        source: source.map(Into::into),
        pattern: "fr.yaml:12".into(),
    }
}

fn file(path: &str, text: &str, findings: Vec<Finding>, problems: Vec<Problem>) -> FileReport {
    FileReport {
        path: path.into(),
        text: Arc::from(text),
        findings,
        problems,
        origin: Origin::default(),
    }
}

fn run() -> RunReport {
    let comment_start = FRENCH.find("<!--").unwrap();
    let comment_end = FRENCH.find("-->").unwrap() + 3;
    let french = file(
        "articles/fr/aukus.md",
        FRENCH,
        vec![
            finding(
                FRENCH,
                "le Japon, membre de l'AUKUS",
                0,
                "japan-not-in-aukus",
                Verdict::Contradicted,
            ),
            finding(
                FRENCH,
                "Les dix membres de l'ASEAN",
                0,
                "asean-count-10",
                Verdict::Supported,
            ),
            finding(
                FRENCH,
                "La Nouvelle-Zélande, membre de l'AUKUS",
                0,
                "nz-not-in-aukus",
                Verdict::Contradicted,
            ),
        ],
        vec![Problem {
            severity: ProblemSeverity::Warning,
            message: "unused suppression for `asean-count-10`".into(),
            span: Some(comment_start..comment_end),
            help: Some(
                "no finding of `asean-count-10` starts on the line it covers; remove it".into(),
            ),
        }],
    );
    let arabic = file(
        "articles\\ar\\asean.txt",
        ARABIC,
        vec![
            finding(
                ARABIC,
                "اليابان عضو في أوكوس",
                0,
                "japan-not-in-aukus",
                Verdict::Contradicted,
            ),
            finding(
                ARABIC,
                "تضم رابطة آسيان عشرة أعضاء",
                0,
                "asean-count-10",
                Verdict::Supported,
            ),
        ],
        Vec::new(),
    );
    let empty = file(
        "articles/empty, \"odd\" name.txt",
        EMPTY,
        Vec::new(),
        vec![Problem {
            severity: ProblemSeverity::Error,
            message: "front matter date `2021-13-01` is not a date: <month 13>".into(),
            span: None,
            help: None,
        }],
    );
    RunReport::new(vec![french, empty, arabic])
}

fn options() -> RenderOptions {
    RenderOptions {
        color: false,
        show_supported: true,
        width: 80,
    }
}

fn to_string(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    render(&mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("every format writes UTF-8")
}

// ---------------------------------------------------------------- formats

#[test]
fn human_format() {
    let run = run();
    let output = to_string(|out| human::render_run(out, &run, &options()));
    insta::assert_snapshot!("human", output);
}

#[test]
fn human_format_hides_supported_quotes() {
    let run = run();
    let opts = RenderOptions {
        show_supported: false,
        ..options()
    };
    let output = to_string(|out| human::render_run(out, &run, &opts));
    assert!(!output.contains("supported: ASEAN"), "{output}");
    assert!(output.contains("contradicted: Japan in AUKUS"), "{output}");
    assert!(
        output.trim_end().ends_with("(supporting quotes hidden)"),
        "{output}"
    );
}

#[test]
fn human_format_colours_only_when_asked() {
    let run = run();
    let plain = to_string(|out| human::render_run(out, &run, &options()));
    assert!(!plain.contains('\x1b'));
    let opts = RenderOptions {
        color: true,
        ..options()
    };
    let coloured = to_string(|out| human::render_run(out, &run, &opts));
    assert!(coloured.contains('\x1b'));
}

#[test]
fn json_format() {
    let run = run();
    let output = to_string(|out| json::render_run(out, &run, &options()));
    let parsed: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
    assert_eq!(parsed["summary"]["contradicted"], 3);
    assert_eq!(parsed["summary"]["supported"], 2);
    assert_eq!(parsed["summary"]["files"], 3);
    insta::assert_snapshot!("json", output);
}

#[test]
fn json_format_of_an_empty_run_is_valid() {
    let output = to_string(|out| json::render_run(out, &RunReport::default(), &options()));
    let parsed: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
    assert_eq!(parsed["findings"], serde_json::json!([]));
    assert_eq!(parsed["problems"], serde_json::json!([]));
}

#[test]
fn json_quote_and_columns_are_in_characters() {
    let run = run();
    let output = to_string(|out| json::render_run(out, &run, &options()));
    let parsed: serde_json::Value = serde_json::from_str(&output).unwrap();
    let arabic = parsed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| {
            finding["file"] == "articles\\ar\\asean.txt" && finding["verdict"] == "contradicted"
        })
        .unwrap();
    assert_eq!(arabic["quote"], "اليابان عضو في أوكوس");
    assert_eq!(arabic["line"], 1);
    // "قال المتحدث إن " is 15 characters but 27 bytes.
    assert_eq!(arabic["column"], 16);
    assert_eq!(arabic["start"], 27);
}

#[test]
fn jsonl_format() {
    let run = run();
    let output = to_string(|out| jsonl::render_run(out, &run, &options()));
    for line in output.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("each line is JSON");
    }
    assert_eq!(output.lines().count(), 5);
    insta::assert_snapshot!("jsonl", output);
}

#[test]
fn sarif_format() {
    let run = run();
    let tool = ToolInfo {
        version: "0.1.0",
        information_uri: "https://example.org/factlint",
    };
    let output = to_string(|out| sarif::render_run(out, &run, &rules(), tool, &options()));
    let parsed: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
    assert_eq!(parsed["version"], "2.1.0");
    let results = parsed["runs"][0]["results"].as_array().unwrap();
    let rule_ids: Vec<&str> = parsed["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rule_ids[index], result["ruleId"]);
    }
    insta::assert_snapshot!("sarif", output);
}

#[test]
fn sarif_without_supported_has_only_contradictions() {
    let run = run();
    let tool = ToolInfo {
        version: "0.1.0",
        information_uri: "",
    };
    let opts = RenderOptions {
        show_supported: false,
        ..options()
    };
    let output = to_string(|out| sarif::render_run(out, &run, &[], tool, &opts));
    let parsed: serde_json::Value = serde_json::from_str(&output).unwrap();
    let levels: Vec<&str> = parsed["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning", "error"]);
    // Rules missing from the list are synthesised from the findings.
    assert_eq!(
        parsed["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert!(
        parsed["runs"][0]["tool"]["driver"]
            .get("informationUri")
            .is_none()
    );
}

#[test]
fn sarif_uris_are_escaped() {
    assert_eq!(sarif::path_to_uri("a\\b c/d#é.md"), "a/b%20c/d%23%C3%A9.md");
    assert_eq!(sarif::path_to_uri("C:/x.txt"), "C%3A/x.txt");
    assert_eq!(sarif::path_to_uri("<stdin>"), "%3Cstdin%3E");
}

#[test]
fn github_format() {
    let run = run();
    let output = to_string(|out| github::render_run(out, &run, &options()));
    insta::assert_snapshot!("github", output);
}

#[test]
fn github_escaping() {
    assert_eq!(
        github::escape_data("50% done\r\nnext: a,b"),
        "50%25 done%0D%0Anext: a,b"
    );
    assert_eq!(github::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
}

#[test]
fn junit_format() {
    let run = run();
    let output = to_string(|out| junit::render_run(out, &run));
    insta::assert_snapshot!("junit", output);
}

#[test]
fn junit_escaping() {
    assert_eq!(
        junit::escape_attribute("a<b>&\"c'\n"),
        "a&lt;b&gt;&amp;&quot;c&apos;&#10;"
    );
    assert_eq!(
        junit::escape_text("x\u{1}y ]]> <z>"),
        "x\u{FFFD}y ]]&gt; &lt;z&gt;"
    );
}

#[test]
fn statistics_format() {
    let run = run();
    let output = to_string(|out| statistics::render_run(out, &run));
    insta::assert_snapshot!("statistics", output);
}

#[test]
fn totals_decide_the_exit_status() {
    let mut run = run();
    assert!(run.totals().has_error_contradictions());
    for file in &mut run.files {
        file.findings
            .retain(|finding| finding.severity != FindingSeverity::Error);
    }
    let totals = run.totals();
    assert!(!totals.has_error_contradictions());
    assert_eq!(totals.warnings, 1);
}

#[test]
fn faulty_spans_do_not_crash_any_format() {
    let mut broken = finding(FRENCH, "Brunéi", 0, "asean-count-10", Verdict::Contradicted);
    // Inside "é" and past the end of the text.
    broken.span = FRENCH.find("é").unwrap() + 1..FRENCH.len() + 40;
    let run = RunReport::new(vec![file("broken.md", FRENCH, vec![broken], Vec::new())]);
    let tool = ToolInfo {
        version: "0",
        information_uri: "",
    };
    let opts = options();
    for output in [
        to_string(|out| human::render_run(out, &run, &opts)),
        to_string(|out| json::render_run(out, &run, &opts)),
        to_string(|out| jsonl::render_run(out, &run, &opts)),
        to_string(|out| sarif::render_run(out, &run, &rules(), tool, &opts)),
        to_string(|out| github::render_run(out, &run, &opts)),
        to_string(|out| junit::render_run(out, &run)),
    ] {
        assert!(!output.is_empty());
    }
}

// ------------------------------------------------------------- line index

/// Checks that byte `offset` of `text` is at `(line, column)`, both 1-based.
fn check(text: &str, offset: usize, expected: (usize, usize)) {
    let index = LineIndex::new(text);
    let position = index.position(offset);
    assert_eq!(
        (position.line, position.column),
        expected,
        "offset {offset} of {text:?}"
    );
}

#[test]
fn line_index_positions() {
    let long_line = format!("{}é{}", "é".repeat(100), "x".repeat(300));
    let cases: &[(&str, usize, (usize, usize))] = &[
        ("", 0, (1, 1)),
        ("", 5, (1, 1)),
        ("abc", 0, (1, 1)),
        ("abc", 2, (1, 3)),
        ("abc", 3, (1, 4)),
        ("a\nb", 1, (1, 2)),
        ("a\nb", 2, (2, 1)),
        ("a\n", 2, (2, 1)),
        ("a\r\nb", 1, (1, 2)),
        ("a\r\nb", 3, (2, 1)),
        ("été\nà", 2, (1, 2)),
        // Inside "é": the character's own column.
        ("été\nà", 1, (1, 1)),
        ("été\nà", 5, (1, 4)),
        ("été\nà", 6, (2, 1)),
        ("été\nà", 8, (2, 2)),
        ("الياban", 10, (1, 7)),
        (&long_line, 200, (1, 101)),
        (&long_line, 202, (1, 102)),
        (&long_line, 402, (1, 302)),
    ];
    for &(text, offset, expected) in cases {
        check(text, offset, expected);
    }
}

#[test]
fn line_index_agrees_with_a_naive_count_everywhere() {
    let text = format!("{FRENCH}{ARABIC}{}\n\n{}", "ü".repeat(300), "z".repeat(50));
    let index = LineIndex::new(&text);
    for (offset, _) in text.char_indices() {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = text[line_start..offset].chars().count() + 1;
        assert_eq!(
            index.position(offset),
            Position { line, column },
            "offset {offset}"
        );
    }
}

#[test]
fn line_ranges_exclude_line_endings() {
    let index = LineIndex::new("ab\r\ncd\n\nef");
    assert_eq!(index.line_count(), 4);
    assert_eq!(index.line_range(0), 0..2);
    assert_eq!(index.line_range(1), 4..6);
    assert_eq!(index.line_range(2), 7..7);
    assert_eq!(index.line_range(3), 8..10);
    assert_eq!(index.line_range(9), 10..10);
}

#[test]
fn indexed_source_renders_like_miettes_own_on_ascii_text() {
    use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};

    #[derive(Debug, thiserror::Error, Diagnostic)]
    #[error("claim contradicted")]
    struct Sample<S: miette::SourceCode + std::fmt::Debug + 'static> {
        #[source_code]
        code: S,
        #[label("contradicted: Japan in AUKUS")]
        span: SourceSpan,
    }

    let text = "one\ntwo\nJapan, an AUKUS member, signed.\nfour\nfive\n";
    let start = text.find("Japan").unwrap();
    let span = SourceSpan::from(start..start + 22);
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(80);

    let mut with_miette = String::new();
    let reference = Sample {
        code: NamedSource::new("a.txt", text.to_owned()),
        span,
    };
    handler.render_report(&mut with_miette, &reference).unwrap();

    let mut with_index = String::new();
    let indexed = Sample {
        code: IndexedSource::new("a.txt", Box::leak(text.to_owned().into_boxed_str())),
        span,
    };
    handler.render_report(&mut with_index, &indexed).unwrap();
    assert_eq!(with_index, with_miette);
}

// ----------------------------------------------------------- suppressions

fn known(fact_id: &str) -> bool {
    ["japan-not-in-aukus", "asean-count-10", "nz-not-in-aukus"].contains(&fact_id)
}

#[test]
fn disable_next_line_applies_to_the_next_non_empty_line() {
    let text = "Intro.\n<!-- factlint-disable-next-line japan-not-in-aukus -->\n\nLe Japon, membre de l'AUKUS.\nLe Japon, membre de l'AUKUS.\n";
    let parsed = suppress::parse(text);
    assert!(parsed.problems.is_empty());
    assert_eq!(parsed.suppressions.len(), 1);
    let suppression = &parsed.suppressions[0];
    assert_eq!(suppression.kind, SuppressionKind::NextLine);
    assert_eq!(suppression.fact_id.as_deref(), Some("japan-not-in-aukus"));
    assert_eq!(&text[suppression.id_span.clone()], "japan-not-in-aukus");

    let first = finding(
        text,
        "Le Japon",
        0,
        "japan-not-in-aukus",
        Verdict::Contradicted,
    );
    let second_from = first.span.end;
    let second = finding(
        text,
        "Le Japon",
        second_from,
        "japan-not-in-aukus",
        Verdict::Contradicted,
    );
    let applied = suppress::apply(
        vec![first, second.clone()],
        &parsed.suppressions,
        &[],
        &known,
    );
    assert_eq!(applied.kept, vec![second]);
    assert!(applied.problems.is_empty());
}

#[test]
fn stacked_next_line_comments_apply_to_the_same_line() {
    let text = "<!-- factlint-disable-next-line japan-not-in-aukus -->\n<!-- factlint-disable-next-line asean-count-10 -- quoted -->\nLe Japon et les dix membres de l'ASEAN.\n";
    let parsed = suppress::parse(text);
    let findings = vec![
        finding(
            text,
            "Le Japon",
            0,
            "japan-not-in-aukus",
            Verdict::Contradicted,
        ),
        finding(
            text,
            "les dix membres",
            0,
            "asean-count-10",
            Verdict::Supported,
        ),
    ];
    let applied = suppress::apply(findings, &parsed.suppressions, &[], &known);
    assert!(applied.kept.is_empty());
    assert!(applied.problems.is_empty(), "{:?}", applied.problems);
}

#[test]
fn blocks_run_to_their_enable_or_to_the_end() {
    let text = "<!-- factlint-disable japan-not-in-aukus, nz-not-in-aukus -->\nLe Japon A.\nLa Nouvelle-Zélande A.\n<!-- factlint-enable japan-not-in-aukus -->\nLe Japon B.\nLa Nouvelle-Zélande B.\n<!-- factlint-disable -->\nLes dix membres.\n";
    let parsed = suppress::parse(text);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let japan_b = finding(
        text,
        "Le Japon B",
        0,
        "japan-not-in-aukus",
        Verdict::Contradicted,
    );
    let findings = vec![
        finding(
            text,
            "Le Japon A",
            0,
            "japan-not-in-aukus",
            Verdict::Contradicted,
        ),
        finding(
            text,
            "La Nouvelle-Zélande A",
            0,
            "nz-not-in-aukus",
            Verdict::Contradicted,
        ),
        japan_b.clone(),
        finding(
            text,
            "La Nouvelle-Zélande B",
            0,
            "nz-not-in-aukus",
            Verdict::Contradicted,
        ),
        finding(
            text,
            "Les dix membres",
            0,
            "asean-count-10",
            Verdict::Supported,
        ),
    ];
    let applied = suppress::apply(findings, &parsed.suppressions, &[], &known);
    assert_eq!(applied.kept, vec![japan_b]);
    assert!(applied.problems.is_empty(), "{:?}", applied.problems);
}

#[test]
fn unused_suppressions_and_unknown_ids_are_reported() {
    let text = "<!-- factlint-disable-next-line asean-count-10 japan-not-in-aukus japan-not-in-aukis -->\nLe Japon.\n<!-- factlint-enable -->\n<!-- factlint-disabel x -->\n";
    let parsed = suppress::parse(text);
    let messages: Vec<&str> = parsed
        .problems
        .iter()
        .map(|problem| problem.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "`factlint-enable` without an open `factlint-disable`",
            "unknown factlint directive `factlint-disabel`"
        ]
    );
    let findings = vec![finding(
        text,
        "Le Japon",
        0,
        "japan-not-in-aukus",
        Verdict::Contradicted,
    )];
    let applied = suppress::apply(
        findings,
        &parsed.suppressions,
        &["no-such-fact".to_owned()],
        &known,
    );
    assert!(applied.kept.is_empty());
    let reported: Vec<(&str, Option<&str>)> = applied
        .problems
        .iter()
        .map(|problem| {
            (
                problem.message.as_str(),
                problem.span.clone().map(|span| &text[span]),
            )
        })
        .collect();
    let comment = &text[..text.find("-->").unwrap() + 3];
    assert_eq!(
        reported,
        [
            (
                "corpus.yaml ignores unknown fact `no-such-fact` for this file",
                None
            ),
            ("unused suppression for `asean-count-10`", Some(comment)),
            (
                "unknown fact id `japan-not-in-aukis` in suppression",
                Some("japan-not-in-aukis")
            ),
        ]
    );
    assert!(
        applied
            .problems
            .iter()
            .all(|problem| problem.severity == ProblemSeverity::Warning)
    );
}

#[test]
fn comments_in_code_fences_are_examples() {
    let text = "```markdown\n<!-- factlint-disable -->\n```\nLe Japon.\n";
    let parsed = suppress::parse(text);
    assert!(parsed.suppressions.is_empty());
}

#[test]
fn corpus_ignores_silence_a_fact_in_the_whole_file() {
    let mut report = file(
        "a.md",
        FRENCH,
        vec![
            finding(
                FRENCH,
                "le Japon",
                0,
                "japan-not-in-aukus",
                Verdict::Contradicted,
            ),
            finding(
                FRENCH,
                "Les dix membres",
                0,
                "asean-count-10",
                Verdict::Supported,
            ),
        ],
        Vec::new(),
    );
    suppress::suppress_file(&mut report, &["japan-not-in-aukus".to_owned()], &known);
    let kept: Vec<&str> = report
        .findings
        .iter()
        .map(|finding| &*finding.fact_id)
        .collect();
    assert_eq!(kept, ["asean-count-10"]);
    // The fixture's `disable-next-line asean-count-10` covers a line with
    // no finding.
    assert_eq!(report.problems.len(), 1);
    assert_eq!(
        report.problems[0].message,
        "unused suppression for `asean-count-10`"
    );
}

// -------------------------------------------------------------- baselines

fn contradiction_report(path: &str, text: &str) -> FileReport {
    let mut findings = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("le Japon, membre de l'AUKUS") {
        findings.push(finding(
            text,
            "le Japon, membre de l'AUKUS",
            from,
            "japan-not-in-aukus",
            Verdict::Contradicted,
        ));
        from += found + 1;
    }
    file(path, text, findings, Vec::new())
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let before = contradiction_report(
        "./a/b.md",
        "Intro.\nÀ Tokyo, le Japon, membre de l'AUKUS, a signé.\n",
    );
    let after = contradiction_report(
        "a\\b.md",
        "Nouveau paragraphe.\n\nIntro.\nÀ Tokyo, le  Japon,\nmembre de l'AUKUS, a signé.\n",
    );
    // The second text re-wraps the claim; whitespace is normalised.
    let mut after = after;
    let start = after.text.find("le  Japon").unwrap();
    let end = after.text.find("l'AUKUS").unwrap() + "l'AUKUS".len();
    after.findings = vec![Finding {
        span: start..end,
        ..before.findings[0].clone()
    }];
    assert_eq!(
        baseline::fingerprints(&before),
        baseline::fingerprints(&after)
    );
}

#[test]
fn baseline_keeps_only_new_contradictions() {
    let old_text = "À Tokyo, le Japon, membre de l'AUKUS, a signé.\nLes dix membres de l'ASEAN.\n";
    let old = RunReport::new(vec![contradiction_report("a.md", old_text)]);
    let written = baseline::write_baseline(&old);
    let parsed = baseline::parse_baseline(&written).expect("a written baseline parses");
    assert_eq!(parsed.entries.len(), 1);
    assert_eq!(parsed.entries[0].quote, "le Japon, membre de l'AUKUS");

    let new_text =
        format!("Titre.\n\n{old_text}Plus tard, le Japon, membre de l'AUKUS, a réagi.\n");
    let mut new = contradiction_report("a.md", &new_text);
    new.findings.push(finding(
        &new_text,
        "Les dix membres",
        0,
        "asean-count-10",
        Verdict::Supported,
    ));
    let mut new_run = RunReport::new(vec![new]);
    let removed = baseline::filter_new(&mut new_run, &parsed);
    assert_eq!(removed, 1);
    let remaining: Vec<(Verdict, usize)> = new_run.files[0]
        .findings
        .iter()
        .map(|finding| (finding.verdict, finding.span.start))
        .collect();
    let second = new_text.rfind("le Japon").unwrap();
    let asean = new_text.find("Les dix").unwrap();
    assert_eq!(
        remaining,
        [(Verdict::Supported, asean), (Verdict::Contradicted, second)]
    );
}

#[test]
fn identical_quotes_are_told_apart_by_occurrence() {
    let text = "le Japon, membre de l'AUKUS. Puis: Le Japon, membre de l'AUKUS.";
    let mut report = contradiction_report("a.md", text);
    let second = text.find("Le Japon").unwrap();
    report.findings.push(finding(
        text,
        "Le Japon, membre de l'AUKUS",
        second,
        "japan-not-in-aukus",
        Verdict::Contradicted,
    ));
    let prints = baseline::fingerprints(&report);
    assert_eq!(prints.len(), 2);
    assert_ne!(prints[0], prints[1]);
    assert_eq!(
        prints[0],
        baseline::fingerprint(
            "a.md",
            "japan-not-in-aukus",
            "le japon, membre de l'aukus",
            0
        )
    );
    assert_eq!(
        prints[1],
        baseline::fingerprint(
            "a.md",
            "japan-not-in-aukus",
            "LE JAPON, membre de l'AUKUS",
            1
        )
    );
    assert!(prints.iter().all(|print| print.len() == 16));
}

#[test]
fn baseline_files_are_sorted_and_stable() {
    let run = run();
    let written = baseline::write_baseline(&run);
    assert_eq!(written, baseline::write_baseline(&run));
    insta::assert_snapshot!("baseline", written);
}

#[test]
fn non_baselines_are_rejected_clearly() {
    let cases = [
        ("not json", "the baseline is not valid JSON"),
        ("[1, 2]", "not a factlint baseline"),
        (
            r#"{"runs": []}"#,
            "not a factlint baseline: expected \"tool\": \"factlint\"",
        ),
        (
            r#"{"tool": "factlint", "version": 2, "entries": []}"#,
            "unsupported baseline version 2",
        ),
        (
            r#"{"tool": "factlint", "version": 1}"#,
            "malformed factlint baseline",
        ),
        (
            r#"{"tool": "factlint", "version": 1, "entries": [{"file": "a", "fact": "b", "fingerprint": "xyz", "quote": ""}]}"#,
            "is not 16 hex digits",
        ),
    ];
    for (text, expected) in cases {
        let error = baseline::parse_baseline(text).expect_err(text);
        assert!(error.contains(expected), "{text}: {error}");
    }
    let empty: Baseline =
        baseline::parse_baseline(r#"{"version": 1, "tool": "factlint", "entries": []}"#).unwrap();
    assert!(empty.entries.is_empty());
}
