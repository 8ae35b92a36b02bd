//! The claim-pattern language of language packs, parsed with nom.
//!
//! ```text
//! pattern     = sequence
//! sequence    = element { element }
//! element     = word | word "*" | punct | slot | group | option | gap
//! word        = letters, digits, apostrophes and hyphens (split like text)
//! punct       = "," | ";" | ":"
//! slot        = "{" name [ "<" ] "}"      member, members, org, n, person, role, of
//! group       = "(" sequence { "|" sequence } ")"
//! option      = "[" sequence { "|" sequence } "]"
//! gap         = "..." digit                up to that many words
//! ```
//!
//! `{org<}` takes the closest organization named earlier in the sentence
//! (`the bloc, which has 32 members`) and consumes no words.

use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, multispace0, one_of, satisfy};
use nom::combinator::{all_consuming, map, opt, recognize};
use nom::multi::{many1, separated_list1};
use nom::sequence::{delimited, preceded};

use crate::text::fold::fold_str;

/// What a slot captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    /// A country, organization or other entity that can be a member.
    Member,
    /// A list of members: `A, B et C`.
    Members,
    Organization,
    Number,
    Person,
    /// A role, possibly with a demonym inside or beside it.
    Role,
    /// The country or organization of a role: a name or a demonym.
    Of,
}

impl SlotKind {
    fn from_name(name: &str) -> Option<SlotKind> {
        Some(match name {
            "member" => SlotKind::Member,
            "members" => SlotKind::Members,
            "org" => SlotKind::Organization,
            "n" => SlotKind::Number,
            "person" => SlotKind::Person,
            "role" => SlotKind::Role,
            "of" => SlotKind::Of,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            SlotKind::Member => "member",
            SlotKind::Members => "members",
            SlotKind::Organization => "org",
            SlotKind::Number => "n",
            SlotKind::Person => "person",
            SlotKind::Role => "role",
            SlotKind::Of => "of",
        }
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A folded word; `prefix` when written with a trailing `*`.
    Word {
        text: String,
        prefix: bool,
    },
    Punct(char),
    Slot(SlotKind),
    /// A slot filled from earlier in the sentence, consuming nothing.
    Antecedent(SlotKind),
    /// Alternatives; `optional` when written with brackets.
    Choice {
        alternatives: Vec<Vec<Element>>,
        optional: bool,
    },
    /// Up to this many arbitrary words.
    Gap(u8),
    /// The end of the sentence (`$`): nothing but closing punctuation follows.
    End,
}

/// A parse error with the byte offset in the pattern where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub offset: usize,
    pub message: String,
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '-' || c == '\u{2019}' || c == '_'
}

/// A word as written may hold apostrophes or hyphens (`l'`, `dell'`,
/// `sud-est`); like article text it splits there into several words.
fn word(input: &str) -> IResult<&str, Vec<Element>> {
    let (rest, (text, star)) = (take_while1(word_char), opt(char('*'))).parse(input)?;
    let folded = fold_str(text);
    let parts: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    let count = parts.len();
    let elements = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| Element::Word {
            text: p.to_string(),
            prefix: star.is_some() && i + 1 == count,
        })
        .collect::<Vec<_>>();
    if elements.is_empty() {
        // A lone apostrophe or hyphen is a separator, as in text.
        return Ok((rest, Vec::new()));
    }
    Ok((rest, elements))
}

fn slot(input: &str) -> IResult<&str, Vec<Element>> {
    let (rest, (name, antecedent)) = delimited(
        char('{'),
        (
            take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-'),
            opt(char('<')),
        ),
        char('}'),
    )
    .parse(input)?;
    match SlotKind::from_name(name) {
        Some(kind) if antecedent.is_some() => Ok((rest, vec![Element::Antecedent(kind)])),
        Some(kind) => Ok((rest, vec![Element::Slot(kind)])),
        None => Err(nom::Err::Failure(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// Punctuation, folded like text: the Arabic comma and semicolon are the
/// comma and semicolon.
fn punct(input: &str) -> IResult<&str, Vec<Element>> {
    map(one_of(",;:،؛"), |c| {
        let folded = match c {
            '،' => ',',
            '؛' => ';',
            other => other,
        };
        vec![Element::Punct(folded)]
    })
    .parse(input)
}

fn gap(input: &str) -> IResult<&str, Vec<Element>> {
    map(preceded(tag("..."), satisfy(|c| c.is_ascii_digit())), |d| {
        vec![Element::Gap(d.to_digit(10).unwrap_or(1) as u8)]
    })
    .parse(input)
}

fn alternatives(input: &str) -> IResult<&str, Vec<Vec<Element>>> {
    separated_list1(delimited(multispace0, char('|'), multispace0), sequence).parse(input)
}

fn group(input: &str) -> IResult<&str, Vec<Element>> {
    let (rest, alternatives) = delimited(
        (char('('), multispace0),
        alternatives,
        (multispace0, char(')')),
    )
    .parse(input)?;
    Ok((
        rest,
        vec![Element::Choice {
            alternatives,
            optional: false,
        }],
    ))
}

fn option(input: &str) -> IResult<&str, Vec<Element>> {
    let (rest, alternatives) = delimited(
        (char('['), multispace0),
        alternatives,
        (multispace0, char(']')),
    )
    .parse(input)?;
    Ok((
        rest,
        vec![Element::Choice {
            alternatives,
            optional: true,
        }],
    ))
}

fn end(input: &str) -> IResult<&str, Vec<Element>> {
    map(char('$'), |_| vec![Element::End]).parse(input)
}

fn element(input: &str) -> IResult<&str, Vec<Element>> {
    preceded(
        multispace0,
        alt((gap, slot, group, option, punct, end, word)),
    )
    .parse(input)
}

fn sequence(input: &str) -> IResult<&str, Vec<Element>> {
    map(many1(element), |parts| {
        parts.into_iter().flatten().collect()
    })
    .parse(input)
}

/// Parses one pattern.
pub fn parse(pattern: &str) -> Result<Vec<Element>, PatternError> {
    let parsed = all_consuming(delimited(multispace0, sequence, multispace0)).parse(pattern);
    match parsed {
        Ok((_, elements)) if !elements.is_empty() => Ok(elements),
        Ok(_) => Err(PatternError {
            offset: 0,
            message: "a pattern needs at least one word or slot".into(),
        }),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            let offset = pattern.len() - e.input.len();
            let rest = e.input.trim_start();
            let offset = offset + (e.input.len() - rest.len());
            let message = if let Some(after_brace) = rest.strip_prefix('{') {
                let name = after_brace.split('}').next().unwrap_or("");
                format!(
                    "unknown slot {{{name}}}: expected one of {{member}}, {{members}}, {{org}}, {{n}}, {{person}}, {{role}}, {{of}}"
                )
            } else if rest.is_empty() {
                "unexpected end of pattern: a bracket or parenthesis is not closed".to_string()
            } else {
                format!(
                    "unexpected {:?}: expected a word, a slot, `(`, `[`, `|` or a closing bracket",
                    first_char(rest)
                )
            };
            Err(PatternError { offset, message })
        }
        Err(nom::Err::Incomplete(_)) => Err(PatternError {
            offset: pattern.len(),
            message: "incomplete pattern".into(),
        }),
    }
}

fn first_char(s: &str) -> String {
    recognize(satisfy::<_, &str, nom::error::Error<&str>>(|_| true))
        .parse(s)
        .map(|(_, c)| c.to_string())
        .unwrap_or_default()
}

/// The slots a pattern uses, for checking it against its claim kind.
pub fn slots(elements: &[Element], out: &mut Vec<SlotKind>) {
    for e in elements {
        match e {
            Element::Slot(k) | Element::Antecedent(k) => out.push(*k),
            Element::Choice { alternatives, .. } => alternatives.iter().for_each(|a| slots(a, out)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(elements: &[Element]) -> String {
        elements
            .iter()
            .map(|e| match e {
                Element::Word { text, prefix } => {
                    format!("{text}{}", if *prefix { "*" } else { "" })
                }
                Element::Punct(c) => c.to_string(),
                Element::Slot(k) => format!("{{{}}}", k.name()),
                Element::Antecedent(k) => format!("{{{}<}}", k.name()),
                Element::Gap(n) => format!("...{n}"),
                Element::End => "$".to_string(),
                Element::Choice {
                    alternatives,
                    optional,
                } => {
                    let inner: Vec<String> = alternatives.iter().map(|a| render(a)).collect();
                    if *optional {
                        format!("[{}]", inner.join("|"))
                    } else {
                        format!("({})", inner.join("|"))
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn check(input: &str, expect: &str) {
        let got = match parse(input) {
            Ok(e) => render(&e),
            Err(e) => format!("error at {}: {}", e.offset, e.message),
        };
        assert_eq!(got, expect, "parse({input:?})");
    }

    #[test]
    fn parses_words_slots_groups_options_and_gaps() {
        check(
            "{member} , [un|une] membre* (de|du|de la|d') {org}",
            "{member} , [un|une] membre* (de|du|de la|d) {org}",
        );
        check("les {n} membres de l'{org}", "les {n} membres de l {org}");
        check("Sud-Est ...3 {org<}", "sud est ...3 {org<}");
        check("رئيس الوزراء {of}", "رييس الوزراء {of}");
        check("{person} ، [،] {role}", "{person} , [,] {role}");
        check("{role} , {person} (,|$)", "{role} , {person} (,|$)");
    }

    #[test]
    fn reports_errors_with_offsets() {
        check(
            "{member} est {orgg}",
            "error at 13: unknown slot {orgg}: expected one of {member}, {members}, {org}, {n}, {person}, {role}, {of}",
        );
        check(
            "(de|du {org}",
            "error at 0: unexpected \"(\": expected a word, a slot, `(`, `[`, `|` or a closing bracket",
        );
        check(
            "",
            "error at 0: unexpected end of pattern: a bracket or parenthesis is not closed",
        );
    }
}
