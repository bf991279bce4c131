"""The LLM path: every scripted reply ends as a checked answer or the extractive fallback.

Most tests script an in-memory chat model (tests/fake_model.py); the ones about the HTTP client
(the request it sends, its timeout and retries, errors that echo the key) and one end-to-end
answer talk to a scripted OpenAI-compatible server on loopback.
"""

from __future__ import annotations

import logging
import os
import time

import pytest

from bot.render import render_answer
from bot.report import answer_text, worded_json
from retrieval.answer.answerer import Answerer
from retrieval.answer.citations import locate
from retrieval.models import Answer
from retrieval.settings import Settings
from tests.answer_fixtures import YUBEI_INVEST, YUBEI_PARK, FakeIndex
from tests.fake_model import FakeModel, Reply
from tests.openai_server import OpenAIServer
from tests.openai_server import Reply as HTTPReply  # the HTTP server's scripted replies

KEY = "sk-test-SECRET-0123456789"
QUESTION = "渝北和云阳共建的产业园投入了多少资金?"
PARK_QUOTE = "目前已累计投入3000万元协同云阳建设20万平方米标准厂房"
INVEST_QUOTE = "累计协助引进项目14个,协助引资4.1亿元"
GOOD = f"渝北已累计投入3000万元「{PARK_QUOTE}」[1]。"

# Read at import: the suite's autouse fixture clears CQNEWS_* before each test runs.
LIVE_URL = os.environ.get("CQNEWS_TEST_LLM_URL", "")
LIVE_KEY = os.environ.get("CQNEWS_TEST_LLM_KEY", "")
LIVE_MODEL = os.environ.get("CQNEWS_TEST_LLM_MODEL", "gpt-4o-mini")


def _answerer(tmp_path, model: FakeModel, **overrides) -> Answerer:
    """An answerer writing with `model`; the settings configure no endpoint."""
    return Answerer(FakeIndex(), Settings(_env_file=None, data_dir=tmp_path, **overrides), model=model)


def _http_answerer(tmp_path, server: OpenAIServer, **overrides) -> Answerer:
    fields = {"llm_model": "test-model", "llm_timeout": 0.5, "llm_retries": 0, **overrides}
    settings = Settings(_env_file=None, data_dir=tmp_path, openai_base_url=server.url, openai_api_key=KEY, **fields)
    return Answerer(FakeIndex(), settings)


def _verbatim(answer: Answer) -> bool:
    by_id = {p.id: p.text for p in answer.passages}
    return all(locate(c.quote, by_id[c.passage_id]) == c.quote for c in answer.citations)


def _is_fallback(answer: Answer, language: str = "zh") -> bool:
    return answer.mode == "extractive" and answer.notice == "fallback" and answer.grounded and answer.language == language


def test_a_good_cited_answer_is_kept(tmp_path, openai_server):
    openai_server.script(HTTPReply.text(GOOD))
    answer = _http_answerer(tmp_path, openai_server).ask(QUESTION)
    assert answer.mode == "llm" and answer.grounded and answer.notice == ""
    assert answer.text == GOOD
    # The sentence names 渝北; the quote it chose does not, so the citation quotes the passage's sentence that does.
    [citation] = answer.citations
    assert (citation.n, citation.passage_id) == (1, YUBEI_PARK.id) and PARK_QUOTE in citation.quote
    assert _verbatim(answer)
    [request] = openai_server.chat_requests
    assert request.body["model"] == "test-model" and request.stream
    # Every request is capped, under both names servers read.
    assert request.body["max_tokens"] == request.body["max_completion_tokens"] == 400
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_the_prompt_fences_numbered_passages_and_never_holds_the_key(tmp_path):
    model = FakeModel(GOOD)
    _answerer(tmp_path, model, openai_api_key=KEY).ask(QUESTION)
    [request] = model.calls
    system, user = request.messages
    assert system.type == "system" and "[none]" in system.content
    prompt = user.content
    assert prompt.index("<<<PASSAGES") < prompt.index(f"[1] 《{YUBEI_PARK.title}》") < prompt.index("PASSAGES>>>")
    assert prompt.index("<<<QUESTION") < prompt.index(QUESTION) < prompt.index("QUESTION>>>")
    assert KEY not in request.prompt


def test_a_fabricated_quote_is_dropped_and_the_rest_kept(tmp_path):
    model = FakeModel(GOOD + "另外还追加投入了9亿元「渝北向云阳追加投入9亿元建设新园区」[1]。")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.text == GOOD
    assert "9亿元" not in answer.text and len(answer.citations) == 1


def test_an_answer_resting_only_on_fabricated_quotes_falls_back(tmp_path):
    model = FakeModel("投入了9亿元「渝北向云阳追加投入9亿元建设新园区」[1]。")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert _is_fallback(answer)
    assert "9亿元" not in answer.text and "3000万元" in answer.text
    assert _verbatim(answer)


def test_a_wrong_marker_is_repaired(tmp_path):
    model = FakeModel(f"招商专班协助引资4.1亿元「{INVEST_QUOTE}」[1]。")
    answer = _answerer(tmp_path, model).ask("渝北云阳的招商专班一共帮忙引来几个项目、多少资金?")
    assert answer.mode == "llm"
    [citation] = answer.citations
    assert citation.passage_id == YUBEI_INVEST.id and citation.n == 1
    assert _verbatim(answer)


def test_an_uncited_reply_falls_back(tmp_path):
    model = FakeModel("Sure! The park got a lot of money.")
    assert _is_fallback(_answerer(tmp_path, model).ask(QUESTION))


def test_a_timeout_falls_back(tmp_path, openai_server):
    openai_server.script(HTTPReply.hang())
    answer = _http_answerer(tmp_path, openai_server).ask(QUESTION)
    assert _is_fallback(answer) and "3000万元" in answer.text


def test_malformed_output_falls_back(tmp_path, openai_server):
    openai_server.script(HTTPReply.malformed())
    assert _is_fallback(_http_answerer(tmp_path, openai_server).ask(QUESTION))


def test_an_http_error_falls_back_without_leaking_the_key(tmp_path, openai_server, caplog):
    openai_server.script(HTTPReply.error(401, f"Incorrect API key provided: {KEY}"))
    with caplog.at_level(logging.DEBUG):
        answer = _http_answerer(tmp_path, openai_server).ask(QUESTION)
    assert _is_fallback(answer)
    assert "401" in caplog.text  # the failure is logged...
    assert KEY not in caplog.text and "SECRET" not in caplog.text  # ...without the key
    assert KEY not in answer.text + answer.notice


def test_a_server_error_is_retried(tmp_path, openai_server):
    openai_server.script(HTTPReply.error(500), HTTPReply.text(GOOD))
    answer = _http_answerer(tmp_path, openai_server, llm_retries=1).ask(QUESTION)
    assert answer.mode == "llm" and answer.text == GOOD
    assert len(openai_server.chat_requests) == 2


def test_the_model_saying_the_passages_do_not_answer_is_not_grounded(tmp_path):
    model = FakeModel("[none] 这些报道没有提到。")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert not answer.grounded and answer.mode == "llm" and answer.citations == ()
    assert "[none]" not in answer.text


def test_an_unanswerable_question_never_reaches_the_model(tmp_path):
    model = FakeModel(GOOD)
    answer = _answerer(tmp_path, model).ask("2024年重庆GDP是多少?")
    assert not answer.grounded and answer.citations == ()
    assert model.calls == []


async def test_streaming_shows_the_extractive_answer_then_checked_model_sentences(tmp_path):
    second = f"招商专班协助引资4.1亿元「{INVEST_QUOTE}」[2]。"
    model = FakeModel(GOOD + second)
    events = [e async for e in _answerer(tmp_path, model).astream(QUESTION)]
    drafts, final = events[:-1], events[-1]
    assert all(isinstance(e, Answer) for e in events)
    assert all(d.partial and d.grounded for d in drafts) and not final.partial
    # The reader sees a checked answer at once (the extractive one), then the model's sentences.
    assert drafts[0].mode == "extractive" and "3000万元" in drafts[0].text
    assert [d.mode for d in drafts[1:]] and all(d.mode == "llm" for d in drafts[1:])
    assert final.mode == "llm" and final.text == GOOD + second
    assert model.calls[0].streamed


async def test_drafts_never_show_an_unchecked_quote_or_marker(tmp_path):
    invented = "渝北向云阳追加投入9亿元建设新园区"
    model = FakeModel(f"{GOOD}另外追加了9亿元「{invented}」[1]。详见[7]。铜梁签约99个项目。")
    events = [e async for e in _answerer(tmp_path, model).astream(QUESTION)]
    for event in events:
        assert invented not in event.text and "[7]" not in event.text and "99" not in event.text
        assert _verbatim(event)
    assert events[-1].text == GOOD and events[-1].checks["quotes_dropped"] == 1


def test_an_uncited_invented_sentence_never_reaches_the_reader(tmp_path):
    model = FakeModel("铜梁今年共签约99个项目，总投资9999亿元。" + GOOD)
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.text == GOOD
    assert answer.checks["uncited"] == 1 and answer.checks["sentences_kept"] == 1
    assert answer.to_json()["checks"]["sentences_dropped"] == 1


def test_a_wrong_number_beside_a_real_quote_is_rejected(tmp_path):
    model = FakeModel(f"渝北已累计投入9000万元「{PARK_QUOTE}」[1]。")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert _is_fallback(answer) and "9000万元" not in answer.text
    assert answer.checks["fallback"] == "complete" and answer.checks["llm"]["numbers_rejected"] == 1
    data = worded_json(answer)  # as `cqnews ask --json` prints it
    assert data["notice"] == "大模型暂时无法作答，以下为报道原文摘录。" and data["checks"]["llm"]["numbers_rejected"] == 1


def test_a_marker_past_the_passage_list_is_repaired_or_dropped(tmp_path):
    model = FakeModel(f"渝北已累计投入3000万元「{PARK_QUOTE}」[9]。双方合作密切[12]。")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.text == GOOD
    assert answer.checks["repaired"] == 1 and answer.checks["unsupported"] == 1


def test_a_cut_stream_keeps_only_its_finished_checked_sentences(tmp_path):
    model = FakeModel(Reply.cut(GOOD + "另外，招商专班协助引资「累计协助引"))
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.text == GOOD
    assert answer.notice == "cut" and answer.checks["cut"] == "cut"
    notice = "大模型的回答不完整，以下只显示已核对的部分。"
    assert f"⚠️ <i>{notice}</i>" in render_answer(answer, "en")[0] and f"({notice})" in answer_text(answer)


def test_a_reply_stopped_by_the_token_cap_keeps_only_its_finished_checked_sentences(tmp_path):
    model = FakeModel(Reply.length(GOOD + "另外，招商专班协助引资「累计协助引"))
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.text == GOOD
    assert answer.notice == "cut" and answer.checks["cut"] == "length"


def test_a_model_that_never_stops_is_cut_at_the_deadline(tmp_path):
    model = FakeModel(Reply.endless(GOOD))
    answerer = _answerer(tmp_path, model, answer_deadline=1.0)
    answerer.warm_up()  # loading the tokenizer on a first run would take the whole deadline
    started = time.perf_counter()
    answer = answerer.ask(QUESTION)
    assert time.perf_counter() - started < 3.0
    # The finished, checked first sentence is kept; the uncited filler after it is not.
    assert answer.text == GOOD and answer.notice == "cut" and answer.checks["cut"] == "timeout"


def test_a_model_repeating_itself_is_cut_off_early(tmp_path):
    model = FakeModel(GOOD * 300)
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.text == GOOD and answer.checks["cut"] == "loop"


def test_follow_ups_are_rewritten_by_the_model(tmp_path):
    model = FakeModel("铜梁签约项目计划总投资多少?\n")
    answerer = _answerer(tmp_path, model)
    history = [("铜梁签约了多少个项目?", "铜梁集中签约27个招商引资项目")]
    assert answerer.rewrite("计划总投资多少?", history) == "铜梁签约项目计划总投资多少?"
    [request] = model.calls
    assert "铜梁签约了多少个项目?" in request.prompt and "计划总投资多少?" in request.prompt
    assert answerer.rewrite("计划总投资多少?", []) is None  # nothing to rewrite from: no call
    assert len(model.calls) == 1


async def test_a_broken_stream_ends_in_the_fallback(tmp_path):
    model = FakeModel(Reply.error("malformed chunk", content="渝北已累计投入"))
    events = [e async for e in _answerer(tmp_path, model).astream(QUESTION)]
    assert _is_fallback(events[-1])


async def test_a_stream_that_times_out_ends_in_the_fallback(tmp_path):
    model = FakeModel(Reply.hang())
    events = [e async for e in _answerer(tmp_path, model, answer_deadline=0.5).astream(QUESTION)]
    assert _is_fallback(events[-1])
    assert model.calls[0].abandoned  # the deadline gave up on the model, not the model on itself


async def test_an_english_question_is_also_searched_in_chinese(tmp_path):
    model = FakeModel("渝北云阳共建产业园入驻企业多少家", "Four companies 「产业园一期已建成投用,入驻企业4家」[1].")
    answerer = _answerer(tmp_path, model)
    events = [e async for e in answerer.astream("How many companies have moved into the Yubei-Yunyang park?")]
    translate, answer_request = model.calls
    assert "Simplified Chinese" in translate.prompt and "Yubei-Yunyang park" in translate.prompt
    assert "渝北云阳共建产业园入驻企业多少家" in answerer.index.searches
    final = events[-1]
    assert final.mode == "llm" and final.language == "en" and final.citations[0].passage_id == YUBEI_PARK.id
    assert "English" in answer_request.prompt


def test_an_english_fallback_notice_is_in_english(tmp_path):
    model = FakeModel(Reply.error(), Reply.error())  # translation, then the answer
    answer = _answerer(tmp_path, model).ask("How many companies have moved into the Yubei-Yunyang park?")
    assert _is_fallback(answer, "en")
    notice = "The language model could not answer just now; showing quotes from the articles instead."
    assert f"⚠️ <i>{notice}</i>" in render_answer(answer, "zh")[0]  # the answer's language, whatever the chat's
    assert f"({notice})" in answer_text(answer)


def test_a_briefing_written_by_the_model_is_checked(tmp_path):
    model = FakeModel(
        f"《推进新型城镇化 建设现代化区县城》\n- 厂房投入「{PARK_QUOTE}」[2]\n- 虚构「渝北向云阳追加投入9亿元建设新园区」[3]"
    )
    brief = _answerer(tmp_path, model).brief("渝北")
    assert brief.mode == "llm" and brief.grounded
    assert [c.quote for c in brief.citations] == [PARK_QUOTE]
    assert "9亿元" not in brief.text and "[1]" in brief.text


async def test_an_unusable_briefing_falls_back(tmp_path):
    model = FakeModel("Here is your briefing!")
    brief = await _answerer(tmp_path, model).abrief("渝北")
    assert _is_fallback(brief) and brief.text.count("- 「") >= 3


@pytest.mark.llm_live
@pytest.mark.skipif(not LIVE_URL, reason="set CQNEWS_TEST_LLM_URL (and CQNEWS_TEST_LLM_KEY/_MODEL) to run")
def test_a_real_endpoint_gives_a_checked_answer(tmp_path):
    settings = Settings(
        _env_file=None, data_dir=tmp_path, openai_base_url=LIVE_URL, openai_api_key=LIVE_KEY, llm_model=LIVE_MODEL,
        llm_timeout=60, llm_retries=1,
    )
    answer = Answerer(FakeIndex(), settings).ask(QUESTION)
    assert answer.grounded and _verbatim(answer)
    assert answer.mode == "llm" or answer.notice  # a model that cannot cite falls back, visibly


async def test_streaming_over_the_real_index(index, index_settings):
    """Search runs in a worker thread while the event loop streams; the marker is checked, not trusted."""
    model = FakeModel(f"渝北已累计投入3000万元「{PARK_QUOTE}」[3]。")
    events = [e async for e in Answerer(index, index_settings, model=model).astream(QUESTION)]
    final = events[-1]
    assert final.mode == "llm" and final.grounded
    [citation] = final.citations
    assert PARK_QUOTE in citation.quote
    assert "3000万元" in next(p.text for p in final.passages if p.id == final.citations[0].passage_id)


# -- real models cite by marker -----------------------------------------------------------
def test_a_reply_with_markers_and_no_quotes_reaches_the_reader_with_quotes_found(tmp_path):
    model = FakeModel("渝北和云阳共建的产业园已累计投入3000万元[1][2][3]。")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.grounded and answer.notice == ""
    assert answer.text == "渝北和云阳共建的产业园已累计投入3000万元[1]。"
    [citation] = answer.citations
    assert citation.passage_id == YUBEI_PARK.id and "3000万元" in citation.quote and _verbatim(answer)
    assert answer.checks["supported_by_span"] == 1 and answer.checks["markers_removed"] == 2


def test_a_reply_quoting_in_other_marks_reaches_the_reader_verbatim(tmp_path):
    model = FakeModel("渝北已累计投入3000万元。【目前已累计投入3000万元,协同云阳建设20万平方米标准厂房】[1]")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.grounded
    assert f"「{PARK_QUOTE}」" in answer.text and "【" not in answer.text and _verbatim(answer)
    assert answer.checks["quotes_loose"] == 1


def test_a_copied_quote_that_supports_nothing_is_dropped(tmp_path):
    example = "河湾镇新建的图书馆于5月3日开放,藏书1.2万册"  # the prompt's invented example
    model = FakeModel(f"渝北已累计投入3000万元[1]。「{example}」[1]")
    answer = _answerer(tmp_path, model).ask(QUESTION)
    assert answer.mode == "llm" and answer.grounded and "河湾镇" not in answer.text
    assert answer.checks["fabricated"] == 1


async def test_drafts_of_a_marker_only_reply_show_only_checked_sentences(tmp_path):
    model = FakeModel("渝北已累计投入3000万元[1]。渝北还将在云阳建设一座国际机场[1]。")
    events = [e async for e in _answerer(tmp_path, model).astream(QUESTION)]
    assert all("机场" not in e.text and _verbatim(e) for e in events)
    assert events[-1].mode == "llm" and events[-1].checks["words_rejected"] == 1


def test_a_bad_translation_never_turns_an_answer_into_a_refusal(tmp_path):
    # The model's translation names a year and a place no article has; the question itself decides.
    model = FakeModel("2019年上海市人口是多少", "Yubei has invested 30 million yuan in the park [1].")
    answer = _answerer(tmp_path, model).ask("How much has Yubei invested in the co-built park with Yunyang?")
    assert answer.grounded and answer.mode == "llm" and "3000万元" in answer.citations[0].quote


def test_an_english_question_about_something_no_passage_names_is_refused(tmp_path):
    offline = Answerer(FakeIndex(), Settings(_env_file=None, data_dir=tmp_path)).ask("What is the population of Shanghai?")
    assert not offline.grounded and not offline.citations
    model = FakeModel("上海的人口是多少", "[none] The articles do not say.")
    answer = _answerer(tmp_path, model).ask("What is the population of Shanghai?")
    assert not answer.grounded and not answer.citations


def test_a_rewrite_that_asks_the_earlier_question_again_is_not_used(tmp_path):
    model = FakeModel("铜梁签约了多少项目?")
    history = [("铜梁签约了多少项目?", "27个。")]
    assert _answerer(tmp_path, model).rewrite("计划总投资多少?", history) is None


async def test_a_briefing_the_model_declines_is_written_from_the_points_search_found(tmp_path):
    model = FakeModel("[none] 这些报道没有涉及渝北。")
    brief = await _answerer(tmp_path, model).abrief("渝北")
    assert _is_fallback(brief) and brief.text.count("- 「") >= 3
    assert brief.checks["fallback"] == "none"
