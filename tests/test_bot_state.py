"""The bot's state and limits: SQLite store, rate limiter, id lists, briefing novelty."""

from __future__ import annotations

import pytest

from bot import buttons
from bot.buttons import InlineAnswer, Retry, Setting, ShowPassage, Vote
from bot.limits import RateLimiter, parse_ids, parse_rate
from bot.store import Store, Subscription
from bot.subscriptions import new_articles, parse_time
from retrieval.models import Answer, Citation


def test_store_survives_reopening(tmp_path):
    store = Store.open(tmp_path)
    store.add_subscription(-1, "铜梁", "08:30", "zh")
    store.add_subscription(-1, "铜梁", "09:00", "en")  # re-timing keeps one row
    store.mark_briefed(-1, "铜梁", {"a#x"})
    store.record_feedback(-1, 5, 10, "k", 1)
    store.record_feedback(-1, 5, 10, "k", -1)  # a second tap replaces the first
    store.close()

    again = Store.open(tmp_path)
    (sub,) = again.subscriptions()
    assert (sub.chat_id, sub.topic, sub.at, sub.lang, sub.seen) == (-1, "铜梁", "09:00", "en", {"a#x"})
    assert sub.last_sent_at is not None
    assert again.feedback() == [(-1, 5, 10, "k", -1)]
    assert again.remove_subscriptions(-1) == ["铜梁"] and again.subscriptions() == []


def test_rate_limiter_is_a_sliding_window():
    now = [0.0]
    limiter = RateLimiter(2, 60, clock=lambda: now[0])
    assert limiter.check(1) == 0 and limiter.check(1) == 0
    assert limiter.check(1) == 60 and limiter.check(2) == 0  # per user
    now[0] = 59.5
    assert limiter.check(1) == 1
    now[0] = 60.0
    assert limiter.check(1) == 0
    assert RateLimiter(0, 60).check(1) == 0  # 0 turns it off


def test_a_refused_user_is_told_once_per_wait():
    now = [0.0]
    limiter = RateLimiter(1, 60, clock=lambda: now[0])
    limiter.check(1)
    assert limiter.first_refusal(1, limiter.check(1)) and not limiter.first_refusal(1, limiter.check(1))
    assert limiter.first_refusal(2, 30)  # per user
    now[0] = 61.0
    limiter.check(1)
    assert limiter.first_refusal(1, limiter.check(1))  # a new wait is told again


def test_settings_parsing():
    assert parse_rate("10/60") == (10, 60.0) and parse_rate("0/1") == (0, 1.0)
    assert parse_ids("1, -100200 3") == {1, -100200, 3} and parse_ids("") == frozenset()
    with pytest.raises(ValueError, match="10/60"):
        parse_rate("lots")
    with pytest.raises(ValueError, match="not a Telegram id"):
        parse_ids("1,abc")
    assert parse_time("8:05").strftime("%H:%M") == "08:05" and parse_time("08：30") is not None
    assert parse_time("24:00") is None and parse_time("铜梁") is None


def cite(n: int, title: str) -> Citation:
    return Citation(n, f"p{n}", "q", title, "", "s.txt")


def test_briefing_novelty_is_by_cited_article():
    brief = Answer("铜梁", "x[1][2][3]", True, "extractive", (cite(1, "旧"), cite(2, "新"), cite(3, "新")))
    first, keys = new_articles(brief, Subscription(-1, "铜梁", "08:30"))
    assert first is None and keys == {"s.txt#旧", "s.txt#新"}
    later, _ = new_articles(brief, Subscription(-1, "铜梁", "08:30", last_sent_at=1.0, seen=frozenset({"s.txt#旧"})))
    assert later == ["新"]


def test_conversation_turns_are_per_thread_trimmed_and_forgotten(tmp_path):
    store = Store.open(tmp_path)
    for i in range(5):
        store.add_turn(-7, 100, 200 + i, f"q{i}", f"s{i}", f"a{i}", keep=3)
    store.add_turn(-7, 101, 300, "other", "other", "x", keep=3)
    store.add_turn(8, 0, 400, "private", "private", "y", keep=3)
    assert [t.question for t in store.history(-7, 100, since=0)] == ["q2", "q3", "q4"]
    assert store.thread_of(-7, 204) == 100 and store.thread_of(-7, 200) is None
    assert [t.asked for t in store.history(-7, 101, since=0)] == ["other"]
    assert store.forget(-7) == 4 and store.history(-7, 100, since=0) == []
    assert [t.answer for t in store.history(8, 0, since=0)] == ["y"]  # another chat is untouched
    store.add_turn(9, 0, 500, "new", "new", "z", keep=3, max_age=0)  # older turns are past keeping
    assert store.history(8, 0, since=0) == [] and len(store.history(9, 0, since=0)) == 1


def test_every_kind_of_button_data_survives_its_json_form():
    made = [
        ShowPassage("002.txt#3"), Vote("a1b2", -1), Setting("length", "detailed"),
        Retry({"chat_id": 5, "question": "铜梁?", "extra": None}), InlineAnswer("铜梁签约了多少项目?"),
    ]
    saved = buttons.dumps({"keyboard": made, "plain": {"button_text": "👍"}})
    assert buttons.loads(saved) == {"keyboard": made, "plain": {"button_text": "👍"}}
    # Saved by a version whose Vote had other fields: it reads as no data (the button says it expired).
    assert buttons.loads('[{"button": "Vote", "answer_key": "a1b2"}]') == [None]
    with pytest.raises(TypeError):
        buttons.dumps([object()])  # nothing but button data is saved
