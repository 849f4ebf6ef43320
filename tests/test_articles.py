from pathlib import Path

from support import SEED_ARTICLE, write_article

from index.articles import is_heading, load_articles, read_article
from index.sentences import split_sentences


def test_txt_title_headings_and_offsets():
    article = read_article(SEED_ARTICLE)
    assert article.id == "russia-rejects-european-troops"
    assert article.title.startswith("Russia Bold Rejection of European Troops")
    text = SEED_ARTICLE.read_bytes().decode("utf-8")
    assert article.text == text
    headings = {"Moscow’s Hardline Stance", "Trump’s Frustration Boils Over", "Russia’s Massive Attack on Ukraine"}
    assert headings <= {s.section for s in article.sentences}
    for sentence in article.sentences:
        quote = article.quote(sentence)
        assert text[sentence.start : sentence.end] == quote
        assert quote == quote.strip()
        # A heading is metadata, never a quotable sentence, and never glued onto one.
        assert quote not in headings and not any(quote.startswith(h) for h in headings)
        assert article.title not in quote


def test_markdown_front_matter_and_headings(tmp_path):
    path = tmp_path / "kyiv-report.md"
    path.write_text(
        "---\ntitle: \"Kyiv under fire\"\nurl: https://example.org/kyiv\npublished: 2025-08-29\n"
        "source: Example News\n---\n# Kyiv under fire\n\nDrones hit the capital at night. Two people died.\n\n"
        "## Aftermath\n\nCrews cleared the debris by noon.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert (article.title, article.url, article.published, article.source) == (
        "Kyiv under fire", "https://example.org/kyiv", "2025-08-29", "Example News")
    quotes = [article.quote(s) for s in article.sentences]
    assert quotes == ["Drones hit the capital at night.", "Two people died.", "Crews cleared the debris by noon."]
    assert [s.section for s in article.sentences] == [None, None, "Aftermath"]


def test_markdown_without_front_matter_takes_title_from_heading(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# A plain note\n\nThe council met on Monday and approved the budget.\n", encoding="utf-8")
    article = read_article(path)
    assert article.title == "A plain note"
    assert [article.quote(s) for s in article.sentences] == ["The council met on Monday and approved the budget."]


def test_bad_files_warn_by_name_and_the_rest_still_load(tmp_path):
    seeds = tmp_path / "seeds"
    write_article(seeds, "good.txt", "Good", ["The mayor opened the new bridge on Friday."])
    (seeds / "empty.txt").write_text("  \n", encoding="utf-8")
    (seeds / "latin1.txt").write_bytes("Caf\xe9 news\nThe caf\xe9 closed.".encode("latin-1"))
    (seeds / "title-only.txt").write_text("Just a title\n", encoding="utf-8")
    (seeds / "notes.csv").write_text("a,b\n", encoding="utf-8")
    articles, warnings = load_articles(seeds)
    assert [a.id for a in articles] == ["good"]
    joined = "\n".join(warnings)
    for name in ("empty.txt", "latin1.txt", "title-only.txt"):
        assert name in joined
    assert "notes.csv" not in joined


def test_missing_seeds_folder_is_a_warning(tmp_path):
    articles, warnings = load_articles(Path(tmp_path / "nope"))
    assert articles == [] and "does not exist" in warnings[0]


def test_heading_rule():
    assert is_heading("Peace Talks in Jeopardy")
    assert not is_heading("Lavrov said the plan was unacceptable.")
    assert not is_heading("“Interesting times ahead!!!”")
    assert not is_heading("A long line without a full stop that goes on and on and on and on and on for many words")


def test_sentence_splitting_keeps_abbreviations_and_quotes():
    text = ("U.S. officials met Mr. Smith on Monday. “We are ready,” he said. J. R. Doe left at 5 p.m. Then "
            "it rained! Did it stop? Yes.")
    quotes = [text[s:e] for s, e in split_sentences(text)]
    assert quotes == [
        "U.S. officials met Mr. Smith on Monday.",
        "“We are ready,” he said.",
        "J. R. Doe left at 5 p.m. Then it rained!",
        "Did it stop?",
        "Yes.",
    ]
