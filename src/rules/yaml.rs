//! A YAML document as a tree of nodes with byte spans.
//!
//! serde-saphyr deserializes the file into this generic tree (every node
//! wrapped in `Spanned`), and the compiler walks the tree itself. Walking a
//! tree rather than deserializing straight into typed structs is what lets a
//! load report every unknown key, missing key and bad value of a file, not
//! only the first one serde would stop at.
//!
//! Most rule files are read straight from the parser's events instead,
//! which is several times cheaper; serde-saphyr still reads every file the
//! fast path does not cover, and every file with an error.

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
    if let Some(root) = parse_plain_document(text) {
        return Ok(root);
    }
    parse_with_serde_saphyr(text)
}

/// Parses through serde-saphyr's `Spanned` values: the reference for
/// everything [`parse_plain_document`] leaves aside.
fn parse_with_serde_saphyr(text: &str) -> Result<Node, SyntaxError> {
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

/// serde-saphyr's default budget, which [`parse`] keeps: a document that
/// comes near any of these limits is left to serde-saphyr, so that it
/// reports the breach exactly as before.
const BUDGET_MAX_DEPTH: usize = 64;
const BUDGET_MAX_NODES: usize = 250_000;
const BUDGET_MAX_EVENTS: usize = 1_000_000;
const BUDGET_MAX_SCALAR_BYTES: usize = 64 * 1024 * 1024;
/// How far below a budget limit the fast path gives up, so that counting
/// events a little differently from serde-saphyr cannot matter.
const BUDGET_MARGIN: usize = 16;

/// A collection being read by [`parse_plain_document`].
enum OpenCollection {
    Seq {
        span: Range<usize>,
        items: Vec<Node>,
    },
    Map {
        span: Range<usize>,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Reads a document straight from the parser's events, for the common case
/// of a rule file without anchors, aliases, tags, merge keys or a second
/// document, or returns `None` to leave the file to serde-saphyr.
///
/// Deserializing through `Spanned<RawValue>` costs about three quarters of
/// the time of loading a large rule set: serde-saphyr presents every node's
/// two locations as nested structs, field by field. This builds the same
/// tree from the same parser, with the same options, and the same
/// resolution of plain scalars: the `null` spellings become `Null`, and
/// every other scalar keeps its text, since a boolean or a number is
/// written exactly as its plain text. Anything else, including every
/// syntax error, goes through serde-saphyr, so errors keep their messages.
fn parse_plain_document(text: &str) -> Option<Node> {
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

    if text.len() >= BUDGET_MAX_SCALAR_BYTES - BUDGET_MARGIN {
        return None;
    }
    // The options serde-saphyr derives from its default budget.
    let options = serde_saphyr::granit_parser::options! {
        simple_key_max_lookahead: 1024,
        flow_nesting_limit: 255,
        block_nesting_limit: serde_saphyr::granit_parser::Options::default()
            .block_nesting_limit
            .max(BUDGET_MAX_DEPTH + 1),
        emit_comments: false,
    };
    let mut open: Vec<OpenCollection> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    let mut nodes = 0;
    let mut scalar_bytes = 0;
    for (events, item) in Parser::new_from_str_with_options(text, options).enumerate() {
        let (event, span) = item.ok()?;
        if events >= BUDGET_MAX_EVENTS - BUDGET_MARGIN
            || nodes >= BUDGET_MAX_NODES - BUDGET_MARGIN
            || open.len() >= BUDGET_MAX_DEPTH - 1
        {
            return None;
        }
        let span = byte_span(text, span.start.byte_offset()?, span.end.byte_offset()?)?;
        let node = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_, version) => {
                documents += 1;
                if documents > 1 || version.is_some() {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                scalar_bytes += value.len();
                if scalar_bytes >= BUDGET_MAX_SCALAR_BYTES - BUDGET_MARGIN {
                    return None;
                }
                let is_plain = matches!(style, ScalarStyle::Plain);
                if is_plain && (value == "<<" || is_non_finite_float(&value)) {
                    return None;
                }
                let value = if is_plain && matches!(&*value, "" | "~" | "null" | "Null" | "NULL") {
                    Value::Null
                } else {
                    Value::Scalar {
                        text: value.into_owned(),
                    }
                };
                Node {
                    value,
                    defined: span.clone(),
                    span,
                }
            }
            Event::SequenceStart(_, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                open.push(OpenCollection::Seq {
                    span,
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingStart(_, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                open.push(OpenCollection::Map {
                    span,
                    entries: Vec::new(),
                    key: None,
                });
                continue;
            }
            Event::SequenceEnd => match open.pop()? {
                OpenCollection::Seq { span, items } => Node {
                    value: Value::Seq(items),
                    defined: span.clone(),
                    span,
                },
                OpenCollection::Map { .. } => return None,
            },
            Event::MappingEnd => match open.pop()? {
                OpenCollection::Map {
                    span,
                    entries,
                    key: None,
                } => Node {
                    value: Value::Map(entries),
                    defined: span.clone(),
                    span,
                },
                _ => return None,
            },
            _ => return None,
        };
        match open.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(OpenCollection::Seq { items, .. }) => items.push(node),
            Some(OpenCollection::Map { entries, key, .. }) => match key.take() {
                Some(key) => entries.push((key, node)),
                // A collection as a key is rare enough to leave to serde-saphyr.
                None if matches!(node.value, Value::Seq(_) | Value::Map(_)) => return None,
                None => *key = Some(node),
            },
        }
    }
    if !open.is_empty() {
        return None;
    }
    root
}

/// A node's byte span from the parser's byte offsets, clamped as
/// [`location_span`] clamps serde-saphyr's.
/// Whether serde-saphyr reads a plain scalar as a float that is not finite,
/// which it rejects: `.inf`, `.nan` and their spellings, or a numeral too
/// large for `f64`.
fn is_non_finite_float(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    matches!(
        unsigned,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF"
    ) || (unsigned.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && value.parse::<f64>().is_ok_and(f64::is_infinite))
}

/// An offset off a character boundary, which serde-saphyr would place by
/// line and column instead, leaves the file to serde-saphyr.
fn byte_span(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    if !text.is_char_boundary(start) {
        return None;
    }
    let end = end.max(start).min(text.len());
    Some(if text.is_char_boundary(end) {
        start..end
    } else {
        start..start
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path must build exactly the tree serde-saphyr builds, or
    /// step aside.
    fn check(text: &str, expect_fast: bool) {
        let fast = parse_plain_document(text);
        assert_eq!(fast.is_some(), expect_fast, "fast path taken for {text:?}");
        if let Some(fast) = fast {
            let reference = parse_with_serde_saphyr(text).expect("serde-saphyr reads it");
            assert_eq!(
                format!("{fast:?}"),
                format!("{reference:?}"),
                "for {text:?}"
            );
        }
    }

    #[test]
    fn reads_plain_documents_as_serde_saphyr_does() {
        for text in [
            "a: 1\nb: -2\nc: 1.0\nd: 1e3\ne: .5\nf: 0x1F\ng: 0o17\nh: +1\ni: 1_000\nj: 007\n",
            "a: true\nb: True\nc: yes\nd: no\ne: FALSE\nf: on\n",
            "a: ~\nb: null\nc:\nd: 'null'\ne: \"~\"\nf: Null\ng: NULL\nh: nULL\n",
            "a: 'it''s'\nb: \"tab\\there \\u00e9 \\x41\"\nc: \"multi\n  line\"\n",
            "a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: |+\n  kept\n\n",
            "a: plain\n  continued\n  lines\nb: x # comment\n",
            "a: [1, b, 'c', {d: e}]\nf: {}\ng: []\nh: {i: [j, k]}\n",
            "- a\n- - b\n  - c\n- d: e\n  f: g\n",
            "---\na: 1\n...\n",
            "\u{feff}a: b\n",
            "nom: Genève\n名前: 東京\nعربي: نعم\n",
            "a: 1\na: 2\n",
            "1: one\n2024-03-07: date\n",
            "a: 1\r\nb:\r\n  - x\r\n",
            "just a scalar\n",
            "- 1\n- 2\n",
            "? a\n: b\n",
            "a:\n  b:\n    c:\n      d: [e, {f: g}]\n",
            "text: \"say \\\"hi\\\"\"\nq: 'a: b'\n",
            "key:    spaced   \n",
            "a: inf\nb: nan\nc: infinity\nd: 1e308\ne: .infinite\n",
            "---\n",
            "--- x\n",
            "-\n- \n",
            "{a: 1, b: [], c: {d: ~}}\n",
            "a: \"\"\nb: ''\nc: |\n\nd: x\n",
            "entities:\n  e:\n    names:\n      any:\n        - \"Côte d'Ivoire\"\n",
            "a: 1.5e-3\nb: -.5\nc: 12:30\n",
        ] {
            check(text, true);
        }
    }

    #[test]
    fn leaves_the_rest_to_serde_saphyr() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: .inf\n",
            "a: -.NaN\n",
            "a: 1e999\n",
            "a: 1\nb: [x, +.Inf]\n",
            "a: !!str 1\n",
            "base: {x: 1}\nderived:\n  <<: {y: 2}\n",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: [1, 2\n",
            "a: b: c\n",
            "",
            "# only a comment\n",
            "? [a, b]\n: c\n",
        ] {
            check(text, false);
        }
    }

    #[test]
    fn reads_the_project_yaml_files_as_serde_saphyr_does() {
        let mut pending = vec![
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules"),
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        ];
        let mut seen = 0;
        while let Some(path) = pending.pop() {
            if path.is_dir() {
                pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) && let Ok(text) = std::fs::read_to_string(&path)
            {
                seen += 1;
                if let Some(fast) = parse_plain_document(&text) {
                    let reference = parse_with_serde_saphyr(&text).expect("serde-saphyr reads it");
                    assert_eq!(format!("{fast:?}"), format!("{reference:?}"), "{path:?}");
                } else {
                    assert!(parse_with_serde_saphyr(&text).is_err() || text.contains('&'));
                }
            }
        }
        assert!(seen > 10);
    }
}
