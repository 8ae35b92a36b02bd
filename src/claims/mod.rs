//! Claims: what a sentence states about the rule set's entities.
//!
//! Extraction runs per sentence, only where a name was found: the sentence is
//! tokenized, entity mentions, numbers and role phrases are laid over the
//! tokens (the lattice), and the patterns of the article's language pack
//! run over it, save those whose needed words or fillers the sentence lacks
//! (`needs`). Hedged, conditional and interrogative statements, claims with
//! a negation inside a positive phrasing, and claims tied to another year are
//! dropped, each with the reason kept for `factlint explain`.

pub mod extract;
pub mod lattice;
pub mod lexicon;
pub mod needs;
pub mod vocabulary;

use std::ops::Range;

use crate::lang::ClaimKind;
use crate::rules::model::EntityId;

/// An entity as named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub entity: EntityId,
    /// Original byte range of the words that name it.
    pub span: Range<usize>,
}

/// What a claim says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    Member {
        member: Named,
        organization: Named,
        negated: bool,
    },
    Count {
        organization: Named,
        number: u32,
    },
    MemberList {
        organization: Named,
        members: Vec<Named>,
    },
    Office {
        person: Named,
        role: EntityId,
        of: Option<EntityId>,
        former: bool,
    },
}

/// One claim found in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub kind: ClaimKind,
    pub statement: Statement,
    /// Original byte range of the words that make the claim.
    pub span: Range<usize>,
    /// Where the pattern that read it was written (`rules/lang/fr.yaml:42`).
    pub pattern: String,
}

pub use extract::{ArticleContext, Extraction, Extractor, Rejected, SentenceTrace};
