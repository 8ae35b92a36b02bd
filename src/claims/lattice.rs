//! One sentence as the pattern VM sees it: tokens, and at each token the
//! entity mentions, numbers and role phrases that start there.

use std::cell::OnceCell;
use std::ops::Range;

use super::lexicon::{Lexicon, Sense};
use super::vocabulary::{NO_WORD, NumberedWords};
use crate::lang::Pack;
use crate::lang::pattern::SlotKind;
use crate::lang::vm::Lattice;
use crate::rules::model::{EntityId, EntityKind};
use crate::text::names::NameMatch;
use crate::text::tokens::{Token, TokenKind};

/// An entity mention laid over tokens.
#[derive(Debug, Clone)]
pub struct Mention {
    pub first: usize,
    pub len: usize,
    /// Folded byte range of the name (clitics excluded).
    pub folded: Range<usize>,
    /// Folded byte range of the clitics glued before the name (`و` in
    /// `وكوريا`), empty when there are none.
    pub clitics: Range<usize>,
    /// Where the mention's senses are in the lattice's list of sense
    /// numbers (see [`SentenceLattice::senses`]).
    senses: Range<u32>,
}

/// A role with the country or organization it belongs to, when the words
/// around it say so (`le ministre japonais de la Défense`).
#[derive(Debug, Clone)]
pub struct RolePhrase {
    pub first: usize,
    pub len: usize,
    pub role: EntityId,
    pub of: Option<EntityId>,
}

/// What a slot was filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filler {
    Entity {
        entity: EntityId,
        folded: Range<usize>,
    },
    Number(u32),
    Role {
        role: EntityId,
        of: Option<EntityId>,
    },
}

/// The lists a lattice is built in. The caller keeps them from sentence to
/// sentence, so that once they have grown to the longest sentence building
/// a lattice allocates nothing: a corpus holds hundreds of thousands of
/// named sentences, and their mentions, senses and numbers were a dozen
/// allocations each.
#[derive(Debug, Default)]
pub struct LatticeBuffers {
    mentions: Vec<Mention>,
    /// The sense numbers (indices into [`Lexicon::senses`]) of every
    /// mention, one run per mention.
    senses: Vec<u32>,
    starts: Vec<Option<usize>>,
    roles: Vec<RolePhrase>,
    numbers: Vec<OnceCell<Option<(u32, usize)>>>,
}

pub struct SentenceLattice<'a> {
    pub folded: &'a str,
    pub tokens: &'a [Token],
    pub pack: &'a Pack,
    lexicon: &'a Lexicon,
    pub mentions: &'a [Mention],
    senses: &'a [u32],
    /// Index into `mentions` of the mention starting at each token.
    starts: &'a [Option<usize>],
    pub roles: &'a [RolePhrase],
    /// The tokens numbered by the pack's vocabulary, which tells classifier
    /// nouns (`alliance`) and list conjunctions (`and`).
    words: NumberedWords<'a>,
    /// The number read at each token, worked out the first time a pattern
    /// asks: every pattern with `{n}` asks at the same positions.
    numbers: &'a [OnceCell<Option<(u32, usize)>>],
}

/// Whether a sense of a mention can fill an entity slot of `kind`.
fn fills(kind: SlotKind, sense: &Sense) -> bool {
    match kind {
        SlotKind::Member | SlotKind::Members => {
            !sense.demonym
                && matches!(
                    sense.kind,
                    EntityKind::Country | EntityKind::Organization | EntityKind::Other
                )
        }
        SlotKind::Organization => !sense.demonym && sense.kind == EntityKind::Organization,
        SlotKind::Person => !sense.demonym && sense.kind == EntityKind::Person,
        SlotKind::Of => matches!(sense.kind, EntityKind::Country | EntityKind::Organization),
        SlotKind::Number | SlotKind::Role => false,
    }
}

/// The senses of `mention`, whose sense numbers are in `senses`.
fn senses_of<'a>(
    mention: &Mention,
    senses: &'a [u32],
    lexicon: &'a Lexicon,
) -> impl Iterator<Item = &'a Sense> + Clone + use<'a> {
    senses[mention.senses.start as usize..mention.senses.end as usize]
        .iter()
        .map(move |&s| &lexicon.senses[s as usize])
}

/// The country or organization `mention` names by a demonym, if any.
fn demonym_of(mention: &Mention, senses: &[u32], lexicon: &Lexicon) -> Option<EntityId> {
    senses_of(mention, senses, lexicon)
        .find(|s| s.demonym && matches!(s.kind, EntityKind::Country | EntityKind::Organization))
        .map(|s| s.entity)
}

/// The word token at `at`, if it is one.
fn word_at<'a>(tokens: &[Token], folded: &'a str, at: usize) -> Option<&'a str> {
    let t = tokens.get(at)?;
    matches!(t.kind, TokenKind::Word | TokenKind::Digits).then(|| t.text(folded))
}

/// Roles named plainly, roles with a demonym before or after them, and
/// roles with a demonym inside (`ministre japonais de la Défense`,
/// `ministra australiana degli Esteri`), into `roles`.
fn find_role_phrases(
    mentions: &[Mention],
    senses: &[u32],
    lexicon: &Lexicon,
    tokens: &[Token],
    folded: &str,
    roles: &mut Vec<RolePhrase>,
) {
    let demonym_of = |m: &Mention| demonym_of(m, senses, lexicon);
    for (i, m) in mentions.iter().enumerate() {
        let Some(role) = senses_of(m, senses, lexicon)
            .find(|s| s.kind == EntityKind::Role && !s.demonym)
            .map(|s| s.entity)
        else {
            continue;
        };
        roles.push(RolePhrase {
            first: m.first,
            len: m.len,
            role,
            of: None,
        });
        if let Some(next) = mentions.get(i + 1).filter(|n| n.first == m.first + m.len) {
            if let Some(of) = demonym_of(next) {
                roles.push(RolePhrase {
                    first: m.first,
                    len: m.len + next.len,
                    role,
                    of: Some(of),
                });
            }
        }
        if let Some(prev) = i
            .checked_sub(1)
            .map(|p| &mentions[p])
            .filter(|p| p.first + p.len == m.first)
        {
            if let Some(of) = demonym_of(prev) {
                roles.push(RolePhrase {
                    first: prev.first,
                    len: prev.len + m.len,
                    role,
                    of: Some(of),
                });
            }
        }
    }
    let word_at = |at: usize| word_at(tokens, folded, at);
    for m in mentions {
        let Some(of) = demonym_of(m) else {
            continue;
        };
        let after_start = m.first + m.len;
        let Some(splits) = word_at(after_start).and_then(|next| lexicon.role_splits.get(next))
        else {
            continue;
        };
        for &(r, split) in splits {
            let (role, words) = &lexicon.role_words[r];
            let Some(first) = m.first.checked_sub(split) else {
                continue;
            };
            let before = (0..split).all(|k| word_at(first + k) == Some(words[k].as_str()));
            let after = before
                && (split..words.len())
                    .all(|k| word_at(after_start + k - split) == Some(words[k].as_str()));
            if after {
                roles.push(RolePhrase {
                    first,
                    len: words.len() + m.len,
                    role: *role,
                    of: Some(of),
                });
            }
        }
    }
}

impl<'a> SentenceLattice<'a> {
    /// The lattice of a sentence, built in `buffers` (whatever they held
    /// before is dropped).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        folded: &'a str,
        tokens: &'a [Token],
        pack: &'a Pack,
        lexicon: &'a Lexicon,
        names: &[NameMatch],
        lang: &str,
        words: NumberedWords<'a>,
        buffers: &'a mut LatticeBuffers,
    ) -> SentenceLattice<'a> {
        let LatticeBuffers {
            mentions,
            senses,
            starts,
            roles,
            numbers,
        } = buffers;
        mentions.clear();
        senses.clear();
        roles.clear();
        starts.clear();
        starts.resize(tokens.len(), None);
        numbers.clear();
        numbers.resize(tokens.len(), OnceCell::new());
        for name in names {
            let first = tokens.partition_point(|t| t.start < name.word_start);
            if first >= tokens.len() || tokens[first].start != name.word_start {
                continue;
            }
            let last = tokens.partition_point(|t| t.end < name.end);
            if last >= tokens.len() || tokens[last].end != name.end {
                continue;
            }
            let senses_start = senses.len() as u32;
            lexicon.push_senses(lexicon.index.tags(name.pattern), lang, senses);
            if senses.len() as u32 == senses_start {
                continue;
            }
            starts[first] = Some(mentions.len());
            mentions.push(Mention {
                first,
                len: last + 1 - first,
                folded: name.start..name.end,
                clitics: name.word_start..name.start,
                senses: senses_start..senses.len() as u32,
            });
        }
        find_role_phrases(mentions, senses, lexicon, tokens, folded, roles);
        SentenceLattice {
            folded,
            tokens,
            pack,
            lexicon,
            mentions,
            senses,
            starts,
            roles,
            words,
            numbers,
        }
    }

    /// The senses of `mention`, a mention of this lattice.
    pub fn senses(&self, mention: &Mention) -> impl Iterator<Item = &'a Sense> + Clone + use<'a> {
        senses_of(mention, self.senses, self.lexicon)
    }

    fn word_at(&self, at: usize) -> Option<&'a str> {
        word_at(self.tokens, self.folded, at)
    }

    /// The number of each token in the pack's vocabulary.
    pub fn word_ids(&self) -> &'a [u32] {
        self.words.ids
    }

    pub fn mention_at(&self, at: usize) -> Option<&'a Mention> {
        self.starts
            .get(at)
            .copied()
            .flatten()
            .map(|i| &self.mentions[i])
    }

    /// Whether the mention starting at `at` can fill an entity slot of `kind`.
    pub fn mention_fills(&self, kind: SlotKind, at: usize) -> bool {
        self.mention_at(at)
            .is_some_and(|m| self.senses(m).any(|s| fills(kind, s)))
    }

    /// Whether an entity slot of `kind` could be filled at `at`: by the
    /// mention starting there, or by an organization named right after a
    /// classifier noun there.
    pub fn could_fill_entity(&self, kind: SlotKind, at: usize) -> bool {
        self.entity_fills_at(at, &[kind]) != 0
    }

    /// Which of `kinds` an entity slot at `at` could be filled as (by the
    /// mention starting there, or by an organization named right after a
    /// classifier noun there), as bits in the order of `kinds`: every kind
    /// at once, reading each sense once.
    pub fn entity_fills_at(&self, at: usize, kinds: &[SlotKind]) -> u32 {
        let mut bits = 0;
        let mut add = |sense: &Sense, organization_only: bool| {
            if organization_only && sense.kind != EntityKind::Organization {
                return;
            }
            for (k, &kind) in kinds.iter().enumerate() {
                if fills(kind, sense) {
                    bits |= 1 << k;
                }
            }
        };
        if let Some(m) = self.mention_at(at) {
            self.senses(m).for_each(|s| add(s, false));
        }
        if self.is_org_word(at)
            && let Some(m) = self.mention_at(at + 1)
        {
            self.senses(m).for_each(|s| add(s, true));
        }
        bits
    }

    fn is_org_word(&self, at: usize) -> bool {
        self.words.is_org_word(at)
    }

    /// The number that starts at `at` and how many tokens it takes.
    pub fn number_at(&self, at: usize) -> Option<(u32, usize)> {
        if self.words.starts_no_number(at) {
            return None;
        }
        match self.numbers.get(at) {
            Some(cell) => {
                *cell.get_or_init(|| self.pack.numbers.read(self.folded, self.tokens, at))
            }
            None => None,
        }
    }

    /// Fills an entity slot at `at` with every accepted sense of the mention
    /// there. An organization may also be named with a classifier noun
    /// before or after it (`l'alliance AUKUS`, `the AUKUS pact`,
    /// `تحالف أوكوس`), which the slot then takes too.
    fn entity_fill(
        &self,
        at: usize,
        accept: impl Fn(&Sense) -> bool,
        out: &mut Vec<(usize, Filler)>,
    ) {
        // The name itself may start with a classifier (`Association des
        // Nations...`, `حلف شمال الأطلسي`), so both readings are offered.
        self.fill_mention(at, false, &accept, out);
        if self.is_org_word(at) {
            self.fill_mention(at + 1, true, &accept, out);
        }
    }

    /// Fills from the mention at `start`; `classifier_before` when a
    /// classifier noun stands just before it (taken into the slot).
    fn fill_mention(
        &self,
        start: usize,
        classifier_before: bool,
        accept: &impl Fn(&Sense) -> bool,
        out: &mut Vec<(usize, Filler)>,
    ) {
        let is_org = |s: &Sense| s.kind == EntityKind::Organization;
        let Some(m) = self.mention_at(start) else {
            return;
        };
        let classifier_after = self.is_org_word(m.first + m.len);
        let taken = |s: &Sense| accept(s) && (!classifier_before || is_org(s));
        let senses = self.senses(m);
        for (k, s) in senses.clone().enumerate() {
            // A name may carry one entity under several senses (a name and
            // a language-specific name); the slot takes the entity once.
            if !taken(s)
                || senses
                    .clone()
                    .take(k)
                    .any(|p| p.entity == s.entity && taken(p))
            {
                continue;
            }
            let filler = Filler::Entity {
                entity: s.entity,
                folded: m.folded.clone(),
            };
            let len = m.len + usize::from(classifier_before);
            out.push((len, filler.clone()));
            if classifier_after && is_org(s) {
                out.push((len + 1, filler));
            }
        }
    }
}

impl Lattice for SentenceLattice<'_> {
    type Capture = Filler;

    fn len(&self) -> usize {
        self.tokens.len()
    }

    fn word(&self, at: usize) -> Option<&str> {
        self.word_at(at)
    }

    fn word_id(&self, at: usize) -> u32 {
        self.words.ids.get(at).copied().unwrap_or(NO_WORD)
    }

    fn punct(&self, at: usize) -> Option<char> {
        match self.tokens.get(at)?.kind {
            TokenKind::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn is_list_conjunction(&self, at: usize) -> bool {
        self.words.is_conjunction(at)
    }

    fn starts_mention(&self, at: usize) -> bool {
        self.mention_at(at).is_some()
    }

    fn glued_conjunction(&self, at: usize) -> bool {
        self.mention_at(at).is_some_and(|m| {
            let clitics = &self.folded[m.clitics.clone()];
            !clitics.is_empty()
                && self
                    .pack
                    .list_conjunctions
                    .iter()
                    .any(|c| clitics.starts_with(c.as_str()))
        })
    }

    fn fill(&self, kind: SlotKind, at: usize, out: &mut Vec<(usize, Filler)>) {
        match kind {
            SlotKind::Member
            | SlotKind::Members
            | SlotKind::Organization
            | SlotKind::Person
            | SlotKind::Of => self.entity_fill(at, |s| fills(kind, s), out),
            SlotKind::Number => {
                if let Some((value, len)) = self.number_at(at) {
                    out.push((len, Filler::Number(value)));
                }
            }
            SlotKind::Role => {
                for r in self.roles.iter().filter(|r| r.first == at) {
                    out.push((
                        r.len,
                        Filler::Role {
                            role: r.role,
                            of: r.of,
                        },
                    ));
                }
            }
        }
    }

    fn antecedent(&self, kind: SlotKind, at: usize) -> Option<Filler> {
        let mut found = Vec::new();
        for m in self.mentions.iter().rev().filter(|m| m.first + m.len <= at) {
            self.entity_fill(
                m.first,
                |s| {
                    !s.demonym
                        && kind == SlotKind::Organization
                        && s.kind == EntityKind::Organization
                },
                &mut found,
            );
            if let Some((_, filler)) = found.pop() {
                return Some(filler);
            }
        }
        None
    }
}
