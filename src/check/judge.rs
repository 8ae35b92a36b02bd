//! Judges claims against the facts at the article's date.
//!
//! The spec's semantics: periods are half-open; a roster implies its
//! members' membership, the non-membership of other declared entities of its
//! members' kinds, and the member count; counts compare with their bound;
//! an office claim is supported when the person held the role at the date,
//! and a former-holder claim when one of the person's terms had ended by
//! then. Where no fact decides, there is no finding. Each finding cites the
//! most specific fact: a direct statement before a roster's implication.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use jiff::civil::Date;

use super::finding::{Finding, FindingSeverity, Verdict};
use super::message::{self, Names};
use crate::claims::{Claim, Statement};
use crate::rules::model::{
    Assertion, Bound, DateRange, EntityId, Fact, FactId, RuleSet, Severity,
    Statement as FactStatement,
};

/// A rule set with its assertions and facts indexed by the entity a claim
/// is looked up with, so that judging a claim reads only the facts about
/// its organization, person or role, however large the rule set.
pub struct Judge<'r> {
    rules: &'r RuleSet,
    /// The membership assertions about each (member, organization), in
    /// rule-set order. Keyed by both entities because a roster implies the
    /// non-membership of every other declared entity of its members' kinds,
    /// so one organization can carry hundreds of assertions of which a claim
    /// needs one or two.
    members: HashMap<(EntityId, EntityId), MemberIndex>,
    /// The count assertions about each organization.
    counts: HashMap<EntityId, CountIndex>,
    /// Indices into `rules.facts` of the rosters of each organization, in
    /// rule-set order.
    rosters: HashMap<EntityId, Vec<FactId>>,
    /// The office facts of each role.
    offices: HashMap<EntityId, OfficeIndex>,
    /// What every finding of each fact copies from it, by `FactId`.
    facts: Vec<FactRecord>,
    /// The entities' ids and display names, which every finding's claim and
    /// message read.
    names: Names<'r>,
}

/// What a finding copies from its fact: the id and source made once, so
/// that every finding shares them instead of copying them, side by side
/// with the severity, so that making a finding reads one place in memory
/// rather than three (on a large rule set each was most often a cache
/// miss).
#[derive(Debug)]
struct FactRecord {
    id: Arc<str>,
    source: Option<Arc<str>>,
    severity: Severity,
}

/// The membership assertions of one (member, organization), in rule-set
/// order, and the distinct (negated, period) pairs its messages list,
/// sorted by start and worded: the same for every claim, so made once.
#[derive(Debug, Default)]
struct MemberIndex {
    assertions: Vec<MemberAssertion>,
    parts: Vec<message::MemberPart>,
}

/// The count assertions about one organization, in rule-set order, and the
/// distinct (bound, number, period) triples its messages list, sorted by
/// start.
#[derive(Debug, Default)]
struct CountIndex {
    assertions: Vec<CountAssertion>,
    periods: Vec<message::CountPart>,
}

/// The office facts of one role: in rule-set order for judging, sorted by
/// start for messages, and the role's name in running text, which every
/// message about the role writes.
#[derive(Debug, Default)]
struct OfficeIndex {
    terms: Vec<Term>,
    by_start: Vec<message::Term>,
    role_text: String,
}

/// A membership assertion with everything judging and wording a claim
/// read from it, kept in the index itself so that judging a claim does not
/// chase the assertion and then its fact through memory.
#[derive(Debug, Clone, Copy)]
struct MemberAssertion {
    fact: FactId,
    /// Stated by the fact rather than implied by a roster.
    direct: bool,
    negated: bool,
    period: DateRange,
}

/// A count assertion, kept like [`MemberAssertion`].
#[derive(Debug, Clone, Copy)]
struct CountAssertion {
    fact: FactId,
    direct: bool,
    bound: Bound,
    number: u32,
    period: DateRange,
}

impl<'r> Judge<'r> {
    pub fn new(rules: &'r RuleSet) -> Judge<'r> {
        let mut members: HashMap<(EntityId, EntityId), MemberIndex> = HashMap::new();
        let mut counts: HashMap<EntityId, CountIndex> = HashMap::new();
        for d in &rules.derived {
            let period = rules.facts[d.fact].period;
            match d.assertion {
                Assertion::Member {
                    member,
                    organization,
                    negated,
                } => members
                    .entry((member, organization))
                    .or_default()
                    .assertions
                    .push(MemberAssertion {
                        fact: d.fact,
                        direct: d.direct,
                        negated,
                        period,
                    }),
                Assertion::Count {
                    organization,
                    bound,
                    number,
                } => counts
                    .entry(organization)
                    .or_default()
                    .assertions
                    .push(CountAssertion {
                        fact: d.fact,
                        direct: d.direct,
                        bound,
                        number,
                        period,
                    }),
                Assertion::Office { .. } => {}
            }
        }
        let names = Names::new(rules);
        for (&(member, organization), index) in &mut members {
            index.parts = message::member_parts(
                &names,
                member,
                organization,
                index.assertions.iter().map(|a| (a.negated, a.period)),
            );
        }
        for (&organization, index) in &mut counts {
            index.periods = message::count_periods(
                &names,
                organization,
                index
                    .assertions
                    .iter()
                    .map(|a| (a.bound, a.number, a.period)),
            );
        }
        let mut rosters: HashMap<EntityId, Vec<FactId>> = HashMap::new();
        let mut offices: HashMap<EntityId, OfficeIndex> = HashMap::new();
        for (i, f) in rules.facts.iter().enumerate() {
            match f.statement {
                FactStatement::Roster { organization, .. } => {
                    rosters.entry(organization).or_default().push(i)
                }
                FactStatement::Office { person, role, of } => {
                    offices.entry(role).or_default().terms.push(Term {
                        fact: i,
                        person,
                        of,
                        period: f.period,
                    })
                }
                _ => {}
            }
        }
        for (&role, index) in &mut offices {
            index.role_text = message::role_name(&names, role);
            index.by_start = index
                .terms
                .iter()
                .map(|t| message::Term::new(&names, &index.role_text, t.person, t.of, t.period))
                .collect();
            // Stable, so terms that start together stay in rule-set order.
            index.by_start.sort_by_key(|t| t.period.start);
        }
        Judge {
            rules,
            members,
            counts,
            rosters,
            offices,
            facts: rules
                .facts
                .iter()
                .map(|f| FactRecord {
                    id: Arc::from(f.id.as_str()),
                    source: f.source.as_deref().map(Arc::from),
                    severity: f.severity,
                })
                .collect(),
            names,
        }
    }

    /// Judges every claim; returns the findings sorted by span.
    pub fn judge_all(&self, claims: &[Claim], date: Date) -> Vec<Finding> {
        let opening = message::opening(date);
        sorted(
            claims
                .iter()
                .filter_map(|c| {
                    let mut finding = judge_with(self, c, date, &opening)?;
                    finding.pattern = c.pattern.clone();
                    Some(finding)
                })
                .collect(),
        )
    }

    /// [`Judge::judge_all`] for claims the caller no longer needs: each
    /// finding takes its claim's pattern instead of a copy of it.
    pub fn judge_owned(&self, claims: Vec<Claim>, date: Date) -> Vec<Finding> {
        let opening = message::opening(date);
        sorted(
            claims
                .into_iter()
                .filter_map(|mut c| {
                    let mut finding = judge_with(self, &c, date, &opening)?;
                    finding.pattern = std::mem::take(&mut c.pattern);
                    Some(finding)
                })
                .collect(),
        )
    }

    /// Judges one claim; `None` when no fact decides it at `date`.
    pub fn judge(&self, claim: &Claim, date: Date) -> Option<Finding> {
        let mut finding = judge_with(self, claim, date, &message::opening(date))?;
        finding.pattern = claim.pattern.clone();
        Some(finding)
    }

    /// Every fact that decides a claim at `date`, with its verdict. `check`
    /// reports only the most specific one (see [`Judge::judge`]); `factlint
    /// test` accepts any, so an example written for a roster passes when a
    /// direct membership fact also decides it.
    pub fn decisions(&self, claim: &Claim, date: Date) -> Vec<(FactId, Verdict)> {
        match &claim.statement {
            Statement::Member { .. } | Statement::Count { .. } => {
                assertion_decisions(self, claim, date)
            }
            _ => judge_with(self, claim, date, &message::opening(date))
                .map(|f| (f.fact, f.verdict))
                .into_iter()
                .collect(),
        }
    }

    /// The membership assertions of `member` in `organization`.
    fn members_of(&self, member: EntityId, organization: EntityId) -> Option<&MemberIndex> {
        self.members.get(&(member, organization))
    }

    /// The count assertions about `organization`.
    fn counts_of(&self, organization: EntityId) -> Option<&CountIndex> {
        self.counts.get(&organization)
    }

    /// The rosters of `organization`.
    fn rosters_of(&self, organization: EntityId) -> impl Iterator<Item = (FactId, &'r Fact)> + '_ {
        self.rosters
            .get(&organization)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.rules.facts[i]))
    }
}

/// Judges every claim; returns the findings sorted by span.
pub fn judge_all(rules: &RuleSet, claims: &[Claim], date: Date) -> Vec<Finding> {
    Judge::new(rules).judge_all(claims, date)
}

/// Sorts findings by span (then fact id) and removes a claim read twice.
fn sorted(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.fact_id).cmp(&(b.span.start, b.span.end, &b.fact_id))
    });
    findings.dedup_by(|a, b| a.span == b.span && a.fact == b.fact && a.verdict == b.verdict);
    findings
}

/// The finding of `claim` for `fact`, without its pattern, which the
/// caller moves or copies from the claim.
fn finding(
    judge: &Judge<'_>,
    claim: &Claim,
    fact: FactId,
    verdict: Verdict,
    message: String,
) -> Finding {
    let record = &judge.facts[fact];
    Finding {
        fact,
        fact_id: record.id.clone(),
        verdict,
        severity: FindingSeverity::for_verdict(verdict, record.severity),
        span: claim.span.clone(),
        claim: message::claim_text_with(&judge.names, &claim.statement),
        message,
        source: record.source.clone(),
        pattern: String::new(),
    }
}

/// Judges one claim; `None` when no fact decides it at `date`.
pub fn judge(rules: &RuleSet, claim: &Claim, date: Date) -> Option<Finding> {
    Judge::new(rules).judge(claim, date)
}

/// Judges one claim, leaving the finding's pattern empty (see [`finding`]).
/// `opening` is the [`message::opening`] of `date`.
fn judge_with(judge: &Judge<'_>, claim: &Claim, date: Date, opening: &str) -> Option<Finding> {
    let rules = judge.rules;
    match &claim.statement {
        Statement::Member {
            member,
            organization,
            negated,
        } => {
            let index = judge.members_of(member.entity, organization.entity)?;
            let (fact, verdict) = first_member_decision(index, *negated, date)?;
            let text = message::membership_with(opening, &index.parts, date);
            Some(finding(judge, claim, fact, verdict, text))
        }
        Statement::Count {
            organization,
            number,
        } => {
            let o = organization.entity;
            let index = judge.counts_of(o)?;
            let (fact, verdict) = first_count_decision(index, *number, date)?;
            let text = message::count_with(&judge.names, opening, &index.periods, o, date);
            Some(finding(judge, claim, fact, verdict, text))
        }
        Statement::MemberList {
            organization,
            members,
        } => {
            let o = organization.entity;
            let (fact, roster) = judge.rosters_of(o).find_map(|(i, f)| match &f.statement {
                FactStatement::Roster {
                    organization,
                    members,
                } if *organization == o && f.period.contains(date) => Some((i, members)),
                _ => None,
            })?;
            let claimed: Vec<EntityId> = members.iter().map(|m| m.entity).collect();
            let extra: Vec<EntityId> = claimed
                .iter()
                .copied()
                .filter(|m| !roster.contains(m))
                .collect();
            let missing: Vec<EntityId> = roster
                .iter()
                .copied()
                .filter(|m| !claimed.contains(m))
                .collect();
            let verdict = if extra.is_empty() && missing.is_empty() {
                Verdict::Supported
            } else {
                Verdict::Contradicted
            };
            let text =
                message::member_list_with(rules, &judge.names, opening, fact, &extra, &missing);
            let mut f = finding(judge, claim, fact, verdict, text);
            // Point at the first wrong member when there is one: that is the
            // word an editor must change.
            if let Some(wrong) = members.iter().find(|m| extra.contains(&m.entity)) {
                f.span = claim.span.start.min(wrong.span.start)..claim.span.end.max(wrong.span.end);
            }
            Some(f)
        }
        Statement::Office {
            person,
            role,
            of,
            former,
        } => judge_office(
            judge,
            claim,
            person.entity,
            *role,
            *of,
            *former,
            date,
            opening,
        ),
    }
}

/// An office fact, unpacked.
#[derive(Debug, Clone, Copy)]
struct Term {
    fact: FactId,
    person: EntityId,
    of: EntityId,
    period: DateRange,
}

#[allow(clippy::too_many_arguments)]
fn judge_office(
    judge: &Judge<'_>,
    claim: &Claim,
    person: EntityId,
    role: EntityId,
    of: Option<EntityId>,
    former: bool,
    date: Date,
    opening: &str,
) -> Option<Finding> {
    let office = judge.offices.get(&role)?;
    // The terms of the office asked about, and the person's own, in
    // rule-set order: iterators over the index rather than collected lists,
    // since each question below reads them once or twice.
    let all = office.terms.iter().filter(|t| of.is_none_or(|x| x == t.of));
    let own = all.clone().filter(|t| t.person == person);
    let holding = own.clone().find(|t| t.period.contains(date));
    let ended = own
        .clone()
        .filter(|t| t.period.end.is_some_and(|e| e <= date))
        .max_by_key(|t| t.period.end);
    let upcoming = own
        .clone()
        .filter(|t| t.period.start.is_some_and(|s| s > date))
        .min_by_key(|t| t.period.start);
    let text = || {
        let of_for_message = of.or_else(|| own.clone().next().map(|t| t.of));
        message::office_with(
            &judge.names,
            opening,
            &office.by_start,
            &office.role_text,
            person,
            of_for_message,
            date,
        )
    };
    if former {
        if let Some(t) = holding {
            return Some(finding(judge, claim, t.fact, Verdict::Contradicted, text()));
        }
        if let Some(t) = ended {
            return Some(finding(judge, claim, t.fact, Verdict::Supported, text()));
        }
        return upcoming.map(|t| finding(judge, claim, t.fact, Verdict::Contradicted, text()));
    }
    if let Some(t) = holding {
        return Some(finding(judge, claim, t.fact, Verdict::Supported, text()));
    }
    if let Some(t) = ended.or(upcoming) {
        return Some(finding(judge, claim, t.fact, Verdict::Contradicted, text()));
    }
    // The person has no term in this role; someone else held it then.
    let of = of?;
    let holder = all
        .clone()
        .find(|t| t.of == of && t.person != person && t.period.contains(date))?;
    Some(finding(
        judge,
        claim,
        holder.fact,
        Verdict::Contradicted,
        text(),
    ))
}

fn verdict_of(agrees: bool) -> Verdict {
    if agrees {
        Verdict::Supported
    } else {
        Verdict::Contradicted
    }
}

/// The first of [`assertion_decisions`] for a membership claim (negated
/// or not) with the assertions of its member in its organization, found
/// without sorting or collecting them: the least by the same keys, the
/// earliest in rule-set order among equals, as the stable sorts there
/// leave it first.
fn first_member_decision(
    index: &MemberIndex,
    negated: bool,
    date: Date,
) -> Option<(FactId, Verdict)> {
    index
        .assertions
        .iter()
        .filter(|a| a.period.contains(date))
        .min_by_key(|a| (!a.direct, a.fact))
        .map(|a| (a.fact, verdict_of(a.negated == negated)))
}

/// The first of [`assertion_decisions`] for a claim of `number` members
/// with the count assertions about its organization, found as
/// [`first_member_decision`] finds its.
fn first_count_decision(index: &CountIndex, number: u32, date: Date) -> Option<(FactId, Verdict)> {
    index
        .assertions
        .iter()
        .filter(|a| a.period.contains(date))
        .filter_map(|a| count_decision(a, number).map(|(exact, v)| (exact, a, v)))
        .min_by_key(|(exact, a, _)| (!exact, !a.direct, a.fact))
        .map(|(_, a, verdict)| (a.fact, verdict))
}

/// Whether a count assertion decides a claim of `number` members, and
/// how: an exact count decides every number (and is marked `true`), a
/// bound only the numbers it rules out.
fn count_decision(a: &CountAssertion, number: u32) -> Option<(bool, Verdict)> {
    match a.bound {
        Bound::Exactly => Some((true, verdict_of(a.number == number))),
        Bound::AtLeast if number < a.number => Some((false, Verdict::Contradicted)),
        Bound::AtMost if number > a.number => Some((false, Verdict::Contradicted)),
        _ => None,
    }
}

/// The facts whose assertions decide a membership or count claim at
/// `date`, with their verdicts, most specific first: direct statements
/// before a roster's implications, and an exact count (which decides every
/// number) before bounds (which decide only the numbers they rule out).
/// Other claims get none here.
fn assertion_decisions(judge: &Judge<'_>, claim: &Claim, date: Date) -> Vec<(FactId, Verdict)> {
    match &claim.statement {
        Statement::Member {
            member,
            organization,
            negated,
        } => {
            // The assertions in force, direct ones first.
            let mut found: Vec<&MemberAssertion> = judge
                .members_of(member.entity, organization.entity)
                .map_or(&[][..], |i| &i.assertions)
                .iter()
                .filter(|a| a.period.contains(date))
                .collect();
            found.sort_by_key(|a| (!a.direct, a.fact));
            found
                .into_iter()
                .map(|a| (a.fact, verdict_of(a.negated == *negated)))
                .collect()
        }
        Statement::Count {
            organization,
            number,
        } => {
            let mut found: Vec<&CountAssertion> = judge
                .counts_of(organization.entity)
                .map_or(&[][..], |i| &i.assertions)
                .iter()
                .filter(|a| a.period.contains(date))
                .collect();
            found.sort_by_key(|a| (!a.direct, a.fact));
            let mut decided: Vec<(bool, FactId, Verdict)> = found
                .into_iter()
                .filter_map(|a| count_decision(a, *number).map(|(exact, v)| (exact, a.fact, v)))
                .collect();
            decided.sort_by_key(|(exact, _, _)| !exact);
            decided
                .into_iter()
                .map(|(_, fact, verdict)| (fact, verdict))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Every fact that decides a claim at `date`, with its verdict (see
/// [`Judge::decisions`]).
pub fn decisions(rules: &RuleSet, claim: &Claim, date: Date) -> Vec<(FactId, Verdict)> {
    Judge::new(rules).decisions(claim, date)
}
