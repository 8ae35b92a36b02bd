#!/usr/bin/env python3
"""Writes a large, deterministic benchmark corpus and rule set.

    python3 scripts/gen-corpus.py OUT_DIR [--mb 200] [--entities 2000] [--seed 7]

OUT_DIR/corpus/ receives Markdown articles of about 8 KB, each with front
matter (date, lang), in English, French, Italian and Arabic: paragraphs of
filler prose that name nothing, and claim sentences about the synthetic
organizations (counts, membership, non-membership) and about the built-in
rule set's organizations, some true and some false.

OUT_DIR/names.txt lists every name and demonym of the rule set, one a line,
for the ripgrep comparison in scripts/bench.sh.

OUT_DIR/rules/ receives the project's built-in rules (rules/*.yaml, without
the language packs, which stay built in) plus synthetic.yaml: one
organization per --entities, each with a count fact and a non-membership
fact. The same arguments always give the same bytes. Only the standard
library is used, so the script runs wherever Python 3 does.
"""
import argparse
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
SYLLABLES = ["ba", "ke", "lor", "min", "sa", "tu", "vel", "dor", "ra", "fin", "go", "sul", "pe", "zan", "mo", "tri"]
COUNTRIES = ["Japan", "Australia", "Canada", "France", "India", "Vietnam", "Finland", "Sweden"]
FILLER = {
    "en": ["The delegations met again on Tuesday after a week of talks.",
           "A spokesperson declined to comment on the timetable.",
           "Markets were calm as the negotiations continued into the night.",
           "The ministers are expected to publish a joint statement later."],
    "fr": ["Les délégations se sont de nouveau réunies mardi après une semaine de discussions.",
           "Un porte-parole s'est refusé à tout commentaire sur le calendrier.",
           "Les marchés sont restés calmes pendant que les négociations se poursuivaient."],
    "it": ["Le delegazioni si sono riunite di nuovo martedì dopo una settimana di colloqui.",
           "Un portavoce non ha voluto commentare il calendario.",
           "I mercati sono rimasti calmi mentre i negoziati proseguivano."],
    "ar": ["اجتمعت الوفود مجددا يوم الثلاثاء بعد أسبوع من المحادثات.",
           "ورفض متحدث التعليق على الجدول الزمني.",
           "وظلت الأسواق هادئة مع استمرار المفاوضات حتى الليل."],
}
SYNTHETIC_CLAIMS = {
    "en": ["The {org} has {n} members.", "{country} is not a member of the {org}.",
           "{country}, a member of the {org}, hosted the talks."],
    "fr": ["Le {org} compte {n} membres.", "{country} ne fait pas partie du {org}."],
    "it": ["Il {org} conta {n} membri.", "{country} non fa parte del {org}."],
    "ar": ["يضم {org} {n} عضوا."],
}
# Claims about the built-in rule set's organizations, in each language.
BUILTIN_CLAIMS = {
    "en": ["The 32 members of NATO met in Vilnius.", "Japan is not a member of AUKUS.",
           "The Quad brings together Australia, India, Japan and the United States.",
           "ASEAN has ten members.", "Sweden, a member of NATO, hosted the summit."],
    "fr": ["Les dix membres de l'Asean se réuniront à Tokyo.", "Le Japon ne fait pas partie de l'AUKUS.",
           "L'OTAN compte 32 membres."],
    "it": ["Il Giappone non fa parte dell'AUKUS.", "La NATO conta 32 membri."],
    "ar": ["اليابان ليست عضوا في أوكوس.", "يضم حلف الناتو 32 عضوا."],
}


def org_name(i):
    r = random.Random(1000 + i)
    first = "".join(r.choice(SYLLABLES) for _ in range(3)).capitalize()
    second = "".join(r.choice(SYLLABLES) for _ in range(2)).capitalize()
    return "%s %s Pact" % (first, second)


def builtin_names():
    """The names and demonyms of rules/*.yaml: every item of the flow lists
    (`en: [Japan, Nippon]`) inside `names:` and `demonyms:` blocks."""
    found = []
    for name in sorted(os.listdir(os.path.join(PROJECT, "rules"))):
        if not name.endswith(".yaml"):
            continue
        inside, indent = False, 0
        with open(os.path.join(PROJECT, "rules", name), encoding="utf-8") as f:
            for line in f:
                body = line.split(" #")[0].rstrip()
                stripped = body.lstrip()
                depth = len(body) - len(stripped)
                if stripped.startswith(("names:", "demonyms:")):
                    inside, indent = True, depth
                elif inside and stripped and depth <= indent:
                    inside = False
                if not inside:
                    continue
                for chunk in stripped.split("[")[1:]:
                    for item in chunk.split("]")[0].split(","):
                        item = item.strip().strip("'\"")
                        if item:
                            found.append(item)
    return found


def write_rules(rules, entities):
    os.makedirs(rules)
    for name in sorted(os.listdir(os.path.join(PROJECT, "rules"))):
        if name.endswith(".yaml"):
            shutil.copy(os.path.join(PROJECT, "rules", name), os.path.join(rules, name))
    orgs = []
    lines = ["# Synthetic organizations for benchmarks (scripts/gen-corpus.py).", "entities:"]
    for i in range(entities):
        name = org_name(i)
        lines += ["  bench-org-%d:" % i, "    kind: organization", "    names:", "      any: [%s]" % name]
        orgs.append((name, 3 + i % 40))
    lines.append("facts:")
    for i in range(entities):
        lines.append("  - {id: bench-count-%d, fact: bench-org-%d has %d members}" % (i, i, 3 + i % 40))
        lines.append("  - {id: bench-japan-%d, fact: Japan not in bench-org-%d}" % (i, i))
    with open(os.path.join(rules, "synthetic.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return orgs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--entities", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    shutil.rmtree(args.out, ignore_errors=True)
    orgs = write_rules(os.path.join(args.out, "rules"), args.entities)
    names = list(dict.fromkeys(builtin_names() + [name for name, _ in orgs]))
    with open(os.path.join(args.out, "names.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n")
    corpus = os.path.join(args.out, "corpus")
    target, written, k = args.mb * 1024 * 1024, 0, 0
    while written < target:
        lang = rnd.choice(["en", "en", "fr", "it", "ar"])
        year = rnd.randint(2019, 2026)
        parts = ["---\ndate: %d-%02d-%02d\nlang: %s\n---\n" % (year, rnd.randint(1, 12), rnd.randint(1, 28), lang)]
        size = 0
        while size < 8000:
            roll = rnd.random()
            if roll < 0.12:
                s = rnd.choice(BUILTIN_CLAIMS[lang])
            elif roll < 0.30:
                name, n = rnd.choice(orgs)
                s = rnd.choice(SYNTHETIC_CLAIMS[lang]).format(
                    org=name, n=n + rnd.choice([0, 0, 0, 1]), country=rnd.choice(COUNTRIES))
            else:
                s = " ".join(rnd.choice(FILLER[lang]) for _ in range(3))
            parts.append(s + "\n\n")
            size += len(s.encode("utf-8")) + 2
        data = "".join(parts).encode("utf-8")
        sub = os.path.join(corpus, "%03d" % (k // 1000))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "a%06d.md" % k), "wb") as f:
            f.write(data)
        written += len(data)
        k += 1
    print("%d articles, %.1f MB, %d synthetic facts in %s" % (k, written / 1048576, 2 * args.entities, args.out))


if __name__ == "__main__":
    main()
