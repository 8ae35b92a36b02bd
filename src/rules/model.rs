//! The compiled rule set: entities by id, facts with typed statements and
//! date ranges, and the assertions every fact makes (rosters expanded).
//!
//! This is what the engine consumes. It holds no YAML types: the loader
//! resolves every id to an [`EntityId`] and every partial date to a civil
//! date before a `RuleSet` exists, so a `RuleSet` is always consistent.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::dsl::ast::Bound;
use jiff::civil::Date;

/// Index of an entity in [`RuleSet::entities`].
pub type EntityId = usize;
/// Index of a fact in [`RuleSet::facts`].
pub type FactId = usize;

/// The language key that makes a name valid in every language.
pub const ANY_LANGUAGE: &str = "any";

/// What sort of thing an entity is; statements check kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Country,
    Organization,
    Person,
    Role,
    Other,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Organization => "organization",
            EntityKind::Person => "person",
            EntityKind::Role => "role",
            EntityKind::Other => "other",
        }
    }
}

/// A rule file as read, kept for diagnostics that point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown to users: the rules directory as given joined with the
    /// file's path inside it for user rule sets (`my-rules/facts.yaml`), and
    /// the path in the project for the embedded rule set (`rules/facts.yaml`).
    pub name: String,
    pub text: Arc<str>,
}

/// Where a declaration sits: file index into [`RuleSet::files`] and byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: usize,
    pub span: Range<usize>,
}

/// One name or demonym, and the language it belongs to (`any` for all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub lang: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub names: Vec<Label>,
    pub demonyms: Vec<Label>,
    pub origin: Origin,
}

/// A statement with every entity resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    Membership {
        member: EntityId,
        organization: EntityId,
        negated: bool,
    },
    Count {
        organization: EntityId,
        bound: Bound,
        number: u32,
    },
    Roster {
        organization: EntityId,
        members: Vec<EntityId>,
    },
    Office {
        person: EntityId,
        role: EntityId,
        of: EntityId,
    },
}

/// A half-open range of days: holds from `start` (inclusive) until `end`
/// (exclusive). An absent end is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl DateRange {
    pub fn contains(&self, date: Date) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date < e)
    }

    /// Whether the two ranges share at least one day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        let starts_before_other_ends = match (self.start, other.end) {
            (Some(s), Some(e)) => s < e,
            _ => true,
        };
        let other_starts_before_end = match (other.start, self.end) {
            (Some(s), Some(e)) => s < e,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The verdict an example expects for its fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVerdict {
    Supported,
    Contradicted,
    None,
}

/// A sentence carried by a fact to test it (`factlint test`).
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub lang: Option<String>,
    pub verdict: ExpectedVerdict,
    pub date: Option<Date>,
    /// Where the example's `text` value starts in its rule file.
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Fact {
    pub id: String,
    /// The statement as the rule author wrote it.
    pub text: String,
    pub statement: Statement,
    pub period: DateRange,
    pub source: Option<String>,
    pub severity: Severity,
    pub examples: Vec<Example>,
    /// Where the `fact:` value sits in its rule file.
    pub origin: Origin,
}

/// One thing a fact asserts, after rosters are expanded: a roster asserts
/// each member's membership, the non-membership of every other declared
/// entity of a kind that appears in the list, and the member count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assertion {
    Member {
        member: EntityId,
        organization: EntityId,
        negated: bool,
    },
    Count {
        organization: EntityId,
        bound: Bound,
        number: u32,
    },
    Office {
        person: EntityId,
        role: EntityId,
        of: EntityId,
    },
}

/// An assertion and the fact it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub fact: FactId,
    pub assertion: Assertion,
    /// True when the fact states this directly, false when a roster implies it.
    pub direct: bool,
}

/// A whole, validated rule set.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub files: Vec<SourceFile>,
    pub entities: Vec<Entity>,
    pub facts: Vec<Fact>,
    pub by_id: HashMap<String, EntityId>,
    /// Every assertion of every fact, rosters expanded.
    pub derived: Vec<Derived>,
    /// Language-pack files found under `lang/` in user rule directories,
    /// handed to the language module unread.
    pub extra_lang_packs: Vec<(PathBuf, String)>,
}

impl RuleSet {
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id]
    }

    pub fn fact_by_id(&self, id: &str) -> Option<FactId> {
        self.facts.iter().position(|f| f.id == id)
    }
}

impl std::fmt::Display for DateRange {
    /// Writes the range as a statement's period would: `since 2024-03-07`,
    /// `until 2023-04-04`, `from A until B`, or `always`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.start, self.end) {
            (None, None) => f.write_str("always"),
            (Some(start), None) => write!(f, "since {start}"),
            (None, Some(end)) => write!(f, "until {end}"),
            (Some(start), Some(end)) => write!(f, "from {start} until {end}"),
        }
    }
}

impl Bound {
    /// The words a statement uses for the bound: "", "at least ", "at most ".
    pub fn as_prefix(self) -> &'static str {
        match self {
            Bound::Exactly => "",
            Bound::AtLeast => "at least ",
            Bound::AtMost => "at most ",
        }
    }
}

impl RuleSet {
    /// A statement written back in the rule language, without its period,
    /// with entity ids quoted where the language requires it.
    pub fn describe_statement(&self, statement: &Statement) -> String {
        let name = |id: EntityId| self.written_id(id);
        match statement {
            Statement::Membership {
                member,
                organization,
                negated,
            } => format!(
                "{} {} {}",
                name(*member),
                if *negated { "not in" } else { "in" },
                name(*organization)
            ),
            Statement::Count {
                organization,
                bound,
                number,
            } => format!(
                "{} has {}{number} members",
                name(*organization),
                bound.as_prefix()
            ),
            Statement::Roster {
                organization,
                members,
            } => format!(
                "members of {} are {{{}}}",
                name(*organization),
                members
                    .iter()
                    .map(|member| name(*member))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Statement::Office { person, role, of } => {
                format!("{} is {} of {}", name(*person), name(*role), name(*of))
            }
        }
    }

    /// An assertion in plain words: "Japan is not in AUKUS",
    /// "NATO has 32 members".
    pub fn describe_assertion(&self, assertion: &Assertion) -> String {
        let name = |id: EntityId| self.written_id(id);
        match assertion {
            Assertion::Member {
                member,
                organization,
                negated,
            } => format!(
                "{} is {}in {}",
                name(*member),
                if *negated { "not " } else { "" },
                name(*organization)
            ),
            Assertion::Count {
                organization,
                bound,
                number,
            } => format!(
                "{} has {}{number} members",
                name(*organization),
                bound.as_prefix()
            ),
            Assertion::Office { person, role, of } => {
                format!("{} is {} of {}", name(*person), name(*role), name(*of))
            }
        }
    }

    /// An entity id as a statement writes it: bare when it is made of
    /// letters, digits, '-' and '_', quoted otherwise.
    fn written_id(&self, id: EntityId) -> String {
        let text = self
            .entities
            .get(id)
            .map_or("?", |entity| entity.id.as_str());
        if !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            text.to_string()
        } else {
            format!("\"{text}\"")
        }
    }
}
