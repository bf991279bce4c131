"""Near misses refused, and the refusal says what the articles do say; Traditional questions; foreign names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.quotes import said
from retrieval.answer import verdict
from retrieval.answer.answerer import Answerer
from retrieval.answer.decision import english_names
from retrieval.evaluation import quote_verbatim
from retrieval.lexicon.entities import named
from retrieval.text.script import simplified

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def test_traditional_characters_read_as_simplified_and_other_text_is_left_alone():
    assert simplified("銅梁簽約了多少項目?") == "铜梁签约了多少项目?"
    assert simplified("铜梁签约了多少项目?") == "铜梁签约了多少项目?"
    assert simplified("What is Apple's revenue?") == "What is Apple's revenue?"


def test_the_tagger_names_the_company_a_question_asks_about():
    assert ("北京芯虹科技", "org") in named("铜梁签约项目中北京芯虹科技投资了多少亿元?")


def test_english_names_are_the_places_and_companies_an_english_question_capitalises():
    assert [name for name, _ in english_names("What is the population of Shanghai?")] == ["Shanghai"]
    assert "苹果公司" in dict(english_names("How much did Apple invest in Chongqing?"))["Apple"]
    # Districts are checked as places, question words and months are not names, "International" is no 国际奥委会.
    assert english_names("How many projects did Tongliang sign in October?") == []
    assert [n for n, _ in english_names("When will the Chengdu International Auto Show open?")] == ["Chengdu"]


def test_the_shipped_verdict_reads_the_features_decide_computes():
    model = json.loads((Path(verdict.__file__).with_name("verdict.json")).read_text())
    assert tuple(model["features"]) == verdict.FEATURES
    assert not any("heldout" in name for name in model["trained_on"])
    strong = dict.fromkeys(verdict.FEATURES, 1.0) | {"english": 0.0, "unknown": 0.0}
    unbound = strong | {"bound": 0.0, "bound_nearby": 0.0, "sentence_coverage": 0.5, "context_coverage": 0.6}
    assert verdict.probability(strong) > verdict.threshold() > verdict.probability(unbound)


def test_the_near_miss_sets_were_split_by_article_and_pair_each_miss_with_its_source():
    splits, misses_in_all = {}, 0
    for name in ("calibration", "heldout"):
        rows = [json.loads(line) for line in (BENCH / f"nearmiss_{name}.jsonl").read_text().splitlines()]
        misses = [r for r in rows if r["kind"] == "unanswerable"]
        assert all(r["exclude"] and not r["gold"] for r in misses)
        assert {r["id"] + "a" for r in misses} == {r["id"] for r in rows if r["kind"] != "unanswerable"}
        # A near miss belongs to the split of the first article it leaves out.
        splits[name] = {r["exclude"][0]["doc"] + r["exclude"][0].get("title", "") for r in misses}
        misses_in_all += len(misses)
    assert not splits["calibration"] & splits["heldout"]
    assert misses_in_all >= 150


# -- over the real index of the seeds (tests/conftest.py) -------------------------------------------
@pytest.fixture(scope="module")
def seeds_answerer(index, index_settings):
    answerer = Answerer(index, index_settings)
    yield answerer
    answerer.close()


def test_a_traditional_question_is_answered_and_quotes_the_articles_own_characters(seeds_answerer):
    answer = seeds_answerer.ask("銅梁簽約了多少項目?")
    assert answer.grounded and "27个" in answer.text
    assert all(quote_verbatim(answer))


@pytest.mark.parametrize("question", ["What is the population of Shanghai?", "What is Shanghai's GDP?"])
def test_an_english_question_about_a_place_the_articles_never_name_is_refused(seeds_answerer, question):
    assert not seeds_answerer.ask(question).grounded


@pytest.mark.parametrize(
    "question, subject",
    [("铜梁签约项目中北京芯虹科技投资了多少亿元?", "芯虹"), ("茂侨高端材料数字化研发中心占地多少亩?", "茂侨")],
)
def test_a_near_miss_is_refused_with_the_passage_that_names_its_subject(seeds_answerer, question, subject):
    answer = seeds_answerer.ask(question)
    assert not answer.grounded
    assert answer.refusal is not None and answer.refusal.kind == "partial" and subject in answer.refusal.subject
    assert said(answer).startswith("报道提到") and said(answer).endswith("[1]。")
    assert len(answer.citations) == 1 and subject in answer.citations[0].quote
    assert all(quote_verbatim(answer))


def test_the_bot_shows_a_partial_refusal_with_its_numbered_source():
    from bot.render import render_answer
    from retrieval.models import Answer, Citation, Passage, Refusal

    passage = Passage(id="p1", text="此外,北京芯虹科技有限责任公司签约落户后,将在铜梁高新区建起充换电基础设施制造企业。",
                      title="铜梁集中签约27个项目", section="", source="001.txt", position=3)
    answer = Answer(
        question="铜梁签约项目中北京芯虹科技投资了多少亿元?", text="",
        grounded=False, mode="extractive", citations=(Citation.of(1, passage, passage.text),), passages=(passage,),
        refusal=Refusal("partial", "北京芯虹科技", "money", "北京芯虹科技", "投资了"),
    )
    html = "".join(render_answer(answer, "zh"))
    assert "报道提到北京芯虹科技，但没有说它投资了多少[1]。" in html and "<b>[1]</b>" in html and "充换电基础设施" in html
    assert html.count("充换电基础设施") == 1  # the cited passage is not listed again as related


@pytest.mark.parametrize(
    "question, sure",
    [("铜梁签约了多少项目?", True), ("渝中帮巫溪办学校,打算投多少钱?", False)],
)
def test_after_a_rejected_reply_only_an_answer_the_verdict_is_sure_of_is_shown(index, index_settings, question, sure):
    from tests.fake_model import FakeModel

    # A reply whose figure no passage holds: the check drops it, and the extractive answer is all that is left.
    model = FakeModel("报道说共投入123456亿元[1]。")
    answerer = Answerer(index, index_settings, model=model)
    try:
        offline = Answerer(index, index_settings).ask(question)
        answer = answerer.ask(question)
    finally:
        answerer.close()
    assert offline.grounded and model.calls
    assert answer.checks["fallback"] == "complete" and "123456" not in answer.text
    assert answer.grounded is sure
    if not sure:  # answered offline, so the verdict cleared the offline bar but not the stricter one
        assert verdict.threshold() <= answer.checks["verdict"] < verdict.fallback_threshold()
