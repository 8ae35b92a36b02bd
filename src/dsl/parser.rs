//! The statement parser.
//!
//! nom recognises the tokens (entity ids, keywords, numbers, dates); a small
//! driver walks the grammar with a cursor so that it can report what was
//! expected at each point and keep going after a recoverable problem. A bad
//! roster entry, an out-of-range number and a bad date are all reported in
//! one pass, kdl-style; only a missing piece of the claim's skeleton (a verb,
//! a keyword) stops the claim, and even then the period is still checked.

use std::ops::Range;

use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::{all_consuming, not, opt};
use nom::sequence::{delimited, preceded, terminated};
use nom::{IResult, Parser};

use super::ast::{Bound, Claim, EntityRef, PartialDate, Period, Statement};
use super::error::DslError;

/// Characters an unquoted entity id is made of.
pub(crate) fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Characters that end a token even without whitespace around them.
fn is_delimiter(c: char) -> bool {
    matches!(c, '{' | '}' | ',' | '"')
}

const ENTITY_HELP: &str = "an entity id is made of letters, digits, '-' and '_'; write any other id in double quotes, like \"Some Org\"";
const DATE_FORMS: &str = "YYYY-MM-DD, YYYY-MM or YYYY";

type NomResult<'a, T> = IResult<&'a str, T, nom::error::Error<&'a str>>;

fn whitespace(input: &str) -> NomResult<'_, &str> {
    take_while(char::is_whitespace).parse(input)
}

/// A keyword: the exact word, not followed by more id characters, so that
/// `in` does not match the start of `inside`.
fn keyword_token<'a>(
    word: &'static str,
) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    terminated(tag(word), not(satisfy(is_id_char)))
}

fn bare_id(input: &str) -> NomResult<'_, &str> {
    take_while1(is_id_char).parse(input)
}

fn quoted_id(input: &str) -> NomResult<'_, &str> {
    delimited(
        char('"'),
        take_while(|c: char| c != '"' && c != '\n'),
        char('"'),
    )
    .parse(input)
}

/// The text a date is read from: everything up to whitespace or a delimiter,
/// so that `2024/03/07` is reported as one bad date rather than as a date
/// followed by stray text.
fn date_token(input: &str) -> NomResult<'_, &str> {
    take_while1(|c: char| !c.is_whitespace() && !is_delimiter(c)).parse(input)
}

/// The shape of a date: digits, optionally followed by one or two `-digits`.
/// Lengths and ranges are checked afterwards, to say precisely what is wrong.
fn date_shape(input: &str) -> NomResult<'_, (&str, Option<&str>, Option<&str>)> {
    all_consuming((
        digit1,
        opt(preceded(char('-'), digit1)),
        opt(preceded(char('-'), digit1)),
    ))
    .parse(input)
}

/// Byte span of `part` inside `whole`, shifted by `base`. `part` must be a
/// sub-slice of `whole`.
fn sub_span(whole: &str, part: &str, base: usize) -> Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    base + start..base + start + part.len()
}

/// Parses a date written as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, checking that
/// the month and day exist. Error spans are byte offsets into `input`.
pub fn parse_date(input: &str) -> Result<PartialDate, DslError> {
    parse_date_at(input, 0)
}

/// Like [`parse_date`], with spans shifted by `base` (the token's offset in
/// the statement).
fn parse_date_at(token: &str, base: usize) -> Result<PartialDate, DslError> {
    let whole_span = base..base + token.len();
    let malformed = || {
        DslError::new(
            whole_span.clone(),
            format!("invalid date \"{token}\": expected {DATE_FORMS}"),
            "not a date",
        )
        .with_help("write dates like 2024-03-07, 2024-03 or 2024")
    };
    let Ok((_, (year_text, month_text, day_text))) = date_shape(token) else {
        return Err(malformed());
    };
    if year_text.len() != 4
        || month_text.is_some_and(|m| m.len() != 2)
        || day_text.is_some_and(|d| d.len() != 2)
    {
        return Err(malformed());
    }
    let year: i16 = year_text.parse().map_err(|_| malformed())?;
    let month: Option<i8> = match month_text {
        Some(text) => Some(text.parse().map_err(|_| malformed())?),
        None => None,
    };
    let day: Option<i8> = match day_text {
        Some(text) => Some(text.parse().map_err(|_| malformed())?),
        None => None,
    };
    if let (Some(month), Some(month_text)) = (month, month_text)
        && !(1..=12).contains(&month)
    {
        return Err(DslError::new(
            sub_span(token, month_text, base),
            format!("invalid date \"{token}\": there is no month {month_text}"),
            "the month must be 01 to 12",
        ));
    }
    if let (Some(month), Some(day), Some(day_text)) = (month, day, day_text)
        && jiff::civil::Date::new(year, month, day).is_err()
    {
        return Err(DslError::new(
            sub_span(token, day_text, base),
            format!("invalid date \"{token}\": {year_text}-{month:02} has no day {day_text}"),
            "no such day in this month",
        ));
    }
    Ok(PartialDate {
        year,
        month,
        day,
        span: (whole_span.start, whole_span.end),
    })
}

/// Why an entity could not be read.
enum EntityFailure {
    /// Nothing that looks like an entity is here; the caller knows the context
    /// and reports it.
    Missing,
    /// Something entity-like was here but broken; it is already reported.
    Reported,
}

/// What a statement most likely meant when the word after its first entity
/// is not a keyword; used to say what was expected.
enum LikelyClaim {
    Membership,
    Count,
    Office,
    Unknown,
}

struct StatementParser<'a> {
    input: &'a str,
    pos: usize,
    errors: Vec<DslError>,
}

impl<'a> StatementParser<'a> {
    fn new(input: &'a str) -> Self {
        StatementParser {
            input,
            pos: 0,
            errors: Vec::new(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    /// Moves the cursor to where `rest` (a suffix of the input) starts.
    fn advance_to(&mut self, rest: &'a str) {
        self.pos = self.input.len() - rest.len();
    }

    fn skip_whitespace(&mut self) {
        if let Ok((rest, _)) = whitespace(self.rest()) {
            self.advance_to(rest);
        }
    }

    fn at_end(&mut self) -> bool {
        self.skip_whitespace();
        self.pos == self.input.len()
    }

    fn peek_char(&mut self) -> Option<char> {
        self.skip_whitespace();
        self.rest().chars().next()
    }

    /// Consumes the keyword if it comes next and returns its span.
    fn keyword(&mut self, word: &'static str) -> Option<Range<usize>> {
        self.skip_whitespace();
        let start = self.pos;
        match keyword_token(word).parse(self.rest()) {
            Ok((rest, _)) => {
                self.advance_to(rest);
                Some(start..self.pos)
            }
            Err(_) => None,
        }
    }

    /// Consumes the character if it comes next and returns its span.
    fn punctuation(&mut self, expected: char) -> Option<Range<usize>> {
        self.skip_whitespace();
        let start = self.pos;
        match char::<&str, nom::error::Error<&str>>(expected).parse(self.rest()) {
            Ok((rest, _)) => {
                self.advance_to(rest);
                Some(start..self.pos)
            }
            Err(_) => None,
        }
    }

    /// The span of the next token without consuming it: a delimiter
    /// character, a run of other non-space characters, or an empty span at
    /// the end of the input.
    fn next_token_span(&mut self) -> Range<usize> {
        self.skip_whitespace();
        let start = self.pos;
        let rest = self.rest();
        match rest.chars().next() {
            None => start..start,
            Some(c) if is_delimiter(c) => start..start + c.len_utf8(),
            Some(_) => {
                let len = rest
                    .find(|c: char| c.is_whitespace() || is_delimiter(c))
                    .unwrap_or(rest.len());
                start..start + len
            }
        }
    }

    /// A label for the token at `span`: what is there, or that the
    /// statement ended.
    fn found_label(&self, span: &Range<usize>, expected: &str) -> String {
        if span.is_empty() {
            format!("the statement ends here; expected {expected}")
        } else {
            format!("expected {expected} here")
        }
    }

    fn error(&mut self, error: DslError) {
        self.errors.push(error);
    }

    /// Reads an entity id, bare or quoted.
    fn entity(&mut self) -> Result<EntityRef, EntityFailure> {
        self.skip_whitespace();
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with('"') {
            return match quoted_id(rest) {
                Ok((after, id)) => {
                    self.advance_to(after);
                    if id.trim().is_empty() {
                        self.error(
                            DslError::new(
                                start..self.pos,
                                "an entity id cannot be empty",
                                "empty id",
                            )
                            .with_help(ENTITY_HELP),
                        );
                    }
                    Ok(EntityRef {
                        id: id.to_string(),
                        span: start..self.pos,
                    })
                }
                Err(_) => {
                    let line_end = rest.find('\n').unwrap_or(rest.len());
                    self.advance_to(&rest[line_end..]);
                    self.error(
                        DslError::new(
                            start..start + line_end,
                            "unterminated quoted entity id: expected a closing '\"'",
                            "this quote is never closed",
                        )
                        .with_help("close the id with a double quote, like \"Some Org\""),
                    );
                    Err(EntityFailure::Reported)
                }
            };
        }
        match bare_id(rest) {
            Ok((after, id)) => {
                self.advance_to(after);
                Ok(EntityRef {
                    id: id.to_string(),
                    span: start..self.pos,
                })
            }
            Err(_) => Err(EntityFailure::Missing),
        }
    }

    /// Reads an entity that must come after `after` (a description such as
    /// `"in"`), reporting its absence as "expected {what} after {after}".
    fn expect_entity(&mut self, what: &str, after: &str) -> Option<EntityRef> {
        match self.entity() {
            Ok(entity) => Some(entity),
            Err(EntityFailure::Reported) => None,
            Err(EntityFailure::Missing) => {
                let span = self.next_token_span();
                let label = self.found_label(&span, what);
                self.error(
                    DslError::new(span, format!("expected {what} after {after}"), label)
                        .with_help(ENTITY_HELP),
                );
                None
            }
        }
    }

    fn claim(&mut self) -> Option<Claim> {
        if self.at_end() {
            self.error(
                DslError::new(
                    self.pos..self.pos,
                    "the statement is empty",
                    "expected a statement here",
                )
                .with_help(
                    "write a statement such as `Japan not in AUKUS` or `NATO has 32 members`",
                ),
            );
            return None;
        }
        let before_roster = self.pos;
        if self.keyword("members").is_some() {
            if self.keyword("of").is_some() {
                return self.roster();
            }
            // An entity may be called `members`; read it as one.
            self.pos = before_roster;
        }
        let subject = match self.entity() {
            Ok(entity) => entity,
            Err(EntityFailure::Reported) => return None,
            Err(EntityFailure::Missing) => {
                let span = self.next_token_span();
                self.error(
                    DslError::new(
                        span,
                        "expected an entity id or \"members of\" at the start of the statement",
                        "expected an entity id here",
                    )
                    .with_help(ENTITY_HELP),
                );
                return None;
            }
        };
        if self.keyword("not").is_some() {
            if self.keyword("in").is_none() {
                let span = self.next_token_span();
                let label = self.found_label(&span, "\"in\"");
                self.error(DslError::new(span, "expected \"in\" after \"not\"", label));
                return None;
            }
            let organization = self.expect_entity("an entity", "\"not in\"")?;
            return Some(Claim::Membership {
                member: subject,
                organization,
                negated: true,
            });
        }
        if self.keyword("in").is_some() {
            let organization = self.expect_entity("an entity", "\"in\"")?;
            return Some(Claim::Membership {
                member: subject,
                organization,
                negated: false,
            });
        }
        if self.keyword("has").is_some() {
            return self.count(subject);
        }
        if self.keyword("is").is_some() {
            return self.office(subject);
        }
        self.report_missing_verb(&subject);
        None
    }

    /// Explains what may follow the first entity, guessing which claim the
    /// author meant from the unexpected word and what comes after it.
    fn report_missing_verb(&mut self, subject: &EntityRef) {
        let span = self.next_token_span();
        let word = &self.input[span.clone()];
        let after = self.input[span.end..].trim_start();
        let next_word: &str = after
            .split(|c: char| c.is_whitespace() || is_delimiter(c))
            .next()
            .unwrap_or("");
        // The words after the unexpected one say most reliably which claim
        // was meant; a near-miss keyword decides when they do not.
        let likely = if next_word == "in" {
            LikelyClaim::Membership
        } else if contains_word(after, "members") {
            LikelyClaim::Count
        } else if contains_word(after, "of") {
            LikelyClaim::Office
        } else {
            match closest_word(word, &["in", "not", "has", "is"]) {
                Some("in" | "not") => LikelyClaim::Membership,
                Some("has") => LikelyClaim::Count,
                Some("is") => LikelyClaim::Office,
                _ => LikelyClaim::Unknown,
            }
        };
        let suggestion = match likely {
            LikelyClaim::Membership => closest_word(word, &["in", "not"]),
            LikelyClaim::Count => closest_word(word, &["has"]),
            LikelyClaim::Office => closest_word(word, &["is"]),
            LikelyClaim::Unknown => None,
        };
        let subject_id = &subject.id;
        let (expected, message) = match likely {
            LikelyClaim::Membership => (
                "\"in\" or \"not in\"",
                format!("expected \"in\" or \"not in\" after entity \"{subject_id}\""),
            ),
            LikelyClaim::Count => (
                "\"has\"",
                format!("expected \"has\" after entity \"{subject_id}\""),
            ),
            LikelyClaim::Office => (
                "\"is\"",
                format!("expected \"is\" after entity \"{subject_id}\""),
            ),
            LikelyClaim::Unknown => (
                "\"in\", \"not in\", \"has\" or \"is\"",
                format!(
                    "expected \"in\", \"not in\", \"has\" or \"is\" after entity \"{subject_id}\""
                ),
            ),
        };
        let help = match suggestion {
            Some("not") if next_word == "in" => "did you mean \"not in\"?".to_string(),
            Some(keyword) => format!("did you mean \"{keyword}\"?"),
            None => "a statement reads `X in Y`, `X not in Y`, `X has N members`, `members of X are {A, B}` or `P is R of C`".to_string(),
        };
        let label = self.found_label(&span, expected);
        self.error(DslError::new(span, message, label).with_help(help));
    }

    fn count(&mut self, organization: EntityRef) -> Option<Claim> {
        let (bound, after) = if self.keyword("at").is_some() {
            if self.keyword("least").is_some() {
                (Bound::AtLeast, "\"at least\"")
            } else if self.keyword("most").is_some() {
                (Bound::AtMost, "\"at most\"")
            } else {
                let span = self.next_token_span();
                let label = self.found_label(&span, "\"least\" or \"most\"");
                self.error(DslError::new(
                    span,
                    "expected \"least\" or \"most\" after \"at\"",
                    label,
                ));
                return None;
            }
        } else {
            (Bound::Exactly, "\"has\"")
        };
        self.skip_whitespace();
        let number_start = self.pos;
        let digits = match digit1::<&str, nom::error::Error<&str>>(self.rest()) {
            Ok((rest, digits)) => {
                self.advance_to(rest);
                digits
            }
            Err(_) => {
                let span = self.next_token_span();
                let label = self.found_label(&span, "a number");
                self.error(
                    DslError::new(span, format!("expected a number after {after}"), label)
                        .with_help("write the count in digits, like `NATO has 32 members`"),
                );
                return None;
            }
        };
        let number_span = number_start..self.pos;
        let number = match digits.parse::<u32>() {
            Ok(number) => number,
            Err(_) => {
                self.error(DslError::new(
                    number_span.clone(),
                    format!(
                        "the number {digits} is too large (the largest is {})",
                        u32::MAX
                    ),
                    "too large",
                ));
                0
            }
        };
        if self.keyword("members").is_none() && self.keyword("member").is_none() {
            let span = self.next_token_span();
            let label = self.found_label(&span, "\"members\"");
            self.error(DslError::new(
                span,
                format!("expected \"members\" after the number {digits}"),
                label,
            ));
            return None;
        }
        Some(Claim::Count {
            organization,
            bound,
            number,
            number_span,
        })
    }

    fn office(&mut self, person: EntityRef) -> Option<Claim> {
        // `P is of C` leaves out the role; `of` must not be read as its id.
        let before_role = self.pos;
        if self.keyword("of").is_some() {
            self.pos = before_role;
            let span = self.next_token_span();
            self.error(
                DslError::new(span, "expected a role after \"is\"", "expected a role here")
                    .with_help("an office reads `Fumio-Kishida is prime-minister of Japan`"),
            );
            return None;
        }
        let role = self.expect_entity("a role", "\"is\"")?;
        if self.keyword("of").is_none() {
            let span = self.next_token_span();
            let label = self.found_label(&span, "\"of\"");
            self.error(DslError::new(
                span,
                format!("expected \"of\" after role \"{}\"", role.id),
                label,
            ));
            return None;
        }
        let of = self.expect_entity("a country or organization", "\"of\"")?;
        Some(Claim::Office { person, role, of })
    }

    fn roster(&mut self) -> Option<Claim> {
        let organization = self.expect_entity("an organization", "\"members of\"")?;
        if self.keyword("are").is_none() {
            let span = self.next_token_span();
            let label = self.found_label(&span, "\"are\"");
            self.error(DslError::new(
                span,
                format!("expected \"are\" after entity \"{}\"", organization.id),
                label,
            ));
            return None;
        }
        let Some(open) = self.punctuation('{') else {
            let span = self.next_token_span();
            let label = self.found_label(&span, "\"{\"");
            self.error(
                DslError::new(
                    span,
                    "expected \"{\" to open the list of members after \"are\"",
                    label,
                )
                .with_help("list the members in braces: `members of AUKUS are {Australia, United-Kingdom, United-States}`"),
            );
            return None;
        };
        let mut members: Vec<EntityRef> = Vec::new();
        let mut entry_failed = false;
        let mut after_comma = false;
        loop {
            if self.at_end() {
                self.error(DslError::new(
                    self.pos..self.pos,
                    "expected \"}\" to close the list of members",
                    "the statement ends here; expected \"}\"",
                ));
                return None;
            }
            if let Some(close) = self.punctuation('}') {
                if after_comma {
                    self.error(DslError::new(
                        close,
                        "expected an entity after \",\" in the list of members",
                        "expected an entity before this \"}\"",
                    ));
                } else if members.is_empty() && !entry_failed {
                    self.error(DslError::new(
                        open.start..close.end,
                        "a roster lists at least one member",
                        "empty list",
                    ));
                }
                break;
            }
            match self.entity() {
                Ok(member) => members.push(member),
                Err(failure) => {
                    entry_failed = true;
                    if let EntityFailure::Missing = failure {
                        let span = self.next_token_span();
                        let label = self.found_label(&span, "an entity");
                        self.error(
                            DslError::new(span, "expected an entity in the list of members", label)
                                .with_help(ENTITY_HELP),
                        );
                    }
                    self.skip_to_list_separator();
                }
            }
            after_comma = false;
            match self.peek_char() {
                Some(',') => {
                    self.punctuation(',');
                    after_comma = true;
                }
                Some('}') | None => {}
                Some(_) => {
                    let span = self.next_token_span();
                    let message = match members.last() {
                        Some(last) if !entry_failed => {
                            format!("expected \",\" or \"}}\" after entity \"{}\"", last.id)
                        }
                        _ => "expected \",\" or \"}\" in the list of members".to_string(),
                    };
                    let label = self.found_label(&span, "\",\" or \"}\"");
                    self.error(DslError::new(span, message, label));
                    entry_failed = true;
                    self.skip_to_list_separator();
                }
            }
        }
        for (index, member) in members.iter().enumerate() {
            if members[..index]
                .iter()
                .any(|earlier| earlier.id == member.id)
            {
                self.errors.push(DslError::new(
                    member.span.clone(),
                    format!("\"{}\" is listed twice in the roster", member.id),
                    "listed again here",
                ));
            }
        }
        Some(Claim::Roster {
            organization,
            members,
        })
    }

    /// Recovery inside a roster: skips to the next `,` or `}` (or the end)
    /// without consuming it.
    fn skip_to_list_separator(&mut self) {
        let rest = self.rest();
        let stop = rest.find([',', '}']).unwrap_or(rest.len());
        self.advance_to(&rest[stop..]);
    }

    /// Reads a date that must come after `after`.
    fn date(&mut self, after: &str) -> Option<PartialDate> {
        self.skip_whitespace();
        let start = self.pos;
        match date_token(self.rest()) {
            Ok((rest, token)) => {
                self.advance_to(rest);
                match parse_date_at(token, start) {
                    Ok(date) => Some(date),
                    Err(error) => {
                        self.error(error);
                        None
                    }
                }
            }
            Err(_) => {
                let span = self.next_token_span();
                let label = self.found_label(&span, "a date");
                self.error(DslError::new(
                    span,
                    format!("expected a date ({DATE_FORMS}) after {after}"),
                    label,
                ));
                None
            }
        }
    }

    fn period(&mut self) -> Period {
        let mut period = Period::default();
        if self.at_end() {
            return period;
        }
        if self.keyword("since").is_some() {
            period.start = self.date("\"since\"");
        } else if self.keyword("until").is_some() {
            period.end = self.date("\"until\"");
        } else if self.keyword("from").is_some() {
            period.start = self.date("\"from\"");
            if self.keyword("until").is_none() {
                let span = self.next_token_span();
                let label = self.found_label(&span, "\"until\"");
                self.error(
                    DslError::new(span, "expected \"until\" after the start date", label)
                        .with_help("a closed period reads `from 2021-10-04 until 2024-10-01`"),
                );
                return period;
            }
            period.end = self.date("\"until\"");
        } else {
            let span = self.next_token_span();
            let word = &self.input[span.clone()];
            let help = match closest_word(word, &["since", "until", "from"]) {
                Some(keyword) => format!("did you mean \"{keyword}\"?"),
                None => "a period reads `since DATE`, `until DATE` or `from DATE until DATE`"
                    .to_string(),
            };
            let label = self.found_label(&span, "a period or the end");
            self.error(
                DslError::new(
                    span,
                    "expected \"since\", \"until\" or \"from\" after the claim, or the end of the statement",
                    label,
                )
                .with_help(help),
            );
            return period;
        }
        if !self.at_end() {
            let start = self.pos;
            let end = start + self.rest().trim_end().len();
            self.error(DslError::new(
                start..end,
                "expected the end of the statement after the period",
                "unexpected text",
            ));
        }
        if let (Some(start), Some(end)) = (period.start, period.end)
            && let (Some(first), Some(last)) = (start.first_day(), end.first_day())
            && last <= first
        {
            self.error(
                DslError::new(
                    start.span.0..end.span.1,
                    format!("the period from {start} until {end} is empty: it does not end after it starts"),
                    "empty period",
                )
                .with_help("a period holds from its start date and stops before its end date, so the end must come later"),
            );
        }
        period
    }

    /// After a claim that could not be read, looks for a period keyword
    /// further on so that problems in the period are reported too.
    fn recover_period(&mut self) {
        let rest = self.rest();
        let mut offset = 0;
        for word in rest.split_inclusive(char::is_whitespace) {
            let trimmed = word.trim_end();
            if matches!(trimmed, "since" | "until" | "from") {
                self.advance_to(&rest[offset..]);
                self.period();
                return;
            }
            offset += word.len();
        }
    }
}

/// Whether `text` contains `word` as a whole word.
fn contains_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !is_id_char(c)).any(|w| w == word)
}

/// The candidate closest to `word` by edit distance, when close enough to be
/// a likely typo (one edit for short words, two for longer ones).
fn closest_word(word: &str, candidates: &[&'static str]) -> Option<&'static str> {
    if word.is_empty() {
        return None;
    }
    let allowed = if word.chars().count() <= 3 { 1 } else { 2 };
    candidates
        .iter()
        .map(|candidate| (strsim::levenshtein(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= allowed && *distance > 0)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Parses one fact statement.
///
/// Returns the statement when it is free of errors, and every error found
/// otherwise (the statement is then `None`). Error spans are byte offsets
/// into `input`, always within `0..=input.len()` and on character
/// boundaries. The function never panics, whatever the input.
pub fn parse_statement(input: &str) -> (Option<Statement>, Vec<DslError>) {
    let mut parser = StatementParser::new(input);
    let claim = parser.claim();
    let period = match claim {
        Some(_) => parser.period(),
        None => {
            parser.recover_period();
            Period::default()
        }
    };
    let statement = match claim {
        Some(claim) if parser.errors.is_empty() => Some(Statement { claim, period }),
        _ => None,
    };
    (statement, parser.errors)
}
