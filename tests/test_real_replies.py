"""The check on replies a real model wrote: Qwen2.5-Coder-1.5B-Instruct (llama.cpp, this repository's
prompts), recorded by benchmarks/llm_bench.py over the seeds calibration questions.

Each fixture row holds the question, the passages the model was given, its raw reply and a label
written by reading the reply against the passages: `answer` (the reply states the facts truly: the
reader must get the model's answer with them), `partial` (true, but short of a fact asked for),
`fallback` (nothing true to show: the extractive answer is shown), `none` (the model said the
passages do not answer), and `wrong`: the model's claims that are false or invented, which must
never reach a reader. Three true replies the check drops are not here; benchmarks/RESULTS.md
names them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from retrieval.answer.citations import check_citations
from retrieval.answer.llm import Reply, strip_none
from retrieval.evaluation import facts_present
from retrieval.models import Passage
from retrieval.text.numbers import values
from retrieval.text.sentences import reply_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "real_replies.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _states(checked, facts) -> bool:
    """The reader sees every fact: in the sentences or the quotes under them, as written or by value."""
    seen = " ".join([checked.text, *(c.quote for c in checked.citations)])
    return all(facts_present(seen, (f,)) or (values(f) and values(f) <= values(seen)) for f in facts)


def _checked(row: dict):
    passages = [Passage(**p) for p in row["given"]]
    body, said_none = strip_none(row["reply"])
    text = Reply(body, said_none=said_none).usable
    return passages, said_none, check_citations(text, passages, row["lang"], row["question"])


def test_the_fixtures_cover_what_real_replies_look_like():
    labels = {row["label"] for row in ROWS}
    assert len(ROWS) >= 30 and {"answer", "fallback", "none"} <= labels
    assert any(row["lang"] == "en" for row in ROWS) and any(row["wrong"] for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_a_real_reply_is_shown_only_as_far_as_its_passages_back_it(row):
    passages, said_none, checked = _checked(row)
    by_id = {p.id: p for p in passages}
    by_n = {c.n: c for c in checked.citations}
    # Every quote is the passage's own text, character for character.
    for citation in checked.citations:
        assert citation.quote in by_id[citation.passage_id].text
    # Every shown sentence's numbers are in the quotes it cites (with their headlines).
    for sentence in reply_sentences(checked.text):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
        if not numbers:
            continue
        evidence = " ".join(
            f"{by_id[by_n[n].passage_id].title} {by_id[by_n[n].passage_id].section} {by_n[n].quote}" for n in numbers
        )
        assert not values(re.sub(r"\[\d+\]", " ", sentence)) - values(evidence), sentence
    for claim in row["wrong"]:
        assert claim not in checked.text
    if row["label"] == "answer":
        assert checked.grounded and _states(checked, row["facts"]), checked.text
    elif row["label"] == "partial":  # true, but not every fact asked for
        assert checked.grounded
    elif row["label"] == "fallback":
        assert not checked.grounded
    else:
        assert said_none
