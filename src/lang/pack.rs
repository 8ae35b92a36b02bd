//! Language packs as data: one YAML file per language.
//!
//! A pack lists, for one language, the phrasings of each claim kind and the
//! small vocabularies claim extraction needs (negations, hedges,
//! conditionals, former-holder markers, list conjunctions, number words).
//! The built-in packs live in `rules/lang/` and are embedded in the binary;
//! a rule directory's `lang/*.yaml` extends a language or adds one. See
//! `docs/language-packs.md`.

use std::collections::BTreeMap;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::pattern::{self, Element, SlotKind};
use super::vm::Program;
use crate::text::fold::fold_str;
use crate::text::numbers::NumberWords;
use crate::text::yaml::error_position;

/// The kinds of claim a pattern can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimKind {
    Membership,
    NonMembership,
    Count,
    MemberList,
    Office,
    FormerOffice,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 6] = [
        ClaimKind::Membership,
        ClaimKind::NonMembership,
        ClaimKind::Count,
        ClaimKind::MemberList,
        ClaimKind::Office,
        ClaimKind::FormerOffice,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ClaimKind::Membership => "membership",
            ClaimKind::NonMembership => "non-membership",
            ClaimKind::Count => "count",
            ClaimKind::MemberList => "member-list",
            ClaimKind::Office => "office",
            ClaimKind::FormerOffice => "former-office",
        }
    }

    /// The slots a pattern of this kind must fill, in one of the listed ways.
    fn required(self) -> &'static [&'static [SlotKind]] {
        use SlotKind::*;
        match self {
            ClaimKind::Membership | ClaimKind::NonMembership => {
                &[&[Member, Organization], &[Members, Organization]]
            }
            ClaimKind::Count => &[&[Organization, Number]],
            ClaimKind::MemberList => &[&[Organization, Members]],
            ClaimKind::Office | ClaimKind::FormerOffice => &[&[Person, Role]],
        }
    }
}

/// A compiled pattern and where it was written.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub kind: ClaimKind,
    pub text: String,
    /// The claim follows from a past event: years in the sentence do not
    /// date it.
    pub event: bool,
    pub program: Program,
    /// `rules/lang/fr.yaml:42`.
    pub origin: String,
}

/// A phrasing a pack carries to test itself: the text and the claims it must
/// produce, written as `factlint explain` prints them.
#[derive(Debug, Clone)]
pub struct PackExample {
    pub text: String,
    pub claims: Vec<String>,
    pub date: Option<String>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// A multi-word phrase, folded and split into words like text.
pub type Phrase = Vec<String>;

/// Everything known about one language.
#[derive(Debug, Clone, Default)]
pub struct Pack {
    pub lang: String,
    pub name: String,
    pub patterns: Vec<Pattern>,
    pub numbers: NumberWords,
    pub negations: Vec<Phrase>,
    pub hedges: Vec<Phrase>,
    pub conditionals: Vec<Phrase>,
    pub former: Vec<Phrase>,
    /// Words that make a following year a starting point (`since 2021`), not
    /// the time the claim is about.
    pub since: Vec<Phrase>,
    pub list_conjunctions: Vec<String>,
    /// Classifier nouns that may stand next to an organization's name
    /// (`the AUKUS pact`, `l'alliance AUKUS`, `تحالف أوكوس`).
    pub org_words: Vec<String>,
    /// Relative pronouns: right after a count they restrict it to a subset
    /// (`the two NATO members that blocked it`).
    pub relatives: Vec<String>,
    /// Whether the language capitalises common nouns (German), so that a
    /// capital letter inside a sentence does not mark a name.
    pub capitalized_nouns: bool,
    pub examples: Vec<PackExample>,
    pub files: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNumbers {
    #[serde(default)]
    words: BTreeMap<String, u32>,
    #[serde(default)]
    joiners: Vec<String>,
    #[serde(default)]
    multipliers: Vec<String>,
}

/// A pattern as written: a string, or a mapping that also says the claim
/// follows from a past event (`joined NATO in 2020`), so a year in the
/// sentence does not date it.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawPattern {
    Plain(String),
    Detailed {
        pattern: String,
        #[serde(default)]
        event: bool,
    },
}

impl RawPattern {
    fn text(&self) -> &str {
        match self {
            RawPattern::Plain(p) | RawPattern::Detailed { pattern: p, .. } => p,
        }
    }

    fn event(&self) -> bool {
        matches!(self, RawPattern::Detailed { event: true, .. })
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPatterns {
    #[serde(default)]
    membership: Vec<Spanned<RawPattern>>,
    #[serde(default, rename = "non-membership")]
    non_membership: Vec<Spanned<RawPattern>>,
    #[serde(default)]
    count: Vec<Spanned<RawPattern>>,
    #[serde(default, rename = "member-list")]
    member_list: Vec<Spanned<RawPattern>>,
    #[serde(default)]
    office: Vec<Spanned<RawPattern>>,
    #[serde(default, rename = "former-office")]
    former_office: Vec<Spanned<RawPattern>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    text: Spanned<String>,
    #[serde(default)]
    claims: Vec<String>,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    lang: Spanned<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    numbers: RawNumbers,
    #[serde(default)]
    negations: Vec<String>,
    #[serde(default)]
    hedges: Vec<String>,
    #[serde(default)]
    conditionals: Vec<String>,
    #[serde(default)]
    former: Vec<String>,
    #[serde(default)]
    since: Vec<String>,
    #[serde(default, rename = "list-conjunctions")]
    list_conjunctions: Vec<String>,
    #[serde(default, rename = "org-words")]
    org_words: Vec<String>,
    #[serde(default)]
    relatives: Vec<String>,
    #[serde(default, rename = "capitalized-nouns")]
    capitalized_nouns: bool,
    #[serde(default)]
    patterns: RawPatterns,
    #[serde(default)]
    examples: Vec<RawExample>,
}

/// A problem in a language pack, pointing into its file.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct PackError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

fn phrase(text: &str) -> Phrase {
    fold_str(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn phrases(list: &[String]) -> Vec<Phrase> {
    list.iter()
        .map(|p| phrase(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Byte offset of a spanned value in its file, and its 1-based line and column.
fn position<T>(value: &Spanned<T>) -> (usize, usize, usize) {
    let loc = value.referenced;
    (
        loc.span().byte_offset().unwrap_or(0) as usize,
        loc.line() as usize,
        loc.column() as usize,
    )
}

/// The length of the scalar at `offset`: to the end of its line, quotes
/// included, so a label underlines the whole pattern.
fn scalar_len(text: &str, offset: usize) -> usize {
    text[offset.min(text.len())..]
        .find('\n')
        .unwrap_or(text.len() - offset.min(text.len()))
}

/// Reads one pack file. Returns the pack (possibly partial) and every error.
pub fn parse_pack(file: &str, text: &str) -> (Option<Pack>, Vec<PackError>) {
    let source: Arc<str> = Arc::from(text);
    let error =
        |message: String, offset: usize, len: usize, label: &str, help: Option<String>| PackError {
            message,
            src: NamedSource::new(file, source.clone()),
            span: (offset.min(text.len()), len).into(),
            label: label.to_string(),
            help,
        };
    let raw: RawPack = match serde_saphyr::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let (offset, message) = error_position(&e);
            let offset = offset.unwrap_or(0);
            return (
                None,
                vec![error(
                    format!("{file}: {message}"),
                    offset,
                    0,
                    "here",
                    Some("a language pack has the keys lang, name, numbers, negations, hedges, conditionals, former, since, list-conjunctions, org-words, relatives, capitalized-nouns, patterns, examples".into()),
                )],
            );
        }
    };
    let mut errors = Vec::new();
    let lang = raw.lang.value.trim().to_string();
    if lang.len() != 2 || !lang.chars().all(|c| c.is_ascii_lowercase()) {
        let (offset, _, _) = position(&raw.lang);
        errors.push(error(
            format!("invalid language code {lang:?}"),
            offset,
            scalar_len(text, offset),
            "not an ISO 639-1 code",
            Some("use a two-letter lower-case code such as en, fr, ar".into()),
        ));
    }
    let mut patterns = Vec::new();
    let groups = [
        (ClaimKind::Membership, &raw.patterns.membership),
        (ClaimKind::NonMembership, &raw.patterns.non_membership),
        (ClaimKind::Count, &raw.patterns.count),
        (ClaimKind::MemberList, &raw.patterns.member_list),
        (ClaimKind::Office, &raw.patterns.office),
        (ClaimKind::FormerOffice, &raw.patterns.former_office),
    ];
    for (kind, list) in groups {
        for spanned in list {
            let (offset, line, _) = position(spanned);
            // Offsets inside the pattern map into the file for a plain
            // scalar (after its opening quote, if any); for a mapping entry
            // errors point at the entry.
            let plain = matches!(spanned.value, RawPattern::Plain(_));
            let quoted = text[offset.min(text.len())..].starts_with(['"', '\'']);
            match pattern::parse(spanned.value.text()) {
                Ok(elements) => {
                    if let Some(message) = check_slots(kind, &elements) {
                        errors.push(error(
                            message,
                            offset,
                            scalar_len(text, offset),
                            "this pattern",
                            None,
                        ));
                        continue;
                    }
                    patterns.push(Pattern {
                        kind,
                        text: spanned.value.text().to_string(),
                        event: spanned.value.event(),
                        program: Program::compile(&elements),
                        // The whole name, so that a rule directory's `lang/en.yaml` is not
                        // mistaken for the built-in `rules/lang/en.yaml`.
                        origin: format!("{file}:{line}"),
                    });
                }
                Err(e) => {
                    let at = if plain {
                        offset + usize::from(quoted) + e.offset
                    } else {
                        offset
                    };
                    errors.push(error(
                        format!("invalid {} pattern: {}", kind.key(), e.message),
                        at,
                        1,
                        "here",
                        Some("see docs/language-packs.md for the pattern syntax".into()),
                    ));
                }
            }
        }
    }
    let mut numbers = Vec::new();
    for (word, value) in &raw.numbers.words {
        numbers.push((fold_str(word), *value));
    }
    let examples = raw
        .examples
        .iter()
        .map(|e| {
            let (offset, line, column) = position(&e.text);
            PackExample {
                text: e.text.value.clone(),
                claims: e.claims.clone(),
                date: e.date.clone(),
                file: file.to_string(),
                line,
                column,
                offset,
            }
        })
        .collect();
    let pack = Pack {
        name: raw.name.clone().unwrap_or_else(|| lang.clone()),
        lang,
        patterns,
        numbers: NumberWords::new(
            numbers,
            raw.numbers.joiners.iter().map(|w| fold_str(w)),
            raw.numbers.multipliers.iter().map(|w| fold_str(w)),
        ),
        negations: phrases(&raw.negations),
        hedges: phrases(&raw.hedges),
        conditionals: phrases(&raw.conditionals),
        former: phrases(&raw.former),
        since: phrases(&raw.since),
        list_conjunctions: raw.list_conjunctions.iter().map(|w| fold_str(w)).collect(),
        org_words: raw.org_words.iter().map(|w| fold_str(w)).collect(),
        relatives: raw.relatives.iter().map(|w| fold_str(w)).collect(),
        capitalized_nouns: raw.capitalized_nouns,
        examples,
        files: vec![file.to_string()],
    };
    (Some(pack), errors)
}

/// Says what is wrong when a pattern cannot make a claim of its kind.
fn check_slots(kind: ClaimKind, elements: &[Element]) -> Option<String> {
    let mut used = Vec::new();
    pattern::slots(elements, &mut used);
    let fits = kind
        .required()
        .iter()
        .any(|set| set.iter().all(|s| used.contains(s)));
    if fits {
        return None;
    }
    let ways: Vec<String> = kind
        .required()
        .iter()
        .map(|set| {
            set.iter()
                .map(|s| format!("{{{}}}", s.name()))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    Some(format!(
        "a {} pattern needs {}",
        kind.key(),
        ways.join(", or ")
    ))
}

impl Pack {
    /// Adds a user pack's phrasings and words to this language.
    pub fn extend(&mut self, other: Pack) {
        self.patterns.extend(other.patterns);
        self.numbers.extend(&other.numbers);
        self.negations.extend(other.negations);
        self.hedges.extend(other.hedges);
        self.conditionals.extend(other.conditionals);
        self.former.extend(other.former);
        self.since.extend(other.since);
        self.list_conjunctions.extend(other.list_conjunctions);
        self.org_words.extend(other.org_words);
        self.relatives.extend(other.relatives);
        self.capitalized_nouns |= other.capitalized_nouns;
        self.examples.extend(other.examples);
        self.files.extend(other.files);
    }
}

/// All languages, by code.
#[derive(Debug, Clone, Default)]
pub struct Packs {
    pub by_lang: BTreeMap<String, Pack>,
}

impl Packs {
    /// Loads packs from `(file name, text)` pairs: the built-in ones first,
    /// then a user's, which extend a language already present or add one.
    pub fn load<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Packs, Vec<PackError>> {
        let mut packs = Packs::default();
        let errors = packs.add(files);
        if errors.is_empty() {
            Ok(packs)
        } else {
            Err(errors)
        }
    }

    /// Adds packs from `(file name, text)` pairs, each extending the
    /// language it names if already present; returns the errors found.
    pub fn add<'a>(
        &mut self,
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Vec<PackError> {
        let mut errors = Vec::new();
        for (name, text) in files {
            let (pack, mut errs) = parse_pack(name, text);
            errors.append(&mut errs);
            if let Some(pack) = pack {
                match self.by_lang.get_mut(&pack.lang) {
                    Some(existing) => existing.extend(pack),
                    None => {
                        self.by_lang.insert(pack.lang.clone(), pack);
                    }
                }
            }
        }
        errors
    }

    /// The built-in pack of `lang` alone (`rules/lang/<lang>.yaml`), for
    /// the tests of the modules that read a pack.
    #[cfg(test)]
    pub fn builtin_only(lang: &str) -> Packs {
        let file = format!("rules/lang/{lang}.yaml");
        let files = crate::rules::builtin::builtin_files()
            .iter()
            .filter(|(name, _)| *name == file)
            .copied();
        Packs::load(files).unwrap()
    }

    pub fn get(&self, lang: &str) -> Option<&Pack> {
        self.by_lang.get(lang)
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.by_lang.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_a_pack_with_patterns_and_words() {
        let text = "lang: fr\nnumbers:\n  words: {dix: 10}\nnegations: [pas]\npatterns:\n  count:\n    - \"les {n} membres de l'{org}\"\n";
        let packs = Packs::load([("fr.yaml", text)]).unwrap();
        let pack = packs.get("fr").unwrap();
        assert_eq!(pack.patterns.len(), 1);
        assert_eq!(
            pack.patterns[0].origin, "fr.yaml:7",
            "a pack loaded under a bare name keeps it"
        );
        assert_eq!(pack.negations, vec![vec!["pas".to_string()]]);
    }

    #[test]
    fn reports_bad_patterns_at_their_position() {
        let text = "lang: fr\npatterns:\n  count:\n    - \"les {n} membres de {orgg}\"\n    - \"les membres\"\n";
        let errors = Packs::load([("fr.yaml", text)]).unwrap_err();
        assert_eq!(errors.len(), 2);
        let first = errors[0].span.offset();
        assert!(text[first..].starts_with("{orgg}"), "{:?}", &text[first..]);
        assert!(
            errors[1].message.contains("needs {org} and {n}"),
            "{}",
            errors[1].message
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let errors = Packs::load([("xx.yaml", "lang: en\nhedgez: [may]\n")]).unwrap_err();
        assert!(
            errors[0].message.contains("hedgez"),
            "{}",
            errors[0].message
        );
    }
}
