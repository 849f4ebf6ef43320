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


def test_a_long_title_is_cut_at_a_word_boundary_with_a_warning(tmp_path):
    from index.articles import TITLE_MAX_CHARS

    seeds = tmp_path / "seeds"
    first = ("The council met for a very long session and argued about the budget " * 40).strip() + "."
    write_article(seeds, "long.txt", first, ["The budget passed on Tuesday."])
    write_article(seeds, "fine.txt", "Short title", ["The mayor opened the bridge."])
    articles, warnings = load_articles(seeds)
    long = next(a for a in articles if a.id == "long")
    assert len(long.title) <= TITLE_MAX_CHARS and long.title.endswith("…")
    assert first.startswith(long.title[:-1]) and first[len(long.title) - 1] == " "  # a word boundary
    assert [w for w in warnings if w.startswith("long.txt")] and not [w for w in warnings if "fine" in w]
    # A first line that long is prose, not a title: its sentences are indexed too.
    assert "The council met" in long.quote(long.sentences[0])


def test_bom_is_stripped_from_titles(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffBOM title\nThe harbour reopened on Monday.\n".encode())
    (tmp_path / "bom.md").write_bytes("\ufeff---\ntitle: Front matter title\n---\nText here today.\n".encode())
    assert read_article(tmp_path / "bom.txt").title == "BOM title"
    assert read_article(tmp_path / "bom.md").title == "Front matter title"


def test_oversized_and_control_character_files_are_skipped_by_name(tmp_path):
    seeds = tmp_path / "seeds"
    write_article(seeds, "good.txt", "Good", ["The mayor opened the new bridge on Friday."])
    write_article(seeds, "big.txt", "Big", ["A sentence about the harbour. " * 2000])
    (seeds / "garbage.txt").write_bytes(bytes(range(1, 32)) * 40 + b"\nSome words. More words.\n")
    articles, warnings = load_articles(seeds, max_bytes=50_000)
    assert [a.id for a in articles] == ["good"]
    assert any(w.startswith("big.txt") and "NEWSBOT_MAX_ARTICLE_BYTES" in w for w in warnings)
    assert any(w.startswith("garbage.txt") and "control" in w for w in warnings)
    assert len(warnings) == 2


def test_symlink_loops_and_broken_links_are_warned_about(tmp_path):
    seeds = tmp_path / "seeds"
    write_article(seeds, "good.txt", "Good", ["The mayor opened the new bridge on Friday."])
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    (seeds / "gone.md").symlink_to(tmp_path / "missing.md")
    articles, warnings = load_articles(seeds)
    assert [a.id for a in articles] == ["good"]
    assert sorted(w.split(":")[0] for w in warnings) == ["gone.md", "loop.txt"]
