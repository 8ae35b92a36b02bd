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
    let first_line_end = rest.find('\n')?;
    if rest[..first_line_end].trim_end() != "---" {
        return None;
    }
    let body_start = start + first_line_end + 1;
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((start..offset + line.len(), body_start..offset));
        }
        offset += line.len();
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

impl Article {
    /// Reads an article. The byte-order mark and front matter are blanked in
    /// `prose`; Markdown also has its code, comments and link targets blanked.
    pub fn parse(text: &str, format: Format) -> Article {
        let mut front_matter = None;
        let mut front_matter_error = None;
        let block = front_matter_block(text);
        if let Some((range, body)) = &block {
            let yaml = &text[body.clone()];
            match serde_saphyr::from_str::<Option<RawFrontMatter>>(yaml) {
                Ok(raw) => {
                    let raw = raw.unwrap_or(RawFrontMatter {
                        date: None,
                        lang: None,
                    });
                    front_matter = Some(FrontMatter {
                        date: field(raw.date, body.start, yaml),
                        lang: field(raw.lang, body.start, yaml),
                        range: range.clone(),
                    });
                }
                Err(e) => {
                    let (offset, message) = super::yaml::error_position(&e);
                    let at = offset.map_or(body.start, |o| body.start + o).min(body.end);
                    front_matter_error = Some(FrontMatterError {
                        message,
                        span: at..at,
                    });
                }
            }
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
    fn no_front_matter_leaves_text_alone() {
        let article = Article::parse("Japan is not in AUKUS.", Format::Plain);
        assert!(article.front_matter.is_none());
        assert_eq!(article.prose, "Japan is not in AUKUS.");
    }
}
