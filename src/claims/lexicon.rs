//! Every name and demonym of the rule set in one automaton, and what each
//! match can mean.

use std::collections::HashMap;

use crate::rules::model::{ANY_LANGUAGE, EntityId, EntityKind, RuleSet};
use crate::text::fold::fold_str;
use crate::text::names::NameIndex;

/// What one name string stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sense {
    pub entity: EntityId,
    pub kind: EntityKind,
    /// A demonym (`japonais`) rather than a name (`Japon`).
    pub demonym: bool,
    /// The language the name was declared for (`any` for all).
    pub lang: String,
}

/// The automaton plus the meaning of every tag, and the words of every role
/// name (to find a demonym inside a role: `ministre japonais de la Défense`).
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub index: NameIndex,
    pub senses: Vec<Sense>,
    /// For each role entity, each of its names split into folded words.
    pub role_words: Vec<(EntityId, Vec<String>)>,
    /// The places a demonym may stand inside a role name: for each word
    /// that may follow the demonym, the role names (by index into
    /// `role_words`) and the number of their words before it, in order. A
    /// demonym is then tried only with the names whose next word is the
    /// one after it in the text.
    pub role_splits: HashMap<String, Vec<(usize, usize)>>,
}

impl Lexicon {
    pub fn new(rules: &RuleSet) -> Lexicon {
        let mut senses = Vec::new();
        let mut names: Vec<(&str, u32)> = Vec::new();
        let mut role_words = Vec::new();
        for (id, entity) in rules.entities.iter().enumerate() {
            for (labels, demonym) in [(&entity.names, false), (&entity.demonyms, true)] {
                for label in labels {
                    names.push((label.text.as_str(), senses.len() as u32));
                    senses.push(Sense {
                        entity: id,
                        kind: entity.kind,
                        demonym,
                        lang: label.lang.clone(),
                    });
                    if entity.kind == EntityKind::Role && !demonym {
                        let words = split_words(&label.text);
                        if words.len() >= 2 {
                            role_words.push((id, words));
                        }
                    }
                }
            }
        }
        let mut role_splits: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (r, (_, words)) in role_words.iter().enumerate() {
            for (split, next) in words.iter().enumerate().skip(1) {
                role_splits
                    .entry(next.clone())
                    .or_default()
                    .push((r, split));
            }
        }
        Lexicon {
            index: NameIndex::new(names),
            senses,
            role_words,
            role_splits,
        }
    }

    /// Appends to `out` the senses of a match (by their numbers in
    /// `senses`), preferring those declared for `lang`: when one is, the
    /// others go. A sense that repeats the entity and demonym of the one
    /// before it goes too.
    pub fn push_senses(&self, tags: &[u32], lang: &str, out: &mut Vec<u32>) {
        let preferred = |s: &Sense| s.lang == lang || s.lang == ANY_LANGUAGE;
        let all = || {
            tags.iter()
                .filter_map(|&t| self.senses.get(t as usize).map(|s| (t, s)))
        };
        let some_preferred = all().any(|(_, s)| preferred(s));
        let mut last: Option<&Sense> = None;
        for (number, sense) in all() {
            if some_preferred && !preferred(sense) {
                continue;
            }
            if last.is_some_and(|l| l.entity == sense.entity && l.demonym == sense.demonym) {
                continue;
            }
            last = Some(sense);
            out.push(number);
        }
    }
}

/// Folds and splits a name into words the way text is tokenized.
pub fn split_words(text: &str) -> Vec<String> {
    fold_str(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}
