//! An article as read: its front matter, its prose, and its problems.

use std::ops::Range;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::markdown::mask_markdown;

/// Whether a file is read as Markdown (masked) or plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
}

/// A value from the front matter with the byte span of the value in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    pub span: Range<usize>,
}

/// What the front matter says about the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub date: Option<Field>,
    pub lang: Option<Field>,
    /// Byte range of the whole block, delimiters included.
    pub range: Range<usize>,
}

/// A front-matter problem: the block could not be read as YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub message: String,
    pub span: Range<usize>,
}

/// An article ready for claim extraction.
#[derive(Debug, Clone)]
pub struct Article {
    /// The text with everything that is not prose blanked (same offsets).
    pub prose: String,
    pub front_matter: Option<FrontMatter>,
    pub front_matter_error: Option<FrontMatterError>,
}

#[derive(Deserialize)]
struct RawFrontMatter {
    date: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
}

/// Finds a `---` … `---` (or `...`) block at the very start of the text,
/// after an optional byte-order mark. Returns the block's range and the range
/// of the YAML between the delimiters.
fn front_matter_block(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let rest = &text[start..];
    // Most articles without front matter start with a word: no need to
    // look for the end of their first line.
    if !rest.starts_with("---") {
        return None;
    }
    // Lines are found with the memchr crate: `str::split_inclusive` took
    // twice the instructions on these few short lines, read for every
    // article.
    let line_end = |from: usize| memchr::memchr(b'\n', &text.as_bytes()[from..]).map(|p| from + p);
    let first_line_end = line_end(start)?;
    if text[start..first_line_end].trim_end() != "---" {
        return None;
    }
    let body_start = first_line_end + 1;
    let mut offset = body_start;
    while offset < text.len() {
        // The line with its newline, as `split_inclusive('\n')` gives it.
        let end = line_end(offset).map_or(text.len(), |newline| newline + 1);
        let line = &text[offset..end];
        // Only a line that starts like a closing delimiter is trimmed.
        let closes = (line.starts_with("---") || line.starts_with("..."))
            && matches!(line.trim_end(), "---" | "...");
        if closes {
            return Some((start..end, body_start..offset));
        }
        offset = end;
    }
    None
}

fn field(value: Option<Spanned<String>>, body_start: usize, body: &str) -> Option<Field> {
    let value = value?;
    let span = value.referenced.span();
    let start = span.byte_offset().map_or(0, |o| o as usize) + body_start;
    let len = span.byte_len().map_or(value.value.len(), |l| l as usize);
    let end = (start + len).min(body_start + body.len());
    Some(Field {
        value: value.value,
        span: start..end.max(start),
    })
}

/// Where `date` and `lang` are in a front matter made only of simple
/// `key: value` lines, as byte ranges of the YAML text; `None` when the
/// front matter is anything else, which the YAML parser then reads.
///
/// Nearly every article's front matter is a few such lines, and the YAML
/// parser costs tens of thousands of instructions to read them. The lines
/// taken here are the ones whose reading is not in doubt: a key of ASCII
/// letters, digits, `_` and `-`; a colon and spaces; a value of ASCII
/// letters, digits and `.`, `_`, `/`, `+`, `-`, starting with a letter or
/// digit; no trailing spaces, no comments, no repeated key, and no value
/// that YAML reads as something other than a string (`null`, `true`, `no`,
/// numbers). A test compares the result with the parser's.
///
/// The lines are read byte by byte, and the keys seen are kept in a small
/// array: this runs for every article, and the searches and the list of a
/// general reading cost more than these few short lines. A front matter
/// with more keys than the array holds is left to the parser.
fn simple_front_matter(yaml: &str) -> Option<SimpleFrontMatter> {
    const MOST_KEYS: usize = 16;
    if yaml.is_empty() {
        return None;
    }
    let bytes = yaml.as_bytes();
    let mut date = None;
    let mut lang = None;
    let mut keys = [""; MOST_KEYS];
    let mut key_count = 0;
    let mut start = 0;
    while start < bytes.len() {
        // The line without its newline, as `split_inclusive('\n')` gives it
        // less that newline.
        let newline = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let line = &yaml[start..newline];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line_start = start;
        start = newline + 1;
        let colon = line.bytes().position(|b| b == b':')?;
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        let value = rest.trim_start_matches(' ');
        let simple = |word: &str, more: &[u8]| {
            word.as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_alphanumeric())
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || more.contains(&b))
                && !is_yaml_special(word)
        };
        if !simple(key, b"_-")
            || value.len() == rest.len()
            || !simple(value, b"._/+-")
            || keys[..key_count].contains(&key)
            || key_count == MOST_KEYS
        {
            return None;
        }
        keys[key_count] = key;
        key_count += 1;
        let value_start = line_start + line.len() - value.len();
        let range = Some(value_start..value_start + value.len());
        match key {
            "date" => date = range,
            "lang" => lang = range,
            _ => {}
        }
    }
    Some(SimpleFrontMatter { date, lang })
}

/// The value ranges of `date` and `lang` in a simple front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SimpleFrontMatter {
    date: Option<Range<usize>>,
    lang: Option<Range<usize>>,
}

/// Whether YAML may read a plain scalar as something other than a string:
/// a null, a boolean (YAML 1.1 words included) or a number. Numbers are
/// taken broadly (any word that starts with a digit, sign or dot and is
/// not a `yyyy-mm-dd` date) so that no reading is in doubt.
fn is_yaml_special(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "nan",
    ];
    let bytes = word.as_bytes();
    let is_date = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    // Compared without a lower-cased copy: every front matter's keys and
    // values come here.
    WORDS
        .iter()
        .any(|special| special.eq_ignore_ascii_case(word))
        || (!is_date
            && bytes
                .first()
                .is_some_and(|b| b.is_ascii_digit() || b"+-.".contains(b)))
}

/// Reads a front matter block with the YAML parser. `yaml` is the text
/// between the delimiters, which starts at `body_start`; `range` is the
/// whole block.
fn parse_front_matter(
    yaml: &str,
    range: Range<usize>,
    body_start: usize,
) -> (Option<FrontMatter>, Option<FrontMatterError>) {
    match serde_saphyr::from_str::<Option<RawFrontMatter>>(yaml) {
        Ok(raw) => {
            let raw = raw.unwrap_or(RawFrontMatter {
                date: None,
                lang: None,
            });
            let front_matter = FrontMatter {
                date: field(raw.date, body_start, yaml),
                lang: field(raw.lang, body_start, yaml),
                range,
            };
            (Some(front_matter), None)
        }
        Err(e) => {
            let (offset, message) = super::yaml::error_position(&e);
            let body_end = body_start + yaml.len();
            let at = offset.map_or(body_start, |o| body_start + o).min(body_end);
            let error = FrontMatterError {
                message,
                span: at..at,
            };
            (None, Some(error))
        }
    }
}

impl Article {
    /// Reads an article. The byte-order mark and front matter are blanked in
    /// `prose`; Markdown also has its code, comments and link targets blanked.
    pub fn parse(text: &str, format: Format) -> Article {
        let (mut front_matter, mut front_matter_error) = (None, None);
        let block = front_matter_block(text);
        if let Some((range, body)) = &block {
            let yaml = &text[body.clone()];
            (front_matter, front_matter_error) = match simple_front_matter(yaml) {
                Some(simple) => {
                    let field = |r: Option<Range<usize>>| {
                        r.map(|r| Field {
                            value: yaml[r.clone()].to_string(),
                            span: body.start + r.start..body.start + r.end,
                        })
                    };
                    let front_matter = FrontMatter {
                        date: field(simple.date),
                        lang: field(simple.lang),
                        range: range.clone(),
                    };
                    (Some(front_matter), None)
                }
                None => parse_front_matter(yaml, range.clone(), body.start),
            };
        }
        let bom = if text.starts_with('\u{FEFF}') {
            Some(0..3)
        } else {
            None
        };
        // The byte-order mark is blanked with the front matter that follows it.
        let skip = match (block.map(|(r, _)| r), bom) {
            (Some(r), Some(_)) => Some(0..r.end),
            (r, b) => r.or(b),
        };
        let prose = match format {
            Format::Markdown => mask_markdown(text, skip),
            Format::Plain => {
                let mut prose = text.to_string();
                if let Some(r) = skip {
                    // Same-length replacement keeps every offset.
                    prose.replace_range(r.clone(), &" ".repeat(r.len()));
                }
                prose
            }
        };
        Article {
            prose,
            front_matter,
            front_matter_error,
        }
    }

    /// Reads a part of an article that comes after its start (a later
    /// segment of a very large file): nothing in it is front matter.
    pub fn parse_continuation(text: &str, format: Format) -> Article {
        let prose = match format {
            Format::Markdown => mask_markdown(text, None),
            Format::Plain => text.to_string(),
        };
        Article {
            prose,
            front_matter: None,
            front_matter_error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_front_matter_with_value_spans() {
        let text = "---\ntitle: \"x: y\"\ndate: 2024-07-10\nlang: de\n---\nDie NATO.";
        let article = Article::parse(text, Format::Markdown);
        let fm = article.front_matter.unwrap();
        let date = fm.date.unwrap();
        assert_eq!(date.value, "2024-07-10");
        assert_eq!(&text[date.span.clone()], "2024-07-10");
        let lang = fm.lang.unwrap();
        assert_eq!(&text[lang.span], "de");
        assert!(article.prose.ends_with("Die NATO."));
        assert!(!article.prose.contains("title"));
        assert_eq!(article.prose.len(), text.len());
    }

    #[test]
    fn front_matter_after_bom_and_crlf() {
        let text = "\u{FEFF}---\r\nlang: fr\r\n---\r\nLe Japon.";
        let article = Article::parse(text, Format::Plain);
        assert_eq!(article.front_matter.unwrap().lang.unwrap().value, "fr");
        assert_eq!(article.prose.len(), text.len());
        assert!(article.prose.trim_start().starts_with("Le Japon."));
    }

    #[test]
    fn bad_front_matter_is_reported() {
        let text = "---\ndate: [unclosed\n---\nText";
        let article = Article::parse(text, Format::Markdown);
        assert!(article.front_matter_error.is_some());
    }

    #[test]
    fn front_matter_blocks_end_at_their_closing_line() {
        let text = "--- \nlang: en\n---x\n...\t\r\nText";
        let (block, body) = front_matter_block(text).expect("a block");
        assert_eq!(&text[block.clone()], "--- \nlang: en\n---x\n...\t\r\n");
        assert_eq!(&text[body], "lang: en\n---x\n");
        assert_eq!(
            front_matter_block("---\nlang: en\n---"),
            Some((0..16, 4..13))
        );
        for text in [
            "---\nlang: en\nText",
            "---x\n---\n",
            "---",
            "Text\n---\n---\n",
        ] {
            assert_eq!(front_matter_block(text), None, "{text:?}");
        }
    }

    #[test]
    fn no_front_matter_leaves_text_alone() {
        let article = Article::parse("Japan is not in AUKUS.", Format::Plain);
        assert!(article.front_matter.is_none());
        assert_eq!(article.prose, "Japan is not in AUKUS.");
    }
    /// Reads the front matter of `text` both ways; `fast` tells whether the
    /// simple reading must apply.
    fn check_front_matter(text: &str, fast: bool) {
        let (range, body) = front_matter_block(text).expect("a front matter block");
        let yaml = &text[body.clone()];
        assert_eq!(
            simple_front_matter(yaml).is_some(),
            fast,
            "fast path for {text:?}"
        );
        let article = Article::parse(text, Format::Markdown);
        let (front_matter, error) = parse_front_matter(yaml, range, body.start);
        assert_eq!(article.front_matter, front_matter, "{text:?}");
        assert_eq!(article.front_matter_error, error, "{text:?}");
    }

    #[test]
    fn simple_front_matter_reads_like_the_yaml_parser() {
        for text in [
            "---\ndate: 2019-12-09\nlang: en\n---\nText",
            "---\nlang: fr\ndate: 2024-07-10\n---\n",
            "---\r\ndate: 2019-12-09\r\nlang: en\r\n---\r\nText",
            "\u{FEFF}---\ndate: 2019-12-09\nlang: de\n---\nText",
            "---\ndate:    2019-12-09\nlang:  pt-BR\n---\nText",
            "---\ntitle: Summit.ends\nauthor: a_b/c+d-e\nlang: zh_Hant\n---\nText",
            "---\nlang: en\n...\nText",
            "---\nsource: x\n---\nText",
            "---\ndate: 2019-13-45\n---\nText",
            "---\nlang: en\n---",
        ] {
            check_front_matter(text, true);
        }
        for text in [
            "---\n---\nText",
            "---\ntitle: \"x: y\"\ndate: 2024-07-10\nlang: de\n---\n",
            "---\ndate: [unclosed\n---\nText",
            "---\nlang: no\n---\nText",
            "---\nlang: null\n---\nText",
            "---\nlang: ~\n---\nText",
            "---\nlang: True\n---\nText",
            "---\ndate: 20191209\n---\nText",
            "---\ndate: 2019-12-09T10:00:00\n---\nText",
            "---\nlang: en \n---\nText",
            "---\nlang: en # English\n---\nText",
            "---\nlang:en\n---\nText",
            "---\nlang:\n---\nText",
            "---\nlang: en\nlang: fr\n---\nText",
            "---\n lang: en\n---\nText",
            "---\nlang:\ten\n---\nText",
            "---\nlang: en\n\n---\nText",
            "---\ntags: [a, b]\nlang: en\n---\nText",
            "---\nlang: ελ\n---\nText",
            "---\ncount: 3\nlang: en\n---\nText",
            "---\nratio: .5\n---\nText",
            "---\n- lang: en\n---\nText",
        ] {
            check_front_matter(text, false);
        }
        // More keys than the simple reading keeps are left to the parser.
        let keys: String = (0..17).map(|i| format!("key{i}: v\n")).collect();
        check_front_matter(&format!("---\n{keys}lang: en\n---\nText"), false);
        let keys: String = (0..15).map(|i| format!("key{i}: v\n")).collect();
        check_front_matter(&format!("---\n{keys}lang: en\n---\nText"), true);
    }
}
