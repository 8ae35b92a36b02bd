//! The syntax tree of one fact statement.
//!
//! Every node carries the byte span it was parsed from, relative to the start
//! of the statement string. The rules loader shifts these spans into the YAML
//! file, so this module never needs to know where the statement came from.

use std::ops::Range;

/// A byte range into the statement string.
pub type Span = Range<usize>;

/// A whole statement: what is claimed and, optionally, when it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub claim: Claim,
    pub period: Period,
}

/// The four kinds of claim a fact can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// `X in Y` / `X not in Y`.
    Membership {
        member: EntityRef,
        organization: EntityRef,
        negated: bool,
    },
    /// `X has [at least|at most] N members`.
    Count {
        organization: EntityRef,
        bound: Bound,
        number: u32,
        number_span: Span,
    },
    /// `members of X are {A, B, C}`.
    Roster {
        organization: EntityRef,
        members: Vec<EntityRef>,
    },
    /// `P is R of C`.
    Office {
        person: EntityRef,
        role: EntityRef,
        of: EntityRef,
    },
}

/// How a member count compares with the number given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    Exactly,
    AtLeast,
    AtMost,
}

/// A reference to an entity by id, as written (quotes removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRef {
    pub id: String,
    pub span: Span,
}

/// When a statement holds. Both ends absent means "always".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Period {
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
}

/// A date as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
///
/// A partial date stands for the first day of the year or month it names, at
/// either end of a period: `since 2021` starts on 2021-01-01, and
/// `until 2021` stops before 2021-01-01, so the half-open rule of the spec
/// ("holds on A and not on B") reads the same for every precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
    pub span: (usize, usize),
}

impl PartialDate {
    /// The first day the date names: `2021` is 2021-01-01, `2021-09` is
    /// 2021-09-01. `None` when the parts do not form a real day; the parser
    /// only builds dates for which this returns `Some`.
    pub fn first_day(&self) -> Option<jiff::civil::Date> {
        jiff::civil::Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).ok()
    }
}

impl std::fmt::Display for PartialDate {
    /// Writes the date at the precision it was written with.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}
