"""The time room (issue 27): what a question asks of time, computed once (`TimeAsk`)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.cli import main
from bot.quotes import body
from retrieval import Answerer, Index, Settings
from retrieval.models import Passage
from retrieval.text.dates import asked
from tests.answer_fixtures import FakeIndex
from tests.conftest import make_settings

TODAY = date(2024, 8, 20)


@pytest.mark.parametrize("question", ["7月底重庆的降雨量是多少?", "7月上旬出口多少?", "What were exports in July?"])
def test_a_month_with_a_part_is_a_period_and_the_month_an_answer_must_say(question):
    ask = asked(question, TODAY)
    assert ask.period is not None and ask.period.month == 7
    assert ask.period.start >= date(2024, 7, 1) and ask.period.end <= date(2024, 7, 31)
    assert "7月" in ask.spoken


def _rain(pid: str, day: str, text: str) -> Passage:
    return Passage(id=pid, text=text, title="重庆中心城区降雨", section="", source=f"{pid}.md", position=0, date=day)


RAIN = [
    _rain("june", "2025-06-28", "6月以来，重庆中心城区累计降雨量达到95毫米，较常年偏多。"),
    _rain("early", "2025-07-09", "7月上旬，重庆中心城区累计降雨量为60毫米，较常年偏少。"),
    _rain("late", "2025-07-30", "7月下旬以来，重庆中心城区累计降雨量达到180毫米，较常年偏多。"),
]


@pytest.mark.parametrize(("question", "figure", "cited"), [
    ("7月底重庆中心城区累计降雨量是多少?", "180毫米", "late"),
    ("2025年7月底重庆中心城区累计降雨量是多少?", "180毫米", "late"),
    ("7月上旬重庆中心城区累计降雨量是多少?", "60毫米", "early"),
])
def test_a_part_of_a_month_holds_search_to_its_days_and_the_answer_says_the_month(tmp_path, question, figure, cited):
    # One definition of "a month named": search is held to the part of the month, and the answer must say 7月.
    answerer = Answerer(FakeIndex(RAIN), make_settings(tmp_path / "data"), today=date(2025, 8, 10))
    answer = answerer.ask(question)
    assert answer.grounded and figure in answer.text, answer.text
    assert [c.passage_id for c in answer.citations][:1] == [cited]
    assert "95毫米" not in answer.text


@pytest.mark.parametrize("question", ["7月底重庆中心城区累计降雨量是多少?", "2025年7月底重庆中心城区累计降雨量是多少?"])
def test_another_part_of_the_month_does_not_answer_for_it(tmp_path, question):
    answerer = Answerer(FakeIndex(RAIN[:2]), make_settings(tmp_path / "data"), today=date(2025, 8, 10))
    answer = answerer.ask(question)
    assert not answer.grounded and "60毫米" not in body(answer), body(answer)


def test_a_part_of_a_month_no_passage_says_is_refused(tmp_path):
    said_nowhere = [_rain("late", "2025-07-30", "重庆中心城区累计降雨量达到180毫米，较常年偏多。")]
    answerer = Answerer(FakeIndex(said_nowhere), make_settings(tmp_path / "data"), today=date(2025, 8, 10))
    assert not answerer.ask("7月底重庆中心城区累计降雨量是多少?").grounded


def test_spans_and_months_are_what_an_answer_must_say():
    assert asked("2023年上半年重庆GDP是多少?", TODAY).spoken == ("上半年",)
    assert asked("What was the first-day box office in the first half of 2023?", TODAY).spoken == ("上半年",)
    assert asked("7月30日启动了几级响应?", TODAY).spoken == ()


@pytest.mark.parametrize(("question", "today", "start", "end"), [
    ("五年前新年前夕果园港吞吐量多少?", date(2024, 12, 20), date(2019, 12, 31), date(2019, 12, 31)),
    ("2021年春节当天轨道交通客运量多少?", TODAY, date(2021, 2, 12), date(2021, 2, 12)),  # 正月初一 by the lunar calendar
    ("2021年除夕果园港吞吐量?", TODAY, date(2021, 2, 11), date(2021, 2, 11)),
    ("去年中秋节果园港吞吐量?", date(2023, 3, 1), date(2022, 9, 10), date(2022, 9, 10)),
    ("前年端午节果园港吞吐量?", date(2025, 1, 5), date(2023, 6, 22), date(2023, 6, 22)),
    ("2024年清明节果园港吞吐量?", TODAY, date(2024, 4, 4), date(2024, 4, 4)),
    ("大前年元旦果园港吞吐量?", TODAY, date(2021, 1, 1), date(2021, 1, 1)),
    ("两年前八月果园港累计吞吐量?", TODAY, date(2022, 8, 1), date(2022, 8, 31)),
    ("三年前9月出口多少?", TODAY, date(2021, 9, 1), date(2021, 9, 30)),
    ("三天前果园港吞吐量多少?", TODAY, date(2024, 8, 17), date(2024, 8, 17)),
    ("前天果园港吞吐量多少?", TODAY, date(2024, 8, 18), date(2024, 8, 18)),
    ("今年全国两会期间签约多少项目?", TODAY, date(2024, 3, 3), date(2024, 3, 15)),
    ("5月1日果园港吞吐量多少?", TODAY, date(2024, 5, 1), date(2024, 5, 1)),
    ("2021年5月1日果园港吞吐量多少?", TODAY, date(2021, 5, 1), date(2021, 5, 1)),
    ("上周果园港吞吐量多少?", TODAY, date(2024, 8, 12), date(2024, 8, 18)),
    ("How many containers did Guoyuan Port handle on National Day three years ago?", TODAY, date(2021, 10, 1), date(2021, 10, 1)),
    ("How many containers did Guoyuan Port handle during Spring Festival 2021?", TODAY, date(2021, 2, 12), date(2021, 2, 12)),
    ("How many passengers did the metro carry last week?", TODAY, date(2024, 8, 12), date(2024, 8, 18)),
    ("How many containers did Guoyuan Port handle since Sept 2021?", TODAY, date(2021, 9, 1), TODAY),
    ("今年十一月出口多少?", date(2024, 12, 5), date(2024, 11, 1), date(2024, 11, 30)),
    ("2023年7月上旬出口多少?", TODAY, date(2023, 7, 1), date(2023, 7, 10)),
])
def test_relative_and_named_times_resolve_against_the_questions_day(question, today, start, end):
    period = asked(question, today).period
    assert period is not None and (period.start, period.end) == (start, end)


def test_a_year_inside_other_words_is_not_a_named_period():
    assert asked("2023年中国GDP是多少?", TODAY).period.label == "2023年"  # not 年中
    assert asked("2023年前建成了几条线?", TODAY).period.end == date(2022, 12, 31)  # not "23年前"


# -- through the Answerer and the command line, over an archive of daily items ------------------
DAYS = {date(2021, 4, 30): 4120, date(2021, 5, 1): 6380, date(2021, 5, 2): 5210, date(2021, 5, 4): 4470,
        date(2021, 2, 11): 3330, date(2021, 2, 12): 2950, date(2021, 2, 13): 3010}
EVENTS = {"event-a.md": (date(2021, 5, 1), "渝昆高铁重庆段正式开工建设"), "event-b.md": (date(2021, 2, 12), "重庆东站正式开工建设")}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("time")
    folder = root / "articles"
    folder.mkdir()
    for day, n in DAYS.items():
        (folder / f"port-{day}.md").write_text(
            f"---\ndate: {day}\n---\n# 果园港港口生产日报\n\n记者从果园港获悉，当日果园港完成集装箱吞吐量{n}标箱，港口生产运行平稳。\n",
            encoding="utf-8")
    for name, (day, said) in EVENTS.items():
        (folder / name).write_text(f"---\ndate: {day}\n---\n# {said}\n\n{said}。这是重庆推进重大项目建设的又一重要节点。\n", encoding="utf-8")
    # no front-matter date: the paragraph states its day
    (folder / "port-undated.md").write_text("# 果园港港口生产日报\n\n2021年5月6日，果园港完成集装箱吞吐量3870标箱，港口生产运行平稳。\n",
                                            encoding="utf-8")
    settings = Settings(_env_file=None, data_dir=root / "data", seeds_dir=root / "no-seeds")
    index = Index.open(settings, build=False)
    index.ingest([folder])
    answerer = Answerer(index, settings, today=date(2024, 8, 20))
    yield index, answerer, settings
    answerer.close()
    index.close()


def test_a_day_is_answered_from_that_days_item_only(archive):
    _, answerer, _ = archive
    answer = answerer.ask("2021年5月1日果园港完成集装箱吞吐量多少标箱?")
    assert answer.grounded and "6380标箱" in answer.text
    assert {c.date for c in answer.citations} == {"2021-05-01"}
    assert not any(str(n) in answer.text for n in (4120, 5210, 4470))


def test_a_named_relative_day_resolves_by_the_lunar_calendar_and_is_shown(archive):
    _, answerer, _ = archive
    answer = answerer.ask("三年前的春节，果园港完成集装箱吞吐量多少?")
    assert answer.grounded and "2950标箱" in answer.text and answer.citations[0].date == "2021-02-12"
    assert answer.period == {"start": "2021-02-12", "end": "2021-02-12", "label": "三年前的春节"}


def test_a_day_the_archive_lacks_is_refused_naming_the_nearest_days(archive):
    _, answerer, _ = archive
    answer = answerer.ask("2021年5月3日果园港完成集装箱吞吐量多少标箱?")
    assert not answer.grounded and not answer.citations
    said = body(answer)
    assert "没有2021年5月3日" in said and "2021-05-02[1]" in said and "2021-05-04[2]" in said
    assert [p.date for p in answer.passages[:2]] == ["2021-05-02", "2021-05-04"]


def test_on_the_day_that_finds_the_events_day_then_answers_for_it_both_cited(archive):
    _, answerer, _ = archive
    answer = answerer.ask("渝昆高铁重庆段开工当天，果园港完成集装箱吞吐量多少标箱?")
    assert answer.grounded and "6380标箱" in answer.text
    assert [c.date for c in answer.citations] == ["2021-05-01", "2021-05-01"]
    assert "渝昆高铁" in answer.citations[0].quote
    assert answer.period["start"] == "2021-05-01"


def test_which_came_first_names_the_earlier_with_both_dates_cited(archive):
    _, answerer, _ = archive
    answer = answerer.ask("渝昆高铁重庆段开工和重庆东站开工哪个更早?")
    shown = body(answer)
    assert answer.grounded and shown.startswith("更早的是「重庆东站开工」")
    assert shown.index("2021-02-12") < shown.index("2021-05-01")
    assert [c.date for c in answer.citations] == ["2021-02-12", "2021-05-01"]


def test_an_undated_paragraph_keeps_the_day_it_states(archive):
    _, answerer, _ = archive
    answer = answerer.ask("2021年5月6日果园港完成集装箱吞吐量多少?")
    assert answer.grounded and "3870标箱" in answer.text and answer.citations[0].date == "2021-05-06"


def test_cqnews_ask_shows_the_resolved_period(archive, monkeypatch, capsys, tmp_path):
    _, _, settings = archive
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CQNEWS_SEEDS_DIR", str(settings.seeds_dir))
    monkeypatch.setenv("CQNEWS_TODAY", "2024-08-20")
    assert main(["ask", "三年前的春节，果园港完成集装箱吞吐量多少?"]) == 0
    out = capsys.readouterr().out
    assert "三年前的春节 = 2021-02-12" in out and "2950标箱" in out


def test_the_bot_shows_the_resolved_period_and_the_day_that_placed_it(archive):
    _, answerer, _ = archive
    from bot.render import render_answer

    html_text = "\n".join(render_answer(answerer.ask("渝昆高铁重庆段开工当天，果园港完成集装箱吞吐量多少标箱?"), "zh"))
    assert "渝昆高铁重庆段开工当天 = 2021-05-01" in html_text and "6380标箱" in html_text
