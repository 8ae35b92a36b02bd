//! Maps byte offsets inside a scalar's value back to byte offsets in the
//! YAML file, so that an error inside a fact statement points at the exact
//! character of the file.
//!
//! The value and the scalar's source text are aligned character by
//! character. Non-space characters correspond one to one once escapes are
//! decoded (`''` in single-quoted scalars, `\"`, `\n`, `\u00e9`... in
//! double-quoted ones); runs of whitespace correspond run to run, which
//! covers line folding in plain, quoted and folded scalars and the
//! indentation of block scalars. Should the alignment ever fail, every
//! offset maps to the whole scalar, which is still the right place.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

/// One character of the scalar's source after unescaping, with the bytes of
/// the file it comes from.
#[derive(Debug, Clone, Copy)]
struct SourceChar {
    decoded: char,
    file_span: (usize, usize),
}

/// Offsets of a scalar's value, mapped into the file.
#[derive(Debug, Clone)]
pub(crate) struct ScalarMap {
    /// For each byte of the value, the file offset where its character starts.
    starts: Vec<usize>,
    /// For each byte of the value, the file offset where its character ends.
    ends: Vec<usize>,
    /// The file offset just after the last character of the value.
    end: usize,
}

/// A [`ScalarMap`] built the first time an offset is asked for.
///
/// Every fact's statement needs a map in case it holds an error, but few
/// do: building the map eagerly for each cost about a tenth of loading a
/// large rule set.
pub(crate) struct LazyScalarMap<'a> {
    file: Arc<str>,
    raw_span: Range<usize>,
    value: &'a str,
    map: OnceCell<ScalarMap>,
}

impl<'a> LazyScalarMap<'a> {
    /// The arguments of [`ScalarMap::new`], kept for later.
    pub(crate) fn new(file: Arc<str>, raw_span: Range<usize>, value: &'a str) -> Self {
        LazyScalarMap {
            file,
            raw_span,
            value,
            map: OnceCell::new(),
        }
    }

    /// The file span of a span of the value, as [`ScalarMap::span`] gives it.
    pub(crate) fn span(&self, value_span: Range<usize>) -> Range<usize> {
        self.map
            .get_or_init(|| ScalarMap::new(&self.file, self.raw_span.clone(), self.value))
            .span(value_span)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
}

impl ScalarMap {
    /// Builds the map for a scalar whose text in `file` is at `raw_span`
    /// (quotes included) and whose decoded value is `value`.
    pub(crate) fn new(file: &str, raw_span: Range<usize>, value: &str) -> ScalarMap {
        let Some(raw) = file.get(raw_span.clone()) else {
            return ScalarMap::whole(
                value,
                raw_span.start.min(file.len())..raw_span.start.min(file.len()),
            );
        };
        let style = match raw.chars().next() {
            Some('\'') if !starts_block_content(file, raw_span.start) => Style::SingleQuoted,
            Some('"') if !starts_block_content(file, raw_span.start) => Style::DoubleQuoted,
            _ => Style::Plain,
        };
        let source = decode(raw, raw_span.start, style);
        align(value, &source).unwrap_or_else(|| ScalarMap::whole(value, raw_span))
    }

    /// A map that sends every offset to the whole of `span`.
    fn whole(value: &str, span: Range<usize>) -> ScalarMap {
        ScalarMap {
            starts: vec![span.start; value.len() + 1],
            ends: vec![span.end; value.len() + 1],
            end: span.end,
        }
    }

    /// The file span of a span of the value.
    pub(crate) fn span(&self, value_span: Range<usize>) -> Range<usize> {
        let length = self.starts.len().saturating_sub(1);
        let start_in_value = value_span.start.min(length);
        let end_in_value = value_span.end.min(length).max(start_in_value);
        let start = if start_in_value == length {
            self.end
        } else {
            self.starts[start_in_value]
        };
        let end = if end_in_value > start_in_value {
            self.ends[end_in_value - 1]
        } else {
            start
        };
        start..end.max(start)
    }
}

/// Whether the scalar starting at `offset` is the content of a block scalar
/// (`|` or `>`): it starts its own line and the previous non-blank line ends
/// with a block header.
fn starts_block_content(file: &str, offset: usize) -> bool {
    let Some(before) = file.get(..offset) else {
        return false;
    };
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    if line_start == 0 || !before[line_start..].chars().all(|c| c == ' ' || c == '\t') {
        return false;
    }
    for line in before[..line_start].lines().rev() {
        let content = match line.find(" #") {
            Some(index) => &line[..index],
            None => line,
        };
        let content = content.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let last_token = content.split_whitespace().last().unwrap_or("");
        let mut chars = last_token.chars();
        return matches!(chars.next(), Some('|' | '>'))
            && chars.all(|c| matches!(c, '-' | '+' | '1'..='9'));
    }
    false
}

/// Decodes the scalar's source text into characters as the value sees them.
fn decode(raw: &str, base: usize, style: Style) -> Vec<SourceChar> {
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    if style != Style::Plain {
        chars.next();
    }
    while let Some((index, c)) = chars.next() {
        let at = base + index;
        match style {
            Style::Plain => out.push(SourceChar {
                decoded: c,
                file_span: (at, at + c.len_utf8()),
            }),
            Style::SingleQuoted => {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                        chars.next();
                        out.push(SourceChar {
                            decoded: '\'',
                            file_span: (at, at + 2),
                        });
                        continue;
                    }
                    break;
                }
                out.push(SourceChar {
                    decoded: c,
                    file_span: (at, at + c.len_utf8()),
                });
            }
            Style::DoubleQuoted => {
                if c == '"' {
                    break;
                }
                if c != '\\' {
                    out.push(SourceChar {
                        decoded: c,
                        file_span: (at, at + c.len_utf8()),
                    });
                    continue;
                }
                let Some((_, escape)) = chars.next() else {
                    break;
                };
                if escape == '\n' || escape == '\r' {
                    // An escaped line break joins the lines and drops the
                    // next line's leading white space.
                    while chars
                        .peek()
                        .is_some_and(|(_, next)| matches!(next, ' ' | '\t' | '\n' | '\r'))
                    {
                        chars.next();
                    }
                    continue;
                }
                let hex_digits = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                let mut end = at + 1 + escape.len_utf8();
                let decoded = if hex_digits > 0 {
                    let mut code = 0u32;
                    for _ in 0..hex_digits {
                        match chars.peek().and_then(|(_, digit)| digit.to_digit(16)) {
                            Some(digit) => {
                                code = code * 16 + digit;
                                chars.next();
                                end += 1;
                            }
                            None => break,
                        }
                    }
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                } else {
                    match escape {
                        '0' => '\0',
                        'a' => '\u{7}',
                        'b' => '\u{8}',
                        't' => '\t',
                        'n' => '\n',
                        'v' => '\u{b}',
                        'f' => '\u{c}',
                        'r' => '\r',
                        'e' => '\u{1b}',
                        'N' => '\u{85}',
                        '_' => '\u{a0}',
                        'L' => '\u{2028}',
                        'P' => '\u{2029}',
                        other => other,
                    }
                };
                out.push(SourceChar {
                    decoded,
                    file_span: (at, end),
                });
            }
        }
    }
    out
}

/// Aligns the value with the decoded source; `None` if they do not match.
fn align(value: &str, source: &[SourceChar]) -> Option<ScalarMap> {
    let mut starts = vec![0; value.len() + 1];
    let mut ends = vec![0; value.len() + 1];
    let mut next = 0;
    let mut end = source.first().map_or(0, |c| c.file_span.0);
    // Where the value's last non-space character ends: the end of the
    // value maps there, so that "expected ... here" at the end of a block
    // scalar points after its text rather than at the next line.
    let mut content_end = end;
    let value_chars: Vec<(usize, char)> = value.char_indices().collect();
    let mut index = 0;
    while index < value_chars.len() {
        let (offset, c) = value_chars[index];
        if c.is_whitespace() {
            // Match a run of value white space with a run of source white
            // space, however their lengths differ.
            let run_end = value_chars[index..]
                .iter()
                .position(|(_, c)| !c.is_whitespace())
                .map_or(value_chars.len(), |length| index + length);
            let source_run_start = next;
            while next < source.len() && source[next].decoded.is_whitespace() {
                next += 1;
            }
            for (position, (offset, c)) in value_chars[index..run_end].iter().enumerate() {
                let span = if next > source_run_start {
                    source[(source_run_start + position).min(next - 1)].file_span
                } else {
                    (end, end)
                };
                for byte in *offset..*offset + c.len_utf8() {
                    starts[byte] = span.0;
                    ends[byte] = span.1;
                }
                end = span.1;
            }
            index = run_end;
            continue;
        }
        // White space the value dropped (such as trailing spaces before a
        // folded line break) is skipped.
        while next < source.len()
            && source[next].decoded != c
            && source[next].decoded.is_whitespace()
        {
            next += 1;
        }
        let matched = source
            .get(next)
            .filter(|source_char| source_char.decoded == c)?;
        for byte in offset..offset + c.len_utf8() {
            starts[byte] = matched.file_span.0;
            ends[byte] = matched.file_span.1;
        }
        end = matched.file_span.1;
        content_end = end;
        next += 1;
        index += 1;
    }
    starts[value.len()] = content_end;
    ends[value.len()] = content_end;
    Some(ScalarMap {
        starts,
        ends,
        end: content_end,
    })
}

#[cfg(test)]
mod tests {
    use super::ScalarMap;

    /// Maps `value_span` of the value of the scalar that starts at `marker`
    /// in `file` and returns the file text it covers.
    fn mapped<'a>(
        file: &'a str,
        marker: &str,
        value: &str,
        value_span: std::ops::Range<usize>,
    ) -> &'a str {
        let start = file.find(marker).expect("marker in file");
        let raw_end = file.len();
        let map = ScalarMap::new(file, start..raw_end, value);
        &file[map.span(value_span)]
    }

    #[test]
    fn plain_scalars_map_one_to_one() {
        let file = "fact: Japan nott in AUKUS\n";
        assert_eq!(mapped(file, "Japan", "Japan nott in AUKUS", 6..10), "nott");
    }

    #[test]
    fn quoted_scalars_account_for_escapes() {
        let file = "fact: 'Japan''s nott in AUKUS'\n";
        assert_eq!(
            mapped(file, "'Japan", "Japan's nott in AUKUS", 8..12),
            "nott"
        );
        let file = "fact: \"Japan \\\"x\\\" nott \\u00e9\"\n";
        let value = "Japan \"x\" nott é";
        assert_eq!(mapped(file, "\"Japan", value, 10..14), "nott");
        assert_eq!(mapped(file, "\"Japan", value, 6..7), "\\\"");
        assert_eq!(mapped(file, "\"Japan", value, 15..17), "\\u00e9");
    }

    #[test]
    fn folded_and_block_scalars_map_line_by_line() {
        let file = "fact: >-\n  Japan in\n  AUKUS sinse 2024\n";
        assert_eq!(
            mapped(file, "Japan", "Japan in AUKUS sinse 2024", 15..20),
            "sinse"
        );
        let file = "fact: |\n  Japan in\n  AUKUS sinse 2024\n";
        assert_eq!(
            mapped(file, "Japan", "Japan in\nAUKUS sinse 2024\n", 15..20),
            "sinse"
        );
        let file = "fact: Japan in\n   AUKUS sinse 2024\n";
        assert_eq!(
            mapped(file, "Japan", "Japan in AUKUS sinse 2024", 15..20),
            "sinse"
        );
    }

    #[test]
    fn block_content_starting_with_a_quote_is_not_read_as_quoted() {
        let file = "fact: |\n  \"Some Org\" in NATO\n";
        assert_eq!(
            mapped(file, "\"Some", "\"Some Org\" in NATO\n", 14..18),
            "NATO"
        );
    }

    #[test]
    fn the_end_of_the_value_maps_after_its_last_character() {
        let file = "fact: 'Japan in'   # comment\n";
        let start = file.find('\'').expect("quote");
        let map = ScalarMap::new(file, start..start + 10, "Japan in");
        assert_eq!(map.span(8..8), 15..15, "just before the closing quote");
    }
}
