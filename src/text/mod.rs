//! Articles as text: front matter, Markdown masking, folding with an offset
//! map, sentences, tokens, numbers and name matching. Nothing here knows
//! about rules; names arrive as plain strings with opaque tags.

pub mod article;
pub mod fold;
pub mod markdown;
pub mod names;
pub mod numbers;
pub mod segments;
pub mod sentences;
pub mod tokens;
pub mod yaml;
