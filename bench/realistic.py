"""The realistic benchmark corpus (issue #18): what a clinic's blog looks like, expensive paths
included.

- 30 therapies and 16 conditions with their real names and aliases, and those names and aliases
  in the running text of every article, so the auto-linker has work to do;
- links between articles, half as URLs (`/articles/x/`) and half as `@/articles/x.md`;
- a third of the articles with no author and no reviewer, and some reviews long overdue, so
  the medical-review warnings stand (thousands at 10,000 articles);
- some articles with a `<!-- more -->` summary and some without;
- headings, lists, a table, emphasis and an occasional code span, as real articles have.

With `translated`, every page also gets a Spanish translation beside it (`x.es.md`): the same
topics, dates, authors and reviews, written from Spanish sentences with the Spanish names of
the therapies and conditions (accents included), so that the Spanish half exercises what a real
Spanish site does (auto-links of Spanish names, Spanish syllables, text that is not ASCII).

Deterministic: the same N gives the same files, and the English files are the same with or
without `translated`. Used by generate.py (`--realistic`, `--translated`).
"""
import os
import random

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


# The Spanish names of the same therapies and conditions (title, aliases), by slug.
SPANISH_THERAPIES = {
    "physical-therapy": ("Fisioterapia", ["terapia física"]),
    "acupuncture": ("Acupuntura", []),
    "spinal-manipulation": ("Manipulación vertebral", ["ajuste quiropráctico", "quiropráctica"]),
    "massage-therapy": ("Masoterapia", ["masaje terapéutico"]),
    "epidural-steroid-injection": ("Inyección epidural de esteroides", ["inyección epidural"]),
    "radiofrequency-ablation": ("Ablación por radiofrecuencia", ["neurotomía por radiofrecuencia", "rizotomía"]),
    "microdiscectomy": ("Microdiscectomía", ["discectomía"]),
    "spinal-fusion": ("Fusión vertebral", ["artrodesis vertebral"]),
    "laminectomy": ("Laminectomía", ["cirugía de descompresión"]),
    "mckenzie-method": ("Método McKenzie", ["diagnóstico y terapia mecánica"]),
    "yoga": ("Yoga", ["yoga terapéutico"]),
    "pilates": ("Pilates", []),
    "tens": ("TENS", ["estimulación nerviosa eléctrica transcutánea"]),
    "heat-therapy": ("Termoterapia", ["compresas calientes", "almohadilla térmica"]),
    "cold-therapy": ("Crioterapia", ["compresas de hielo", "terapia de frío"]),
    "dry-needling": ("Punción seca", []),
    "facet-joint-injection": ("Infiltración facetaria", ["bloqueo de la rama medial"]),
    "kyphoplasty": ("Cifoplastia", ["aumento vertebral", "vertebroplastia"]),
    "cognitive-behavioral-therapy": ("Terapia cognitivo-conductual", ["TCC para el dolor"]),
    "aquatic-therapy": ("Terapia acuática", ["hidroterapia"]),
    "spinal-cord-stimulation": ("Estimulación de la médula espinal", ["neuroestimulador medular"]),
    "spinal-traction": ("Tracción vertebral", ["tracción"]),
    "core-strengthening": ("Fortalecimiento del core", ["ejercicios de core", "estabilización lumbar"]),
    "anti-inflammatory-medication": ("Antiinflamatorios", ["AINE", "ibuprofeno"]),
    "muscle-relaxants": ("Relajantes musculares", []),
    "mindfulness-meditation": ("Meditación mindfulness", ["atención plena"]),
    "tai-chi": ("Taichí", ["tai chi"]),
    "artificial-disc-replacement": ("Prótesis de disco", ["artroplastia discal"]),
    "sacroiliac-joint-injection": ("Infiltración sacroilíaca", ["infiltración de la articulación sacroilíaca"]),
    "walking-program": ("Programa de caminata", ["caminata progresiva"]),
}

SPANISH_CONDITIONS = {
    "sciatica": ("Ciática", ["dolor del nervio ciático", "radiculopatía lumbar"]),
    "herniated-disc": ("Hernia de disco", ["hernia discal", "protrusión discal"]),
    "spinal-stenosis": ("Estenosis espinal", ["estenosis lumbar", "estrechamiento del canal espinal"]),
    "degenerative-disc-disease": ("Enfermedad degenerativa del disco", ["degeneración discal"]),
    "spondylolisthesis": ("Espondilolistesis", ["deslizamiento vertebral"]),
    "scoliosis": ("Escoliosis", ["curvatura de la columna"]),
    "whiplash": ("Latigazo cervical", ["esguince cervical"]),
    "facet-joint-arthritis": ("Artrosis facetaria", ["síndrome facetario", "artrosis de columna"]),
    "sacroiliac-joint-dysfunction": ("Disfunción sacroilíaca", ["dolor sacroilíaco"]),
    "vertebral-compression-fracture": ("Fractura vertebral por compresión", ["aplastamiento vertebral"]),
    "muscle-strain": ("Distensión muscular", ["tirón muscular", "distensión lumbar"]),
    "cervical-radiculopathy": ("Radiculopatía cervical", ["nervio pinzado en el cuello"]),
    "piriformis-syndrome": ("Síndrome piriforme", []),
    "ankylosing-spondylitis": ("Espondilitis anquilosante", ["espondiloartritis axial"]),
    "osteoporosis": ("Osteoporosis", ["huesos frágiles"]),
    "chronic-low-back-pain": ("Lumbalgia crónica", ["dolor lumbar crónico"]),
}

SPANISH_SENTENCES = [
    "Muchas personas con {c} mejoran en pocas semanas, y tratamientos como {t} suelen ser de lo primero que se prueba.",
    "Pregunte a su médico si un tratamiento como {t} se ajusta a sus objetivos antes de decidir.",
    "En casos de {c}, la evidencia sobre {t} es variable, así que conviene hablar de lo que usted espera.",
    "Siga moviéndose tanto como pueda sin molestias; el reposo prolongado en cama suele hacer que el dolor de espalda dure más.",
    "Si el dolor baja por debajo de la rodilla, dígaselo a su médico, porque puede indicar {c}.",
    "Algunos pacientes combinan {t} con un plan de ejercicios en casa que hacen tres veces por semana.",
    "El dolor que le despierta por la noche, la fiebre o una debilidad nueva en una pierna deben revisarse el mismo día.",
    "Las pruebas de imagen, como la resonancia magnética, rara vez cambian el plan en las primeras seis semanas de {c}.",
    "Su fisioterapeuta puede enseñarle a levantar peso, sentarse y dormir de forma que proteja la espalda.",
    "Muchas personas preguntan si {t} duele; pregunte a su médico qué puede esperar antes de empezar.",
    "Es normal tener días buenos y días malos mientras se recupera de {c}.",
    "Solemos proponer un número fijo de sesiones de {t} y después comprobar si le ha ayudado.",
    "Fumar retrasa la curación de los discos y los huesos, así que dejarlo también ayuda con {c}.",
    "Un paseo corto cada hora puede aliviar la rigidez mejor que una sesión larga en el gimnasio.",
    "No todas las personas con {c} necesitan cirugía; la mayoría mejora con el tiempo y con {t}.",
    "Anote cuándo empeora el dolor y qué estaba haciendo, y lleve las notas a su consulta.",
    "Los seguros cubren un número distinto de sesiones de {t}, así que compruébelo antes de empezar.",
    "El calor puede relajar los músculos tensos, y el hielo puede ayudar el primer o el segundo día después de una lesión.",
    "La cirugía suele plantearse solo cuando varias semanas de tratamiento cuidadoso, como {t}, no han ayudado.",
    "El objetivo del tratamiento de {c} es que vuelva a hacer lo que le gusta, no solo que desaparezca el dolor.",
]

SPANISH_HEADINGS = [
    "Qué se siente", "Cuándo ver a un médico", "Qué puede hacer en casa", "Cómo funciona el tratamiento",
    "Qué dice la investigación", "Preguntas para su médico", "Volver al trabajo", "Sueño y postura",
    "Ejercicio que ayuda", "Qué evitar", "Tiempo de recuperación", "Vivir con ello",
]


def names(rng, entry):
    """The name, or one of its aliases, as it would appear in running text."""
    title, aliases = entry
    pick = rng.choice([title] + aliases) if aliases and rng.random() < 0.4 else title
    return pick if pick.isupper() or pick[:2].isupper() else pick.lower()


def sentence(rng, therapy, condition, sentences=SENTENCES):
    return rng.choice(sentences).format(t=names(rng, therapy), c=names(rng, condition))


def paragraph(rng, therapies, conditions, sentences=SENTENCES):
    return " ".join(
        sentence(rng, rng.choice(therapies), rng.choice(conditions), sentences)
        for _ in range(rng.randint(3, 6))
    )


def toml_list(items):
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def write_site_toml(root, translated):
    with open(os.path.join(root, "site.toml"), "w") as f:
        f.write('title = "Bench Spine"\nbase_url = "https://bench.example/"\n'
                '[clinic]\nphone = "(310) 555-0142"\n')
        for ident, name, credentials, job in AUTHORS:
            f.write(f'\n[authors.{ident}]\nname = "{name}"\njob_title = "{job}"\n')
            if credentials:
                f.write(f'credentials = "{credentials}"\n')
        if translated:
            f.write('\n[languages.es]\nname = "Español"\ntitle = "Columna de prueba"\n')


def write_topics(root, rng, es_rng):
    all_therapies = [(t[1], t[3]) for t in THERAPIES]
    all_conditions = [(c[1], c[2]) for c in CONDITIONS]
    es_therapies = list(SPANISH_THERAPIES.values())
    es_conditions = list(SPANISH_CONDITIONS.values())
    for i, (slug, title, kind, aliases, invasiveness) in enumerate(THERAPIES):
        treats = [CONDITIONS[(i + k) % len(CONDITIONS)][0] for k in range(2)]
        with open(os.path.join(root, f"content/therapies/{slug}.md"), "w") as f:
            f.write(f'+++\ntitle = "{title}"\nkind = "{kind}"\n'
                    f"also_known_as = {toml_list(aliases)}\n"
                    f'summary = "What {title.lower()} is, who it may help and what to expect."\n'
                    f'invasiveness = "{invasiveness}"\nrecovery = "Varies; ask your clinician."\n'
                    f"treats = {toml_list(treats)}\n+++\n")
            for heading in ("What it is", "Who it may help", "Risks"):
                f.write(f"\n## {heading}\n\n{paragraph(rng, all_therapies, all_conditions)}\n")
        if es_rng:
            es_title, es_aliases = SPANISH_THERAPIES[slug]
            with open(os.path.join(root, f"content/therapies/{slug}.es.md"), "w") as f:
                f.write(f'+++\ntitle = "{es_title}"\nkind = "{kind}"\n'
                        f"also_known_as = {toml_list(es_aliases)}\n"
                        f'summary = "Qué es, a quién puede ayudar y qué esperar."\n'
                        f'invasiveness = "{invasiveness}"\nrecovery = "Varía; consulte a su médico."\n'
                        f"treats = {toml_list(treats)}\n+++\n")
                for heading in ("Qué es", "A quién puede ayudar", "Riesgos"):
                    text = paragraph(es_rng, es_therapies, es_conditions, SPANISH_SENTENCES)
                    f.write(f"\n## {heading}\n\n{text}\n")
    for slug, title, aliases in CONDITIONS:
        with open(os.path.join(root, f"content/conditions/{slug}.md"), "w") as f:
            f.write(f'+++\ntitle = "{title}"\nalso_known_as = {toml_list(aliases)}\n'
                    f'summary = "What {title.lower()} is and how it is treated."\n'
                    'symptoms = ["Pain in the back or leg", "Stiffness"]\n'
                    'red_flags = ["New trouble controlling your bladder or bowels"]\n+++\n')
            f.write(f"\n## What it is\n\n{paragraph(rng, all_therapies, [(title, aliases)])}\n")
        if es_rng:
            es_title, es_aliases = SPANISH_CONDITIONS[slug]
            with open(os.path.join(root, f"content/conditions/{slug}.es.md"), "w") as f:
                f.write(f'+++\ntitle = "{es_title}"\nalso_known_as = {toml_list(es_aliases)}\n'
                        f'summary = "Qué es y cómo se trata."\n'
                        'symptoms = ["Dolor en la espalda o en la pierna", "Rigidez"]\n'
                        'red_flags = ["Problemas nuevos para controlar la vejiga o el intestino"]\n'
                        '+++\n')
                text = paragraph(es_rng, es_therapies, [(es_title, es_aliases)], SPANISH_SENTENCES)
                f.write(f"\n## Qué es\n\n{text}\n")
    index_pages = {"content/articles/_index": ("Articles", "All articles.", "Artículos",
                                               "Todos los artículos."),
                   "content/conditions/_index": ("Conditions", "The conditions we treat.",
                                                 "Enfermedades", "Las enfermedades que tratamos.")}
    for path, (title, text, es_title, es_text) in index_pages.items():
        with open(os.path.join(root, path + ".md"), "w") as f:
            f.write(f'+++\ntitle = "{title}"\n+++\n{text}\n')
        if es_rng:
            with open(os.path.join(root, path + ".es.md"), "w") as f:
                f.write(f'+++\ntitle = "{es_title}"\n+++\n{es_text}\n')


def front_matter(a, picked, conditions):
    """The lines every version of article `a` shares: its topics and its review."""
    lines = [f"therapies = {toml_list(t[0] for t in picked)}"]
    if conditions:
        lines.append(f"conditions = {toml_list(c[0] for c in conditions)}")
    if a % 3 != 0:
        lines.append(f'author = "{AUTHORS[a % len(AUTHORS)][0]}"')
        lines.append(f'reviewed_by = "{REVIEWERS[a % len(REVIEWERS)]}"')
        # Most reviews are recent; one in five is years overdue.
        reviewed = "2021-03-01" if a % 5 == 0 else "2026-10-01"
        lines.append(f"last_reviewed = {reviewed}")
    return lines


def body(rng, a, n, topics, words, link):
    """The Markdown of article `a`: paragraphs of `words`' sentences about `topics` (therapy
    and condition names), under its headings, with a list, a table and a link to another
    article written by `link`."""
    in_text_t, in_text_c = topics
    sentences, headings, table_head, expectations = words
    lines = [paragraph(rng, in_text_t, in_text_c, sentences), ""]
    if a % 2 == 0:
        lines += ["<!-- more -->", ""]
    for h in range(rng.randint(4, 6)):
        text = paragraph(rng, in_text_t, in_text_c, sentences)
        lines += [f"## {headings[(a + h) % len(headings)]}", "", text, ""]
        if h == 1:
            lines += [f"- {sentence(rng, rng.choice(in_text_t), rng.choice(in_text_c), sentences)}"
                      for _ in range(4)]
            lines.append("")
        if h == 2:
            lines += [table_head, "|---|---|"]
            lines += [f"| {t[0]} | {rng.choice(expectations)} |" for t in in_text_t[:3]]
            lines.append("")
        if h == 3 and n > 1:
            other = rng.randrange(n)
            other = other if other != a else (a + 1) % n
            lines += [link(a, other), ""]
        lines += [paragraph(rng, in_text_t, in_text_c, sentences), ""]
    return lines


ENGLISH_WORDS = (SENTENCES, HEADINGS, "| Treatment | What to expect |",
                 ["A few sessions", "Weeks", "One visit"])
SPANISH_WORDS = (SPANISH_SENTENCES, SPANISH_HEADINGS, "| Tratamiento | Qué esperar |",
                 ["Unas pocas sesiones", "Semanas", "Una visita"])


def english_link(a, other):
    link = (f"[a related article](/articles/article-{other:06d}/)" if a % 2
            else f"[a related article](@/articles/article-{other:06d}.md)")
    return f"You may also want to read {link} and *take notes* for your next visit."


def spanish_link(a, other):
    link = (f"[un artículo relacionado](/es/articles/articulo-{other:06d}/)" if a % 2
            else f"[un artículo relacionado](@/articles/article-{other:06d}.md)")
    return f"También le puede interesar {link}; *tome notas* para su próxima visita."


def article(rng, a, n, date, es_rng=None):
    """The text of article `a` of `n`, and of its Spanish translation when `es_rng` is given
    (else None)."""
    picked = rng.sample(THERAPIES, rng.randint(1, 4))
    conditions = rng.sample(CONDITIONS, rng.randint(0, 2))
    mentioned = picked + rng.sample(THERAPIES, 2)
    in_text_t = [(t[1], t[3]) for t in mentioned]
    subjects = conditions or rng.sample(CONDITIONS, 1)
    in_text_c = [(c[1], c[2]) for c in subjects]
    subject = rng.choice(range(len(subjects)))
    shared = front_matter(a, picked, conditions)
    front = [
        "+++",
        f'title = "{rng.choice(HEADINGS)}: {subjects[subject][1].lower()} ({a})"',
        f'description = "Plain-language advice about {subjects[subject][1].lower()} from our clinicians."',
        f"date = {date}",
    ] + shared + ["+++"]
    english = "\n".join(front + body(rng, a, n, (in_text_t, in_text_c), ENGLISH_WORDS, english_link))
    if es_rng is None:
        return english + "\n", None
    es_subject = SPANISH_CONDITIONS[subjects[subject][0]][0].lower()
    es_front = [
        "+++",
        f'title = "{es_rng.choice(SPANISH_HEADINGS)}: {es_subject} ({a})"',
        f'slug = "articulo-{a:06d}"',
        f'description = "Consejos claros sobre {es_subject} de nuestro equipo clínico."',
        f"date = {date}",
    ] + shared + ["+++"]
    es_topics = ([SPANISH_THERAPIES[t[0]] for t in mentioned],
                 [SPANISH_CONDITIONS[c[0]] for c in subjects])
    spanish = "\n".join(es_front + body(es_rng, a, n, es_topics, SPANISH_WORDS, spanish_link))
    return english + "\n", spanish + "\n"


def generate(root, n, rng, translated=False):
    """Writes the realistic site into `root` (which must not exist); with `translated`, every
    page with its Spanish translation."""
    for folder in ("content/articles", "content/therapies", "content/conditions"):
        os.makedirs(os.path.join(root, folder))
    # The Spanish text has its own random numbers, so the English files do not depend on it.
    es_rng = random.Random(n + 1) if translated else None
    write_site_toml(root, translated)
    write_topics(root, rng, es_rng)
    for a in range(n):
        day, month, year = a % 28 + 1, (a // 28) % 12 + 1, 2000 + a // (28 * 12)
        english, spanish = article(rng, a, n, f"{year:04d}-{month:02d}-{day:02d}", es_rng)
        path = os.path.join(root, f"content/articles/article-{a:06d}")
        with open(path + ".md", "w") as f:
            f.write(english)
        if spanish:
            with open(path + ".es.md", "w") as f:
                f.write(spanish)
