"""The keyword file: BM25 equal to a model built afresh, writes that cost what they change, the previous format opened."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import asdict
from pathlib import Path

import bm25s
import numpy as np
import pytest

import retrieval.index.postings as postings
from retrieval.corpus.articles import collect_files, read_document
from retrieval.index.keyword import FILE, KeywordIndex
from retrieval.index.postings import passage_tokens
from retrieval.index.store import Index
from retrieval.lexicon.tokens import tokens
from retrieval.search.hybrid import search

from .conftest import SEEDS, make_settings

QUESTIONS = ["铜梁签约了多少项目", "渝北 云阳 产业园 投入 资金", "项目 项目 投资 亿元", "轨道交通 线路 开通", "璧山云巴"]


@pytest.fixture(scope="module")
def seed_passages():
    return [p for path in collect_files([SEEDS]) for p in read_document(path).passages]


def _fresh_bm25(passages, query: str, n: int) -> list[tuple[str, float]]:
    """What the previous index answered: a bm25s model over exactly these passages."""
    model = bm25s.BM25()
    model.index([passage_tokens(p) for p in passages], show_progress=False)
    wanted = [tok for tok in tokens(query) if tok in model.vocab_dict]
    if not wanted:
        return []
    scores = model.get_scores(wanted)
    return [(passages[i].id, float(scores[i])) for i in np.argsort(-scores)[:n] if scores[i] > 0]


def _same_ranking(got, expected) -> bool:
    """Equal scores, ids equal up to the order of tied passages."""
    if [s for _, s in got] != [s for _, s in expected]:
        return False
    by_score: dict[float, set[str]] = {}
    for pid, score in expected:
        by_score.setdefault(score, set()).add(pid)
    cut = expected[-1][1] if expected else None  # ties at the cut may be chosen differently
    return all(pid in by_score[score] or score == cut for pid, score in got)


def test_scores_equal_a_model_built_afresh_through_adds_removals_and_merges(tmp_path, seed_passages):
    keyword = KeywordIndex(tmp_path / "kw")
    thirds = len(seed_passages) // 3
    keyword.apply(upsert=seed_passages[:thirds])
    keyword.apply(upsert=seed_passages[thirds:])
    gone = {p.id for p in seed_passages[::7]}
    keyword.apply(remove=gone)
    live = [p for p in seed_passages if p.id not in gone]
    assert len(keyword) == len(live) and keyword.ids() == {p.id for p in live}
    for question in QUESTIONS:
        assert _same_ranking(keyword.search(question, 20), _fresh_bm25(live, question, 20)), question

    assert keyword.merge() >= 1, "the removal left a segment mostly live, but two comparable segments merge"
    assert keyword.db.execute("SELECT count(*) FROM dead").fetchone()[0] < len(gone)
    for question in QUESTIONS:
        assert _same_ranking(keyword.search(question, 20), _fresh_bm25(live, question, 20)), question

    back = seed_passages[::7][:5]
    keyword.apply(upsert=back)
    live += back
    for question in QUESTIONS:
        assert _same_ranking(keyword.search(question, 20), _fresh_bm25(live, question, 20)), question


def test_ranking_among_some_passages_is_the_whole_ranking_filtered(tmp_path, seed_passages):
    keyword = KeywordIndex(tmp_path / "kw")
    keyword.apply(upsert=seed_passages)
    among = [p.id for p in seed_passages[::3]]
    for question in QUESTIONS:
        whole = [(pid, score) for pid, score in keyword.search(question, len(seed_passages)) if pid in set(among)]
        assert keyword.search(question, len(among), among=among) == whole and whole, question


def test_an_unchanged_passage_keeps_its_postings_and_takes_new_metadata(tmp_path, seed_passages):
    from dataclasses import replace

    keyword = KeywordIndex(tmp_path / "kw")
    keyword.apply(upsert=seed_passages[:10])
    retitled = replace(seed_passages[0], title="新标题", date="2025-01-02")
    keyword.apply(upsert=[retitled])
    assert keyword.get(retitled.id).title == "新标题" and keyword.dated_between("2025-01-01", "2025-01-31") == [retitled.id]
    assert keyword.db.execute("SELECT count(*) FROM segments").fetchone()[0] == 1, "no new postings written"
    assert len(keyword) == 10


def test_an_ingest_tokenises_only_the_passages_it_adds(tmp_path, monkeypatch):
    settings = make_settings(tmp_path / "data")
    index = Index.open(settings)
    before = len(index)
    tokenised: list[str] = []
    real = postings.passage_tokens
    monkeypatch.setattr(postings, "passage_tokens", lambda p: tokenised.append(p.id) or real(p))
    page = tmp_path / "in" / "bishan.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: 云巴\n---\n璧山云巴示范线全长15.4公里，设站15座。\n\n沿线串联璧山高铁站与璧山城区。\n", encoding="utf-8")
    report = index.ingest([page])
    assert report.added == 2 and len(index) == before + 2
    assert len(tokenised) == 2, "only the new article's passages were tokenised"
    assert "璧山云巴示范线全长15.4公里" in search(index, "璧山云巴示范线有多长", k=1)[0].text

    tokenised.clear()
    index.remove([str(page)])
    assert tokenised == [] and len(index) == before
    assert all("璧山云巴" not in p.text for p in search(index, "璧山云巴示范线有多长", k=5))


def test_another_process_s_ingest_is_seen_without_reading_the_archive(tmp_path, monkeypatch):
    settings = make_settings(tmp_path / "data")
    writer = Index.open(settings)
    reader = Index.open(settings, build=False)
    page = tmp_path / "in" / "a.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: 綦江\n---\n綦江区新开工项目12个，总投资30亿元。\n", encoding="utf-8")
    writer.ingest([page])

    def whole_archive(*args, **kwargs):
        raise AssertionError("the reader read passages from Chroma")

    monkeypatch.setattr(Index, "_from_chroma", whole_archive)
    assert reader.refresh() is True
    assert len(reader) == len(writer)
    assert "綦江区新开工项目12个" in search(reader, "綦江新开工多少项目", k=1)[0].text


def _to_previous_format(keyword_dir: Path, passages) -> None:
    """The keyword folder as the previous version left it: passages.jsonl and a bm25s model."""
    KeywordIndex.discard(keyword_dir)
    with open(keyword_dir / "passages.jsonl", "w", encoding="utf-8") as fh:
        for passage in passages:
            fh.write(json.dumps(asdict(passage), ensure_ascii=False) + "\n")
    model = bm25s.BM25()
    model.index([passage_tokens(p) for p in passages], show_progress=False)
    model.save(str(keyword_dir / "bm25"))


def test_an_index_in_the_previous_format_is_converted_once_and_answers_the_same(tmp_path, seeded_data_dir, monkeypatch, caplog):
    settings = make_settings(seeded_data_dir)
    index = Index.open(settings, build=False)
    expected = {q: [p.id for p in search(index, q, k=5)] for q in QUESTIONS}
    passages = index.keyword.passages()
    index.close()
    _to_previous_format(settings.keyword_dir, passages)

    def whole_archive(*args, **kwargs):
        raise AssertionError("converting must not read the archive from Chroma")

    with monkeypatch.context() as patch, caplog.at_level(logging.INFO):
        patch.setattr(Index, "_from_chroma", whole_archive)
        opened = Index.open(settings, build=False)
    converting = [r for r in caplog.records if "converting the keyword index" in r.getMessage()]
    assert len(converting) == 1 and f"{len(passages)} passages" in converting[0].getMessage()
    assert sorted(p.name for p in settings.keyword_dir.iterdir() if not p.name.startswith(FILE)) == []
    assert len(opened) == len(passages)
    assert {q: [p.id for p in search(opened, q, k=5)] for q in QUESTIONS} == expected

    caplog.clear()
    with caplog.at_level(logging.INFO):
        again = Index.open(settings, build=False)
    assert not [r for r in caplog.records if "converting" in r.getMessage() or "rebuilding" in r.getMessage()]
    assert len(again) == len(passages)


def test_an_unreadable_previous_format_is_rebuilt_from_chroma(tmp_path, seeded_data_dir):
    settings = make_settings(seeded_data_dir)
    count = len(Index.open(settings, build=False))
    KeywordIndex.discard(settings.keyword_dir)
    (settings.keyword_dir / "passages.jsonl").write_text("{not json\n", encoding="utf-8")
    (settings.keyword_dir / "bm25").mkdir()
    reopened = Index.open(settings, build=False)
    assert len(reopened) == count and not (settings.keyword_dir / "passages.jsonl").exists()
    assert "铜梁集中签约27个招商引资项目" in search(reopened, "铜梁签约了多少项目", k=1)[0].text
    shutil.rmtree(settings.keyword_dir)


def test_an_interrupted_retitling_is_finished_by_the_next_ingest(tmp_path, monkeypatch):
    from chromadb.api.models.Collection import Collection

    settings = make_settings(tmp_path / "data", seeds_dir=tmp_path / "none")
    page = tmp_path / "in" / "a.md"
    page.parent.mkdir()
    body = "綦江区新开工项目12个，总投资30亿元。\n"
    page.write_text(f"---\ntitle: 旧标题\n---\n{body}", encoding="utf-8")
    Index.open(settings, build=False).ingest([page])
    # The same passage with new metadata, and a new one: the new one is stored, then the kept one's update fails.
    page.write_text(f"---\ntitle: 新标题\n---\n{body}\n綦江区还将新建学校3所。\n", encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(Collection, "update", killed)
        with pytest.raises(KeyboardInterrupt):
            Index.open(settings, build=False).ingest([page])
    Index.open(settings, build=False)  # a reader in between: it must not take the half-done state as settled

    other = tmp_path / "more" / "b.md"
    other.parent.mkdir()
    other.write_text("---\ntitle: 璧山\n---\n璧山云巴示范线全长15.4公里。\n", encoding="utf-8")
    index = Index.open(settings, build=False)
    index.ingest([other])  # any ingest finishes the interrupted one
    got = index.collection.get(include=["metadatas"])
    assert sorted(m["title"] for m in got["metadatas"]) == ["新标题", "新标题", "璧山"]
    assert sorted(s.titles for s in index.sources()) == [("新标题",), ("璧山",)]
    assert len({m["hash"] for m in got["metadatas"] if m["title"] == "新标题"}) == 1


def test_whole_collection_reads_go_in_pages(tmp_path, seeded_data_dir, monkeypatch):
    import retrieval.index.chroma as chroma

    settings = make_settings(seeded_data_dir)
    count = len(Index.open(settings, build=False))
    monkeypatch.setattr(chroma, "PAGE", 7)  # an unpaged read of ~90k passages fails in Chroma
    shutil.rmtree(settings.keyword_dir)
    reopened = Index.open(settings, build=False)  # Chroma's ids, then every passage, read again
    assert len(reopened) == count and count > 7
    assert reopened._stored()[0] and sum(len(a.ids) for a in reopened._stored()[0].values()) == count
    assert "铜梁集中签约27个招商引资项目" in search(reopened, "铜梁签约了多少项目", k=1)[0].text
