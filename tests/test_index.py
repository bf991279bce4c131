"""Ingest idempotence, replacement, compatibility checks and hybrid search over embedded Chroma."""

from __future__ import annotations

import shutil

import pytest
from langchain_core.embeddings import Embeddings

from retrieval.errors import IndexUnavailable
from retrieval.index.store import Index, _client
from retrieval.search.hybrid import search
from retrieval.search.retriever import PassageRetriever

from .conftest import SEEDS, make_settings


def test_tongliang_question_finds_the_27_projects_first(index):
    top = search(index, "铜梁签约了多少项目", k=5)
    assert "铜梁集中签约27个招商引资项目" in top[0].text
    assert len(top) == 5 and len({p.id for p in top}) == 5


def test_english_question_uses_the_gazetteer(index):
    top = search(index, "How many projects did Tongliang sign and how much investment?", k=5)
    assert any("铜梁集中签约27个招商引资项目" in p.text for p in top[:3])


def test_a_question_is_embedded_once(index, monkeypatch):
    asked: list[str] = []
    embed = index.embedder.embed_query
    monkeypatch.setattr(index.embedder, "embed_query", lambda text: asked.append(text) or embed(text))
    index.forget_queries()
    first = search(index, "巴南签约了多少项目", k=5)
    assert [p.id for p in search(index, "巴南签约了多少项目", k=5)] == [p.id for p in first]
    embedded = len(asked)
    assert embedded and "巴南签约了多少项目" in asked
    index.forget_queries()  # as for a new question: embedded again
    search(index, "巴南签约了多少项目", k=5)
    assert len(asked) == 2 * embedded


def test_district_filter_and_neighbours(index):
    found = search(index, "签约项目 总投资", k=5, district="Banan")
    assert found and all("巴南区" in p.districts for p in found)
    target = next(p for p in search(index, "渝北 云阳 产业园 3000万元", k=3) if "3000万元" in p.text)
    around = index.neighbours(target.id, window=1)
    assert [p.position for p in around] == [target.position - 1, target.position, target.position + 1]
    assert around[1].id == target.id and {p.title for p in around} == {target.title}


def test_sources_list_every_seed(index):
    sources = index.sources()
    assert [s.source for s in sources] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert sum(s.passages for s in sources) == len(index)


def test_empty_and_huge_queries(index):
    assert search(index, "   ") == []
    assert len(search(index, "铜梁" * 5000, k=3)) == 3


def test_langchain_retriever(index):
    docs = PassageRetriever(index=index, k=3).invoke("渝北和云阳共建的产业园投入了多少资金")
    assert len(docs) == 3
    assert any("3000万元" in d.page_content for d in docs)
    assert {"id", "title", "section", "source", "score"} <= set(docs[0].metadata)


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "002_2d698e00e8e37bcc.txt", corpus / "a.txt")
    return corpus


def test_ingest_is_idempotent_and_replaces_changed_files(tmp_path, small_corpus):
    settings = make_settings(tmp_path / "data", seeds_dir=small_corpus)
    index = Index.open(settings)
    first = len(index)
    assert first > 20
    again = index.ingest()
    assert (again.added, again.removed, again.unchanged) == (0, 0, first)

    page = small_corpus / "a.txt"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("计划总投资206亿元,涵盖", "计划总投资207亿元,涵盖"), encoding="utf-8")
    changed = index.ingest()
    assert (changed.added, changed.removed) == (1, 1)
    assert len(index) == first
    assert "207亿元" in search(index, "铜梁签约了多少项目", k=1)[0].text

    new = tmp_path / "new.md"
    new.write_text("---\ntitle: 璧山新闻\ndate: 2024-01-02\n---\n璧山区新建云巴线路一条,全长15公里。\n", encoding="utf-8")
    added = index.ingest([new])
    assert added.added == 1 and len(index) == first + 1
    hit = search(index, "璧山云巴线路有多长", k=1)[0]
    assert (hit.title, hit.date, hit.source) == ("璧山新闻", "2024-01-02", "new.md")

    # Reopening finds everything; the keyword index is rebuilt from Chroma if it went missing.
    shutil.rmtree(settings.keyword_dir)
    reopened = Index.open(settings, build=False)
    assert len(reopened) == first + 1
    rebuilt = reopened.ingest(rebuild=True)
    assert rebuilt.added == first + 1, "a rebuild re-reads user-ingested files too"


class _OtherEmbedder(Embeddings):
    name = "other:3d"

    def embed_documents(self, texts):
        return [[1.0, 0.0, 0.0] for _ in texts]

    def embed_query(self, text):
        return [1.0, 0.0, 0.0]


def test_index_built_with_another_embedder_is_a_clear_error(tmp_path, small_corpus):
    settings = make_settings(tmp_path / "data", seeds_dir=small_corpus)
    Index.open(settings)
    with pytest.raises(IndexUnavailable, match="re-index"):
        Index(settings, _client(settings), _OtherEmbedder())


def test_missing_index_is_built_and_corrupt_one_is_reported(tmp_path, small_corpus):
    settings = make_settings(tmp_path / "data", seeds_dir=small_corpus)
    assert len(Index.open(settings)) > 0  # missing: built from the seeds
    broken = make_settings(tmp_path / "broken", seeds_dir=small_corpus)
    broken.chroma_dir.mkdir(parents=True)
    (broken.chroma_dir / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexUnavailable, match="cqnews ingest --rebuild"):
        Index.open(broken)
    rebuilt = Index.open_for_rebuild(broken)
    assert rebuilt.ingest(rebuild=True).added > 0
    assert list(broken.data_dir.glob("chroma.unreadable-*")), "the unreadable files are kept aside"


def test_garbled_keyword_index_is_rebuilt_from_chroma(tmp_path, small_corpus):
    settings = make_settings(tmp_path / "data", seeds_dir=small_corpus)
    count = len(Index.open(settings))
    for path in settings.keyword_dir.rglob("*"):
        if path.is_file():
            path.write_text("garbage", encoding="utf-8")
    reopened = Index.open(settings, build=False)
    assert len(reopened) == count
    assert "铜梁集中签约27个招商引资项目" in search(reopened, "铜梁签约了多少项目", k=1)[0].text


def test_derived_folders_follow_a_copied_data_dir(tmp_path):
    settings = make_settings(tmp_path / "a")
    assert settings.chroma_dir == tmp_path / "a" / "chroma"
    moved = settings.model_copy(update={"data_dir": tmp_path / "b"})
    assert (moved.chroma_dir, moved.keyword_dir) == (tmp_path / "b" / "chroma", tmp_path / "b" / "keyword")
