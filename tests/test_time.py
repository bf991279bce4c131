"""The time room (issue 27): what a question asks of time, computed once (`TimeAsk`)."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.text.dates import asked

TODAY = date(2024, 8, 20)


@pytest.mark.parametrize("question", ["7月底重庆的降雨量是多少?", "7月上旬出口多少?", "What were exports in July?"])
def test_a_month_with_a_part_is_a_period_and_the_month_an_answer_must_say(question):
    ask = asked(question, TODAY)
    assert ask.period is not None and ask.period.month == 7
    assert ask.period.start >= date(2024, 7, 1) and ask.period.end <= date(2024, 7, 31)
    assert "7月" in ask.spoken


def test_spans_and_months_are_what_an_answer_must_say():
    assert asked("2023年上半年重庆GDP是多少?", TODAY).spoken == ("上半年",)
    assert asked("What was the first-day box office in the first half of 2023?", TODAY).spoken == ("上半年",)
    assert asked("7月30日启动了几级响应?", TODAY).spoken == ()
