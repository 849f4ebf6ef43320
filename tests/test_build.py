import threading

import pytest
from support import write_article

from index.build import build_index
from index.config import EngineConfig
from index.engine import Engine
from index.errors import EngineError, ModelMismatch, NoArticles
from index.store import connect, open_current, read_pointer

ARTICLES = {
    "harbour.txt": ("Harbour reopens", ["The harbour reopened on Monday after a storm closed it for a week.",
                                        "Fishing boats returned to the docks. The mayor thanked the crews."]),
    "school.txt": ("New school", ["A new primary school opened in the north of the town.",
                                  "It has room for 400 pupils and a large library."]),
    "festival.txt": ("Jazz festival", ["The jazz festival sold 12,000 tickets this year.",
                                       "Organisers plan a second stage for next summer."]),
}


@pytest.fixture
def corpus(tmp_path, model):
    seeds = tmp_path / "seeds"
    for name, (title, paragraphs) in ARTICLES.items():
        write_article(seeds, name, title, paragraphs)
    return EngineConfig(seeds_dir=seeds, store_dir=tmp_path / "store")


def rows_by_article(config):
    collection = open_current(connect(config), config)
    rows = collection.get(include=["metadatas"])
    found = {}
    for node_id, meta in zip(rows["ids"], rows["metadatas"], strict=True):
        found.setdefault(meta["article"], set()).add(node_id)
    return found


def test_first_build_embeds_every_sentence(corpus, model):
    report = build_index(corpus, model=model)
    assert (report.articles, report.chunks, report.embedded, report.skipped, report.removed) == (3, 7, 7, 0, 0)
    assert {k: len(v) for k, v in rows_by_article(corpus).items()} == {"harbour": 3, "school": 2, "festival": 2}


def test_unchanged_rebuild_embeds_nothing_and_keeps_ids(corpus, model):
    build_index(corpus, model=model)
    before = rows_by_article(corpus)
    pointer = read_pointer(connect(corpus), corpus)
    report = build_index(corpus, model=model)
    assert (report.embedded, report.skipped, report.removed) == (0, 7, 0)
    assert rows_by_article(corpus) == before
    assert read_pointer(connect(corpus), corpus) == pointer  # nothing rewritten


def test_changed_article_reembeds_only_its_nodes(corpus, model):
    build_index(corpus, model=model)
    before = rows_by_article(corpus)
    write_article(corpus.seeds_dir, "school.txt", "New school",
                  ["A new primary school opened in the north of the town.", "It has room for 450 pupils."])
    report = build_index(corpus, model=model)
    assert (report.embedded, report.skipped, report.removed) == (2, 5, 2)
    after = rows_by_article(corpus)
    assert after["harbour"] == before["harbour"] and after["festival"] == before["festival"]
    assert after["school"] != before["school"]
    engine = Engine.open(corpus, model=model)
    assert "450 pupils" in engine.ask("The school has room for how many pupils?").citations[0].quote


def test_deleted_article_nodes_are_gone(corpus, model):
    build_index(corpus, model=model)
    (corpus.seeds_dir / "festival.txt").unlink()
    report = build_index(corpus, model=model)
    assert (report.articles, report.embedded, report.skipped, report.removed) == (2, 0, 5, 2)
    assert set(rows_by_article(corpus)) == {"harbour", "school"}


def test_crash_mid_build_leaves_the_previous_index_answering(corpus, model):
    build_index(corpus, model=model)
    write_article(corpus.seeds_dir, "harbour.txt", "Harbour reopens", ["The harbour stays shut until May."])
    write_article(corpus.seeds_dir, "zoo.txt", "Zoo", ["The zoo welcomed twin pandas."])

    def interrupt(stage, done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, progress=interrupt, model=model)
    engine = Engine.open(corpus, model=model)
    answer = engine.ask("When did the harbour reopen?")
    assert answer.answered and "reopened on Monday" in answer.citations[0].quote
    assert "zoo" not in {a.article for a in engine.articles()}
    # The next build recovers; the interrupted rows are gone, one live collection is left.
    report = build_index(corpus, model=model)
    assert (report.articles, report.embedded) == (4, 2)
    names = {c.name for c in connect(corpus).list_collections()}
    assert len([n for n in names if n.startswith("articles-g")]) == 1
    assert sum(len(ids) for ids in rows_by_article(corpus).values()) == report.chunks


def test_open_engine_keeps_answering_while_a_rebuild_switches(corpus, model):
    build_index(corpus, model=model)
    engine = Engine.open(corpus, model=model)
    write_article(corpus.seeds_dir, "school.txt", "New school", ["The school closed for the summer."])
    build_index(corpus, model=model)
    # The old engine still reads its (previous) generation, the new one sees the change.
    assert "400 pupils" in " ".join(c.quote for c in engine.ask("How many pupils?").citations)
    assert "closed for the summer" in Engine.open(corpus, model=model).ask("Is the school closed?").citations[0].quote


def test_a_store_built_with_another_model_says_rebuild(corpus, model):
    build_index(corpus, model=model)
    collection = open_current(connect(corpus), corpus)
    metadata = {k: v for k, v in collection.metadata.items() if not k.startswith("hnsw:")}
    collection.modify(metadata={**metadata, "embed_model": "some-other-model"})
    with pytest.raises(ModelMismatch, match="rebuild"):
        Engine.open(corpus, model=model)
    report = build_index(corpus, model=model)  # a rebuild re-embeds everything with the current model
    assert report.embedded == 7
    Engine.open(corpus, model=model)


def test_no_articles_is_a_clear_error_and_writes_nothing(tmp_path, model):
    config = EngineConfig(seeds_dir=tmp_path / "empty", store_dir=tmp_path / "store")
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoArticles, match="No readable article"):
        build_index(config, model=model)
    assert not (tmp_path / "store").exists()


def test_two_builds_at_once_are_refused(corpus, model):
    build_index(corpus, model=model)
    write_article(corpus.seeds_dir, "zoo.txt", "Zoo", ["The zoo welcomed twin pandas."])
    started, release = threading.Event(), threading.Event()
    errors = []

    def slow(stage, done, total):
        started.set()
        release.wait(10)

    def first():
        try:
            build_index(corpus, progress=slow, model=model)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(20)
    try:
        with pytest.raises(EngineError, match="Another build"):
            build_index(corpus, model=model)
    finally:
        release.set()
        thread.join(30)
    assert not errors


def test_reads_are_paged(corpus, model, monkeypatch):
    """Chroma refuses one get of ~80,000 rows; every full read goes page by page."""
    import index.store

    monkeypatch.setattr(index.store, "PAGE_SIZE", 2)
    build_index(corpus, model=model)
    write_article(corpus.seeds_dir, "zoo.txt", "Zoo", ["The zoo welcomed twin pandas."])
    assert build_index(corpus, model=model).embedded == 1
    engine = Engine.open(corpus, model=model)
    assert len(engine.corpus) == 8 and len(set(engine.corpus.ids)) == 8


def test_a_store_in_the_old_layout_says_rebuild_and_build_rebuilds_it(corpus, model):
    from index.errors import IndexMissing
    from index.store import write_pointer

    build_index(corpus, model=model)
    client = connect(corpus)
    pointer = read_pointer(client, corpus)
    # The layout before article records: a pointer without "layout", titles on every row.
    write_pointer(client, corpus, {"current": pointer["current"], "manifest": "{}"})
    with pytest.raises(IndexMissing, match="older version.*python -m index build"):
        Engine.open(corpus, model=model)
    report = build_index(corpus, model=model)
    assert (report.embedded, report.chunks) == (7, 7)
    assert Engine.open(corpus, model=model).ask("When did the harbour reopen?").answered
