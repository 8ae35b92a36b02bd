//! Finds names in folded text: every name of every language with one
//! automaton, whole words only, elided and cliticised forms included, the
//! acronym rule applied, and the longest name winning.
//!
//! The index knows nothing of entities: each name carries an opaque `u32`
//! tag that the caller maps back to what it means.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::fold::{Folded, fold_str, is_word_char};

/// Arabic proclitics that attach to the following word without a space:
/// `و` (and), `ف` (so), `ب` (with), `ل` (for), `ك` (like).
const ARABIC_PROCLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

#[derive(Debug, Clone)]
struct Pattern {
    tags: Vec<u32>,
    /// Written in capitals (`US`, `NATO`): never matches an all-lower-case word.
    acronym: bool,
    /// An Arabic name that starts with the article `ال`, stored without its
    /// alef so that `لليابان` (`ل` + `اليابان`) is found: it must follow `ل`.
    needs_lam: bool,
    arabic: bool,
}

/// One name found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// Folded byte range of the name itself (clitics excluded).
    pub start: usize,
    pub end: usize,
    /// Start of the whole word, clitics included (`و` in `واليابان`).
    pub word_start: usize,
    pub tags: Vec<u32>,
}

/// The automaton over every name.
#[derive(Debug, Clone)]
pub struct NameIndex {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
}

fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

impl NameIndex {
    /// Builds the index from `(name as written, tag)` pairs. Fails only when
    /// the automaton would exceed aho-corasick's size limits.
    pub fn new<'a>(
        names: impl IntoIterator<Item = (&'a str, u32)>,
    ) -> Result<NameIndex, aho_corasick::BuildError> {
        let mut folded_names: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut position = std::collections::HashMap::<(String, bool, bool), usize>::new();
        let mut add = |folded: String, tag: u32, acronym: bool, needs_lam: bool| {
            if folded.trim().is_empty() {
                return;
            }
            let arabic = folded.chars().next().is_some_and(is_arabic);
            let key = (folded.clone(), acronym, needs_lam);
            let at = *position.entry(key).or_insert_with(|| {
                folded_names.push(folded);
                patterns.push(Pattern {
                    tags: Vec::new(),
                    acronym,
                    needs_lam,
                    arabic,
                });
                patterns.len() - 1
            });
            if !patterns[at].tags.contains(&tag) {
                patterns[at].tags.push(tag);
            }
        };
        for (name, tag) in names {
            let folded = fold_str(name.trim());
            let acronym = is_acronym(name);
            if let Some(rest) = folded.strip_prefix("ال") {
                add(format!("ل{rest}"), tag, false, true);
            }
            add(folded, tag, acronym, false);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&folded_names)?;
        Ok(NameIndex {
            automaton,
            patterns,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every name in `folded.text`, non-overlapping, longest first, sorted by
    /// position. `original` is the text `folded` was made from, consulted for
    /// the acronym rule.
    pub fn find(&self, folded: &Folded, original: &str) -> Vec<NameMatch> {
        let text = folded.text.as_str();
        let mut candidates: Vec<NameMatch> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            let (start, end) = (m.start(), m.end());
            if text[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let Some(word_start) = self.word_start(text, start, pattern) else {
                continue;
            };
            if pattern.acronym {
                let range = folded.original_range(original, start..end);
                let written = &original[range];
                if !written.chars().any(|c| c.is_uppercase()) {
                    continue;
                }
            }
            candidates.push(NameMatch {
                start,
                end,
                word_start,
                tags: pattern.tags.clone(),
            });
        }
        longest_first(candidates)
    }

    /// Where the word holding a name starting at `start` begins, or `None`
    /// when the name starts inside a word.
    fn word_start(&self, text: &str, start: usize, pattern: &Pattern) -> Option<usize> {
        let before = &text[..start];
        let mut chars = before.char_indices().rev();
        let Some((i, prev)) = chars.next() else {
            return (!pattern.needs_lam).then_some(start);
        };
        if pattern.needs_lam {
            // `ل` + name without its alef, optionally after `و` or `ف`.
            if prev != 'ل' {
                return None;
            }
            return match chars.next() {
                None => Some(i),
                Some((_, c)) if !is_word_char(c) => Some(i),
                Some((j, c)) if c == 'و' || c == 'ف' => {
                    let before_clitic = text[..j].chars().next_back();
                    before_clitic.is_none_or(|c| !is_word_char(c)).then_some(j)
                }
                _ => None,
            };
        }
        if !is_word_char(prev) {
            return Some(start);
        }
        if !pattern.arabic || !ARABIC_PROCLITICS.contains(&prev) {
            return None;
        }
        // Up to two proclitics (`وب`, `فل`), then a word boundary.
        let mut word_start = i;
        for _ in 0..2 {
            match text[..word_start].char_indices().next_back() {
                None => return Some(word_start),
                Some((_, c)) if !is_word_char(c) => return Some(word_start),
                Some((j, c)) if ARABIC_PROCLITICS.contains(&c) => word_start = j,
                Some(_) => return None,
            }
        }
        text[..word_start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c))
            .then_some(word_start)
    }
}

/// Keeps the longest of overlapping candidates; ties go to the earlier one.
///
/// The kept matches never overlap, so they are held by where they start
/// (clitics included): a candidate overlaps a kept match only if it overlaps
/// the last one starting before the candidate's end. Each candidate costs a
/// logarithmic lookup, so a text with a million names (one enormous line)
/// is resolved as fast, per name, as a short article.
fn longest_first(mut candidates: Vec<NameMatch>) -> Vec<NameMatch> {
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: BTreeMap<usize, NameMatch> = BTreeMap::new();
    for c in candidates {
        let low = c.word_start.min(c.start);
        let overlaps = kept
            .range(..c.end)
            .next_back()
            .is_some_and(|(_, k)| k.end > low);
        if !overlaps {
            kept.insert(low, c);
        }
    }
    let mut kept: Vec<NameMatch> = kept.into_values().collect();
    kept.sort_by_key(|k| k.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold;

    fn index() -> NameIndex {
        NameIndex::new([
            ("AUKUS", 1),
            ("ASEAN", 2),
            ("US", 3),
            ("United States", 3),
            ("Nouvelle-Zélande", 4),
            ("Zélande", 5),
            ("اليابان", 6),
            ("كوريا الجنوبية", 7),
            ("Japon", 6),
            ("Bruneï", 8),
            ("حلف الناتو", 9),
        ])
        .expect("a small automaton builds")
    }

    /// Renders each match as `original text=tags`.
    fn check(input: &str, expect: &[&str]) {
        let folded = fold(input);
        let got: Vec<String> = index()
            .find(&folded, input)
            .into_iter()
            .map(|m| {
                let r = folded.original_range(input, m.start..m.end);
                format!("{}={:?}", &input[r], m.tags)
            })
            .collect();
        assert_eq!(got, expect, "find({input:?})");
    }

    #[test]
    fn matches_whole_words_case_and_marks_insensitively() {
        check("Le JAPON et le Brunei.", &["JAPON=[6]", "Brunei=[8]"]);
        check("Japonais", &[]);
    }

    #[test]
    fn elided_forms_count() {
        check(
            "l'AUKUS, d’Aukus et dell'ASEAN",
            &["AUKUS=[1]", "Aukus=[1]", "ASEAN=[2]"],
        );
    }

    #[test]
    fn acronyms_never_match_all_lower_case() {
        check("Readers asked us about the US.", &["US=[3]"]);
        check("Nato and Asean", &["Asean=[2]"]);
    }

    #[test]
    fn longest_name_wins() {
        check("la Nouvelle-Zélande", &["Nouvelle-Zélande=[4]"]);
        check("the United States", &["United States=[3]"]);
    }

    #[test]
    fn arabic_clitics_count() {
        check(
            "واليابان وكوريا الجنوبية",
            &["اليابان=[6]", "كوريا الجنوبية=[7]"],
        );
        check("لليابان", &["ليابان=[6]"]);
        check("بحلف الناتو", &["حلف الناتو=[9]"]);
        check("باليابانية", &[]);
    }
}
