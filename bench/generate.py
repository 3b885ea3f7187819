#!/usr/bin/env python3
"""Generates a synthetic spine-care site for benchmarks.

usage: generate.py DIR N [--theme THEME_DIR] [--realistic] [--translated] [--no-search]

With --realistic, the corpus of bench/realistic.py: real therapy and condition names and aliases
in running text, links between articles, a third of the articles without author or reviewer.
Without it (the first benchmark's corpus, which flatters us: no auto-links, no warnings):
N articles of about 1,000 words (headings, lists, emphasis, links, a table), 40 therapies,
1-4 therapies per article, distinct dates. Deterministic: the same N gives the same files.
--translated adds a Spanish translation of every page (`[languages.es]`, `x.es.md`). With
--realistic the translations are Spanish text with the Spanish names of the therapies and
conditions; the first corpus's are copies of the English text.
--no-search turns the site search off (`[search] enabled = false`): the benchmarks of other
features use it, so that the search index (bench/search.py measures it) does not hide their cost.
"""
import os
import random
import shutil
import sys

WORDS = (
    "spine back pain muscle disc nerve posture movement strength stretch walk rest sleep "
    "doctor therapist exercise core flexibility relief inflammation joint vertebra lumbar "
    "cervical thoracic injury recovery daily routine gentle steady progress habit support "
    "patient care plan session week month treatment option evidence comfort balance"
).split()

def sentence(rng, n=None):
    n = n or rng.randint(8, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        i = rng.randrange(n)
        words[i] = f"*{words[i]}*"
    if rng.random() < 0.2:
        i = rng.randrange(n)
        words[i] = f"**{words[i]}**"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."

def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(4, 7)))

def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root, n = sys.argv[1], int(sys.argv[2])
    theme = None
    if "--theme" in sys.argv:
        theme = sys.argv[sys.argv.index("--theme") + 1]
    rng = random.Random(n)
    if os.path.exists(root):
        shutil.rmtree(root)
    if "--realistic" in sys.argv:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import realistic
        realistic.generate(root, n, rng, translated="--translated" in sys.argv)
        finish(root, theme)
        return
    os.makedirs(os.path.join(root, "content/articles"))
    os.makedirs(os.path.join(root, "content/therapies"))
    with open(os.path.join(root, "site.toml"), "w") as f:
        f.write('title = "Bench Spine"\nbase_url = "https://bench.example/"\n'
                '[clinic]\nphone = "(310) 555-0142"\n')
    therapies = [f"therapy-{i:02d}" for i in range(40)]
    for i, slug in enumerate(therapies):
        kind = "procedure" if i % 3 == 0 else "therapy"
        with open(os.path.join(root, f"content/therapies/{slug}.md"), "w") as f:
            f.write(f'+++\ntitle = "Therapy {i:02d}"\nkind = "{kind}"\n'
                    f'also_known_as = ["treatment {i:02d}"]\nsummary = "{sentence(rng)}"\n'
                    f'invasiveness = "non-invasive"\nrecovery = "A few days."\n+++\n')
            for h in range(3):
                f.write(f"\n## Section {h}\n\n{paragraph(rng)}\n")
    with open(os.path.join(root, "content/articles/_index.md"), "w") as f:
        f.write('+++\ntitle = "Articles"\n+++\nAll articles.\n')
    for a in range(n):
        picked = rng.sample(therapies, rng.randint(1, 4))
        day = a % 28 + 1
        month = (a // 28) % 12 + 1
        year = 2000 + a // (28 * 12)
        date = f"{year:04d}-{month:02d}-{day:02d}"
        lines = [
            "+++",
            f'title = "Article {a:06d}: {rng.choice(WORDS)} and {rng.choice(WORDS)}"',
            f'description = "{sentence(rng)}"',
            f"date = {date}",
            "therapies = [" + ", ".join(f'"{t}"' for t in picked) + "]",
            'author = "Bench Writer"',
            'reviewed_by = "Dr. Bench Reviewer, MD"',
            "last_reviewed = 2026-10-01",
            "+++",
            paragraph(rng),
            "",
            "<!-- more -->",
        ]
        for h in range(5):
            lines += ["", f"## Heading {h} about {rng.choice(WORDS)}", "", paragraph(rng), ""]
            if h == 1:
                lines += [f"- {sentence(rng, 6)}" for _ in range(4)]
            if h == 2:
                lines += ["| Option | Notes |", "|---|---|"]
                lines += [f"| {rng.choice(WORDS)} | {sentence(rng, 5)} |" for _ in range(3)]
            if h == 3:
                target = picked[0]
                lines += ["", f"Read about [this therapy](@/therapies/{target}.md) and "
                          f"Therapy {rng.randrange(40):02d} in running text.", ""]
            lines += ["", paragraph(rng)]
        with open(os.path.join(root, f"content/articles/article-{a:06d}.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
    if "--translated" in sys.argv:
        translate(root)
    finish(root, theme)


def finish(root, theme):
    """The options every corpus shares: a theme folder, and search off."""
    if "--no-search" in sys.argv:
        with open(os.path.join(root, "site.toml"), "a") as f:
            f.write("\n[search]\nenabled = false\n")
    if theme:
        shutil.copytree(theme, os.path.join(root, "themes/default"))


def translate(root):
    """Gives every page a Spanish translation beside it (`x.es.md`, same size, its own title
    and slug) and site.toml a `[languages.es]` table: the site of the i18n benchmark."""
    with open(os.path.join(root, "site.toml"), "a") as f:
        f.write('\n[languages.es]\nname = "Español"\ntitle = "Columna de prueba"\n')
    for folder, _, files in os.walk(os.path.join(root, "content")):
        for name in files:
            if not name.endswith(".md") or name.endswith(".es.md"):
                continue
            with open(os.path.join(folder, name)) as f:
                text = f.read()
            text = text.replace('title = "', 'title = "ES ', 1)
            if name.startswith("article-"):
                text = text.replace("+++\n", f'+++\nslug = "es-{name[:-3]}"\n', 1)
            with open(os.path.join(folder, name[:-3] + ".es.md"), "w") as f:
                f.write(text)

if __name__ == "__main__":
    main()
