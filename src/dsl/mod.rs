//! The fact statement language: `Japan not in AUKUS`, `NATO has 32 members
//! since 2024-03-07`, and so on (see `docs/rule-language.md`).
//!
//! This module turns one statement string into a syntax tree with byte spans
//! relative to that string. It knows nothing of YAML or files: the rules
//! loader maps spans back into the rule file that holds the statement.

pub mod ast;
mod error;
mod parser;

pub use error::DslError;
pub use parser::{parse_date, parse_statement};

#[cfg(test)]
mod tests;
