//! `factlint explain`: why a text was or was not read as a claim.
//!
//! Per sentence that names an entity: the mentions (name → id), numbers,
//! hedges and other markers; every claim with the pack pattern that produced
//! it and its verdict; and every claim a pattern read but dropped, with the
//! reason.

use std::io::{self, Read, Write};
use std::ops::Range;
use std::sync::Arc;

use serde_json::json;

use super::args::{ExplainArgs, ExplainFormat};
use super::{Outcome, load_rules, sources, today};
use crate::check::engine::{ArticleMeta, Defaults, parse_date};
use crate::check::message::claim_text;
use crate::claims::Claim;
use crate::report::lines::LineIndex;
use crate::rules::model::RuleSet;
use crate::text::article::{Article, Format};

fn read_text(args: &ExplainArgs) -> Result<(String, Format), String> {
    if let Some(path) = &args.file {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{} is not valid UTF-8 (at byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })?;
        let format = super::walk::format_of(path).unwrap_or(Format::Plain);
        return Ok((text, format));
    }
    match args.text.as_deref() {
        Some("-") => {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok((text, Format::Markdown))
        }
        Some(text) => Ok((text.to_string(), Format::Plain)),
        None => Err("give a TEXT, `-` for standard input, or --file PATH".into()),
    }
}

fn entity_list(rules: &RuleSet, senses: &[(usize, bool)]) -> String {
    let ids: Vec<String> = senses
        .iter()
        .map(|(e, demonym)| {
            format!(
                "{}{}",
                rules.entity(*e).id,
                if *demonym { " (demonym)" } else { "" }
            )
        })
        .collect();
    ids.join(" | ")
}

fn quote<'t>(text: &'t str, span: &Range<usize>) -> &'t str {
    text.get(span.clone()).unwrap_or("")
}

pub fn run(args: ExplainArgs) -> Outcome {
    let (text, format) = match read_text(&args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::Error;
        }
    };
    if text.trim().is_empty() {
        eprintln!("error: nothing to explain: the text is empty");
        return Outcome::Error;
    }
    let date = match &args.as_of {
        Some(d) => match parse_date(d) {
            Some(d) => d,
            None => {
                eprintln!("error: malformed --as-of date {d:?}; write it as YYYY-MM-DD");
                return Outcome::Error;
            }
        },
        None => today(),
    };
    let Some((rules, packs)) =
        load_rules(&sources(&args.rules.rules), false, &mut io::stderr().lock())
    else {
        return Outcome::Error;
    };
    if let Some(lang) = &args.lang
        && !super::has_pack(&packs, lang)
    {
        return Outcome::Error;
    }
    let engine = crate::check::engine::Engine::new(&rules, &packs);
    let article = Article::parse(&text, format);
    let mut problems = Vec::new();
    let defaults = Defaults {
        date,
        lang: args.lang.clone(),
    };
    // The flags win over the front matter here: explain is asked a question.
    let mut settled = engine.settle(&article, &ArticleMeta::default(), &defaults, &mut problems);
    if let Some(lang) = &args.lang {
        settled.lang = Some(lang.clone());
    }
    if args.as_of.is_some() {
        settled.date = date;
    }
    let extraction = engine.extract(&article, &settled, true);
    let text: Arc<str> = Arc::from(text);
    let lines = LineIndex::new(&text);
    let verdict = |claim: &Claim| engine.judge().judge(claim, settled.date);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match args.format {
        ExplainFormat::Json => {
            let sentences: Vec<_> = extraction
                .sentences
                .iter()
                .map(|s| {
                    json!({
                        "text": quote(&text, &s.span),
                        "start": s.span.start, "end": s.span.end,
                        "line": lines.position(s.span.start).line,
                        "question": s.question,
                        "mentions": s.mentions.iter().map(|(r, senses)| json!({
                            "text": quote(&text, r), "start": r.start, "end": r.end,
                            "entities": senses.iter().map(|(e, d)| json!({"id": rules.entity(*e).id, "demonym": d})).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                        "numbers": s.numbers.iter().map(|(r, v)| json!({"text": quote(&text, r), "value": v})).collect::<Vec<_>>(),
                        "markers": s.markers.iter().map(|(k, r)| json!({"kind": k, "text": quote(&text, r)})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let claims: Vec<_> = extraction
                .claims
                .iter()
                .map(|c| {
                    let f = verdict(c);
                    json!({
                        "claim": claim_text(&rules, &c.statement),
                        "kind": c.kind.key(),
                        "quote": quote(&text, &c.span), "start": c.span.start, "end": c.span.end,
                        "pattern": c.pattern,
                        "verdict": f.as_ref().map(|f| f.verdict.as_str()),
                        "fact": f.as_ref().map(|f| f.fact_id.to_string()),
                        "message": f.as_ref().map(|f| f.message.clone()),
                    })
                })
                .collect();
            let rejected: Vec<_> = extraction
                .rejected
                .iter()
                .map(|r| {
                    json!({
                        "claim": claim_text(&rules, &r.claim.statement),
                        "quote": quote(&text, &r.claim.span),
                        "pattern": r.claim.pattern,
                        "reason": r.reason,
                    })
                })
                .collect();
            let doc = json!({
                "lang": settled.lang, "date": settled.date.to_string(),
                "sentences": sentences, "claims": claims, "rejected": rejected,
                "problems": problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut out, &doc)
                .map_err(io::Error::other)
                .and_then(|()| writeln!(out))
        }
        ExplainFormat::Human => (|| -> io::Result<()> {
            writeln!(
                out,
                "language: {}   date: {}",
                settled.lang.as_deref().unwrap_or("unknown (no pack fits)"),
                settled.date
            )?;
            for p in &problems {
                writeln!(out, "warning: {}", p.message)?;
            }
            if extraction.sentences.is_empty() {
                writeln!(
                    out,
                    "no sentence names an entity of the rule set: nothing is claimed"
                )?;
            }
            for (i, s) in extraction.sentences.iter().enumerate() {
                writeln!(
                    out,
                    "\nsentence {} (line {}): {}",
                    i + 1,
                    lines.position(s.span.start).line,
                    quote(&text, &s.span)
                )?;
                for (r, senses) in &s.mentions {
                    writeln!(
                        out,
                        "  mention  {:?} → {}",
                        quote(&text, r),
                        entity_list(&rules, senses)
                    )?;
                }
                for (r, v) in &s.numbers {
                    writeln!(out, "  number   {:?} = {v}", quote(&text, r))?;
                }
                for (k, r) in &s.markers {
                    writeln!(out, "  {k:<8} {:?}", quote(&text, r))?;
                }
                if s.question {
                    writeln!(out, "  question: claims here are not judged")?;
                }
                let inside = |span: &Range<usize>| {
                    span.start >= s.span.start && span.start < s.span.end.max(s.span.start + 1)
                };
                for c in extraction.claims.iter().filter(|c| inside(&c.span)) {
                    writeln!(
                        out,
                        "  claim    {}   {:?}   [{}]",
                        claim_text(&rules, &c.statement),
                        quote(&text, &c.span),
                        c.pattern
                    )?;
                    match verdict(c) {
                        Some(f) => writeln!(
                            out,
                            "           {} by {}: {}",
                            f.verdict.as_str(),
                            f.fact_id,
                            f.message
                        )?,
                        None => writeln!(out, "           no fact decides it on {}", settled.date)?,
                    }
                }
                for r in extraction.rejected.iter().filter(|r| inside(&r.claim.span)) {
                    writeln!(
                        out,
                        "  dropped  {}   {:?}   [{}]: {}",
                        claim_text(&rules, &r.claim.statement),
                        quote(&text, &r.claim.span),
                        r.claim.pattern,
                        r.reason
                    )?;
                }
            }
            Ok(())
        })(),
    };
    match result {
        Ok(()) => Outcome::Clean,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(e) => {
            eprintln!("error: {e}");
            Outcome::Error
        }
    }
}
