# ruff: noqa: E501 (article text, one sentence per line)
"""Dated articles that disagree, written for the recency tests: the same story reported at different times.

QUESTIONS: (question, article ids that answer it, the one that should come first, asks for the latest?).
Run ``python tests/dated_articles.py`` to print how often the expected article comes first, with and
without index/recency.py, on a store built from these articles.
"""

from __future__ import annotations

from pathlib import Path


def _md(title: str, published: str, source: str, body: str) -> str:
    return f"---\ntitle: {title}\npublished: {published}\nsource: {source}\n---\n{body.strip()}\n"


ARTICLES = {
    "talks-open-geneva": _md("Ceasefire talks open in Geneva", "2025-06-02", "Northern Post", """
Ceasefire talks between Valmora and Dastria opened in Geneva on Monday, with both delegations meeting in the same room for the first time since the war began.
The two sides agreed to a 48-hour truce along the river front while the talks go on, the Swiss mediator said.
The truce covers artillery fire on the border towns but not air patrols, which Dastria refused to include.
Aid agencies said the pause would let them bring food and medicine into the besieged town of Korvel.
The mediator said the talks would continue for at least a week."""),
    "talks-move-doha": _md("Ceasefire talks move to Doha as truce is extended", "2025-07-15", "Harbour Gazette", """
Ceasefire talks between Valmora and Dastria moved to Doha on Tuesday, where the two delegations agreed to extend the truce to 30 days.
The extended truce now covers air patrols as well as artillery fire along the river front, the Qatari mediator said.
Aid convoys reached the town of Korvel for the first time in four months, the Red Crescent said.
Both sides said a prisoner exchange was being discussed but gave no date.
The talks are expected to resume in Doha next month."""),
    "talks-collapse": _md("Ceasefire collapses after talks break down in Doha", "2025-08-20", "Northern Post", """
The ceasefire between Valmora and Dastria collapsed on Wednesday after the talks in Doha broke down over the control of the river crossings.
Artillery fire resumed along the river front within hours, and air patrols were seen over the border towns again.
The Qatari mediator said the talks were suspended and that no new date had been set.
Aid agencies pulled their convoys back from the town of Korvel, which is again cut off.
Both governments blamed each other for the breakdown of the ceasefire."""),
    "fares-march": _md("Island ferry fares frozen for the spring", "2025-03-01", "Coastal Herald", """
A single ferry ticket to the islands costs 4 euros and will stay at that price until the summer, the ferry operator said on Saturday.
The operator said fuel prices had fallen enough to keep the fare unchanged for another season.
Season tickets for island residents will also stay at 90 euros a month.
The operator carried 1.2 million passengers last year, a record."""),
    "fares-september": _md("Island ferry fares rise from September", "2025-09-01", "Coastal Herald", """
A single ferry ticket to the islands costs 5.50 euros from Monday, after the ferry operator raised its fares for the first time in three years.
The operator blamed the higher cost of fuel and of the new night crossings.
Season tickets for island residents rise to 105 euros a month.
Island councils said they would ask the port authority to cap the fares."""),
    "population-2024": _md("City population passes 212,000", "2024-01-10", "Riverside Daily", """
The city's population is 212,000, according to the latest estimate from the statistics office published on Wednesday.
Most of the growth came from young families moving to the new districts along the river.
The statistics office said the number of people over 65 had also grown, by 3 percent in a year.
The council said it would build two new schools to keep up with the growth."""),
    "population-2025": _md("Census puts city population at 219,500", "2025-05-05", "Riverside Daily", """
The city's population is 219,500, according to the census results published by the statistics office on Monday.
The census found that the river districts had grown fastest, adding almost 5,000 residents in a year.
The statistics office said the average household now has 2.1 people, fewer than ten years ago.
The council said the figures would shape its housing plan for the next decade."""),
    "authority-chair": _md("Port authority names new chair", "2025-02-01", "Coastal Herald", """
Tomas Lind was named chair of the port authority on Friday, replacing Anna Holm, who retired after twelve years in the post.
Lind, a former harbour master, said his first task would be to improve the ferry links to the islands.
The port authority runs the harbour, the ferry terminals and the marina.
Holm said she was proud to hand over an authority with no debts."""),
    "authority-budget": _md("Port authority budget grows for new terminals", "2025-08-05", "Coastal Herald", """
The port authority approved a budget of 48 million euros for next year on Tuesday, up from 41 million, to pay for two new ferry terminals.
The new terminals will be built on the islands of Skarholm and Vessel and open in 2027.
The authority said harbour fees would not rise to pay for them.
Work on the terminals will start in the spring."""),
}

QUESTIONS = [
    # Newer first: the question asks for the latest, and several articles answer it.
    ("What is the latest on the Valmora ceasefire talks?", "talks-collapse", True),
    ("What is the current state of the ceasefire between Valmora and Dastria?", "talks-collapse", True),
    ("Where are the Valmora ceasefire talks being held now?", "talks-collapse", True),
    ("How much does a single ferry ticket to the islands cost now?", "fares-september", True),
    ("What is the current price of a single ferry ticket to the islands?", "fares-september", True),
    ("What is the city's population now?", "population-2025", True),
    ("What is the latest figure for the city's population?", "population-2025", True),
    # Asks for the latest, but an older article is clearly the better match: it must stay first.
    ("Who is the current chair of the port authority?", "authority-chair", True),
    ("How many passengers does the ferry operator carry a year now?", "fares-march", True),
    ("What is the latest on aid convoys reaching Korvel?", "talks-move-doha", True),
    # Does not ask for the latest: the ranking stays as it is.
    ("Where did the ceasefire talks between Valmora and Dastria open?", "talks-open-geneva", False),
    ("How long was the truce extended to in Doha?", "talks-move-doha", False),
]


def write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def measure(engine) -> list[dict]:
    """For each question: the first article as ranked, and after recency; scores of the kept hits."""
    from index.ranking import answerable
    from index.recency import prefer_newer

    corpus = engine.corpus

    def article(hit):
        return corpus.article_ids[corpus.article_of_row[hit.row]]

    rows = []
    for question, expected, latest in QUESTIONS:
        hits = engine.rank(question)[: engine.config.top_k]
        kept = [hits[0]] + [h for h in hits[1:] if answerable([h])] if hits else []
        reordered = prefer_newer(question, kept, corpus)
        answer = engine.ask(question)
        rows.append({
            "question": question, "expected": expected, "latest": latest,
            "answered": answerable(hits),
            "ranked": [(article(h), round(h.score, 3)) for h in kept],
            "before": article(kept[0]) if kept else None,
            "after": article(reordered[0]) if reordered else None,
            "answer": answer.citations[0].article if answer.citations else None,
            "published": answer.citations[0].published if answer.citations else None,
        })
    return rows


if __name__ == "__main__":
    import tempfile

    from index.build import build_index
    from index.config import EngineConfig
    from index.engine import Engine

    with tempfile.TemporaryDirectory() as root:
        config = EngineConfig(seeds_dir=write(Path(root) / "seeds"), store_dir=Path(root) / "store")
        build_index(config)
        results = measure(Engine.open(config))
    for r in results:
        print(f"{'L' if r['latest'] else '-'} {r['before'] == r['expected']:d}->{r['after'] == r['expected']:d} "
              f"{r['question']}\n     {r['ranked']}")
    for latest in (True, False):
        part = [r for r in results if r["latest"] == latest]
        print(f"{'latest' if latest else 'other'} questions: expected article first {sum(r['before'] == r['expected'] for r in part)}/{len(part)} "
              f"as ranked, {sum(r['after'] == r['expected'] for r in part)}/{len(part)} with recency")
