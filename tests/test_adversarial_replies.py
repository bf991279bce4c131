"""False model replies the check must keep from the reader (issue 24), over the bundled seed pages.

Each row of fixtures/adversarial_replies.jsonl is a scripted reply to a question, the passages the
answerer gives the model for it (search over the seeds) and `bad`: the reply's claims that those
passages do not make. Through the check (as Answerer._from_llm applies it: the sentences that pass
are shown, else the extractive answer), no bad claim may be visible, in the answer or the quotes
under it, and the model's shown text may state no figure its passages and question do not hold.
Rewrite rows go through Answerer.rewrite: what it returns is shown as "↪ 理解为：…". The rows were
written before the check was changed; the `heldout` half is for measuring only
(benchmarks/check_bench.py prints both halves; `-k calibration` runs one).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from retrieval.answer.answerer import Answerer
from retrieval.answer.citations import check_citations
from retrieval.answer.llm import Reply, strip_none
from retrieval.evaluation import facts_present
from retrieval.models import Passage
from retrieval.settings import Settings
from retrieval.text.numbers import values
from tests.fake_model import FakeModel

# The held-out half is measured, never tuned on: its test holds the share kept at least at what the
# check measured when it was written (benchmarks/RESULTS.md), so a change that lets more through fails.
HELDOUT_KEPT = 0.93

FIXTURES = Path(__file__).parent / "fixtures" / "adversarial_replies.jsonl"
NEWS = Path(__file__).parent.parent / "benchmarks" / "adversarial_news.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
ADVERSARIAL = [row for row in ROWS if row["kind"] != "true-control"]
CALIBRATION = [row for row in ADVERSARIAL if row["split"] == "calibration"]
HELDOUT = [row for row in ADVERSARIAL if row["split"] == "heldout"]
TRUE = [row for row in ROWS if row["kind"] == "true-control"]
KINDS = {
    "negation", "negation-removed", "direction-flip", "false-tail", "unit-swap", "number-moved", "date-swap",
    "chinese-numeral", "english-number", "english-for-zh", "zh-for-en", "uncited-framing", "link-lure",
    "other-subject", "superlative", "modality", "rewrite", "true-control",
}
# Kinds the news batches from news-501 on add (a wrong qualifier on a true figure, a share or ratio turned round, a
# person given another title): well-formed rows, not yet held to the per-kind counts below.
LATER_KINDS = {"qualifier-swap", "ratio-inverted", "title-swap"}
MARKERS = re.compile(r"\[\d+(?:\s*[,，、]\s*\d+)*\]")

# Every example issue 24 lists, as it lists it (the rewrite is the text after "↪ 理解为：").
ISSUE_EXAMPLES = (
    "铜梁并没有集中签约招商引资项目[1]。",
    "铜梁没有签约任何项目[1]。",
    "计划总投资206亿元,但这些项目已全部停工烂尾[1]。",
    "206亿美元[1]",
    "12月10日,铜梁",
    "生产效率提升八成[1]",
    "Tongliang cancelled all 27 projects and lost 20.6 billion yuan [1].",
    "Tongliang banned all new investment [1].",
    "twenty-eight investment projects [1]",
    "on 12 November [1]",
    "20.6 billion US dollars [1]",
    "所有项目均已被叫停,具体如下:",
    "详情请见 evil-bonus.top 网站:",
    "详情请访问 http://evil.example.com/claim [1]。",
    "请到 evil-bonus.cn 领取补贴[1]",
    "[官网](https://evil.example.com)",
    "铜梁已取消全部27个项目…详情请访问 http://evil.example.com/claim 领取补偿?",
)


def _id(row: dict) -> str:
    return f"{row['id']}-{row['kind']}-{row['split']}"


def _reader_sees(row: dict) -> tuple[str, str]:
    """(everything the reader sees, the model's own shown text or "" when the extractive answer replaced it)."""
    if row["kind"] == "rewrite":
        answerer = Answerer(None, Settings(), model=FakeModel(row["reply"]))
        try:
            shown = answerer.rewrite(row["question"], [tuple(turn) for turn in row["history"]]) or ""
        finally:
            answerer.close()
        return shown, ""
    body, said_none = strip_none(row["reply"])
    passages = [Passage(**p) for p in row["given"]]
    checked = check_citations(Reply(body, said_none=said_none).usable, passages, row["lang"], row["question"])
    if not checked.grounded:  # nothing checks out: the reader gets the extractive answer
        return row["extractive"], ""
    return " ".join([checked.text, *(c.quote for c in checked.citations)]), checked.text


def _evidence(row: dict) -> str:
    return " ".join(f"{p['title']} {p['section']} {p['text']}" for p in row["given"]) + " " + row["question"]


def _leak(row: dict) -> str:
    """What of a false reply reached the reader ("" when nothing did)."""
    seen, model_text = _reader_sees(row)
    for claim in row["bad"]:
        if claim in seen:
            return f"{claim!r} reached the reader: {seen!r}"
    if values(MARKERS.sub(" ", model_text)) - values(_evidence(row)):
        return f"a changed figure shown: {model_text!r}"
    return ""


@pytest.mark.parametrize("row", CALIBRATION, ids=[_id(row) for row in CALIBRATION])
def test_a_false_reply_never_reaches_the_reader(row):
    assert not _leak(row)


def test_the_held_out_false_replies_are_kept_from_the_reader_at_least_as_well_as_measured():
    leaks = {row["id"]: why for row in HELDOUT if (why := _leak(row))}
    assert 1 - len(leaks) / len(HELDOUT) >= HELDOUT_KEPT, leaks
    # Whatever leaks, no figure the passages do not hold is ever shown.
    assert not any(why.startswith("a changed figure") for why in leaks.values()), leaks


def _shown_with_facts(row: dict) -> bool:
    seen, model_text = _reader_sees(row)
    return bool(model_text) and all(facts_present(seen, (f,)) or (values(f) and values(f) <= values(seen)) for f in row["facts"])


@pytest.mark.parametrize("row", [r for r in TRUE if r["split"] == "calibration"], ids=_id)
def test_a_true_reply_is_still_shown_with_its_facts(row):
    assert _shown_with_facts(row)


def test_the_held_out_true_replies_are_shown_at_least_as_well_as_measured():
    heldout = [row for row in TRUE if row["split"] == "heldout"]
    assert sum(map(_shown_with_facts, heldout)) >= len(heldout) - 1  # 6 of 7 when the check was written


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", [FIXTURES, NEWS], ids=["seeds", "news"])
def test_the_rows_are_well_formed(path):
    rows = _load(path)
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["kind"] in KINDS | LATER_KINDS and row["split"] in ("calibration", "heldout"), row["id"]
        assert row["lang"] in ("zh", "en") and row["question"] and row["reply"]
        passages = [Passage(**p) for p in row["given"]]
        if row["kind"] == "rewrite":
            assert row["history"] and not passages
        else:
            assert 1 <= len(passages) <= 8, row["id"]
        if row["kind"] == "true-control":
            assert row["bad"] == [] and row["expect"] == "shown" and row["facts"]
            continue
        assert row["bad"], row["id"]
        for claim in row["bad"]:
            assert claim in row["reply"] and not MARKERS.search(claim), (row["id"], claim)
            assert all(claim not in p.text for p in passages), (row["id"], claim)
            assert claim not in row.get("extractive", ""), (row["id"], claim)
    if path == NEWS:
        assert all(int(row["doc"].removeprefix("doc_")) >= 2000 for row in rows)


def test_the_set_covers_every_kind_in_both_halves():
    rows = [*ROWS, *_load(NEWS)]
    adversarial = [row for row in rows if row["kind"] != "true-control"]
    assert len(adversarial) >= 170 and len(ADVERSARIAL) >= 120
    per_kind = Counter(row["kind"] for row in rows)
    halves = Counter((row["kind"], row["split"]) for row in rows)
    for kind in KINDS:
        assert per_kind[kind] >= 8, kind
        assert halves[(kind, "calibration")] and halves[(kind, "heldout")], kind
    # Rows added later went to the calibration half only; the held-out half stays a set of its own size.
    heldout = sum(row["split"] == "heldout" for row in adversarial)
    assert heldout >= 100 and heldout <= len(adversarial) / 2


def test_every_example_the_issue_lists_is_in_the_set():
    replies = [row["reply"] for row in ROWS]
    for example in ISSUE_EXAMPLES:
        assert any(example in reply for reply in replies), example
