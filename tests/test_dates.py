"""Answers that know when: periods held in search, latest, what changed, timelines, dated briefings.

Over a small index of the issue's fixture articles: 璧山氢能产业园 in 2023 (45亿元), 2024 (60亿元),
2025 (85亿元) and undated; plus two same-day reports that disagree on one figure.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.quotes import said
from bot.store import Subscription
from bot.subscriptions import new_articles
from retrieval.answer.answerer import Answerer
from retrieval.index.store import Index
from retrieval.models import Answer, Citation, Heading, Label, Passage
from retrieval.search.hybrid import search
from retrieval.text.dates import asked
from tests.answer_fixtures import FakeIndex
from tests.conftest import make_settings
from tests.fake_model import FakeModel

ARTICLES = {
    "bishan-2023.md": ("2023-05-10", "璧山氢能产业园项目签约",
                       "5月9日，璧山区与多家企业签约建设璧山氢能产业园。项目计划总投资45亿元，规划建设氢燃料电池电堆、储氢装备等生产线。"),
    "bishan-2024.md": ("2024-04-18", "璧山氢能产业园扩容",
                       "记者从璧山区获悉，随着更多企业入驻，璧山氢能产业园计划总投资增至60亿元，新增氢能重卡整车生产线。"),
    "bishan-2025.md": ("2025-03-06", "璧山氢能产业园一期投产",
                       "3月5日，璧山氢能产业园一期正式投产。据介绍，产业园计划总投资已达到85亿元，全部建成后年产值有望突破200亿元。"),
    "bishan-undated.md": ("", "氢能产业链加快集聚",
                          "璧山氢能产业园是全区重点打造的新能源产业平台，园区内企业涵盖制氢、储运、加注和应用环节。"),
    "fair-a.md": ("2024-10-08", "荣昌陶博会闭幕", "本届荣昌陶博会为期5天，共接待游客12万人次。"),
    "fair-b.md": ("2024-10-08", "陶博会落下帷幕", "据主办方统计，本届荣昌陶博会共接待游客11.5万人次。"),
}
TODAY = date(2025, 6, 1)


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (day, title, body) in ARTICLES.items():
        front = f"---\ndate: {day}\n---\n" if day else ""
        (folder / name).write_text(f"{front}# {title}\n\n{body}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """An index of the fixture articles only (no seeds), and an answerer whose today is TODAY."""
    root = tmp_path_factory.mktemp("dated")
    settings = make_settings(root / "data", seeds_dir=root / "no-seeds")
    index = Index.open(settings, build=False)
    index.ingest([write_articles(root / "articles")])
    answerer = Answerer(index, settings, today=TODAY)
    yield index, answerer, settings
    answerer.close()
    index.close()


def lines_of(answer: Answer) -> list[str]:
    """The cited lines as the reader is shown them: each led by its label (bot/quotes.py)."""
    return [line for line in said(answer).split("\n") if "[" in line]


def test_a_year_holds_search_to_it_and_keeps_undated_passages(dated):
    index, _, _ = dated
    found = search(index, "璧山氢能产业园计划总投资", k=10, period=asked("2024年", TODAY).period)
    days = [p.date for p in found]
    assert "2024-04-18" in days and "2023-05-10" not in days and "2025-03-06" not in days
    assert "" in days  # undated: never dropped by a period


def test_an_undated_article_that_answers_is_not_crowded_out_by_dated_ones(tmp_path):
    # An archive of dated news beside undated pages: "今年" must not rank every passage dated this year,
    # however unrelated, above the undated article the question is about.
    def passage(pid: str, text: str, title: str, day: str) -> Passage:
        return Passage(id=pid, text=text, title=title, section="", source=f"{pid}.md", position=0, date=day)

    others = [
        passage(f"n{i}", f"{district}区今年签约项目{i + 3}个，涉及物流、食品等领域。", f"{district}区招商", f"2023-0{i % 8 + 1}-15")
        for i, district in enumerate("渝中 江北 沙坪坝 九龙坡 南岸 北碚 渝北 巴南 大渡口 綦江".split())
    ]
    tongliang = passage("tl", "今年以来，重庆市铜梁区累计签约招商引资项目27个，计划总投资206亿元。", "铜梁招商成效明显", "")
    answerer = Answerer(FakeIndex([*others, tongliang]), make_settings(tmp_path / "data"), today=date(2023, 8, 31))
    answer = answerer.ask("今年铜梁签约了多少个项目?")
    assert answer.grounded and "27个" in answer.text and answer.citations[0].passage_id == "tl"


def test_the_latest_figure_leads_with_its_date_and_older_ones_are_marked_older(dated):
    _, answerer, _ = dated
    answer = answerer.ask("璧山氢能产业园最新的计划总投资是多少?")
    first, *rest = lines_of(answer)
    assert answer.grounded and first.startswith("截至2025-03-06（最新报道）") and "85亿元" in first
    assert answer.citations[0].date == "2025-03-06"
    assert all(line.startswith("较早的报道（") for line in rest)
    assert "45亿元" not in first and "60亿元" not in first


def test_a_year_asked_for_gets_that_years_figure(dated):
    _, answerer, _ = dated
    answer = answerer.ask("2023年璧山氢能产业园计划总投资多少?")
    assert answer.grounded and "45亿元" in answer.text
    assert "60亿元" not in answer.text and "85亿元" not in answer.text
    assert {c.date for c in answer.citations} == {"2023-05-10"}


def test_relative_years_count_from_the_given_today(dated):
    index, _, settings = dated
    for today, figure in ((date(2025, 6, 1), "60亿元"), (date(2024, 6, 1), "45亿元")):
        answer = Answerer(index, settings, today=today).ask("去年璧山氢能产业园计划总投资是多少?")
        assert answer.grounded and figure in answer.text, (today, answer.text)


def test_what_changed_gives_each_dated_figure_in_order_each_cited(dated):
    _, answerer, _ = dated
    answer = answerer.ask("璧山氢能产业园计划总投资有什么变化?")
    lines = lines_of(answer)
    assert said(answer).startswith("按报道日期，从早到晚：") and not answer.text.startswith("按报道日期")
    figures = [next(f for f in ("45亿元", "60亿元", "85亿元") if f in line) for line in lines]
    assert figures == ["45亿元", "60亿元", "85亿元"]
    assert [line[:10] for line in lines] == ["2023-05-10", "2024-04-18", "2025-03-06"]
    assert [c.n for c in answer.citations] == [1, 2, 3]


def test_english_questions_get_the_same(dated):
    _, answerer, _ = dated
    latest = answerer.ask("What is the latest planned investment of the Bishan hydrogen park?")
    assert lines_of(latest)[0].startswith("As of 2025-03-06 (the latest article)") and "85亿元" in lines_of(latest)[0]
    year = answerer.ask("What was the planned investment of the Bishan hydrogen park in 2023?")
    assert year.grounded and "45亿元" in year.text and "85亿元" not in year.text


def test_two_reports_that_disagree_are_shown_apart_never_merged(dated):
    _, answerer, _ = dated
    answer = answerer.ask("荣昌陶博会接待游客人次有什么变化?")
    lines = lines_of(answer)
    assert any("12万人次" in line for line in lines) and any("11.5万人次" in line for line in lines)
    assert not any("12万人次" in line and "11.5万人次" in line for line in lines)
    assert len({c.passage_id for c in answer.citations}) == 2


def test_a_period_with_no_articles_says_so(dated):
    _, answerer, _ = dated
    answer = answerer.ask("2021年璧山氢能产业园计划总投资多少?")
    assert not answer.grounded and "2021年" in said(answer)


def test_cli_timeline_lists_the_dated_events_oldest_first(dated, monkeypatch, capsys, tmp_path):
    _, _, settings = dated
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CQNEWS_SEEDS_DIR", str(settings.seeds_dir))
    assert main(["timeline", "璧山氢能产业园", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["date"] for e in data["events"]] == ["2023-05-10", "2024-04-18", "2025-03-06"]
    assert all(e["quote"] and e["title"] for e in data["events"])
    assert main(["timeline", "璧山氢能产业园"]) == 0
    text = capsys.readouterr().out
    assert text.index("2023-05-10 《璧山氢能产业园项目签约》") < text.index("2024-04-18") < text.index("2025-03-06")
    assert "氢能产业链加快集聚》：" not in text  # undated: not an event in time


def test_a_timeline_of_nothing_dated_says_so(dated):
    _, answerer, _ = dated
    answer = answerer.timeline("轨道交通99号线")
    assert not answer.grounded and "没有" in said(answer)


def test_an_llm_timeline_is_checked_line_by_line_and_put_in_date_order(tmp_path):
    passages = [
        Passage(id=f"p{i}", text=body, title=title, section="", source=name, position=0, date=day, doc=name)
        for i, (name, (day, title, body)) in enumerate(ARTICLES.items())
        if name.startswith("bishan") and day
    ]
    model = FakeModel(
        "璧山氢能产业园一期正式投产，计划总投资已达到85亿元[3]。\n"
        "璧山区与多家企业签约建设璧山氢能产业园，计划总投资45亿元[1]。\n"
        "产业园获得国家级示范基地称号，奖励资金3亿元[2]。"
    )
    answer = Answerer(FakeIndex(passages), make_settings(tmp_path), model=model).timeline("璧山氢能产业园")
    lines = lines_of(answer)
    assert answer.mode == "llm" and len(lines) == 2  # the invented line is dropped by the check
    assert lines[0].startswith("2023-05-10") and "45亿元" in lines[0]
    assert lines[1].startswith("2025-03-06") and "85亿元" in lines[1]


def test_briefings_show_each_articles_date(dated):
    _, answerer, _ = dated
    brief = answerer.brief("璧山氢能产业园")
    assert "《璧山氢能产业园一期投产》 · 2025-03-06" in brief.text
    assert brief.text.index("2025-03-06") < brief.text.index("2023-05-10")


def test_new_since_the_last_briefing_goes_by_article_date_not_ingest_time():
    def cite(n: int, title: str, day: str) -> Citation:
        return Citation(n=n, passage_id=f"p{n}", quote="…", title=title, section="", source=f"{title}.md", date=day)

    answer = Answer(question="t", text="", grounded=True, mode="extractive", citations=(
        cite(1, "旧闻新收录", "2023-01-05"), cite(2, "今天的报道", "2025-06-01"), cite(3, "无日期", "")))
    last = date(2025, 5, 31)
    import datetime as dtm

    sent = dtm.datetime(last.year, last.month, last.day, 8, 30, tzinfo=dtm.timezone(dtm.timedelta(hours=8))).timestamp()
    fresh, keys = new_articles(answer, Subscription(chat_id=1, topic="t", at="08:30", last_sent_at=sent))
    assert fresh == ["今天的报道 · 2025-06-01", "无日期"] and len(keys) == 3


async def test_bot_timeline_command_lists_the_dated_events(api, index_settings, bot_data_dir, tmp_path):
    from tests.bot_harness import bot_running, bot_settings
    from tests.botapi_server import message

    # The bot's own copy of the seeds index, plus the dated articles.
    index = Index.open(make_settings(bot_data_dir), build=False)
    index.ingest([write_articles(tmp_path / "articles")])
    index.close()
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("/timeline 璧山氢能产业园", chat_id=48))
        reply = await api.wait_for(
            "editMessageText", lambda c: c.params["chat_id"] == 48 and "时间线" in c.text and "[1]" in c.text
        )
        assert reply.text.startswith("🗓 <b>时间线：璧山氢能产业园</b>")
        assert reply.text.index("2023-05-10") < reply.text.index("2024-04-18") < reply.text.index("2025-03-06")

        api.push(message("/timeline", chat_id=49))
        usage = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 49)
        assert "/timeline" in usage.text


LABEL_WORDS = ("截至", "最新报道", "较早的报道", "按报道日期", "As of", "Earlier (", "By article date", "日期不详", "date unknown")


@pytest.mark.parametrize(("args", "shown"), [
    (["ask", "璧山氢能产业园最新的计划总投资是多少?"], ["截至2025-03-06（最新报道）：「", "\n较早的报道（2024-04-18）：「"]),
    (["ask", "What is the latest planned investment of the Bishan hydrogen park?"],
     ["As of 2025-03-06 (the latest article): 「", "\nEarlier (2024-04-18): 「"]),
    (["ask", "璧山氢能产业园计划总投资有什么变化?"], ["按报道日期，从早到晚：\n2023-05-10：「", "\n2025-03-06：「"]),
    (["ask", "How has the planned investment of the Bishan hydrogen energy industrial park changed?"],
     ["By article date, oldest first:\n2023-05-10: 「", "\n2025-03-06: 「"]),
    (["timeline", "璧山氢能产业园"], ["2023-05-10 《璧山氢能产业园项目签约》：「", "\n2025-03-06 《璧山氢能产业园一期投产》：「"]),
])
def test_a_dated_answers_labels_are_worded_by_the_renderers_not_the_library(dated, monkeypatch, capsys, tmp_path, args, shown):
    _, answerer, settings = dated
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CQNEWS_SEEDS_DIR", str(settings.seeds_dir))
    monkeypatch.setenv("CQNEWS_TODAY", TODAY.isoformat())
    assert main(args) == 0
    text = capsys.readouterr().out
    assert all(words in text for words in shown), text
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(words in data["answer"] for words in shown) and data["labels"][0]["date"]
    # The library's answer carries the labels as data: its text is the cited quotes alone.
    answer = answerer.timeline(args[1]) if args[0] == "timeline" else answerer.ask(args[1])
    assert answer.labels and not any(words in answer.text for words in LABEL_WORDS)
    assert all(line.startswith("「") for line in answer.text.split("\n")) and "《" not in answer.text


@pytest.mark.parametrize(("lang", "worded"), [
    ("zh", "更早的是「甲开工」：\n日期不详：「a」[1]\n2021-02-12（甲开工）：「b」[2]\n2021-05-01：「c」[3]\n"
           "2021-06-01 《乙》：「d」[4]\n日期不详 ：「e」[5]"),
    ("en", "“甲开工” came first:\ndate unknown: 「a」[1]\n2021-02-12 (甲开工): 「b」[2]\n2021-05-01: 「c」[3]\n"
           "2021-06-01 《乙》: 「d」[4]\ndate unknown : 「e」[5]"),
])
def test_every_label_kind_is_worded_in_both_languages(lang, worded):
    labels = (Label("day", ""), Label("placed", "2021-02-12", name="甲开工"), Label("placed", "2021-05-01"),
              Label("timeline", "2021-06-01", title="乙"), Label("timeline", ""))
    text = "「a」[1]\n「b」[2]\n「c」[3]\n「d」[4]\n「e」[5]"
    answer = Answer("q", text, True, "extractive", language=lang, labels=labels, heading=Heading("order", "甲开工"))
    assert said(answer) == worded
