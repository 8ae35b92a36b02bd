//! Errors found while parsing one fact statement.

use std::fmt;
use std::ops::Range;

/// One problem in a statement, located by byte offsets into the statement
/// string. The rules loader shifts the span into the YAML file that holds the
/// statement, so this type stays independent of where statements come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DslError {
    /// Byte range of the offending token; always within `0..=input.len()` and
    /// on character boundaries. An empty range points between two characters,
    /// for example at the end of the statement when something is missing.
    pub span: Range<usize>,
    /// A full sentence saying what was expected where.
    pub message: String,
    /// A short note shown under the offending token.
    pub label: String,
    /// A suggestion, when one is likely to help.
    pub help: Option<String>,
}

impl DslError {
    pub(crate) fn new(
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        DslError {
            span,
            message: message.into(),
            label: label.into(),
            help: None,
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for DslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DslError {}
