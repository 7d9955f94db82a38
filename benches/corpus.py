#!/usr/bin/env python3
"""Generates a synthetic styrdok site of N governance documents in the contract format:
Swedish-like text, risk/activity/action blocks, responsibles and areas from realistic sets,
cross-links (wiki links to documents and records, related ids). Deterministic for a seed.

    python3 benches/corpus.py --docs 10000 --out /tmp/corpus-10k [--seed 1] [--words 530]
"""
import argparse
import os
import random

AREAS = ["Arbetsmiljö", "Patientsäkerhet", "Informationssäkerhet", "Krisberedskap",
         "Brandskydd", "Miljö", "Länets utveckling", "God och nära vård", "Ekonomi",
         "Kompetensförsörjning", "Digitalisering", "Folkhälsa"]
RESPONSIBLES = ["Regionstabschef", "Hospa-chef", "HR-direktör", "Ekonomidirektör",
                "Säkerhetschef", "Beredskapschef", "IT-chef", "LSG-patientsäkerhet",
                "Patientsäkerhetsteamet", "Alla verksamheter", "Regiondirektör", "HR",
                "Verksamhetschef", "Chefläkare", "Kommunikationsdirektör"]
TYPES = ["strategy", "action-plan", "risk-analysis", "safety-report", "audit-response",
         "assignment", "decision", "page"]
WORDS = ("verksamhet region styrelse uppföljning risk åtgärd patient säkerhet vård skada "
         "arbetsmiljö hot våld utbildning rutin ansvar kompetens försörjning beredskap kris "
         "information samverkan mål plan analys resultat förbättring avvikelse händelse "
         "kvalitet ledning medarbetare chef enhet förvaltning nämnd beslut uppdrag budget "
         "ekonomi läkemedel förbrukningsmaterial robusthet samhälle störning krig olycka "
         "digitalisering system journal data skydd tillgänglighet spårbarhet riktighet "
         "vårdskada vårdskadan vårdskador patientsäkerhetsarbete kompetensförsörjningen "
         "överfallslarm larm lokal förtroendevald tjänsteman statistik incident ökning").split()


def sentence(rng, n=None):
    n = n or rng.randint(6, 16)
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize() + "."


def paragraph(rng, words):
    out, count = [], 0
    while count < words:
        s = sentence(rng)
        out.append(s)
        count += s.count(" ") + 1
    return " ".join(out)


def yaml_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def document(rng, i, n, words):
    t = TYPES[i % len(TYPES)]
    year = 2015 + i % 10
    folder = f"avd{i % 50:02d}"
    doc_id = f"dok-{i}"
    related = sorted({f"dok-{rng.randrange(n)}" for _ in range(2)} - {doc_id})
    fm = [
        "---",
        f"title: {yaml_str(sentence(rng, 5)[:-1] + f' {i}')}",
        f"type: {t}",
        f"id: {doc_id}",
        f"summary: {yaml_str(sentence(rng))}",
        f"owner: {rng.choice(RESPONSIBLES)}",
        "decided_by: Regionstyrelsen",
        f"decided: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"dnr: RS {i}-{year}",
        f"areas: [{', '.join(sorted(set(rng.sample(AREAS, 2))))}]",
        f"related: [{', '.join(related)}]",
    ]
    if t == "decision":
        fm += [f"meeting: {year}-03-30", "department: Regionstaben", "manager: Anna Andersson",
               "case_officer: Bo Berg"]
    fm.append("---")
    body = [f"## Bakgrund\n\n{paragraph(rng, words // 3)}\n"]
    target = rng.randrange(n)
    body.append(f"Se [[dok-{target}]] och [relaterat dokument](../avd{target % 50:02d}/dokument-{target}.md).\n")
    if TYPES[target % len(TYPES)] == "risk-analysis":
        body.append(f"Risken [[dok-{target}#risk-1]] berör detta.\n")
    body.append(f"## Analys\n\n{paragraph(rng, words // 3)}\n")
    if t == "risk-analysis":
        rows = []
        for r in range(1, 9):
            l, s = rng.randint(1, 5), rng.randint(1, 5)
            rows.append(
                f"- id: {r}\n  objectives: [c]\n  area: {rng.choice(AREAS)}\n"
                f"  risk: {yaml_str(sentence(rng))}\n  consequence: {yaml_str(sentence(rng))}\n"
                f"  likelihood: {l}\n  severity: {s}\n  score: {l * s}\n"
                f"  treatment: {rng.choice(['behålla', 'begränsa', 'eliminera'])}\n"
                f"  cause: {yaml_str(sentence(rng))}\n  actions: {yaml_str(sentence(rng))}\n"
                f"  responsible: {rng.choice(RESPONSIBLES)}")
        body.append("```risks\n" + "\n".join(rows) + "\n```\n")
    if t in ("action-plan", "audit-response", "assignment"):
        kind, field = ("activities", "activity") if t == "action-plan" else ("actions", "action")
        rows = []
        for r in range(1, 6):
            rows.append(
                f"- {field}: {yaml_str(sentence(rng))}\n"
                f"  responsible: [{rng.choice(RESPONSIBLES)}, {rng.choice(RESPONSIBLES)}]\n"
                f"  area: {rng.choice(AREAS)}\n"
                f"  status: {rng.choice(['planned', 'ongoing', 'done'])}\n"
                f"  due: {year + 1}-{rng.randint(1, 12):02d}-28")
        body.append(f"```{kind}\n" + "\n".join(rows) + "\n```\n")
    body.append(f"## Uppföljning\n\n{paragraph(rng, words // 3)}\n")
    return folder, f"dokument-{i}.md", "\n".join(fm) + "\n" + "\n".join(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words", type=int, default=530)
    ap.add_argument("--pdf", action="store_true", help="every document also as a PDF (docs/pdf.md)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "content"), exist_ok=True)
    with open(os.path.join(a.out, "styrdok.yaml"), "w") as f:
        f.write("title: Syntetisk region\nlanguage: sv\norganisation: Region Syntet\n")
        f.write("areas: [" + ", ".join(AREAS) + "]\n")
        if a.pdf:
            f.write("pdf:\n  types: all\n  archive: pdf/a-2\n")
    for i in range(a.docs):
        folder, name, text = document(rng, i, a.docs, a.words)
        d = os.path.join(a.out, "content", folder)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
