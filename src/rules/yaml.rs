//! A YAML document as a tree of nodes with byte spans.
//!
//! serde-saphyr deserializes the file into this generic tree (every node
//! wrapped in `Spanned`), and the compiler walks the tree itself. Walking a
//! tree rather than deserializing straight into typed structs is what lets a
//! load report every unknown key, missing key and bad value of a file, not
//! only the first one serde would stop at.

use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

/// One node of the document.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub value: Value,
    /// Where the node is used. For a scalar, its text including any quotes
    /// (a block scalar's span starts at its first content character); for a
    /// collection, an empty span where it starts.
    pub span: Range<usize>,
    /// Where the node is defined: differs from `span` only for aliases.
    pub defined: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// A scalar. `text` is the decoded string for strings and the text as
    /// written for numbers and booleans, so `2024` reads as "2024".
    Scalar {
        text: String,
    },
    Null,
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text } => Some(text),
            _ => None,
        }
    }

    /// What sort of node this is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } => "a single value",
            Value::Null => "nothing",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// The shape serde-saphyr fills in; converted to [`Node`] once the source
/// text is at hand to turn locations into byte spans.
enum RawValue {
    String(String),
    /// A number or boolean, with a rendering used only when its source text
    /// cannot be recovered.
    OtherScalar(String),
    Null,
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<RawValue>, Spanned<RawValue>)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;

        impl<'de> Visitor<'de> for RawVisitor {
            type Value = RawValue;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawValue, E> {
                Ok(RawValue::String(value.to_string()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<RawValue, E> {
                Ok(RawValue::String(value))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawValue, E> {
                Ok(RawValue::OtherScalar(value.to_string()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawValue, E> {
                Ok(RawValue::OtherScalar(value.to_string()))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawValue, E> {
                Ok(RawValue::OtherScalar(value.to_string()))
            }

            fn visit_i128<E: de::Error>(self, value: i128) -> Result<RawValue, E> {
                Ok(RawValue::OtherScalar(value.to_string()))
            }

            fn visit_u128<E: de::Error>(self, value: u128) -> Result<RawValue, E> {
                Ok(RawValue::OtherScalar(value.to_string()))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawValue, E> {
                Ok(RawValue::OtherScalar(value.to_string()))
            }

            fn visit_char<E: de::Error>(self, value: char) -> Result<RawValue, E> {
                Ok(RawValue::String(value.to_string()))
            }

            fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }

            fn visit_none<E: de::Error>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<RawValue, D::Error> {
                RawValue::deserialize(inner)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(RawValue::Seq(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key()? {
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(RawValue::Map(entries))
            }
        }

        deserializer.deserialize_any(RawVisitor)
    }
}

/// A YAML syntax error, located in the file.
#[derive(Debug, Clone)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Parses one rule file into a node tree.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    // Duplicate keys are passed through so that the compiler reports them
    // along with everything else; strict booleans keep `no` (Norwegian) and
    // `yes` strings, as YAML 1.2 reads them.
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        strict_booleans: true,
    };
    match serde_saphyr::from_str_with_options::<Spanned<RawValue>>(text, options) {
        Ok(root) => Ok(convert(text, root)),
        Err(error) => Err(syntax_error(text, &error)),
    }
}

fn syntax_error(text: &str, error: &serde_saphyr::Error) -> SyntaxError {
    let offset = error
        .location()
        .map_or(0, |location| location_offset(text, &location));
    let message = match error.without_snippet() {
        serde_saphyr::Error::MultipleDocuments { .. } => {
            "a rule file holds a single YAML document, but a second one starts here".to_string()
        }
        other => strip_location_suffix(&other.to_string()),
    };
    SyntaxError { message, offset }
}

/// serde-saphyr appends " at line L, column C" to its messages; miette shows
/// the location itself, so the suffix is dropped.
fn strip_location_suffix(message: &str) -> String {
    match message.rsplit_once(" at line ") {
        Some((head, tail))
            if tail
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ') || c.is_alphabetic()) =>
        {
            head.to_string()
        }
        _ => message.to_string(),
    }
}

/// The byte offset of a location: serde-saphyr knows it for string input;
/// otherwise it is computed from the 1-based line and character column.
fn location_offset(text: &str, location: &Location) -> usize {
    if let Some(offset) = location.span().byte_offset()
        && let Ok(offset) = usize::try_from(offset)
        && offset <= text.len()
        && text.is_char_boundary(offset)
    {
        return offset;
    }
    let line = usize::try_from(location.line()).unwrap_or(1).max(1);
    let column = usize::try_from(location.column()).unwrap_or(1).max(1);
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(index) => line_start += index + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[line_start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    line_text[..line_end]
        .char_indices()
        .nth(column - 1)
        .map_or(line_start + line_end, |(index, _)| line_start + index)
}

fn location_span(text: &str, location: &Location) -> Range<usize> {
    let start = location_offset(text, location);
    let length = location
        .span()
        .byte_len()
        .and_then(|length| usize::try_from(length).ok())
        .unwrap_or(0);
    let end = (start + length).min(text.len());
    if text.is_char_boundary(end) {
        start..end
    } else {
        start..start
    }
}

fn convert(text: &str, raw: Spanned<RawValue>) -> Node {
    let span = location_span(text, &raw.referenced);
    let defined = location_span(text, &raw.defined);
    let value = match raw.value {
        RawValue::String(text) => Value::Scalar { text },
        RawValue::OtherScalar(rendering) => {
            let written = text.get(defined.clone()).unwrap_or("").trim();
            Value::Scalar {
                text: if written.is_empty() {
                    rendering
                } else {
                    written.to_string()
                },
            }
        }
        RawValue::Null => Value::Null,
        RawValue::Seq(items) => {
            Value::Seq(items.into_iter().map(|item| convert(text, item)).collect())
        }
        RawValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| (convert(text, key), convert(text, value)))
                .collect(),
        ),
    };
    Node {
        value,
        span,
        defined,
    }
}
