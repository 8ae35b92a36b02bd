//! Cuts a very large article into segments that are read one at a time,
//! so that memory stays bounded by the segment, not the file.
//!
//! A cut never falls inside a sentence when the text gives a better place:
//! it is made after the last blank line that fits, else the last line break,
//! else the last sentence end, else the last space. Only a single "word"
//! longer than a segment is cut inside, at a character boundary.

/// Where the segment starting at the beginning of `buf` ends: a position in
/// `1..=max` (or `buf.len()` when that is smaller) at which the bytes before
/// are whole UTF-8 characters, chosen by the rules above.
pub fn segment_end(buf: &[u8], max: usize) -> usize {
    if buf.len() <= max {
        return buf.len();
    }
    let window = &buf[..max];
    // Search the second half only, so that segments stay large: a blank
    // line in the first half would make the next read tiny.
    let floor = max / 2;
    let after = |i: usize, len: usize| i + len;
    if let Some(i) = memchr::memmem::rfind(&window[floor..], b"\n\n") {
        return after(floor + i, 2);
    }
    if let Some(i) = memchr::memrchr(b'\n', &window[floor..]) {
        return after(floor + i, 1);
    }
    let sentence_end = window[floor..]
        .windows(2)
        .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ');
    if let Some(i) = sentence_end {
        return after(floor + i, 2);
    }
    if let Some(i) = memchr::memrchr2(b' ', b'\t', &window[floor..]) {
        return after(floor + i, 1);
    }
    // One enormous word: cut before a byte that starts a character.
    let mut end = max;
    while end > 1 && (buf[end] & 0b1100_0000) == 0b1000_0000 {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::segment_end;

    /// Cuts `text` into segments of at most `max` bytes and shows them
    /// separated by `|`.
    fn check(text: &str, max: usize, expect: &str) {
        let mut rest = text.as_bytes();
        let mut parts = Vec::new();
        while !rest.is_empty() {
            let end = segment_end(rest, max);
            assert!(end > 0 && end <= max.max(1), "{end} for {rest:?}");
            parts.push(std::str::from_utf8(&rest[..end]).expect("cut at a char boundary"));
            rest = &rest[end..];
        }
        assert_eq!(parts.join("|"), expect);
    }

    #[test]
    fn prefers_blank_lines_then_lines_then_sentences_then_spaces() {
        check("aaaaaa\n\nbb\ncc", 10, "aaaaaa\n\n|bb\ncc");
        check("aaaaaa\nbb cc", 10, "aaaaaa\n|bb cc");
        check("Aa bb. Cc dd ee", 10, "Aa bb. |Cc dd ee");
        check("aaa bbb ccc ddd", 10, "aaa bbb |ccc ddd");
    }

    #[test]
    fn a_word_longer_than_a_segment_is_cut_between_characters() {
        check("ééééé", 4, "éé|éé|é");
        check("abcdefgh", 3, "abc|def|gh");
    }

    #[test]
    fn short_text_is_one_segment() {
        check("short text", 100, "short text");
    }
}
