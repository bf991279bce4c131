"""The eval summary: false refusals and false answers as their own columns, by kind and language."""

from __future__ import annotations

from retrieval.evaluation import Question, Result, summarise
from retrieval.models import Answer, Passage


def _result(qid: str, kind: str, gold: tuple[str, ...], grounded: bool, lang: str = "zh") -> Result:
    passage = Passage(qid, "铜梁集中签约27个招商引资项目。", "", "", "a.md", 0)
    question = Question(qid, "铜梁签约了多少项目?", gold=gold, facts=("27个",) if gold else (), lang=lang, kind=kind)
    text = "「铜梁集中签约27个招商引资项目」[1]" if grounded else "这些报道中没有找到这个问题的答案。"
    answer = Answer(question.question, text, grounded, "extractive", passages=(passage,))
    return Result(question, [passage], {"search": 1.0, "ask": 2.0}, answer)


def test_false_refusals_and_false_answers_are_counted_per_kind_and_language():
    results = [
        _result("a", "how_many", ("铜梁集中签约27个",), True),
        _result("b", "how_many", ("铜梁集中签约27个",), False),
        _result("c", "unanswerable", (), True, lang="en"),
        _result("d", "unanswerable", (), False, lang="en"),
        _result("e", "unanswerable", (), False, lang="en"),
    ]
    table = dict(summarise(results))
    assert table["how_many"]["false_refusal"] == 0.5 and "false_answer" not in table["how_many"]
    assert table["how_many"]["facts"] == 0.5
    assert abs(table["unanswerable"]["false_answer"] - 1 / 3) < 1e-9
    assert table["en"]["n"] == 3 and table["zh"]["n"] == 2
    assert table["all"]["answerable"] == 2
