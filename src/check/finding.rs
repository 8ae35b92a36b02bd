//! What the engine concludes about one claim: the contract between `check`
//! and every output format in `report`.

use std::ops::Range;
use std::sync::Arc;

use crate::rules::model::{FactId, Severity};

/// Whether the text agrees with the fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Supported,
    Contradicted,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
        }
    }
}

/// How loudly a finding is reported: contradictions take their fact's
/// severity, supporting quotes are `info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingSeverity {
    Error,
    Warning,
    Info,
}

impl FindingSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingSeverity::Error => "error",
            FindingSeverity::Warning => "warning",
            FindingSeverity::Info => "info",
        }
    }

    pub fn for_verdict(verdict: Verdict, fact_severity: Severity) -> Self {
        match (verdict, fact_severity) {
            (Verdict::Supported, _) => FindingSeverity::Info,
            (Verdict::Contradicted, Severity::Error) => FindingSeverity::Error,
            (Verdict::Contradicted, Severity::Warning) => FindingSeverity::Warning,
        }
    }
}

/// One claim in one article tied to one fact.
///
/// The fact's id and source are shared with every other finding of the
/// same fact (the judge makes them once per rule set), so that a finding
/// costs no copy of them to make or to drop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub fact: FactId,
    /// The fact's id, as written in the rules.
    pub fact_id: Arc<str>,
    pub verdict: Verdict,
    pub severity: FindingSeverity,
    /// UTF-8 byte offsets of the claim's words in the file as it is on disk.
    pub span: Range<usize>,
    /// The claim the text makes, in the rule language's words
    /// (`ASEAN has 10 members`).
    pub claim: String,
    /// Why: what the rules hold at the article's date and since when.
    pub message: String,
    /// The fact's `source`, when it has one.
    pub source: Option<Arc<str>>,
    /// The language-pack pattern that read the claim (`rules/lang/fr.yaml:42`).
    pub pattern: String,
}
