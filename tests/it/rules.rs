//! Loading rule sets from fixture directories: every diagnostic is rendered
//! as miette prints it (no colour, fixed width) and snapshotted.

use std::path::{Path, PathBuf};

use factlint::cli::Outcome;
use factlint::cli::rules_cmd::{rules_check, rules_list};
use factlint::rules::{self, LoadErrors, RenderOptions, RuleSource};

const FIXTURES: &str = "tests/fixtures/rules";

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn load_errors(sources: &[RuleSource]) -> LoadErrors {
    match rules::load(sources) {
        Ok(rule_set) => panic!(
            "expected the rule set to fail, but it loaded {} facts",
            rule_set.facts.len()
        ),
        Err(errors) => errors,
    }
}

/// Every diagnostic of loading the fixture directory, rendered.
fn rendered(name: &str) -> String {
    render_errors(&load_errors(&[RuleSource::Dir(fixture(name))]))
}

fn render_errors(errors: &LoadErrors) -> String {
    errors.render(RenderOptions {
        color: false,
        width: 80,
    })
}

#[test]
fn dsl_typo_in_plain_scalar_points_into_the_yaml_file() {
    let errors = load_errors(&[RuleSource::Dir(fixture("dsl-plain"))]);
    let locations: Vec<String> = errors.iter().filter_map(|d| d.location()).collect();
    assert_eq!(
        locations,
        [
            "tests/fixtures/rules/dsl-plain/bad.yaml:6:17",
            "tests/fixtures/rules/dsl-plain/bad.yaml:8:11",
        ]
    );
    assert_eq!(
        errors.diagnostics[0].message,
        "expected \"in\" or \"not in\" after entity \"Japan\""
    );
    assert_eq!(
        errors.diagnostics[1].help.as_deref(),
        Some("did you mean \"Japan\"?")
    );
    insta::assert_snapshot!(render_errors(&errors));
}

#[test]
fn dsl_errors_in_single_quoted_scalars() {
    insta::assert_snapshot!(rendered("dsl-single-quoted"));
}

#[test]
fn dsl_errors_in_double_quoted_scalars() {
    insta::assert_snapshot!(rendered("dsl-double-quoted"));
}

#[test]
fn dsl_errors_in_block_and_multi_line_scalars() {
    insta::assert_snapshot!(rendered("dsl-block"));
}

#[test]
fn undeclared_entities_with_and_without_suggestion() {
    insta::assert_snapshot!(rendered("unknown-entity"));
}

#[test]
fn entities_of_the_wrong_kind() {
    insta::assert_snapshot!(rendered("wrong-kind"));
}

#[test]
fn duplicate_ids_within_and_across_files() {
    insta::assert_snapshot!(rendered("duplicate-ids"));
}

#[test]
fn empty_and_inverted_periods() {
    insta::assert_snapshot!(rendered("inverted-period"));
}

#[test]
fn conflicting_counts() {
    insta::assert_snapshot!(rendered("conflicting-counts"));
}

#[test]
fn membership_and_non_membership_overlap() {
    insta::assert_snapshot!(rendered("membership-overlap"));
}

#[test]
fn unknown_keys_and_bad_values() {
    insta::assert_snapshot!(rendered("unknown-key"));
}

#[test]
fn missing_keys() {
    insta::assert_snapshot!(rendered("missing-keys"));
}

#[test]
fn yaml_syntax_error() {
    insta::assert_snapshot!(rendered("yaml-syntax"));
}

#[test]
fn non_utf8_file_is_reported_and_other_files_still_checked() {
    let errors = load_errors(&[RuleSource::Dir(fixture("non-utf8"))]);
    assert_eq!(
        errors.len(),
        2,
        "the bad file and the error in the good one"
    );
    insta::assert_snapshot!(render_errors(&errors));
}

#[test]
fn bad_examples() {
    insta::assert_snapshot!(rendered("bad-examples"));
}

#[test]
fn empty_directory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("notes.txt"), "not a rule file").expect("write");
    let errors = load_errors(&[RuleSource::Dir(dir.path().to_path_buf())]);
    let rendered = render_errors(&errors).replace(&dir.path().display().to_string(), "[TEMP]");
    insta::assert_snapshot!(rendered);
}

#[test]
fn missing_directory() {
    insta::assert_snapshot!(rendered("does-not-exist"));
}

#[test]
fn file_instead_of_directory() {
    insta::assert_snapshot!(rendered("dsl-plain/bad.yaml"));
}

#[test]
fn errors_of_all_sources_are_reported_together() {
    let errors = load_errors(&[
        RuleSource::Dir(fixture("does-not-exist")),
        RuleSource::Dir(fixture("dsl-plain")),
    ]);
    assert_eq!(errors.len(), 3);
}

#[test]
fn multi_file_directory_loads_and_merges() {
    let rule_set = rules::load(&[RuleSource::Dir(fixture("multi-file"))]).expect("loads");
    let file_names: Vec<&str> = rule_set.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        file_names,
        [
            "tests/fixtures/rules/multi-file/entities.yaml",
            "tests/fixtures/rules/multi-file/facts/aukus.yml",
        ]
    );
    assert_eq!(rule_set.entities.len(), 5);
    assert_eq!(rule_set.facts.len(), 2);
    assert_eq!(
        rule_set.extra_lang_packs,
        [(
            fixture("multi-file").join("lang/xx.yaml"),
            "# A language pack, not a rule file: the rules loader must leave it to the\n# language module, which reads it as an (empty) pack for the code xx.\nlang: xx\n".to_string()
        )]
    );
    let roster = rule_set.fact_by_id("aukus-members").expect("roster fact");
    let derived: Vec<String> = rule_set
        .derived
        .iter()
        .filter(|derived| derived.fact == roster)
        .map(|derived| {
            format!(
                "{}{}",
                rule_set.describe_assertion(&derived.assertion),
                if derived.direct { "" } else { " (implied)" }
            )
        })
        .collect();
    assert_eq!(
        derived,
        [
            "Australia is in AUKUS (implied)",
            "United-Kingdom is in AUKUS (implied)",
            "United-States is in AUKUS (implied)",
            "AUKUS has 3 members (implied)",
            "Japan is not in AUKUS (implied)",
        ]
    );
    let japan = rule_set
        .fact_by_id("japan-not-in-aukus")
        .expect("membership fact");
    assert_eq!(
        rule_set.facts[japan].severity,
        factlint::rules::model::Severity::Warning
    );
    let aukus = &rule_set.facts[roster];
    assert_eq!(aukus.source.as_deref(), Some("https://example.org/aukus"));
    assert_eq!(aukus.period.to_string(), "since 2021-09-15");
}

#[test]
fn merging_two_directories() {
    let rule_set = rules::load(&[
        RuleSource::Dir(fixture("multi-file")),
        RuleSource::Dir(fixture("dsl-plain")),
    ]);
    let errors = rule_set.expect_err("both declare Japan and AUKUS");
    assert!(
        errors
            .iter()
            .any(|diagnostic| diagnostic.message == "entity \"Japan\" is declared twice")
    );
}

#[test]
fn builtin_rule_set_loads() {
    let rule_set = rules::load(&[RuleSource::Builtin]).expect("the built-in rules load");
    assert!(!rule_set.files.is_empty());
    assert!(
        rule_set
            .files
            .iter()
            .all(|file| file.name.starts_with("rules/") && !file.name.starts_with("rules/lang/"))
    );
    assert!(rule_set.extra_lang_packs.is_empty());
    assert!(
        rules::builtin::builtin_files()
            .iter()
            .all(|(name, _)| name.starts_with("rules/"))
    );
}

#[test]
fn rules_check_prints_a_summary() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let outcome = rules_check(
        &[RuleSource::Dir(fixture("multi-file"))],
        &mut out,
        &mut err,
    );
    assert_eq!(outcome, Outcome::Clean);
    assert_eq!(
        String::from_utf8_lossy(&out),
        "rules ok: 5 entities, 2 facts in 2 files\n"
    );
    assert!(err.is_empty());
}

#[test]
fn rules_check_prints_every_diagnostic_and_a_count() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let outcome = rules_check(&[RuleSource::Dir(fixture("dsl-plain"))], &mut out, &mut err);
    assert_eq!(outcome, Outcome::Error);
    assert!(out.is_empty());
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains("bad.yaml:6:17"), "{err}");
    assert!(err.ends_with("2 errors\n"), "{err}");
}

#[test]
fn rules_list_prints_an_aligned_table() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let outcome = rules_list(
        &[RuleSource::Dir(fixture("multi-file"))],
        &mut out,
        &mut err,
    );
    assert_eq!(outcome, Outcome::Clean);
    insta::assert_snapshot!(String::from_utf8_lossy(&out));
}

#[test]
fn in_memory_files_load_and_norwegian_is_a_language_not_a_boolean() {
    let text = "entities:\n  Norway: {kind: country, names: {no: [Norge], en: [Norway]}}\n  NATO: {kind: organization, names: {any: [NATO]}}\nfacts:\n  - id: norway-in-nato\n    fact: >\n      Norway in NATO\n      since 1949-08-24\n";
    let rule_set = rules::load_files(vec![factlint::rules::model::SourceFile {
        name: "memory.yaml".to_string(),
        text: text.into(),
    }])
    .expect("loads");
    let norway = &rule_set.entities[rule_set.by_id["Norway"]];
    assert_eq!(norway.names[0].lang, "no");
    assert_eq!(norway.names[0].text, "Norge");
    assert_eq!(rule_set.facts[0].period.to_string(), "since 1949-08-24");
    assert_eq!(rule_set.facts[0].text, "Norway in NATO since 1949-08-24\n");
}

#[test]
fn crlf_files_and_aliases_are_located_exactly() {
    let text = "entities:\r\n  Japan: {kind: country, names: {en: [Japan]}}\r\n  AUKUS: {kind: organization, names: {any: [AUKUS]}}\r\nfacts:\r\n  - id: a\r\n    fact: &statement Japan nott in AUKUS\r\n  - id: b\r\n    fact: *statement\r\n";
    let errors = rules::load_files(vec![factlint::rules::model::SourceFile {
        name: "crlf.yaml".to_string(),
        text: text.into(),
    }])
    .expect_err("the statement has a typo");
    let locations: Vec<String> = errors.iter().filter_map(|d| d.location()).collect();
    assert_eq!(locations, ["crlf.yaml:6:28", "crlf.yaml:6:28"]);
}

proptest::proptest! {
    #[test]
    fn loading_arbitrary_text_never_panics(text in "(entities:|facts:|- id: x|  fact: |Japan|nott in|\\{|\\}|\\[|'|\"|\\\\|\\n|  |: |#|&a|\\*a|\\PC){0,30}") {
        let result = rules::load_files(vec![factlint::rules::model::SourceFile {
            name: "fuzz.yaml".to_string(),
            text: text.as_str().into(),
        }]);
        if let Err(errors) = result {
            for diagnostic in errors.iter() {
                if let Some(span) = diagnostic.primary_span() {
                    proptest::prop_assert!(span.start <= span.end && span.end <= text.len());
                }
                let _ = factlint::rules::render(diagnostic, RenderOptions::default());
            }
        }
    }
}
