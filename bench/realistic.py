"""The realistic benchmark corpus (issue #18): what a clinic's blog looks like, expensive paths
included.

- 30 therapies and 16 conditions with their real names and aliases, and those names and aliases
  in the running text of every article, so the auto-linker has work to do;
- links between articles, half as URLs (`/articles/x/`) and half as `@/articles/x.md`;
- a third of the articles with no author and no reviewer, and some reviews long overdue, so
  the medical-review warnings stand (thousands at 10,000 articles);
- some articles with a `<!-- more -->` summary and some without;
- headings, lists, a table, emphasis and an occasional code span, as real articles have.

Deterministic: the same N gives the same files. Used by generate.py (`--realistic`).
"""
import os

THERAPIES = [
    # slug, title, kind, aliases, invasiveness
    ("physical-therapy", "Physical therapy", "therapy", ["physiotherapy"], "non-invasive"),
    ("acupuncture", "Acupuncture", "therapy", [], "minimally-invasive"),
    ("spinal-manipulation", "Spinal manipulation", "therapy", ["chiropractic adjustment", "chiropractic care"], "non-invasive"),
    ("massage-therapy", "Massage therapy", "therapy", ["therapeutic massage"], "non-invasive"),
    ("epidural-steroid-injection", "Epidural steroid injection", "procedure", ["epidural injection"], "minimally-invasive"),
    ("radiofrequency-ablation", "Radiofrequency ablation", "procedure", ["radiofrequency neurotomy", "rhizotomy"], "minimally-invasive"),
    ("microdiscectomy", "Microdiscectomy", "procedure", ["discectomy"], "surgical"),
    ("spinal-fusion", "Spinal fusion", "procedure", ["fusion surgery"], "surgical"),
    ("laminectomy", "Laminectomy", "procedure", ["decompression surgery"], "surgical"),
    ("mckenzie-method", "McKenzie method", "therapy", ["mechanical diagnosis and therapy"], "non-invasive"),
    ("yoga", "Yoga", "therapy", ["therapeutic yoga"], "non-invasive"),
    ("pilates", "Pilates", "therapy", [], "non-invasive"),
    ("tens", "TENS", "therapy", ["transcutaneous electrical nerve stimulation"], "non-invasive"),
    ("heat-therapy", "Heat therapy", "therapy", ["heat packs", "heating pad"], "non-invasive"),
    ("cold-therapy", "Cold therapy", "therapy", ["ice packs", "cryotherapy"], "non-invasive"),
    ("dry-needling", "Dry needling", "therapy", [], "minimally-invasive"),
    ("facet-joint-injection", "Facet joint injection", "procedure", ["facet injection", "medial branch block"], "minimally-invasive"),
    ("kyphoplasty", "Kyphoplasty", "procedure", ["vertebral augmentation", "vertebroplasty"], "minimally-invasive"),
    ("cognitive-behavioral-therapy", "Cognitive behavioral therapy", "therapy", ["CBT for pain"], "non-invasive"),
    ("aquatic-therapy", "Aquatic therapy", "therapy", ["water therapy", "hydrotherapy"], "non-invasive"),
    ("spinal-cord-stimulation", "Spinal cord stimulation", "procedure", ["spinal cord stimulator"], "surgical"),
    ("spinal-traction", "Spinal traction", "therapy", ["traction"], "non-invasive"),
    ("core-strengthening", "Core strengthening", "therapy", ["core exercises", "core stability training"], "non-invasive"),
    ("anti-inflammatory-medication", "Anti-inflammatory medication", "therapy", ["NSAIDs", "ibuprofen"], "non-invasive"),
    ("muscle-relaxants", "Muscle relaxants", "therapy", [], "non-invasive"),
    ("mindfulness-meditation", "Mindfulness meditation", "therapy", ["mindfulness"], "non-invasive"),
    ("tai-chi", "Tai chi", "therapy", [], "non-invasive"),
    ("artificial-disc-replacement", "Artificial disc replacement", "procedure", ["disc arthroplasty"], "surgical"),
    ("sacroiliac-joint-injection", "Sacroiliac joint injection", "procedure", ["SI joint injection"], "minimally-invasive"),
    ("walking-program", "Walking program", "therapy", ["graded walking"], "non-invasive"),
]

CONDITIONS = [
    # slug, title, aliases
    ("sciatica", "Sciatica", ["sciatic nerve pain", "lumbar radiculopathy"]),
    ("herniated-disc", "Herniated disc", ["slipped disc", "disc herniation", "bulging disc"]),
    ("spinal-stenosis", "Spinal stenosis", ["lumbar stenosis", "narrowing of the spinal canal"]),
    ("degenerative-disc-disease", "Degenerative disc disease", ["disc degeneration"]),
    ("spondylolisthesis", "Spondylolisthesis", ["slipped vertebra"]),
    ("scoliosis", "Scoliosis", ["curvature of the spine"]),
    ("whiplash", "Whiplash", ["neck sprain"]),
    ("facet-joint-arthritis", "Facet joint arthritis", ["facet joint syndrome", "spinal osteoarthritis"]),
    ("sacroiliac-joint-dysfunction", "Sacroiliac joint dysfunction", ["SI joint pain"]),
    ("vertebral-compression-fracture", "Vertebral compression fracture", ["compression fracture"]),
    ("muscle-strain", "Muscle strain", ["pulled back muscle", "back strain"]),
    ("cervical-radiculopathy", "Cervical radiculopathy", ["pinched nerve in the neck"]),
    ("piriformis-syndrome", "Piriformis syndrome", []),
    ("ankylosing-spondylitis", "Ankylosing spondylitis", ["axial spondyloarthritis"]),
    ("osteoporosis", "Osteoporosis", ["thinning bones"]),
    ("chronic-low-back-pain", "Chronic low back pain", ["long-lasting back pain"]),
]

AUTHORS = [
    ("lena-park", "Lena Park", "MD", "Physiatrist"),
    ("samuel-greene", "Samuel Greene", "MD", "Orthopedic spine surgeon"),
    ("maya-ortiz", "Maya Ortiz", "PT, DPT", "Physical therapist"),
    ("daniel-reyes", "Daniel Reyes", None, "Health writer"),
]
REVIEWERS = ["lena-park", "samuel-greene", "Dr. Ana Lopez, MD"]

# Sentence templates: {t} a therapy name or alias, {c} a condition name or alias.
SENTENCES = [
    "Many people with {c} feel better within a few weeks, and {t} is often one of the first things to try.",
    "Ask your clinician whether {t} fits your goals before you decide.",
    "For {c}, the evidence for {t} is mixed, so it is worth talking about what you expect from it.",
    "Keep moving as much as you comfortably can; long bed rest usually makes back pain last longer.",
    "If your pain spreads below the knee, tell your doctor, because it may point to {c}.",
    "Some patients combine {t} with a home exercise plan that they do three times a week.",
    "Pain that wakes you at night, fever, or new weakness in a leg needs to be seen the same day.",
    "Imaging such as an MRI rarely changes the plan in the first six weeks of {c}.",
    "Your physical therapist can show you how to lift, sit and sleep in ways that protect your back.",
    "People often ask whether {t} hurts; ask your clinician what to expect before you start.",
    "It is normal to have good days and bad days while you recover from {c}.",
    "We usually suggest trying {t} for a set number of visits and then checking whether it helped.",
    "Smoking slows the healing of discs and bones, so stopping helps with {c} as well.",
    "A short walk every hour can ease stiffness better than one long session at the gym.",
    "Not everyone with {c} needs surgery; most people improve with time and {t}.",
    "Write down when your pain is worse and what you were doing, and bring the notes to your visit.",
    "Insurance plans differ in how many sessions of {t} they cover, so check before you start.",
    "Heat can relax tight muscles, while ice may help in the first day or two after an injury.",
    "Surgery is usually considered only when weeks of careful treatment, such as {t}, have not helped.",
    "The goal of treatment for {c} is to get you back to the things you enjoy, not only to stop the pain.",
]

HEADINGS = [
    "What it feels like", "When to see a doctor", "What you can do at home", "How treatment works",
    "What the research says", "Questions to ask", "Getting back to work", "Sleep and posture",
    "Exercise that helps", "What to avoid", "Recovery time", "Living with it",
]


def names(rng, entry):
    """The name, or one of its aliases, as it would appear in running text."""
    title, aliases = entry
    pick = rng.choice([title] + aliases) if aliases and rng.random() < 0.4 else title
    return pick if pick.isupper() or pick[:2].isupper() else pick.lower()


def sentence(rng, therapy, condition):
    return rng.choice(SENTENCES).format(t=names(rng, therapy), c=names(rng, condition))


def paragraph(rng, therapies, conditions):
    return " ".join(
        sentence(rng, rng.choice(therapies), rng.choice(conditions))
        for _ in range(rng.randint(3, 6))
    )


def toml_list(items):
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def write_site_toml(root):
    with open(os.path.join(root, "site.toml"), "w") as f:
        f.write('title = "Bench Spine"\nbase_url = "https://bench.example/"\n'
                '[clinic]\nphone = "(310) 555-0142"\n')
        for ident, name, credentials, job in AUTHORS:
            f.write(f'\n[authors.{ident}]\nname = "{name}"\njob_title = "{job}"\n')
            if credentials:
                f.write(f'credentials = "{credentials}"\n')


def write_topics(root, rng):
    for i, (slug, title, kind, aliases, invasiveness) in enumerate(THERAPIES):
        treats = [CONDITIONS[(i + k) % len(CONDITIONS)][0] for k in range(2)]
        with open(os.path.join(root, f"content/therapies/{slug}.md"), "w") as f:
            f.write(f'+++\ntitle = "{title}"\nkind = "{kind}"\n'
                    f"also_known_as = {toml_list(aliases)}\n"
                    f'summary = "What {title.lower()} is, who it may help and what to expect."\n'
                    f'invasiveness = "{invasiveness}"\nrecovery = "Varies; ask your clinician."\n'
                    f"treats = {toml_list(treats)}\n+++\n")
            all_therapies = [(t[1], t[3]) for t in THERAPIES]
            all_conditions = [(c[1], c[2]) for c in CONDITIONS]
            for heading in ("What it is", "Who it may help", "Risks"):
                f.write(f"\n## {heading}\n\n{paragraph(rng, all_therapies, all_conditions)}\n")
    for slug, title, aliases in CONDITIONS:
        with open(os.path.join(root, f"content/conditions/{slug}.md"), "w") as f:
            f.write(f'+++\ntitle = "{title}"\nalso_known_as = {toml_list(aliases)}\n'
                    f'summary = "What {title.lower()} is and how it is treated."\n'
                    'symptoms = ["Pain in the back or leg", "Stiffness"]\n'
                    'red_flags = ["New trouble controlling your bladder or bowels"]\n+++\n')
            all_therapies = [(t[1], t[3]) for t in THERAPIES]
            f.write(f"\n## What it is\n\n{paragraph(rng, all_therapies, [(title, aliases)])}\n")
    with open(os.path.join(root, "content/conditions/_index.md"), "w") as f:
        f.write('+++\ntitle = "Conditions"\n+++\nThe conditions we treat.\n')


def article(rng, a, n, date):
    """The text of article `a` of `n`."""
    picked = rng.sample(THERAPIES, rng.randint(1, 4))
    conditions = rng.sample(CONDITIONS, rng.randint(0, 2))
    in_text_t = [(t[1], t[3]) for t in picked] + [(t[1], t[3]) for t in rng.sample(THERAPIES, 2)]
    in_text_c = [(c[1], c[2]) for c in conditions] or [(c[1], c[2]) for c in rng.sample(CONDITIONS, 1)]
    subject = rng.choice(in_text_c)[0].lower()
    front = [
        "+++",
        f'title = "{rng.choice(HEADINGS)}: {subject} ({a})"',
        f'description = "Plain-language advice about {subject} from our clinicians."',
        f"date = {date}",
        f"therapies = {toml_list(t[0] for t in picked)}",
    ]
    if conditions:
        front.append(f"conditions = {toml_list(c[0] for c in conditions)}")
    if a % 3 != 0:
        author = AUTHORS[a % len(AUTHORS)][0]
        front.append(f'author = "{author}"')
        front.append(f'reviewed_by = "{REVIEWERS[a % len(REVIEWERS)]}"')
        # Most reviews are recent; one in five is years overdue.
        reviewed = "2021-03-01" if a % 5 == 0 else "2026-10-01"
        front.append(f"last_reviewed = {reviewed}")
    front.append("+++")
    body = [paragraph(rng, in_text_t, in_text_c), ""]
    if a % 2 == 0:
        body += ["<!-- more -->", ""]
    for h in range(rng.randint(4, 6)):
        body += [f"## {HEADINGS[(a + h) % len(HEADINGS)]}", "", paragraph(rng, in_text_t, in_text_c), ""]
        if h == 1:
            body += [f"- {sentence(rng, rng.choice(in_text_t), rng.choice(in_text_c))}" for _ in range(4)]
            body.append("")
        if h == 2:
            body += ["| Treatment | What to expect |", "|---|---|"]
            body += [f"| {t[0]} | {rng.choice(['A few sessions', 'Weeks', 'One visit'])} |" for t in in_text_t[:3]]
            body.append("")
        if h == 3 and n > 1:
            other = rng.randrange(n)
            other = other if other != a else (a + 1) % n
            link = (f"[a related article](/articles/article-{other:06d}/)" if a % 2
                    else f"[a related article](@/articles/article-{other:06d}.md)")
            body += [f"You may also want to read {link} and *take notes* for your next visit.", ""]
        body += [paragraph(rng, in_text_t, in_text_c), ""]
    return "\n".join(front + body) + "\n"


def generate(root, n, rng):
    """Writes the realistic site into `root` (which must not exist)."""
    for folder in ("content/articles", "content/therapies", "content/conditions"):
        os.makedirs(os.path.join(root, folder))
    write_site_toml(root)
    write_topics(root, rng)
    with open(os.path.join(root, "content/articles/_index.md"), "w") as f:
        f.write('+++\ntitle = "Articles"\n+++\nAll articles.\n')
    for a in range(n):
        day, month, year = a % 28 + 1, (a // 28) % 12 + 1, 2000 + a // (28 * 12)
        with open(os.path.join(root, f"content/articles/article-{a:06d}.md"), "w") as f:
            f.write(article(rng, a, n, f"{year:04d}-{month:02d}-{day:02d}"))
