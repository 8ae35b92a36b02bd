//! Judges claims against the facts at the article's date.
//!
//! The spec's semantics: periods are half-open; a roster implies its
//! members' membership, the non-membership of other declared entities of its
//! members' kinds, and the member count; counts compare with their bound;
//! an office claim is supported when the person held the role at the date,
//! and a former-holder claim when one of the person's terms had ended by
//! then. Where no fact decides, there is no finding. Each finding cites the
//! most specific fact: a direct statement before a roster's implication.

use foldhash::{HashMap, HashMapExt};

use jiff::civil::Date;

use super::finding::{Finding, FindingSeverity, Verdict};
use super::message::{self, Names};
use crate::claims::{Claim, Statement};
use crate::rules::model::{
    Assertion, Bound, DateRange, EntityId, Fact, FactId, RuleSet, Statement as FactStatement,
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
    members: HashMap<(EntityId, EntityId), Vec<MemberAssertion>>,
    /// The count assertions about each organization, in rule-set order.
    counts: HashMap<EntityId, Vec<CountAssertion>>,
    /// Indices into `rules.facts` of the rosters of each organization and
    /// the office facts of each role, in rule-set order.
    facts: HashMap<EntityId, Vec<FactId>>,
    /// The entities' ids and display names, which every finding's claim and
    /// message read.
    names: Names<'r>,
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
        let mut members: HashMap<(EntityId, EntityId), Vec<MemberAssertion>> = HashMap::new();
        let mut counts: HashMap<EntityId, Vec<CountAssertion>> = HashMap::new();
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
        let mut facts: HashMap<EntityId, Vec<FactId>> = HashMap::new();
        for (i, f) in rules.facts.iter().enumerate() {
            match f.statement {
                FactStatement::Roster { organization, .. } => {
                    facts.entry(organization).or_default().push(i)
                }
                FactStatement::Office { role, .. } => facts.entry(role).or_default().push(i),
                _ => {}
            }
        }
        Judge {
            rules,
            members,
            counts,
            facts,
            names: Names::new(rules),
        }
    }

    /// Judges every claim; returns the findings sorted by span.
    pub fn judge_all(&self, claims: &[Claim], date: Date) -> Vec<Finding> {
        judge_claims(self, claims, date)
    }

    /// The membership assertions of `member` in `organization`.
    fn members_of(&self, member: EntityId, organization: EntityId) -> &[MemberAssertion] {
        self.members
            .get(&(member, organization))
            .map_or(&[], Vec::as_slice)
    }

    /// The count assertions about `organization`.
    fn counts_of(&self, organization: EntityId) -> &[CountAssertion] {
        self.counts.get(&organization).map_or(&[], Vec::as_slice)
    }

    /// Indices into `rules.facts` of the facts indexed under `entity`.
    fn facts_indexed(&self, entity: EntityId) -> &[FactId] {
        self.facts.get(&entity).map_or(&[], Vec::as_slice)
    }

    /// The facts indexed under `entity`.
    fn facts_of(&self, entity: EntityId) -> impl Iterator<Item = (FactId, &'r Fact)> + '_ {
        self.facts
            .get(&entity)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.rules.facts[i]))
    }
}

/// Judges every claim; returns the findings sorted by span.
pub fn judge_all(rules: &RuleSet, claims: &[Claim], date: Date) -> Vec<Finding> {
    judge_claims(&Judge::new(rules), claims, date)
}

fn judge_claims(judge: &Judge<'_>, claims: &[Claim], date: Date) -> Vec<Finding> {
    let mut findings: Vec<Finding> = claims
        .iter()
        .filter_map(|c| judge_with(judge, c, date))
        .collect();
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.fact_id).cmp(&(b.span.start, b.span.end, &b.fact_id))
    });
    findings.dedup_by(|a, b| a.span == b.span && a.fact == b.fact && a.verdict == b.verdict);
    findings
}

fn finding(
    judge: &Judge<'_>,
    claim: &Claim,
    fact: FactId,
    verdict: Verdict,
    message: String,
) -> Finding {
    let f = &judge.rules.facts[fact];
    Finding {
        fact,
        fact_id: f.id.clone(),
        verdict,
        severity: FindingSeverity::for_verdict(verdict, f.severity),
        span: claim.span.clone(),
        claim: message::claim_text_with(&judge.names, &claim.statement),
        message,
        source: f.source.clone(),
        pattern: claim.pattern.clone(),
    }
}

/// Judges one claim; `None` when no fact decides it at `date`.
pub fn judge(rules: &RuleSet, claim: &Claim, date: Date) -> Option<Finding> {
    judge_with(&Judge::new(rules), claim, date)
}

fn judge_with(judge: &Judge<'_>, claim: &Claim, date: Date) -> Option<Finding> {
    let rules = judge.rules;
    match &claim.statement {
        Statement::Member {
            member,
            organization,
            ..
        } => {
            let (fact, verdict) = *assertion_decisions(judge, claim, date).first()?;
            let (m, o) = (member.entity, organization.entity);
            let parts = judge.members_of(m, o).iter().map(|a| (a.negated, a.period));
            let text = message::membership_with(&judge.names, parts, m, o, date);
            Some(finding(judge, claim, fact, verdict, text))
        }
        Statement::Count { organization, .. } => {
            let (fact, verdict) = *assertion_decisions(judge, claim, date).first()?;
            let o = organization.entity;
            let parts = judge
                .counts_of(o)
                .iter()
                .map(|a| (a.bound, a.number, a.period));
            let text = message::count_with(&judge.names, parts, o, date);
            Some(finding(judge, claim, fact, verdict, text))
        }
        Statement::MemberList {
            organization,
            members,
        } => {
            let o = organization.entity;
            let (fact, roster) = judge.facts_of(o).find_map(|(i, f)| match &f.statement {
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
            let text = message::member_list_with(rules, &judge.names, fact, &extra, &missing, date);
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
        } => judge_office(judge, claim, person.entity, *role, *of, *former, date),
    }
}

/// An office fact, unpacked.
struct Term {
    fact: FactId,
    person: EntityId,
    of: EntityId,
}

fn terms(judge: &Judge<'_>, role: EntityId, of: Option<EntityId>) -> Vec<Term> {
    judge
        .facts_of(role)
        .filter_map(|(i, f)| match f.statement {
            FactStatement::Office {
                person,
                role: r,
                of: o,
            } if r == role && of.is_none_or(|x| x == o) => Some(Term {
                fact: i,
                person,
                of: o,
            }),
            _ => None,
        })
        .collect()
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
) -> Option<Finding> {
    let rules = judge.rules;
    let all = terms(judge, role, of);
    let own: Vec<&Term> = all.iter().filter(|t| t.person == person).collect();
    let period = |t: &Term| rules.facts[t.fact].period;
    let holding = own.iter().find(|t| period(t).contains(date));
    let ended = own
        .iter()
        .filter(|t| period(t).end.is_some_and(|e| e <= date))
        .max_by_key(|t| period(t).end);
    let upcoming = own
        .iter()
        .filter(|t| period(t).start.is_some_and(|s| s > date))
        .min_by_key(|t| period(t).start);
    let of_for_message = of.or_else(|| own.first().map(|t| t.of));
    let text = || {
        message::office_with(
            rules,
            &judge.names,
            judge.facts_indexed(role),
            person,
            role,
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
        .iter()
        .find(|t| t.of == of && t.person != person && period(t).contains(date))?;
    Some(finding(
        judge,
        claim,
        holder.fact,
        Verdict::Contradicted,
        text(),
    ))
}

/// The facts whose assertions decide a membership or count claim at
/// `date`, with their verdicts, most specific first: direct statements
/// before a roster's implications, and an exact count (which decides every
/// number) before bounds (which decide only the numbers they rule out).
/// Other claims get none here.
fn assertion_decisions(judge: &Judge<'_>, claim: &Claim, date: Date) -> Vec<(FactId, Verdict)> {
    let verdict_of = |agrees: bool| {
        if agrees {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        }
    };
    match &claim.statement {
        Statement::Member {
            member,
            organization,
            negated,
        } => {
            // The assertions in force, direct ones first.
            let mut found: Vec<&MemberAssertion> = judge
                .members_of(member.entity, organization.entity)
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
                .iter()
                .filter(|a| a.period.contains(date))
                .collect();
            found.sort_by_key(|a| (!a.direct, a.fact));
            let mut decided: Vec<(bool, FactId, Verdict)> = found
                .into_iter()
                .filter_map(|a| match a.bound {
                    Bound::Exactly => Some((true, a.fact, verdict_of(a.number == *number))),
                    Bound::AtLeast if *number < a.number => {
                        Some((false, a.fact, Verdict::Contradicted))
                    }
                    Bound::AtMost if *number > a.number => {
                        Some((false, a.fact, Verdict::Contradicted))
                    }
                    _ => None,
                })
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

/// Every fact that decides a claim at `date`, with its verdict. `check`
/// reports only the most specific one (see [`judge`]); `factlint test`
/// accepts any, so an example written for a roster passes when a direct
/// membership fact also decides it.
pub fn decisions(rules: &RuleSet, claim: &Claim, date: Date) -> Vec<(FactId, Verdict)> {
    let judge = Judge::new(rules);
    match &claim.statement {
        Statement::Member { .. } | Statement::Count { .. } => {
            assertion_decisions(&judge, claim, date)
        }
        _ => judge_with(&judge, claim, date)
            .map(|f| (f.fact, f.verdict))
            .into_iter()
            .collect(),
    }
}
