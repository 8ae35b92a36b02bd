//! The words one pack's extraction asks about, numbered once.
//!
//! A sentence is asked about the same words many times: which need words it
//! holds, which tokens are classifier nouns or list conjunctions, where a
//! marker phrase may start. Each token is looked up here once per sentence,
//! and every later question is a table lookup by the word's number instead
//! of a comparison of strings.

use std::ops::Range;

use crate::lang::Pack;
use crate::lang::vm::{Inst, Need, UNNUMBERED};
use crate::text::tokens::{Token, TokenKind};

/// The number of a token that is no word of the vocabulary (or no word):
/// the VM's number for a word no vocabulary has numbered, so that neither
/// ever equals a word's number.
pub const NO_WORD: u32 = UNNUMBERED;

/// A sentence's tokens as numbered by a pack's vocabulary.
#[derive(Clone, Copy)]
pub struct NumberedWords<'a> {
    /// One number per token, [`NO_WORD`] for tokens the pack never asks
    /// about.
    pub ids: &'a [u32],
    pub vocabulary: &'a Vocabulary<'a>,
}

impl NumberedWords<'_> {
    /// Whether the token at `at` is a classifier noun (`alliance`, `pact`).
    pub fn is_org_word(&self, at: usize) -> bool {
        self.ids
            .get(at)
            .is_some_and(|&id| self.vocabulary.is_org_word(id))
    }

    /// Whether the token at `at` is a list conjunction (`and`, `et`).
    pub fn is_conjunction(&self, at: usize) -> bool {
        self.ids
            .get(at)
            .is_some_and(|&id| self.vocabulary.is_conjunction(id))
    }

    /// Whether the token at `at` is a word of the vocabulary that no number
    /// starts with (`the`, `member`): no number needs reading there.
    pub fn starts_no_number(&self, at: usize) -> bool {
        self.ids
            .get(at)
            .is_some_and(|&id| self.vocabulary.starts_no_number(id))
    }
}

/// The words of a pack, each with what the pack makes of it.
pub struct Vocabulary<'r> {
    /// The words, by number.
    words: Vec<&'r str>,
    table: WordTable,
    /// Indexed by word number.
    org_word: Vec<bool>,
    conjunction: Vec<bool>,
    /// Whether no number starts with the word (see
    /// [`crate::text::numbers::NumberWords::may_start_with`]): most words
    /// a sentence shares with the patterns are no number, and their tokens
    /// are then never read as one.
    no_number: Vec<bool>,
}

impl<'r> Vocabulary<'r> {
    /// Every plain word of the pack's patterns, its classifier nouns and
    /// list conjunctions, and the first word of each of its marker phrases.
    pub fn new(pack: &'r Pack) -> Vocabulary<'r> {
        let mut vocabulary = Vocabulary {
            words: Vec::new(),
            table: WordTable::default(),
            org_word: Vec::new(),
            conjunction: Vec::new(),
            no_number: Vec::new(),
        };
        for pattern in &pack.patterns {
            for need in pattern.program.needs.iter().flatten() {
                if let Need::Word(word) = need {
                    vocabulary.number(word);
                }
            }
            let words = pattern.program.insts.iter().flat_map(Inst::words);
            for word in words.filter(|w| !w.prefix) {
                vocabulary.number(&word.text);
            }
        }
        for word in &pack.org_words {
            let id = vocabulary.number(word);
            vocabulary.org_word[id as usize] = true;
        }
        for word in &pack.list_conjunctions {
            let id = vocabulary.number(word);
            vocabulary.conjunction[id as usize] = true;
        }
        for list in [
            &pack.hedges,
            &pack.conditionals,
            &pack.negations,
            &pack.former,
        ] {
            for first in list.iter().filter_map(|phrase| phrase.first()) {
                vocabulary.number(first);
            }
        }
        vocabulary.no_number = vocabulary
            .words
            .iter()
            .map(|word| !pack.numbers.may_start_with(word))
            .collect();
        vocabulary
    }

    /// The number of `word`, given a new one if it has none yet.
    fn number(&mut self, word: &'r str) -> u32 {
        let id = self.id(word);
        if id != NO_WORD {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word);
        self.table.insert(&self.words, id);
        self.org_word.push(false);
        self.conjunction.push(false);
        id
    }

    /// How many words the vocabulary holds: numbers run from 0 to this.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Every word of the vocabulary with its number, in order.
    pub fn words(&self) -> impl Iterator<Item = (&'r str, u32)> + '_ {
        self.words.iter().zip(0..).map(|(&word, id)| (word, id))
    }

    /// The number of `word`, or [`NO_WORD`].
    pub fn id(&self, word: &str) -> u32 {
        self.table.get(&self.words, word.as_bytes(), 0..word.len())
    }

    /// The number of each token of a sentence, in `out` (cleared first):
    /// [`NO_WORD`] for punctuation and for words the pack never asks about.
    pub fn number_tokens(&self, tokens: &[Token], folded: &str, out: &mut Vec<u32>) {
        out.clear();
        let text = folded.as_bytes();
        out.extend(tokens.iter().map(|t| match t.kind {
            TokenKind::Word | TokenKind::Digits => self.table.get(&self.words, text, t.range()),
            _ => NO_WORD,
        }));
    }

    /// Whether word number `id` is a classifier noun (`alliance`, `pact`).
    pub fn is_org_word(&self, id: u32) -> bool {
        self.org_word.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether word number `id` is a list conjunction (`and`, `et`).
    pub fn is_conjunction(&self, id: u32) -> bool {
        self.conjunction.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether no number starts with word number `id`.
    pub fn starts_no_number(&self, id: u32) -> bool {
        self.no_number.get(id as usize).copied().unwrap_or(false)
    }
}

/// The numbers of a vocabulary's words in an open-addressing hash table
/// keyed by each word's length and first eight bytes.
///
/// Every word token of every named sentence is looked up, and most are
/// short: a word of eight bytes or fewer is told by its key alone, read
/// from the text where the token is, with no hashing of a string and no
/// call to compare one. Longer words are compared after their keys match.
#[derive(Debug, Default)]
struct WordTable {
    /// A power of two of slots, at most half of them full.
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    len: u32,
    /// [`NO_WORD`] in an empty slot.
    id: u32,
}

const EMPTY: Slot = Slot {
    key: 0,
    len: 0,
    id: NO_WORD,
};

/// The key of the bytes `range` of `text`: their first eight bytes (fewer
/// for a shorter word) as a little-endian number, zero above the word.
fn word_key(text: &[u8], range: Range<usize>) -> u64 {
    let len = range.len();
    let key = match text.get(range.start..range.start + 8) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        // Near the end of the text: the word's own bytes, padded.
        _ => {
            let mut bytes = [0; 8];
            let word = &text[range.start..range.end.min(range.start + 8)];
            bytes[..word.len()].copy_from_slice(word);
            u64::from_le_bytes(bytes)
        }
    };
    if len >= 8 {
        key
    } else {
        key & ((1 << (8 * len)) - 1)
    }
}

impl WordTable {
    fn slot_of(&self, key: u64, len: usize) -> usize {
        let hash = (key ^ (len as u64).rotate_right(8)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (hash >> 32) as usize & (self.slots.len() - 1)
    }

    /// The number of the word at `range` of `text`, or [`NO_WORD`];
    /// `words` are the vocabulary's words by number. Inlined into the loop
    /// over a sentence's tokens, where a call cost a fifth of the lookup.
    #[inline(always)]
    fn get(&self, words: &[&str], text: &[u8], range: Range<usize>) -> u32 {
        if self.slots.is_empty() {
            return NO_WORD;
        }
        let key = word_key(text, range.clone());
        let len = range.len();
        let mut at = self.slot_of(key, len);
        loop {
            let slot = self.slots[at];
            if slot.id == NO_WORD {
                return NO_WORD;
            }
            if slot.key == key
                && slot.len as usize == len
                && (len <= 8 || words[slot.id as usize].as_bytes() == &text[range.clone()])
            {
                return slot.id;
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
    }

    /// Adds word number `id` of `words`, which the table does not hold;
    /// `words` holds it and every word the table does.
    fn insert(&mut self, words: &[&str], id: u32) {
        if words.len() * 2 > self.slots.len() {
            let grown = vec![EMPTY; (self.slots.len() * 2).max(64)];
            let old = std::mem::replace(&mut self.slots, grown);
            for slot in old.into_iter().filter(|s| s.id != NO_WORD) {
                self.place(slot);
            }
        }
        let word = words[id as usize].as_bytes();
        self.place(Slot {
            key: word_key(word, 0..word.len()),
            len: word.len() as u32,
            id,
        });
    }

    fn place(&mut self, slot: Slot) {
        let mut at = self.slot_of(slot.key, slot.len as usize);
        while self.slots[at].id != NO_WORD {
            at = (at + 1) & (self.slots.len() - 1);
        }
        self.slots[at] = slot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Packs;
    use crate::text::tokens::tokenize;

    /// Numbers the tokens of `sentence` with the built-in English pack and
    /// writes each as `word:classes`, where classes are `o` (classifier
    /// noun), `c` (conjunction) and `-` (known word, neither); unknown words
    /// are left bare.
    fn check(sentence: &str, expect: &str) {
        let packs = Packs::builtin_only("en");
        let pack = packs.get("en").unwrap();
        let vocabulary = Vocabulary::new(pack);
        let mut tokens = Vec::new();
        tokenize(sentence, 0..sentence.len(), &mut tokens);
        let mut ids = Vec::new();
        vocabulary.number_tokens(&tokens, sentence, &mut ids);
        let got: Vec<String> = tokens
            .iter()
            .zip(&ids)
            .map(|(t, &id)| {
                let text = t.text(sentence);
                if id == NO_WORD {
                    return text.to_string();
                }
                let mut classes = String::new();
                if vocabulary.is_org_word(id) {
                    classes.push('o');
                }
                if vocabulary.is_conjunction(id) {
                    classes.push('c');
                }
                if classes.is_empty() {
                    classes.push('-');
                }
                format!("{text}:{classes}")
            })
            .collect();
        assert_eq!(got.join(" "), expect, "{sentence:?}");
    }

    /// The table gives every word its number, wherever the word stands in
    /// the text, and no number to a word one character longer or shorter
    /// unless that word is in the vocabulary too.
    #[test]
    fn the_word_table_agrees_with_a_search_of_the_words() {
        for lang in ["en", "fr", "it", "ar", "es", "de"] {
            let packs = Packs::builtin_only(lang);
            let vocabulary = Vocabulary::new(packs.get(lang).unwrap());
            let words: Vec<(&str, u32)> = vocabulary.words().collect();
            let search = |word: &str| {
                words
                    .iter()
                    .find(|(w, _)| *w == word)
                    .map_or(NO_WORD, |&(_, id)| id)
            };
            for &(word, id) in &words {
                let shorter = word.char_indices().last().map_or("", |(i, _)| &word[..i]);
                for other in [word.to_string(), format!("{word}x"), shorter.to_string()] {
                    assert_eq!(vocabulary.id(&other), search(&other), "{lang}: {other:?}");
                }
                // At the end of a text, where fewer than eight bytes follow
                // the word's start, and inside one.
                for text in [format!("zz {word}"), format!("zz {word} zzzzzzzzzzzz")] {
                    let mut tokens = Vec::new();
                    tokenize(&text, 0..text.len(), &mut tokens);
                    let mut ids = Vec::new();
                    vocabulary.number_tokens(&tokens, &text, &mut ids);
                    // Words that are no single token (punctuation) are never
                    // looked up from a text.
                    let whole = tokens.iter().position(|t| t.range() == (3..3 + word.len()));
                    if let Some(at) = whole {
                        assert_eq!(ids[at], id, "{lang}: {text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn numbers_need_words_classifiers_conjunctions_and_markers() {
        check(
            "japan and the alliance have 5 members",
            "japan and:c the:- alliance:o have:- 5 members:-",
        );
        check("it may not , zzz", "it may:- not:- , zzz");
    }
}
