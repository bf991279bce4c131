"""How often and how much: the per-user rate limit, the caps on every user-supplied text that reaches
search or the model, and the parsers of the allow-list and admin ids (CQNEWS_ALLOWED_CHATS, CQNEWS_ADMIN_IDS).

Who may do what is checked where the update is: the allow-list in bot/app.py (`gate`), the bot's admins
in bot/commands.py (`admin_only`), a group's own admins in bot/briefings.py (`may_manage`)."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import NamedTuple

# The bot's own cap, below the library's MAX_QUESTION_CHARS: search time grows with the question (RESULTS.md).
MAX_ASKED_CHARS = 300
# A topic is a few words, repeated in every reply and briefing title (/brief, /subscribe).
MAX_TOPIC_CHARS = 100
# The message a question replies to, given as its context: its end is kept (what was said last).
MAX_CONTEXT_CHARS = 1000


def too_long(text: str, limit: int) -> bool:
    """Whether user text is over its cap (the caller refuses it and tells the user the limit)."""
    return len(text) > limit


def context_cut(text: str | None) -> str | None:
    """Quoted context cut to its last MAX_CONTEXT_CHARS characters (it is quoted, not typed, so cut quietly)."""
    if text is None or len(text) <= MAX_CONTEXT_CHARS:
        return text
    return "…" + text[-MAX_CONTEXT_CHARS:]


class Rate(NamedTuple):
    """At most `n` per `seconds`; n == 0 turns the limit off."""

    n: int
    seconds: float


def parse_ids(value: str) -> frozenset[int]:
    """Comma- or space-separated Telegram ids; a malformed entry is a configuration error."""
    ids = set()
    for part in value.replace(",", " ").split():
        try:
            ids.add(int(part))
        except ValueError:
            raise ValueError(f"not a Telegram id: {part!r}") from None
    return frozenset(ids)


def parse_rate(value: str) -> Rate:
    """"N/seconds" -> Rate(N, seconds); "0/…" or "" turns the limit off."""
    try:
        count, _, period = value.strip().partition("/")
        n, seconds = int(count or 0), float(period or 60)
    except ValueError:
        raise ValueError(f"a rate limit must look like 10/60, not {value!r}") from None
    if n < 0 or not math.isfinite(seconds) or seconds <= 0:  # "3/nan" or "3/inf" would never refill
        raise ValueError(f"a rate limit must look like 10/60, not {value!r}")
    return Rate(n, seconds)


class RateLimiter:
    """A sliding window of `n` questions per `seconds` per user (in memory)."""

    def __init__(self, n: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.n, self.seconds, self._clock = n, seconds, clock
        self._asked: dict[int, deque[float]] = defaultdict(deque)
        self._told_until: dict[int, float] = {}  # user -> end of the wait they were last told about

    def first_refusal(self, user_id: int, wait: int) -> bool:
        """Whether a refusal with `wait` seconds left is the first of its wait (tell the user once, not per message)."""
        now = self._clock()
        if self._told_until.get(user_id, float("-inf")) > now:
            return False
        self._told_until[user_id] = now + wait
        return True

    def check(self, user_id: int) -> int:
        """0 if the user may ask now (and counts it), else seconds until they may."""
        if self.n == 0:
            return 0
        now = self._clock()
        asked = self._asked[user_id]
        while asked and asked[0] <= now - self.seconds:
            asked.popleft()
        if len(asked) >= self.n:
            return max(1, math.ceil(asked[0] + self.seconds - now))
        asked.append(now)
        return 0
