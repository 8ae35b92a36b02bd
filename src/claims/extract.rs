//! Finds the claims an article makes.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::lattice::{Filler, LatticeBuffers, SentenceLattice};
use super::lexicon::Lexicon;
use super::needs::{Features, NeedIndex};
use super::vocabulary::{NumberedWords, Vocabulary};
use super::{Claim, Named, Statement};
use crate::lang::pack::{Pattern, Phrase};
use crate::lang::pattern::SlotKind;
use crate::lang::vm::{self, Inst, LIST_FILLER, Lattice, Match, Program, Scratch};
use crate::lang::{ClaimKind, Pack, Packs};
use crate::rules::model::{EntityId, EntityKind, RuleSet};
use crate::text::fold::{Folded, fold};
use crate::text::names::NameMatch;
use crate::text::sentences::{self, Case};
use crate::text::tokens::{Token, TokenKind, tokenize};

/// A claim that a pattern read but that was dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub claim: Claim,
    pub reason: String,
}

/// An entity a mention may name, and whether it names it by a demonym.
pub type MentionSense = (EntityId, bool);

/// What `explain` shows of one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceTrace {
    /// Original byte range.
    pub span: Range<usize>,
    /// Each mention: original range and the entity ids it may name.
    pub mentions: Vec<(Range<usize>, Vec<MentionSense>)>,
    /// Each number: original range and value.
    pub numbers: Vec<(Range<usize>, u32)>,
    /// Hedges, conditionals, negations, former markers found, as written.
    pub markers: Vec<(String, Range<usize>)>,
    pub question: bool,
}

/// Everything extraction found in one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub claims: Vec<Claim>,
    pub rejected: Vec<Rejected>,
    /// Filled only when tracing (`factlint explain`).
    pub sentences: Vec<SentenceTrace>,
}

/// What in a sentence can drop or change a claim read in it: token
/// positions where each kind of marker phrase starts.
struct SentenceMarkers {
    question: bool,
    hedges: Vec<usize>,
    conditionals: Vec<usize>,
    negations: Vec<usize>,
    former: Vec<usize>,
}

/// Claim extraction for one rule set and its language packs.
pub struct Extractor<'r> {
    pub rules: &'r RuleSet,
    pub packs: &'r Packs,
    pub lexicon: Lexicon,
    /// The vocabulary, needs and marker phrases of each pack, by language.
    tables: HashMap<&'r str, PackTables<'r>>,
}

/// The article-level inputs extraction needs.
#[derive(Debug, Clone, Copy)]
pub struct ArticleContext<'a> {
    pub lang: &'a str,
    /// The year the article is dated, to recognise claims about another year.
    pub year: Option<i16>,
    pub trace: bool,
}

fn phrase_at(tokens: &[Token], folded: &str, at: usize, phrase: &Phrase) -> bool {
    phrase.iter().enumerate().all(|(k, w)| {
        tokens
            .get(at + k)
            .is_some_and(|t| t.kind != TokenKind::Punct(',') && t.text(folded) == w)
    })
}

/// The phrases of the four marker lists (hedges, conditionals, negations,
/// former) of one pack, indexed by the number of their first word so that a
/// sentence is scanned once with one table lookup per token.
struct Markers<'r> {
    by_first: Vec<Vec<(usize, &'r Phrase)>>,
    /// Lists that hold an empty phrase, which starts at every token.
    empty: [bool; 4],
}

impl<'r> Markers<'r> {
    fn new(pack: &'r Pack, vocabulary: &Vocabulary<'r>) -> Markers<'r> {
        let mut markers = Markers {
            by_first: vec![Vec::new(); vocabulary.len()],
            empty: [false; 4],
        };
        let lists = [
            &pack.hedges,
            &pack.conditionals,
            &pack.negations,
            &pack.former,
        ];
        for (k, list) in lists.into_iter().enumerate() {
            for phrase in list {
                match phrase.first() {
                    // The vocabulary numbers the first word of every marker
                    // phrase.
                    Some(first) => {
                        markers.by_first[vocabulary.id(first) as usize].push((k, phrase))
                    }
                    None => markers.empty[k] = true,
                }
            }
        }
        markers
    }

    /// Token positions where a phrase of each list starts, in the order
    /// hedges, conditionals, negations, former.
    fn find(&self, tokens: &[Token], word_ids: &[u32], folded: &str) -> [Vec<usize>; 4] {
        let mut found: [Vec<usize>; 4] = Default::default();
        let any_empty = self.empty.contains(&true);
        for (i, &id) in word_ids.iter().enumerate() {
            // Most tokens start no phrase of any list: they are passed over
            // with one lookup.
            let candidates = self
                .by_first
                .get(id as usize)
                .map_or(&[][..], Vec::as_slice);
            if candidates.is_empty() && !any_empty {
                continue;
            }
            for (k, positions) in found.iter_mut().enumerate() {
                let starts = self.empty[k]
                    || candidates
                        .iter()
                        .any(|&(list, p)| list == k && phrase_at(tokens, folded, i, p));
                if starts {
                    positions.push(i);
                }
            }
        }
        found
    }
}

/// Whether a start group's patterns can start at a token of the sentence,
/// once worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StartKnown {
    NotYet,
    Yes,
    No,
}

/// The buffers of one thread's extraction. They are kept from sentence to
/// sentence and from article to article, so that once they have grown to
/// the longest sentence a sentence allocates none of them.
#[derive(Default)]
struct Workspace {
    tokens: Vec<Token>,
    word_ids: Vec<u32>,
    lattice: LatticeBuffers,
    features: Features,
    scratch: Scratch<Filler>,
    starts: Vec<StartKnown>,
}

/// The workspace's buffers that one sentence's extraction uses.
struct SentenceBuffers<'w> {
    lattice: &'w mut LatticeBuffers,
    features: &'w mut Features,
    scratch: &'w mut Scratch<Filler>,
    starts: &'w mut Vec<StartKnown>,
}

thread_local! {
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

/// What extraction keeps of one pack: its vocabulary, and the patterns'
/// programs, needs and marker phrases numbered by it.
struct PackTables<'r> {
    vocabulary: Vocabulary<'r>,
    /// The program of each pattern of the pack, in order, with its words
    /// numbered.
    programs: Vec<Program>,
    /// For each pattern, the number of its start group: patterns whose
    /// programs can start at the same tokens (the same first instructions,
    /// as `{members} (is|are) ...` and `{members} joined ...`) share one, so
    /// that a sentence works out where each group can start once.
    start_groups: Vec<usize>,
    start_group_count: usize,
    needs: NeedIndex<'r>,
    markers: Markers<'r>,
}

impl<'r> PackTables<'r> {
    fn new(pack: &'r Pack) -> PackTables<'r> {
        let vocabulary = Vocabulary::new(pack);
        let programs: Vec<Program> = pack
            .patterns
            .iter()
            .map(|pattern| {
                let mut program = pattern.program.clone();
                program.number_words(&mut |word| vocabulary.id(word));
                program
            })
            .collect();
        let mut representatives: Vec<&Program> = Vec::new();
        let start_groups = programs
            .iter()
            .map(|program| {
                let same_start = |other: &&Program| {
                    other.insts.first() == program.insts.first()
                        && other.first == program.first
                        && other.starts_anywhere == program.starts_anywhere
                };
                representatives
                    .iter()
                    .position(same_start)
                    .unwrap_or_else(|| {
                        representatives.push(program);
                        representatives.len() - 1
                    })
            })
            .collect();
        let start_group_count = representatives.len();
        PackTables {
            start_groups,
            start_group_count,
            programs,
            needs: NeedIndex::new(pack, &vocabulary),
            markers: Markers::new(pack, &vocabulary),
            vocabulary,
        }
    }
}

impl<'r> Extractor<'r> {
    pub fn new(rules: &'r RuleSet, packs: &'r Packs) -> Extractor<'r> {
        let tables = packs
            .languages()
            .filter_map(|lang| packs.get(lang).map(|pack| (lang, PackTables::new(pack))))
            .collect();
        Extractor {
            rules,
            packs,
            lexicon: Lexicon::new(rules),
            tables,
        }
    }

    /// Extracts the claims of `prose` (the article with non-prose blanked).
    pub fn extract(&self, prose: &str, ctx: ArticleContext<'_>) -> Extraction {
        let mut out = Extraction::default();
        let (Some(pack), Some(tables)) = (self.packs.get(ctx.lang), self.tables.get(ctx.lang))
        else {
            return out;
        };
        if self.lexicon.index.is_empty() {
            return out;
        }
        let folded = fold(prose);
        let names = self.lexicon.index.find(&folded, prose);
        if names.is_empty() {
            return out;
        }
        WORKSPACE.with_borrow_mut(|workspace| {
            self.extract_named(
                prose, &folded, &names, pack, tables, ctx, workspace, &mut out,
            )
        });
        dedupe(&mut out.claims);
        out
    }

    /// Extracts the claims of the sentences of `folded` (folded from
    /// `prose`) that hold one of `names`, into `out`.
    #[allow(clippy::too_many_arguments)]
    fn extract_named(
        &self,
        prose: &str,
        folded: &Folded,
        names: &[NameMatch],
        pack: &Pack,
        tables: &PackTables<'_>,
        ctx: ArticleContext<'_>,
        workspace: &mut Workspace,
        out: &mut Extraction,
    ) {
        let case_at = |f: usize| Case::at_folded(folded, prose, f);
        let text = folded.text.as_str();
        let Workspace {
            tokens,
            word_ids,
            lattice,
            features,
            scratch,
            starts,
        } = workspace;
        let name_ranges = names.iter().map(|n| n.start..n.end);
        for (sentence, taken) in sentences::split_overlapping(text, name_ranges, &case_at) {
            tokens.clear();
            tokenize(text, sentence.clone(), tokens);
            tables.vocabulary.number_tokens(tokens, text, word_ids);
            let sentence_names = &names[taken];
            self.sentence(
                folded,
                prose,
                tokens,
                word_ids,
                sentence_names,
                pack,
                tables,
                ctx,
                &case_at,
                SentenceBuffers {
                    lattice,
                    features,
                    scratch,
                    starts,
                },
                out,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        folded: &Folded,
        prose: &str,
        tokens: &[Token],
        word_ids: &[u32],
        names: &[NameMatch],
        pack: &Pack,
        tables: &PackTables<'_>,
        ctx: ArticleContext<'_>,
        case_at: &dyn Fn(usize) -> Case,
        buffers: SentenceBuffers<'_>,
        out: &mut Extraction,
    ) {
        let SentenceBuffers {
            lattice: lattice_buffers,
            features,
            scratch,
            starts,
        } = buffers;
        let text = folded.text.as_str();
        let lattice = SentenceLattice::new(
            text,
            tokens,
            pack,
            &self.lexicon,
            names,
            ctx.lang,
            NumberedWords {
                ids: word_ids,
                vocabulary: &tables.vocabulary,
            },
            lattice_buffers,
        );
        tables.needs.features(&lattice, features);
        let features = &*features;
        starts.clear();
        starts.resize(tables.start_group_count * tokens.len(), StartKnown::NotYet);
        // Markers matter only once a pattern has matched (or for `explain`),
        // so a sentence that no pattern reads is never searched for them.
        let markers = OnceCell::new();
        let markers_of = || {
            markers.get_or_init(|| {
                self.sentence_markers(tokens, word_ids, text, pack, &tables.markers, case_at)
            })
        };
        if ctx.trace {
            let m = markers_of();
            out.sentences.push(self.trace(
                folded,
                prose,
                tokens,
                &lattice,
                pack,
                m.question,
                &[
                    ("hedge", &m.hedges),
                    ("conditional", &m.conditionals),
                    ("negation", &m.negations),
                    ("former", &m.former),
                ],
            ));
        }
        for p in tables.needs.candidates(features, &lattice) {
            let pattern = &pack.patterns[p];
            // Matches of one pattern do not overlap: once a list is read
            // whole, its tail is not read again as a shorter list.
            let mut from = 0;
            let program = &tables.programs[p];
            let known_starts = &mut starts[tables.start_groups[p] * tokens.len()..];
            let mut can_start = |at: usize| {
                if !tables.needs.may_start_at(p, features, at) {
                    return false;
                }
                let known = &mut known_starts[at];
                if *known == StartKnown::NotYet {
                    *known = if could_start(program, &lattice, at) {
                        StartKnown::Yes
                    } else {
                        StartKnown::No
                    };
                }
                *known == StartKnown::Yes
            };
            let mut more = true;
            while more
                && let Some((start, m)) = vm::search(
                    program,
                    &lattice,
                    from..tokens.len(),
                    &mut can_start,
                    scratch,
                )
            {
                from = m.end.max(start + 1);
                more = tables.needs.may_match_from(p, features, from);
                let SentenceMarkers {
                    question,
                    hedges,
                    conditionals,
                    negations,
                    former,
                } = markers_of();
                for claim in build_claims(pattern, &m, tokens, folded, prose) {
                    let reason = if *question {
                        Some("the sentence is a question".to_string())
                    } else if let Some(&h) = hedges.iter().find(|&&h| h < m.end) {
                        Some(format!("hedged by {:?}", tokens[h].text(text)))
                    } else if let Some(&c) = conditionals.iter().find(|&&c| c < m.end) {
                        Some(format!("conditional ({:?})", tokens[c].text(text)))
                    } else if pattern.kind != ClaimKind::NonMembership
                        && let Some(&n) = negations.iter().find(|&&n| n + 2 >= m.start && n < m.end)
                    {
                        Some(format!("negated by {:?}", tokens[n].text(text)))
                    } else if pattern.kind == ClaimKind::Count
                        && restricted(tokens, text, &m, pack, &lattice, case_at)
                    {
                        Some(
                            "the number counts a subset: a relative clause or names follow it"
                                .to_string(),
                        )
                    } else if pattern.event {
                        None
                    } else {
                        other_year(tokens, text, &m, pack, ctx.year)
                            .map(|y| format!("about {y}, not the article's date"))
                    };
                    let mut claim = claim;
                    if let Statement::Office { former: f, .. } = &mut claim.statement {
                        if !*f && former.iter().any(|&i| i + 2 >= m.start && i < m.end) {
                            *f = true;
                            claim.kind = ClaimKind::FormerOffice;
                        }
                    }
                    match reason {
                        Some(reason) => out.rejected.push(Rejected { claim, reason }),
                        None => out.claims.push(claim),
                    }
                }
            }
        }
    }

    /// Whether the sentence is a question, and where its hedges,
    /// conditionals, negations and former-office markers start.
    fn sentence_markers(
        &self,
        tokens: &[Token],
        word_ids: &[u32],
        text: &str,
        pack: &Pack,
        markers: &Markers<'_>,
        case_at: &dyn Fn(usize) -> Case,
    ) -> SentenceMarkers {
        let question = tokens
            .last()
            .is_some_and(|t| t.kind == TokenKind::Punct('?'))
            || tokens
                .first()
                .is_some_and(|t| text[..t.start].trim_end().ends_with('¿'));
        let [mut hedges, conditionals, negations, former] = markers.find(tokens, word_ids, text);
        // A capitalised hedge word inside a sentence is a name or a month
        // (`in May`), not a modal.
        if !pack.capitalized_nouns {
            hedges.retain(|&i| i == 0 || case_at(tokens[i].start) != Case::Upper);
        }
        SentenceMarkers {
            question,
            hedges,
            conditionals,
            negations,
            former,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn trace(
        &self,
        folded: &Folded,
        prose: &str,
        tokens: &[Token],
        lattice: &SentenceLattice<'_>,
        pack: &Pack,
        question: bool,
        markers: &[(&str, &Vec<usize>)],
    ) -> SentenceTrace {
        let text = folded.text.as_str();
        let orig = |r: Range<usize>| folded.original_range(prose, r);
        let span = match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => orig(a.start..b.end),
            _ => 0..0,
        };
        let mentions = lattice
            .mentions
            .iter()
            .map(|m| {
                (
                    orig(m.folded.clone()),
                    lattice.senses(m).map(|s| (s.entity, s.demonym)).collect(),
                )
            })
            .collect();
        let mut numbers = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match pack.numbers.read(text, tokens, i) {
                Some((value, len)) if !lattice.starts_mention(i) => {
                    numbers.push((orig(tokens[i].start..tokens[i + len - 1].end), value));
                    i += len;
                }
                _ => i += 1,
            }
        }
        let markers = markers
            .iter()
            .flat_map(|(name, at)| at.iter().map(move |&i| (name.to_string(), i)))
            .map(|(name, i)| (name, orig(tokens[i].range())))
            .collect();
        SentenceTrace {
            span,
            mentions,
            numbers,
            markers,
            question,
        }
    }
}

/// Whether `program` can match starting at `at`: a cheap test that spares
/// the VM most start positions.
///
/// A program that starts with a consuming instruction is tested on that
/// instruction alone. Otherwise every instruction that can consume the first
/// token is tested with a condition that holds wherever the VM could take it,
/// so that a position is skipped only where the VM would find no match.
fn could_start(program: &Program, lattice: &SentenceLattice<'_>, at: usize) -> bool {
    match &program.insts[0] {
        Inst::Word(word) => word.is_at(lattice, at),
        Inst::Phrases {
            phrases,
            optional: false,
            first_words,
        } => vm::phrases_at(phrases, first_words, lattice, at)
            .next()
            .is_some(),
        Inst::Punct(c) => lattice.punct(at) == Some(*c),
        Inst::Slot(SlotKind::Number) => lattice.number_at(at).is_some(),
        Inst::Slot(SlotKind::Role) => lattice.roles.iter().any(|r| r.first == at),
        Inst::Slot(kind) => lattice.mention_fills(*kind, at),
        Inst::ListItem => lattice.mention_fills(SlotKind::Members, at),
        _ if program.starts_anywhere => true,
        _ => program.first.iter().any(|inst| match inst {
            Inst::Word(word) => word.is_at(lattice, at),
            Inst::Phrases {
                phrases,
                first_words,
                ..
            } => vm::phrases_at(phrases, first_words, lattice, at)
                .next()
                .is_some(),
            Inst::Punct(c) => lattice.punct(at) == Some(*c),
            Inst::Slot(SlotKind::Number) => lattice.number_at(at).is_some(),
            Inst::AnyWord => lattice.word(at).is_some(),
            Inst::Slot(SlotKind::Role) => lattice.roles.iter().any(|r| r.first == at),
            Inst::Slot(kind) => lattice.could_fill_entity(*kind, at),
            Inst::ListItem => lattice.could_fill_entity(SlotKind::Members, at),
            Inst::ListConjunction => lattice.is_list_conjunction(at),
            Inst::GluedConjunction => lattice.glued_conjunction(at),
            // Fillers lead only to a list item, which needs a mention (or a
            // classifier noun and then a mention) within the filler run.
            Inst::ListFiller => {
                lattice.word(at).is_some()
                    && !lattice.starts_mention(at)
                    && !lattice.is_list_conjunction(at)
                    && (at + 1..=at + LIST_FILLER + 1).any(|p| lattice.starts_mention(p))
            }
            _ => true,
        }),
    }
}

/// Whether a count is restricted to a subset by what follows it right away:
/// a relative pronoun with no comma before it (`the two NATO members that
/// blocked it`) or the names of the members counted (`the two NATO members
/// Turkey and Hungary`).
fn restricted(
    tokens: &[Token],
    text: &str,
    m: &Match<Filler>,
    pack: &Pack,
    lattice: &SentenceLattice<'_>,
    case_at: &dyn Fn(usize) -> Case,
) -> bool {
    let Some(next) = tokens.get(m.end) else {
        return false;
    };
    // A capitalised word right after the count, in a language whose common
    // nouns are lower case, is a name: members the rules may not declare.
    let proper_noun_follows = !pack.capitalized_nouns
        && next.kind == TokenKind::Word
        && case_at(next.start) == Case::Upper
        && lattice.mention_at(m.end).is_none();
    let relative =
        next.kind == TokenKind::Word && pack.relatives.iter().any(|r| r == next.text(text));
    // The organization's own name in apposition (`(Asean)`) restricts nothing.
    let members_named = lattice.mention_at(m.end).is_some_and(|mention| {
        lattice
            .senses(mention)
            .any(|s| matches!(s.kind, EntityKind::Country | EntityKind::Other))
    });
    relative || members_named || proper_noun_follows
}

/// A year (1900–2100) in the sentence that dates the claim to another time:
/// before the claim and not introduced by a `since` word, or right after it
/// without a comma between. Returns that year.
fn other_year(
    tokens: &[Token],
    text: &str,
    m: &Match<Filler>,
    pack: &Pack,
    article_year: Option<i16>,
) -> Option<u16> {
    let captured: Vec<usize> = m
        .captures
        .iter()
        .filter(|c| c.kind == SlotKind::Number)
        .flat_map(|c| c.tokens.clone())
        .collect();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Digits || captured.contains(&i) {
            continue;
        }
        let Ok(year) = t.text(text).parse::<u16>() else {
            continue;
        };
        if !(1900..=2100).contains(&year) || article_year == Some(year as i16) {
            continue;
        }
        let introduced_by_since = (i.saturating_sub(3)..i)
            .any(|j| pack.since.iter().any(|p| phrase_at(tokens, text, j, p)));
        if introduced_by_since {
            continue;
        }
        let separated_after = i >= m.end
            && tokens[m.end..i]
                .iter()
                .any(|t| matches!(t.kind, TokenKind::Punct(',' | ';' | ':')));
        if separated_after {
            continue;
        }
        return Some(year);
    }
    None
}

fn named(filler: &Filler, folded: &Folded, prose: &str) -> Option<Named> {
    match filler {
        Filler::Entity {
            entity,
            folded: range,
        } => Some(Named {
            entity: *entity,
            span: folded.original_range(prose, range.clone()),
        }),
        _ => None,
    }
}

fn build_claims(
    pattern: &Pattern,
    m: &Match<Filler>,
    tokens: &[Token],
    folded: &Folded,
    prose: &str,
) -> Vec<Claim> {
    if m.end <= m.start {
        return Vec::new();
    }
    // The comma that closes an apposition (`Fumio Kishida,`) is matched but
    // is not part of the quote.
    let last = (m.start..m.end)
        .rev()
        .find(|&i| !matches!(tokens[i].kind, TokenKind::Punct(_)))
        .unwrap_or(m.end - 1);
    let span = folded.original_range(prose, tokens[m.start].start..tokens[last].end);
    let of_kind = |kind: SlotKind| {
        m.captures
            .iter()
            .filter(move |c| c.kind == kind)
            .map(|c| &c.value)
    };
    let organization = of_kind(SlotKind::Organization)
        .next()
        .and_then(|f| named(f, folded, prose));
    let members: Vec<Named> = of_kind(SlotKind::Member)
        .chain(of_kind(SlotKind::Members))
        .filter_map(|f| named(f, folded, prose))
        .filter(|n| organization.as_ref().is_none_or(|o| o.entity != n.entity))
        .collect();
    let claim = |statement| Claim {
        kind: pattern.kind,
        statement,
        span: span.clone(),
        pattern: pattern.origin.clone(),
    };
    match pattern.kind {
        ClaimKind::Membership | ClaimKind::NonMembership => {
            let Some(org) = organization else {
                return Vec::new();
            };
            members
                .into_iter()
                .map(|member| {
                    claim(Statement::Member {
                        member,
                        organization: org.clone(),
                        negated: pattern.kind == ClaimKind::NonMembership,
                    })
                })
                .collect()
        }
        ClaimKind::Count => {
            let number = of_kind(SlotKind::Number).find_map(|f| match f {
                Filler::Number(n) => Some(*n),
                _ => None,
            });
            match (organization, number) {
                (Some(organization), Some(number)) => vec![claim(Statement::Count {
                    organization,
                    number,
                })],
                _ => Vec::new(),
            }
        }
        ClaimKind::MemberList => match organization {
            Some(organization) if members.len() >= 2 => {
                let mut unique: Vec<Named> = Vec::new();
                for n in members {
                    if !unique.iter().any(|u| u.entity == n.entity) {
                        unique.push(n);
                    }
                }
                vec![claim(Statement::MemberList {
                    organization,
                    members: unique,
                })]
            }
            _ => Vec::new(),
        },
        ClaimKind::Office | ClaimKind::FormerOffice => {
            let person = of_kind(SlotKind::Person)
                .next()
                .and_then(|f| named(f, folded, prose));
            let role = of_kind(SlotKind::Role).find_map(|f| match f {
                Filler::Role { role, of } => Some((*role, *of)),
                _ => None,
            });
            let explicit_of = of_kind(SlotKind::Of).find_map(|f| match f {
                Filler::Entity { entity, .. } => Some(*entity),
                _ => None,
            });
            match (person, role) {
                (Some(person), Some((role, of))) => vec![claim(Statement::Office {
                    person,
                    role,
                    of: explicit_of.or(of),
                    former: pattern.kind == ClaimKind::FormerOffice,
                })],
                _ => Vec::new(),
            }
        }
    }
}

/// Whether two statements say the same thing: the same entities in the
/// same roles (a list's members in any order), number and polarity.
fn same_statement(a: &Statement, b: &Statement) -> bool {
    match (a, b) {
        (
            Statement::Member {
                member: m1,
                organization: o1,
                negated: n1,
            },
            Statement::Member {
                member: m2,
                organization: o2,
                negated: n2,
            },
        ) => m1.entity == m2.entity && o1.entity == o2.entity && n1 == n2,
        (
            Statement::Count {
                organization: o1,
                number: n1,
            },
            Statement::Count {
                organization: o2,
                number: n2,
            },
        ) => o1.entity == o2.entity && n1 == n2,
        (
            Statement::Office {
                person: p1,
                role: r1,
                of: f1,
                ..
            },
            Statement::Office {
                person: p2,
                role: r2,
                of: f2,
                ..
            },
        ) => p1.entity == p2.entity && r1 == r2 && f1 == f2,
        // Lists are rare enough to compare through their sorted keys.
        (Statement::MemberList { .. }, Statement::MemberList { .. }) => {
            statement_key(a) == statement_key(b)
        }
        _ => false,
    }
}

/// The identity of a claim's statement, ignoring where its words are.
fn statement_key(s: &Statement) -> (u8, Vec<EntityId>, u32, bool) {
    match s {
        Statement::Member {
            member,
            organization,
            negated,
        } => (0, vec![member.entity, organization.entity], 0, *negated),
        Statement::Count {
            organization,
            number,
        } => (1, vec![organization.entity], *number, false),
        Statement::MemberList {
            organization,
            members,
        } => {
            let mut ids: Vec<EntityId> = members.iter().map(|m| m.entity).collect();
            ids.sort_unstable();
            ids.insert(0, organization.entity);
            (2, ids, 0, false)
        }
        Statement::Office {
            person, role, of, ..
        } => (
            3,
            vec![person.entity, *role, of.unwrap_or(usize::MAX)],
            0,
            false,
        ),
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Spans indexed by where they start, to find those that overlap a span
/// without comparing it with every other: a text of one enormous line may
/// hold a million claims.
#[derive(Default)]
struct Spans {
    /// `(start, item)`, which orders items by where their spans start
    /// without a list per start.
    by_start: BTreeSet<(usize, usize)>,
    /// The length of the longest span: a span that overlaps another starts
    /// at most this far before it.
    longest: usize,
}

impl Spans {
    fn insert(&mut self, span: &Range<usize>, item: usize) {
        self.by_start.insert((span.start, item));
        self.longest = self.longest.max(span.len());
    }

    /// The items whose spans overlap `span`, among others that start near it.
    fn near(&self, span: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.by_start
            .range((span.start.saturating_sub(self.longest), 0)..(span.end, 0))
            .map(|&(_, item)| item)
    }
}

/// Several patterns often read the same claim from overlapping words: keep
/// the widest reading. A former-holder reading beats a current-holder one of
/// the same words, and an office claim that names the country beats one that
/// does not.
fn dedupe(claims: &mut Vec<Claim>) {
    let formers: Vec<(EntityId, EntityId, Range<usize>)> = claims
        .iter()
        .filter_map(|c| match &c.statement {
            Statement::Office {
                person,
                role,
                former: true,
                ..
            } => Some((person.entity, *role, c.span.clone())),
            _ => None,
        })
        .collect();
    let mut former_spans = Spans::default();
    for (i, (_, _, span)) in formers.iter().enumerate() {
        former_spans.insert(span, i);
    }
    claims.retain(|c| match &c.statement {
        Statement::Office {
            person,
            role,
            former: false,
            ..
        } => !former_spans.near(&c.span).any(|i| {
            let (p, r, span) = &formers[i];
            *p == person.entity && r == role && overlaps(span, &c.span)
        }),
        _ => true,
    });
    claims.sort_by(|a, b| {
        (b.span.end - b.span.start)
            .cmp(&(a.span.end - a.span.start))
            .then(a.span.start.cmp(&b.span.start))
    });
    let mut kept: Vec<Claim> = Vec::with_capacity(claims.len());
    let mut kept_spans = Spans::default();
    for c in claims.drain(..) {
        let dominated = kept_spans.near(&c.span).any(|i| {
            let k = &kept[i];
            if !overlaps(&k.span, &c.span) {
                return false;
            }
            if same_statement(&k.statement, &c.statement) {
                return true;
            }
            // A shorter list of the same organization's members inside a
            // longer one is a partial reading of the same words.
            if let (
                Statement::MemberList {
                    organization: o1, ..
                },
                Statement::MemberList {
                    organization: o2, ..
                },
            ) = (&k.statement, &c.statement)
            {
                return o1.entity == o2.entity;
            }
            match (&k.statement, &c.statement) {
                (
                    Statement::Office {
                        person: p1,
                        role: r1,
                        of: o1,
                        former: f1,
                    },
                    Statement::Office {
                        person: p2,
                        role: r2,
                        of: o2,
                        former: f2,
                    },
                ) => p1.entity == p2.entity && r1 == r2 && f1 == f2 && (o2.is_none() || o1 == o2),
                _ => false,
            }
        });
        if !dominated {
            kept_spans.insert(&c.span, kept.len());
            kept.push(c);
        }
    }
    drop_members_of_read_lists(&mut kept);
    kept.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.span.end.cmp(&b.span.end))
    });
    *claims = kept;
}

/// A member list and the membership of each listed member are two readings
/// of the same words (`Zu AUKUS gehören Australien, Japan und die USA`); the
/// list says more, and keeping both would report one fact as supported and
/// contradicted by one quote. The membership readings go.
fn drop_members_of_read_lists(claims: &mut Vec<Claim>) {
    let mut lists = Spans::default();
    for (i, c) in claims.iter().enumerate() {
        if matches!(c.statement, Statement::MemberList { .. }) {
            lists.insert(&c.span, i);
        }
    }
    if lists.by_start.is_empty() {
        return;
    }
    let listed: Vec<bool> = claims
        .iter()
        .map(|c| match &c.statement {
            Statement::Member {
                member,
                organization,
                negated: false,
            } => lists.near(&c.span).any(|i| {
                matches!(&claims[i].statement, Statement::MemberList { organization: o, members }
                    if o.entity == organization.entity
                        && overlaps(&claims[i].span, &c.span)
                        && members.iter().any(|m| m.entity == member.entity))
            }),
            _ => false,
        })
        .collect();
    let mut index = 0;
    claims.retain(|_| {
        index += 1;
        !listed[index - 1]
    });
}
