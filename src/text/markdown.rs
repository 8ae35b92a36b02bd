//! Hides the parts of an article that are not prose.
//!
//! Masking replaces every byte that must not be read (code blocks, inline
//! code, HTML comments and tags, link targets, reference definitions, front
//! matter) with a space, keeping newlines. The masked text therefore has
//! exactly the original's byte offsets, so nothing downstream needs a second
//! offset map.

use std::ops::Range;

/// Blanks `range` of `buf`, keeping newlines so that line structure (and so
/// sentence and paragraph breaks) survives.
fn blank(buf: &mut [u8], range: Range<usize>) {
    for b in &mut buf[range] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// Returns `text` with the non-prose parts of a Markdown document blanked.
/// `skip` is the range of the front matter, if any, which is blanked too.
pub fn mask_markdown(text: &str, skip: Option<Range<usize>>) -> String {
    let mut buf = text.as_bytes().to_vec();
    if let Some(r) = skip {
        blank(&mut buf, r);
    }
    mask_fenced_blocks(text, &mut buf);
    mask_inline(text, &mut buf);
    // Blanking whole multi-byte characters byte by byte keeps the buffer valid
    // UTF-8: every blanked byte becomes an ASCII space and every untouched
    // character keeps all of its bytes.
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Fenced code blocks (``` and ~~~) and indented code blocks.
fn mask_fenced_blocks(text: &str, buf: &mut [u8]) {
    let mut offset = 0;
    let mut fence: Option<(u8, usize, usize)> = None; // (char, length, block start)
    let mut previous_blank = true;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches([' ']);
        let indent = line.len() - trimmed.len();
        let body = trimmed.trim_end_matches(['\n', '\r']);
        if let Some((ch, len, block_start)) = fence {
            let closing = indent < 4
                && body.bytes().take_while(|&b| b == ch).count() >= len
                && body.bytes().all(|b| b == ch || b == b' ' || b == b'\t');
            if closing {
                blank(buf, block_start..offset);
                fence = None;
            }
            continue;
        }
        let ticks = body.bytes().take_while(|&b| b == b'`').count();
        let tildes = body.bytes().take_while(|&b| b == b'~').count();
        if indent < 4 && (ticks >= 3 || tildes >= 3) {
            let (ch, len) = if ticks >= 3 {
                (b'`', ticks)
            } else {
                (b'~', tildes)
            };
            fence = Some((ch, len, start));
            continue;
        }
        // An indented code block needs a blank line before it, so that a
        // wrapped paragraph or list item is not mistaken for one.
        let is_blank = body.trim().is_empty();
        if previous_blank && !is_blank && (indent >= 4 || line.starts_with('\t')) {
            blank(buf, start..offset);
            continue;
        }
        previous_blank = is_blank;
    }
    // An unclosed fence runs to the end of the document, as in CommonMark.
    if let Some((_, _, block_start)) = fence {
        blank(buf, block_start..text.len());
    }
}

/// Inline code spans, HTML comments and tags, link targets and reference
/// definitions, read from the buffer as masked so far.
fn mask_inline(text: &str, buf: &mut [u8]) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        if buf[i] == b' ' && bytes[i] != b' ' {
            // Already blanked by the block pass.
            i += 1;
            line_start = false;
            continue;
        }
        match bytes[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let closing = find_backtick_run(bytes, i + run, run);
                if let Some(end) = closing {
                    blank(buf, i..end + run);
                    i = end + run;
                } else {
                    i += run;
                }
            }
            b'<' if bytes[i..].starts_with(b"<!--") => {
                let end = find(bytes, i + 4, b"-->").map_or(bytes.len(), |e| e + 3);
                blank(buf, i..end);
                i = end;
            }
            b'<' => {
                // An HTML tag or autolink: `<` followed by a letter, `/` or a
                // scheme, closed on the same line.
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                if next.is_ascii_alphabetic() || next == b'/' {
                    let end = bytes[i..].iter().position(|&b| b == b'>' || b == b'\n');
                    if let Some(e) = end.filter(|&e| bytes[i + e] == b'>') {
                        blank(buf, i..i + e + 1);
                        i += e + 1;
                        continue;
                    }
                }
                i += 1;
            }
            b']' if bytes.get(i + 1) == Some(&b'(') => {
                // An inline link target `](url "title")`: blank the parentheses.
                let mut depth = 0usize;
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'\n' {
                    match bytes[j] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b')' {
                    blank(buf, i + 1..j + 1);
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
            b'[' if line_start => {
                // A reference definition `[label]: url` takes the whole line.
                let line_end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |e| i + e);
                let line = &bytes[i..line_end];
                if let Some(close) = line.iter().position(|&b| b == b']') {
                    if line.get(close + 1) == Some(&b':') {
                        blank(buf, i..line_end);
                        i = line_end;
                        continue;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
        line_start = false;
    }
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&hay[from.min(hay.len())..], needle).map(|p| p + from)
}

/// Finds a run of exactly `run` backticks, as CommonMark requires to close a
/// code span, before the next blank line.
fn find_backtick_run(bytes: &[u8], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < bytes.len() {
        if bytes[j] == b'\n' && bytes.get(j + 1) == Some(&b'\n') {
            return None;
        }
        if bytes[j] == b'`' {
            let len = bytes[j..].iter().take_while(|&&b| b == b'`').count();
            if len == run {
                return Some(j);
            }
            j += len;
        } else {
            j += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let masked = mask_markdown(input, None);
        assert_eq!(masked.len(), input.len());
        assert_eq!(masked, expect, "mask_markdown({input:?})");
    }

    #[test]
    fn masks_code_comments_tags_and_link_targets() {
        check("a `b` c", "a     c");
        check(
            "x\n```\nJapan in NATO.\n```\ny",
            "x\n   \n              \n   \ny",
        );
        check("a <!-- Japan --> b", "a                b");
        check(
            "see [NATO](https://nato.int) now",
            "see [NATO]                   now",
        );
        check("[ref]: https://x.org\nok", "                    \nok");
        check("a <b>bold</b> é", "a    bold     é");
    }

    #[test]
    fn keeps_prose_and_multibyte_text() {
        check(
            "Le Japon n’est pas membre de l’AUKUS.",
            "Le Japon n’est pas membre de l’AUKUS.",
        );
        check("    indented code\n", "                 \n");
        check("para\n    continued\n", "para\n    continued\n");
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        check("a\n```\ncode", "a\n   \n    ");
    }
}
