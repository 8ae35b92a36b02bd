//! Data-driven tests of the statement parser: every case goes through
//! [`check`], which compares a compact rendering of the result.

use proptest::prelude::*;

use super::ast::{Bound, Claim, EntityRef, PartialDate, Period, Statement};
use super::{parse_date, parse_statement};

/// What a statement should parse to.
enum Expect {
    /// The rendering of the parsed statement (see [`render_statement`]).
    Parses(&'static str),
    /// Every error, rendered as `start..end message` with ` (help: ...)`
    /// appended when the error carries help.
    Fails(&'static [&'static str]),
}

fn render_entity(entity: &EntityRef) -> String {
    format!("{}@{}..{}", entity.id, entity.span.start, entity.span.end)
}

fn render_date(date: &PartialDate) -> String {
    format!("{date}@{}..{}", date.span.0, date.span.1)
}

fn render_period(period: &Period) -> String {
    match (&period.start, &period.end) {
        (None, None) => String::new(),
        (Some(start), None) => format!(" since {}", render_date(start)),
        (None, Some(end)) => format!(" until {}", render_date(end)),
        (Some(start), Some(end)) => {
            format!(" from {} until {}", render_date(start), render_date(end))
        }
    }
}

fn render_statement(statement: &Statement) -> String {
    let claim = match &statement.claim {
        Claim::Membership {
            member,
            organization,
            negated,
        } => format!(
            "membership {} {} {}",
            render_entity(member),
            if *negated { "not in" } else { "in" },
            render_entity(organization)
        ),
        Claim::Count {
            organization,
            bound,
            number,
            number_span,
        } => {
            let bound = match bound {
                Bound::Exactly => "exactly",
                Bound::AtLeast => "at least",
                Bound::AtMost => "at most",
            };
            format!(
                "count {} {bound} {number}@{}..{}",
                render_entity(organization),
                number_span.start,
                number_span.end
            )
        }
        Claim::Roster {
            organization,
            members,
        } => format!(
            "roster {} {{{}}}",
            render_entity(organization),
            members
                .iter()
                .map(render_entity)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Claim::Office { person, role, of } => format!(
            "office {} is {} of {}",
            render_entity(person),
            render_entity(role),
            render_entity(of)
        ),
    };
    format!("{claim}{}", render_period(&statement.period))
}

fn check(input: &str, expect: Expect) {
    let (statement, errors) = parse_statement(input);
    let rendered_errors: Vec<String> = errors
        .iter()
        .map(|error| {
            let help = error
                .help
                .as_deref()
                .map(|help| format!(" (help: {help})"))
                .unwrap_or_default();
            format!(
                "{}..{} {}{help}",
                error.span.start, error.span.end, error.message
            )
        })
        .collect();
    match expect {
        Expect::Parses(expected) => {
            assert!(
                rendered_errors.is_empty(),
                "{input:?} should parse, got errors {rendered_errors:#?}"
            );
            let statement = statement.expect("a statement without errors is returned");
            assert_eq!(render_statement(&statement), expected, "input: {input:?}");
        }
        Expect::Fails(expected) => {
            assert!(statement.is_none(), "{input:?} should not give a statement");
            assert_eq!(rendered_errors, expected, "input: {input:?}");
        }
    }
}

#[test]
fn spec_examples_parse() {
    check(
        "Japan not in AUKUS",
        Expect::Parses("membership Japan@0..5 not in AUKUS@13..18"),
    );
    check(
        "Sweden in NATO since 2024-03-07",
        Expect::Parses("membership Sweden@0..6 in NATO@10..14 since 2024-03-07@21..31"),
    );
    check(
        "NATO has 32 members since 2024-03-07",
        Expect::Parses("count NATO@0..4 exactly 32@9..11 since 2024-03-07@26..36"),
    );
    check(
        "NATO has 31 members from 2023-04-04 until 2024-03-07",
        Expect::Parses(
            "count NATO@0..4 exactly 31@9..11 from 2023-04-04@25..35 until 2024-03-07@42..52",
        ),
    );
    check(
        "AUKUS has 3 members",
        Expect::Parses("count AUKUS@0..5 exactly 3@10..11"),
    );
    check(
        "members of AUKUS are {Australia, United-Kingdom, United-States} since 2021-09-15",
        Expect::Parses(
            "roster AUKUS@11..16 {Australia@22..31, United-Kingdom@33..47, United-States@49..62} since 2021-09-15@70..80",
        ),
    );
    check(
        "Fumio-Kishida is prime-minister of Japan from 2021-10-04 until 2024-10-01",
        Expect::Parses(
            "office Fumio-Kishida@0..13 is prime-minister@17..31 of Japan@35..40 from 2021-10-04@46..56 until 2024-10-01@63..73",
        ),
    );
}

#[test]
fn other_forms_parse() {
    check(
        "NATO has at least 30 members",
        Expect::Parses("count NATO@0..4 at least 30@18..20"),
    );
    check(
        "NATO has at most 40 members until 2030",
        Expect::Parses("count NATO@0..4 at most 40@17..19 until 2030@34..38"),
    );
    check(
        "Solo has 1 member",
        Expect::Parses("count Solo@0..4 exactly 1@9..10"),
    );
    check(
        "Finland in NATO since 2023-04",
        Expect::Parses("membership Finland@0..7 in NATO@11..15 since 2023-04@22..29"),
    );
    check(
        "Finland not in NATO until 2023",
        Expect::Parses("membership Finland@0..7 not in NATO@15..19 until 2023@26..30"),
    );
    check(
        "\"Côte-d'Ivoire\" in \"Some Org\"",
        Expect::Parses("membership Côte-d'Ivoire@0..16 in Some Org@20..30"),
    );
    check(
        "Côte-dIvoire_2 in ÉCOWAS",
        Expect::Parses("membership Côte-dIvoire_2@0..15 in ÉCOWAS@19..26"),
    );
    check(
        "members of Solo are {\"Only One\"}",
        Expect::Parses("roster Solo@11..15 {Only One@21..31}"),
    );
    check(
        "  Japan\n  not in\tAUKUS\n",
        Expect::Parses("membership Japan@2..7 not in AUKUS@17..22"),
    );
    check(
        "members in NATO",
        Expect::Parses("membership members@0..7 in NATO@11..15"),
    );
    check(
        "members of X are {A,B}from 2020 until 2021",
        Expect::Parses("roster X@11..12 {A@18..19, B@20..21} from 2020@27..31 until 2021@38..42"),
    );
}

#[test]
fn verb_errors() {
    check(
        "Japan nott in AUKUS",
        Expect::Fails(&[
            "6..10 expected \"in\" or \"not in\" after entity \"Japan\" (help: did you mean \"not in\"?)",
        ]),
    );
    check(
        "Japan inn AUKUS",
        Expect::Fails(&[
            "6..9 expected \"in\" or \"not in\" after entity \"Japan\" (help: did you mean \"in\"?)",
        ]),
    );
    check(
        "NATO hass 32 members",
        Expect::Fails(&[
            "5..9 expected \"has\" after entity \"NATO\" (help: did you mean \"has\"?)",
        ]),
    );
    check(
        "Kishida was prime-minister of Japan",
        Expect::Fails(&[
            "8..11 expected \"is\" after entity \"Kishida\" (help: a statement reads `X in Y`, `X not in Y`, `X has N members`, `members of X are {A, B}` or `P is R of C`)",
        ]),
    );
    check(
        "Japan",
        Expect::Fails(&[
            "5..5 expected \"in\", \"not in\", \"has\" or \"is\" after entity \"Japan\" (help: a statement reads `X in Y`, `X not in Y`, `X has N members`, `members of X are {A, B}` or `P is R of C`)",
        ]),
    );
    check(
        "Japan not AUKUS",
        Expect::Fails(&["10..15 expected \"in\" after \"not\""]),
    );
}

#[test]
fn entity_errors() {
    check(
        "",
        Expect::Fails(&[
            "0..0 the statement is empty (help: write a statement such as `Japan not in AUKUS` or `NATO has 32 members`)",
        ]),
    );
    check(
        "{Japan} in AUKUS",
        Expect::Fails(&[
            "0..1 expected an entity id or \"members of\" at the start of the statement (help: an entity id is made of letters, digits, '-' and '_'; write any other id in double quotes, like \"Some Org\")",
        ]),
    );
    check(
        "Japan in",
        Expect::Fails(&[
            "8..8 expected an entity after \"in\" (help: an entity id is made of letters, digits, '-' and '_'; write any other id in double quotes, like \"Some Org\")",
        ]),
    );
    check(
        "\"Some Org in NATO",
        Expect::Fails(&[
            "0..17 unterminated quoted entity id: expected a closing '\"' (help: close the id with a double quote, like \"Some Org\")",
        ]),
    );
    check(
        "\"\" in NATO",
        Expect::Fails(&[
            "0..2 an entity id cannot be empty (help: an entity id is made of letters, digits, '-' and '_'; write any other id in double quotes, like \"Some Org\")",
        ]),
    );
    check(
        "Japan in AUKUS!",
        Expect::Fails(&[
            "14..15 expected \"since\", \"until\" or \"from\" after the claim, or the end of the statement (help: a period reads `since DATE`, `until DATE` or `from DATE until DATE`)",
        ]),
    );
}

#[test]
fn count_errors() {
    check(
        "NATO has many members",
        Expect::Fails(&[
            "9..13 expected a number after \"has\" (help: write the count in digits, like `NATO has 32 members`)",
        ]),
    );
    check(
        "NATO has at lest 3 members",
        Expect::Fails(&["12..16 expected \"least\" or \"most\" after \"at\""]),
    );
    check(
        "NATO has 32 states",
        Expect::Fails(&["12..18 expected \"members\" after the number 32"]),
    );
    check(
        "NATO has 99999999999 members since 2024-13",
        Expect::Fails(&[
            "9..20 the number 99999999999 is too large (the largest is 4294967295)",
            "40..42 invalid date \"2024-13\": there is no month 13",
        ]),
    );
}

#[test]
fn roster_errors() {
    check(
        "members of AUKUS are {Australia, !UK, United-States} since 2021-02-30",
        Expect::Fails(&[
            "33..36 expected an entity in the list of members (help: an entity id is made of letters, digits, '-' and '_'; write any other id in double quotes, like \"Some Org\")",
            "67..69 invalid date \"2021-02-30\": 2021-02 has no day 30",
        ]),
    );
    check(
        "members of AUKUS are {}",
        Expect::Fails(&["21..23 a roster lists at least one member"]),
    );
    check(
        "members of AUKUS are {Australia,}",
        Expect::Fails(&["32..33 expected an entity after \",\" in the list of members"]),
    );
    check(
        "members of AUKUS are {Australia United-States}",
        Expect::Fails(&["32..45 expected \",\" or \"}\" after entity \"Australia\""]),
    );
    check(
        "members of AUKUS are {Australia, Japan",
        Expect::Fails(&["38..38 expected \"}\" to close the list of members"]),
    );
    check(
        "members of AUKUS are Australia",
        Expect::Fails(&[
            "21..30 expected \"{\" to open the list of members after \"are\" (help: list the members in braces: `members of AUKUS are {Australia, United-Kingdom, United-States}`)",
        ]),
    );
    check(
        "members of AUKUS {Australia}",
        Expect::Fails(&["17..18 expected \"are\" after entity \"AUKUS\""]),
    );
    check(
        "members of AUKUS are {Japan, Japan}",
        Expect::Fails(&["29..34 \"Japan\" is listed twice in the roster"]),
    );
}

#[test]
fn office_errors() {
    check(
        "Kishida is prime-minister for Japan",
        Expect::Fails(&["26..29 expected \"of\" after role \"prime-minister\""]),
    );
    check(
        "Kishida is prime-minister of",
        Expect::Fails(&[
            "28..28 expected a country or organization after \"of\" (help: an entity id is made of letters, digits, '-' and '_'; write any other id in double quotes, like \"Some Org\")",
        ]),
    );
    check(
        "Kishida is of Japan",
        Expect::Fails(&[
            "11..13 expected a role after \"is\" (help: an office reads `Fumio-Kishida is prime-minister of Japan`)",
        ]),
    );
}

#[test]
fn period_errors() {
    check(
        "Sweden in NATO sinse 2024-03-07",
        Expect::Fails(&[
            "15..20 expected \"since\", \"until\" or \"from\" after the claim, or the end of the statement (help: did you mean \"since\"?)",
        ]),
    );
    check(
        "Sweden in NATO since",
        Expect::Fails(&["20..20 expected a date (YYYY-MM-DD, YYYY-MM or YYYY) after \"since\""]),
    );
    check(
        "Sweden in NATO since 2024/03/07",
        Expect::Fails(&[
            "21..31 invalid date \"2024/03/07\": expected YYYY-MM-DD, YYYY-MM or YYYY (help: write dates like 2024-03-07, 2024-03 or 2024)",
        ]),
    );
    check(
        "Sweden in NATO since 24-03-07",
        Expect::Fails(&[
            "21..29 invalid date \"24-03-07\": expected YYYY-MM-DD, YYYY-MM or YYYY (help: write dates like 2024-03-07, 2024-03 or 2024)",
        ]),
    );
    check(
        "Sweden in NATO since 2024-3-7",
        Expect::Fails(&[
            "21..29 invalid date \"2024-3-7\": expected YYYY-MM-DD, YYYY-MM or YYYY (help: write dates like 2024-03-07, 2024-03 or 2024)",
        ]),
    );
    check(
        "Sweden in NATO since 2023-02-29",
        Expect::Fails(&["29..31 invalid date \"2023-02-29\": 2023-02 has no day 29"]),
    );
    check(
        "Sweden in NATO since 2024-00",
        Expect::Fails(&["26..28 invalid date \"2024-00\": there is no month 00"]),
    );
    check(
        "Sweden in NATO from 2024-03-07",
        Expect::Fails(&[
            "30..30 expected \"until\" after the start date (help: a closed period reads `from 2021-10-04 until 2024-10-01`)",
        ]),
    );
    check(
        "Sweden in NATO since 2024 and more",
        Expect::Fails(&["26..34 expected the end of the statement after the period"]),
    );
    check(
        "Sweden in NATO from 2024-03-07 until 2023",
        Expect::Fails(&[
            "20..41 the period from 2024-03-07 until 2023 is empty: it does not end after it starts (help: a period holds from its start date and stops before its end date, so the end must come later)",
        ]),
    );
    check(
        "Sweden in NATO from 2024 until 2024-01",
        Expect::Fails(&[
            "20..38 the period from 2024 until 2024-01 is empty: it does not end after it starts (help: a period holds from its start date and stops before its end date, so the end must come later)",
        ]),
    );
    check(
        "Sweden in NATO from 2024 until 2024-01-02",
        Expect::Parses(
            "membership Sweden@0..6 in NATO@10..14 from 2024@20..24 until 2024-01-02@31..41",
        ),
    );
}

#[test]
fn errors_in_claim_and_period_are_reported_together() {
    check(
        "Japan nott in AUKUS since 2024-13-01",
        Expect::Fails(&[
            "6..10 expected \"in\" or \"not in\" after entity \"Japan\" (help: did you mean \"not in\"?)",
            "31..33 invalid date \"2024-13-01\": there is no month 13",
        ]),
    );
}

#[test]
fn dates_parse_on_their_own() {
    let date = parse_date("2024-03-07").expect("a valid date");
    assert_eq!(date.to_string(), "2024-03-07");
    assert_eq!(
        date.first_day(),
        Some(jiff::civil::date(2024, 3, 7)),
        "a full date is its own first day"
    );
    let month = parse_date("2021-09").expect("a valid month");
    assert_eq!(month.first_day(), Some(jiff::civil::date(2021, 9, 1)));
    let year = parse_date("2021").expect("a valid year");
    assert_eq!(year.first_day(), Some(jiff::civil::date(2021, 1, 1)));
    let error = parse_date("2021-02-29").expect_err("2021 is not a leap year");
    assert_eq!(error.span, 8..10);
}

proptest! {
    #[test]
    fn arbitrary_input_never_panics_and_spans_stay_inside(input in "\\PC{0,40}") {
        let (statement, errors) = parse_statement(&input);
        prop_assert_eq!(statement.is_some(), errors.is_empty());
        for error in &errors {
            prop_assert!(error.span.start <= error.span.end);
            prop_assert!(error.span.end <= input.len());
            prop_assert!(input.is_char_boundary(error.span.start));
            prop_assert!(input.is_char_boundary(error.span.end));
        }
    }

    #[test]
    fn statement_like_input_never_panics(
        words in prop::collection::vec(
            prop::sample::select(vec![
                "Japan", "\"Some Org\"", "in", "not", "has", "at", "least", "most", "members",
                "member", "of", "are", "{", "}", ",", "is", "since", "until", "from",
                "2024", "2024-03", "2024-13-40", "32", "99999999999", "\"", "é", "\n",
            ]),
            0..12,
        )
    ) {
        let input = words.join(" ");
        let (statement, errors) = parse_statement(&input);
        prop_assert_eq!(statement.is_some(), errors.is_empty());
        for error in &errors {
            prop_assert!(error.span.start <= error.span.end && error.span.end <= input.len());
            prop_assert!(input.is_char_boundary(error.span.start));
            prop_assert!(input.is_char_boundary(error.span.end));
        }
    }
}
