//! Language packs: how each language phrases claims, as data.
//!
//! `pattern` parses the claim-pattern language, `vm` compiles and runs it in
//! linear time, `pack` reads pack files (built-in `rules/lang/*.yaml` plus a
//! rule directory's `lang/*.yaml`), and `detect` guesses an article's
//! language among the packs'.

pub mod detect;
pub mod pack;
pub mod pattern;
pub mod vm;

pub use pack::{ClaimKind, Pack, Packs};
