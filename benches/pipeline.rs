//! Throughput of each stage of checking an article, with the built-in rules:
//! folding, name matching, claim extraction, judging, and the whole check.
//!
//! Each benchmark reports bytes per second over the same input, an article
//! made of the seed articles (French, Arabic and Italian news with claims)
//! and English claim sentences between filler paragraphs, so that the
//! figures can be compared stage by stage. Run with `cargo bench --bench
//! pipeline`; `scripts/bench.sh` measures whole runs over a large corpus.

use std::sync::Arc;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use factlint::check::engine::{ArticleMeta, Defaults, Engine};
use factlint::check::judge::Judge;
use factlint::claims::ArticleContext;
use factlint::lang::Packs;
use factlint::rules::RuleSource;
use factlint::rules::model::RuleSet;
use factlint::text::article::{Article, Format};
use factlint::text::fold::fold;

fn main() {
    divan::main();
}

/// The built-in rules and language packs.
fn rules() -> (RuleSet, Packs) {
    let mut errors = Vec::new();
    factlint::cli::load_rules(&[RuleSource::Builtin], false, &mut errors)
        .expect("the built-in rules load")
}

/// An English article of about 8 KB: claims about the built-in rule set's
/// organizations between paragraphs that name nothing, as news copy does.
fn english_article() -> String {
    let claims = [
        "The 32 members of NATO met in Vilnius.",
        "Japan is not a member of AUKUS.",
        "The Quad brings together Australia, India, Japan and the United States.",
        "ASEAN has ten members.",
        "Officials said Sweden, a member of NATO, hosted the talks.",
    ];
    let filler = "The meeting ended late in the evening after long discussions. \
                  Analysts expect the agreement to be signed before the end of the year.";
    let mut text = String::from("---\ndate: 2024-07-12\nlang: en\n---\n");
    let mut i = 0;
    while text.len() < 8000 {
        text.push_str(filler);
        text.push_str("\n\n");
        if i % 3 == 0 {
            text.push_str(claims[(i / 3) % claims.len()]);
            text.push_str("\n\n");
        }
        i += 1;
    }
    text
}

/// The seed articles, each with its language: text in three languages and
/// scripts, with typographic punctuation and Arabic clitics.
fn seed_articles() -> Vec<(String, &'static str)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    [
        ("000_af22c22acfc49d54.txt", "fr"),
        ("001_858183a006ba0fd4.txt", "fr"),
        ("003_62558d6f4e260b5f.txt", "ar"),
        ("004_4276e6237c83bf41.txt", "it"),
    ]
    .into_iter()
    .map(|(name, lang)| {
        let text =
            std::fs::read_to_string(format!("{dir}/{name}")).expect("the seeds are readable");
        (text, lang)
    })
    .collect()
}

fn inputs() -> Vec<(String, &'static str)> {
    let mut all = vec![(english_article(), "en")];
    all.extend(seed_articles());
    all
}

fn total_bytes(inputs: &[(String, &str)]) -> usize {
    inputs.iter().map(|(t, _)| t.len()).sum()
}

#[divan::bench]
fn fold_text(bencher: Bencher) {
    let inputs = inputs();
    bencher
        .counter(BytesCount::new(total_bytes(&inputs)))
        .bench(|| {
            for (text, _) in &inputs {
                black_box(fold(black_box(text)));
            }
        });
}

#[divan::bench]
fn match_names(bencher: Bencher) {
    let (rules, packs) = rules();
    let engine = Engine::new(&rules, &packs);
    let inputs = inputs();
    let folded: Vec<_> = inputs.iter().map(|(t, _)| fold(t)).collect();
    bencher
        .counter(BytesCount::new(total_bytes(&inputs)))
        .bench(|| {
            for ((text, _), folded) in inputs.iter().zip(&folded) {
                black_box(engine.extractor.lexicon.index.find(folded, text));
            }
        });
}

#[divan::bench]
fn extract_claims(bencher: Bencher) {
    let (rules, packs) = rules();
    let engine = Engine::new(&rules, &packs);
    let inputs = inputs();
    let prose: Vec<_> = inputs
        .iter()
        .map(|(t, _)| Article::parse(t, Format::Markdown).prose)
        .collect();
    bencher
        .counter(BytesCount::new(total_bytes(&inputs)))
        .bench(|| {
            for ((_, lang), prose) in inputs.iter().zip(&prose) {
                let context = ArticleContext {
                    lang,
                    year: Some(2024),
                    trace: false,
                };
                black_box(engine.extractor.extract(prose, context));
            }
        });
}

#[divan::bench]
fn judge_claims(bencher: Bencher) {
    let (rules, packs) = rules();
    let engine = Engine::new(&rules, &packs);
    let judge = Judge::new(&rules);
    let inputs = inputs();
    let date = jiff::civil::date(2024, 7, 12);
    let claims: Vec<_> = inputs
        .iter()
        .map(|(t, lang)| {
            let prose = Article::parse(t, Format::Markdown).prose;
            let context = ArticleContext {
                lang,
                year: Some(2024),
                trace: false,
            };
            engine.extractor.extract(&prose, context).claims
        })
        .collect();
    bencher
        .counter(BytesCount::new(total_bytes(&inputs)))
        .bench(|| {
            for claims in &claims {
                black_box(judge.judge_all(claims, date));
            }
        });
}

#[divan::bench]
fn check_article(bencher: Bencher) {
    let (rules, packs) = rules();
    let engine = Engine::new(&rules, &packs);
    let inputs: Vec<(Arc<str>, &str)> = inputs()
        .into_iter()
        .map(|(t, lang)| (Arc::from(t), lang))
        .collect();
    let bytes: usize = inputs.iter().map(|(t, _)| t.len()).sum();
    let meta = ArticleMeta::default();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for (text, lang) in &inputs {
            let defaults = Defaults {
                date: jiff::civil::date(2024, 7, 12),
                lang: Some(lang.to_string()),
            };
            black_box(engine.check(
                String::from("article.md"),
                text.clone(),
                Format::Markdown,
                &meta,
                &defaults,
            ));
        }
    });
}

#[divan::bench]
fn load_builtin_rules() -> (RuleSet, Packs) {
    rules()
}
