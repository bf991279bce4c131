"""The judge: each model sentence the rules let through is read once more by the model, and one it does
not find backed (or could not read) is not shown — in answers, briefings and timelines, through the
public Answerer, over HTTP as OpenAI sends logprobs, and in the bot.
"""

from __future__ import annotations

import logging

import pytest

from retrieval.answer.answerer import Answerer
from retrieval.answer.llm import verdict_score
from retrieval.models import Answer
from retrieval.settings import Settings
from tests.answer_fixtures import FakeIndex
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import FakeBotApi, message
from tests.fake_model import FakeModel, Reply
from tests.openai_server import Reply as HTTPReply

SIGNING = "10月12日,铜梁集中签约27个招商引资项目,计划总投资206亿元"
ASK = "铜梁签约了多少项目?"
# True by every rule (its figures, names and words are the passage's), false in what it says of them: the
# judge's case. The test does not depend on the rules missing it: the verdict is scripted.
DOUBTED = "铜梁集中签约27个招商引资项目[1]。"
DOUBTED_TOO = "项目涵盖新型储能、智能网联新能源汽车等领域[1]。"
PARK_QUOTE = "目前已累计投入3000万元协同云阳建设20万平方米标准厂房"
PARK_ASK = "渝北和云阳共建的产业园投入了多少资金?"


def _answerer(index, index_settings, model: FakeModel, **update) -> Answerer:
    return Answerer(index, index_settings.model_copy(update={"answer_deadline": 60.0, **update}), model=model)


def _seen(answer: Answer) -> str:
    return " ".join([answer.text, answer.notice, *(c.quote for c in answer.citations)])


def test_a_sentence_the_judge_does_not_find_backed_is_not_shown(index, index_settings):
    model = FakeModel(DOUBTED, verdicts=["否"])
    answer = _answerer(index, index_settings, model).ask(ASK)
    assert answer.mode == "extractive" and answer.grounded  # the reader gets the quotes instead
    assert answer.checks["llm"]["judged_rejected"] == 1
    # The judge read the sentence against the words that back it, headline included.
    (asked,) = model.judged
    assert "铜梁集中签约27个招商引资项目" in asked.prompt and "铜梁签约27个项目" in asked.prompt
    shown = _answerer(index, index_settings, FakeModel(DOUBTED, verdicts=["是"])).ask(ASK)
    assert shown.mode == "llm" and "27" in shown.text and shown.checks["judged_rejected"] == 0


@pytest.mark.parametrize(("chance", "shown"), [(0.2, False), (0.45, False), (0.55, True), (0.97, True)])
def test_the_judges_likelihood_of_yes_decides(index, index_settings, chance, shown):
    answer = _answerer(index, index_settings, FakeModel(DOUBTED, verdicts=[chance])).ask(ASK)
    assert (answer.mode == "llm") is shown


def test_only_the_sentence_the_judge_doubts_goes(index, index_settings):
    reply = f"铜梁集中签约27个招商引资项目[1]。{DOUBTED_TOO}"
    model = FakeModel(reply, verdicts=["是", "否"])
    answer = _answerer(index, index_settings, model).ask(ASK)
    assert answer.mode == "llm" and "27" in answer.text and answer.checks["judged_rejected"] == 1
    assert "汽车等领域" not in answer.text
    assert len(model.judged) == 2  # one verdict a sentence, however often the growing reply was re-checked
    both = _answerer(index, index_settings, FakeModel(reply, verdicts=["是", "是"])).ask(ASK)
    assert "汽车等领域" in both.text


def test_a_judge_that_fails_shows_nothing_it_did_not_read(index, index_settings, caplog):
    model = FakeModel(DOUBTED, verdicts=[Reply.error("judge down")])
    with caplog.at_level(logging.WARNING, logger="retrieval.answer.judge"):
        answer = _answerer(index, index_settings, model).ask(ASK)
    assert answer.mode == "extractive" and answer.grounded
    assert any("judge unavailable" in r.getMessage() for r in caplog.records)


def test_judging_can_be_turned_off(index, index_settings):
    model = FakeModel(DOUBTED, verdicts=["否"])
    answer = _answerer(index, index_settings, model, judge=False).ask(ASK)
    assert answer.mode == "llm" and model.judged == []


def test_a_briefing_and_a_timeline_line_the_judge_doubts_are_not_shown(index, index_settings):
    written = f"{SIGNING}[1]。\n铜梁集中签约27个招商引资项目[1]。"
    brief = _answerer(index, index_settings, FakeModel(written, verdicts=["是", "否"])).brief("铜梁")
    assert brief.mode == "llm" and "206亿元" in brief.text and brief.checks["judged_rejected"] == 1
    timeline = _answerer(index, index_settings, FakeModel(f"- {SIGNING}[1]", verdicts=["否"])).timeline("铜梁签约")
    assert timeline.mode != "llm" or "206亿元" not in timeline.text


def test_the_judge_reads_logprobs_as_an_openai_endpoint_sends_them(tmp_path, openai_server):
    def ask(chance: float) -> Answer:
        openai_server.script(HTTPReply.text(f"渝北已累计投入3000万元「{PARK_QUOTE}」[1]。"))
        openai_server.verdicts.append(chance)
        settings = Settings(_env_file=None, data_dir=tmp_path, openai_base_url=openai_server.url, openai_api_key="sk-x",
                            llm_model="test-model", llm_timeout=5, llm_retries=0)
        return Answerer(FakeIndex(), settings).ask(PARK_ASK)

    assert ask(0.3).mode == "extractive"
    assert ask(0.9).mode == "llm"
    body = openai_server.judged[-1].body
    assert body["logprobs"] is True and body["top_logprobs"] == 5 and body.get("max_tokens") == 2
    assert PARK_QUOTE in openai_server.judged[-1].prompt


def test_a_verdict_reads_the_first_tokens_likely_words_else_the_word_itself():
    def metadata(**chances: float) -> dict:
        import math

        options = [{"token": t, "logprob": math.log(p)} for t, p in chances.items()]
        return {"logprobs": {"content": [{"token": options[0]["token"], "top_logprobs": options}]}}

    assert verdict_score("是", metadata(是=0.6, 否=0.2)) == pytest.approx(0.75)
    assert verdict_score("否", metadata(否=0.9, no=0.05, 是=0.05)) == pytest.approx(0.05)
    assert verdict_score("Yes", {}) == 1.0 and verdict_score("不是", {}) == 0.0
    assert verdict_score("The sentence is supported", {}) == 0.0  # neither word: not a yes


async def test_in_the_bot_a_sentence_the_judge_doubts_is_not_shown(api: FakeBotApi, index_settings, bot_data_dir):
    def factory(index, settings):
        model = FakeModel(f"铜梁集中签约27个招商引资项目[1]。{DOUBTED_TOO}", verdicts=["是", "否"])
        return Answerer(index, settings.model_copy(update={"answer_deadline": 60.0}), model=model)

    async with bot_running(bot_settings(index_settings, api, bot_data_dir), factory):
        api.push(message(ASK, chat_id=421))
        await api.wait_for("editMessageText", lambda c: c.params.get("chat_id") == 421 and "27" in c.text)
    shown = " ".join(c.text for c in api.calls if c.method in ("sendMessage", "editMessageText"))
    assert "27" in shown and "汽车等领域" not in shown
