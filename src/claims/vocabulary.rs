//! The words one pack's extraction asks about, numbered once.
//!
//! A sentence is asked about the same words many times: which need words it
//! holds, which tokens are classifier nouns or list conjunctions, where a
//! marker phrase may start. Each token is looked up here once per sentence,
//! and every later question is a table lookup by the word's number instead
//! of a comparison of strings.

use std::collections::HashMap;

use foldhash::fast::RandomState;

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
    ids: HashMap<&'r str, u32, RandomState>,
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
            ids: HashMap::default(),
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
        vocabulary.no_number = vec![false; vocabulary.len()];
        for (word, &id) in &vocabulary.ids {
            vocabulary.no_number[id as usize] = !pack.numbers.may_start_with(word);
        }
        vocabulary
    }

    /// The number of `word`, given a new one if it has none yet.
    fn number(&mut self, word: &'r str) -> u32 {
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(word).or_insert(next);
        if id == next {
            self.org_word.push(false);
            self.conjunction.push(false);
        }
        id
    }

    /// How many words the vocabulary holds: numbers run from 0 to this.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every word of the vocabulary with its number, in no order.
    pub fn words(&self) -> impl Iterator<Item = (&'r str, u32)> + '_ {
        self.ids.iter().map(|(&word, &id)| (word, id))
    }

    /// The number of `word`, or [`NO_WORD`].
    pub fn id(&self, word: &str) -> u32 {
        self.ids.get(word).copied().unwrap_or(NO_WORD)
    }

    /// The number of each token of a sentence, in `out` (cleared first):
    /// [`NO_WORD`] for punctuation and for words the pack never asks about.
    pub fn number_tokens(&self, tokens: &[Token], folded: &str, out: &mut Vec<u32>) {
        out.clear();
        out.extend(tokens.iter().map(|t| match t.kind {
            TokenKind::Word | TokenKind::Digits => self.id(t.text(folded)),
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

    #[test]
    fn numbers_need_words_classifiers_conjunctions_and_markers() {
        check(
            "japan and the alliance have 5 members",
            "japan and:c the:- alliance:o have:- 5 members:-",
        );
        check("it may not , zzz", "it may:- not:- , zzz");
    }
}
