"""The extractive answerer and the grounded decision, through the public API."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from bot.quotes import body
from retrieval.answer.answerer import Answerer
from retrieval.answer.citations import locate
from retrieval.answer.extractive import has_amount
from retrieval.answer.question import analyse, parts
from retrieval.settings import Settings
from retrieval.text.language import detect_language
from retrieval.text.normalise import MAX_QUESTION_CHARS, squash
from tests.answer_fixtures import YUBEI_INVEST, YUBEI_PARK, FakeIndex

QUESTIONS = Path(__file__).resolve().parent.parent / "benchmarks" / "questions.jsonl"


@pytest.fixture
def answerer(tmp_path):
    return Answerer(FakeIndex(), Settings(_env_file=None, data_dir=tmp_path))


def _verbatim(answer) -> bool:
    by_id = {p.id: p.text for p in answer.passages}
    return all(locate(c.quote, by_id[c.passage_id]) == c.quote for c in answer.citations)


@pytest.mark.parametrize(
    "text, language",
    [
        ("渝北和云阳共建的产业园投入了多少资金?", "zh"),
        ("2024年重庆GDP是多少?", "zh"),
        ("How much did 渝北 invest in the park?", "en"),
        ("How many projects did Tongliang sign?", "en"),
        ("", "zh"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_the_question_says_what_kind_of_answer_it_wants():
    assert analyse("铜梁签约了多少项目?").measures == ()  # 项目 is a word, not the measure 项
    assert analyse("重庆轨道交通现在一共开通了几条线?").measures == ("条",)
    assert analyse("璧山比亚迪电池基地一年能产多少GWh电池?").measures == ("GWh",)
    assert "元" in analyse("渝北和云阳共建的产业园投入了多少资金?").measures
    assert analyse("“三攻坚一试点”具体是指哪几项?").wants == frozenset()
    assert analyse("2023智博会是哪天开幕?").wants == {"date"}
    assert parts("包括永川吗?永川发了多少辆车?") == ["包括永川吗?", "永川发了多少辆车?"]


def test_quantities_are_told_apart_from_dates_and_names():
    assert has_amount("累计投入3000万元")
    assert not has_amount("10月12日,大渡口签约东华软件B2B项目")
    assert has_amount("已发运汽车12702辆", ("辆",))
    assert not has_amount("坦克300越野车", ("辆",))


def test_a_chinese_question_gets_a_cited_chinese_answer(answerer):
    answer = answerer.ask("渝北和云阳共建的产业园投入了多少资金?")
    assert answer.grounded and answer.mode == "extractive" and answer.language == "zh"
    assert body(answer).startswith("据《")  # these passages name no publication: none is claimed
    assert "3000万元" in answer.text
    assert answer.citations[0].passage_id == YUBEI_PARK.id and answer.citations[0].n == 1
    assert "[1]" in answer.text
    assert _verbatim(answer)


def test_an_english_question_gets_an_english_lead_and_chinese_quotes(answerer):
    answer = answerer.ask("How many companies have moved into the Yubei-Yunyang co-built industrial park?")
    assert answer.grounded and answer.language == "en"
    assert body(answer).startswith("According to 《")
    assert answer.text.splitlines()[0].startswith("4 companies: 「")  # the fact, in English, beside the quote
    assert "入驻企业4家" in answer.text
    assert _verbatim(answer)


def test_a_question_the_articles_cannot_answer_is_not_grounded(answerer):
    answer = answerer.ask("2024年重庆GDP是多少?")
    assert not answer.grounded and answer.citations == ()
    assert answer.text == "" and "没有找到" in body(answer) and "[" not in body(answer)
    english = answerer.ask("What will the weather be in Yubei tomorrow?")
    assert not english.grounded and english.attribution is None and body(english).startswith("The articles do not say")
    assert english.passages  # the closest passages, shown as related
    assert len(english.passages) <= 3


def test_a_number_without_the_asked_for_unit_does_not_answer(answerer):
    answer = answerer.ask("璧山比亚迪电池基地一年能产多少GWh电池?")
    assert not answer.grounded


def test_a_compound_question_quotes_evidence_for_each_part(answerer):
    answer = answerer.ask("渝北给云阳的产业园投了多少钱?招商专班协助引资多少?")
    assert answer.grounded
    assert {c.passage_id for c in answer.citations} == {YUBEI_PARK.id, YUBEI_INVEST.id}
    assert "3000万元" in answer.text and "4.1亿元" in answer.text


def test_answers_are_deterministic(answerer):
    question = "铜梁签约了多少项目?"
    first, second = answerer.ask(question), answerer.ask(question)
    assert (first.text, first.citations) == (second.text, second.citations)


def test_empty_questions_are_refused_and_long_ones_truncated(answerer):
    with pytest.raises(ValueError, match="empty"):
        answerer.ask("   ")
    answer = answerer.ask("渝北" * 2000)
    assert len(answer.question) == MAX_QUESTION_CHARS
    with pytest.raises(ValueError, match="empty"):
        answerer.ask("\u200b\ufeff \u00ad")  # pasted invisible characters are no question either
    assert answerer.ask("渝北\u200b和云阳\u2060共建的产业园投入了多少资金?").question == "渝北 和云阳 共建的产业园投入了多少资金?"


def test_the_context_is_searched_alongside_the_question(answerer):
    answerer.ask("那招商专班呢?", context="渝北和云阳共建的产业园")
    assert any("渝北和云阳共建的产业园" in query for query in answerer.index.searches)


def test_a_brief_groups_cited_bullets_by_article_newest_first(answerer):
    brief = answerer.brief("投资")
    assert brief.grounded and 3 <= len(brief.citations) <= 6
    lines = brief.text.splitlines()
    headlines = [line for line in lines if line.startswith("《")]
    # Each article heading carries its date: 10-13 before 09-05.
    assert headlines == ["《铜梁签约27个项目 计划总投资206亿元》 · 2023-10-13", "《推进新型城镇化 建设现代化区县城》 · 2023-09-05"]
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) == len(brief.citations)
    assert all(f"[{c.n}]" in brief.text for c in brief.citations)
    assert _verbatim(brief)


def test_a_brief_on_a_topic_the_articles_do_not_cover(answerer):
    brief = answerer.brief("火星基地")
    assert not brief.grounded and brief.citations == ()
    assert brief.refusal.kind == "not_covered" and "火星基地" in body(brief)


async def test_async_paths_give_the_same_answers(answerer):
    events = [event async for event in answerer.astream("渝北和云阳共建的产业园投入了多少资金?")]
    assert len(events) == 1 and events[0].grounded
    assert events[0].text == answerer.ask("渝北和云阳共建的产业园投入了多少资金?").text
    assert (await answerer.abrief("投资")).text == answerer.brief("投资").text


# -- over the real index (tests/conftest.py) ------------------------------------------


def test_the_yubei_question_quotes_the_3000_wan_passage(index, index_settings):
    answerer = Answerer(index, index_settings)
    answer = answerer.ask("渝北和云阳共建的产业园投入了多少资金?")
    assert answer.grounded
    assert any("3000万元" in c.quote for c in answer.citations)
    assert not answerer.ask("2024年重庆GDP是多少?").grounded


def test_the_question_set_meets_the_targets(index, index_settings):
    """The calibration set: facts in >= 90% of answerable answers, every unanswerable one not grounded."""
    answerer = Answerer(index, index_settings)
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    facts, wrongly_grounded = [], []
    for row in rows:
        answer = answerer.ask(row["question"])
        assert _verbatim(answer), row["id"]
        if row["kind"] == "none":
            if answer.grounded:
                wrongly_grounded.append(row["id"])
        else:
            facts.append(answer.grounded and all(squash(f) in squash(answer.text) for f in row["facts"]))
    assert wrongly_grounded == []
    assert statistics.mean(facts) >= 0.9


def test_the_lead_names_the_publication_only_when_the_passages_give_it(tmp_path):
    from dataclasses import replace

    from tests.answer_fixtures import PASSAGES

    published = [replace(p, publication="重庆日报") for p in PASSAGES]
    answerer = Answerer(FakeIndex(published), Settings(_env_file=None, data_dir=tmp_path))
    chinese = answerer.ask("渝北和云阳共建的产业园投入了多少资金?")
    # The answer says where its quotes come from as data; the renderers word it.
    assert chinese.attribution and chinese.attribution.publication == "重庆日报" and chinese.attribution.title
    assert chinese.to_json()["attribution"] == {"publication": "重庆日报", "title": chinese.attribution.title}
    assert body(chinese).startswith("据重庆日报《") and not chinese.text.startswith("据")
    english = answerer.ask("How much has Yubei invested in the co-built park with Yunyang?")
    assert body(english).startswith("According to Chongqing Daily (《") and "30 million yuan: 「" in english.text
    other = [replace(p, publication="华龙网") for p in PASSAGES]
    answer = Answerer(FakeIndex(other), Settings(_env_file=None, data_dir=tmp_path)).ask("铜梁签约了多少项目?")
    assert body(answer).startswith("据华龙网《") and "重庆日报" not in body(answer)


def test_a_who_question_is_answered_with_the_name(tmp_path):
    from retrieval.models import Passage

    news = [
        Passage("n1", "IT之家 8 月 16 日消息，东莞市出租车行业协会昨日发布了《东莞市网约车车辆卫星定位装置行业团体标准》，"
                "该《标准》目前已经实行。网约车上安装的卫星定位装置需满足信息安全性、可靠性等多方面的要求。",
                "", "", "doc_1.md", 0, date="2023-08-16"),
        Passage("n2", "OPPO 准备在 8 月 29 日发布新款折叠屏手机，该机将搭载骁龙 8 Gen 2 芯片。", "", "", "doc_2.md", 0),
    ]
    answerer = Answerer(FakeIndex(news), Settings(_env_file=None, data_dir=tmp_path))
    answer = answerer.ask("谁发布了东莞网约车卫星定位装置团体标准?")
    assert answer.grounded and "东莞市出租车行业协会" in answer.text
    assert body(answer).startswith("据报道")  # no front matter source: no publication claimed
    when = answerer.ask("OPPO新款折叠屏手机什么时候发布?")
    assert when.grounded and "8 月 29 日" in when.text
    english = Answerer(FakeIndex(), Settings(_env_file=None, data_dir=tmp_path)).ask("When did Tongliang sign the 27 projects?")
    assert english.grounded and english.text.splitlines()[0].startswith("12 October: 「")
