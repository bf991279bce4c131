"""Hybrid search: keyword, vector and proximity rankings of a query and its variants, fused and boosted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from retrieval.errors import CQNewsError
from retrieval.lexicon.gazetteer import districts_in, resolve_district
from retrieval.lexicon.tokens import tokens
from retrieval.lexicon.translation import Spelled, expand_english
from retrieval.models import Passage
from retrieval.search.fusion import fuse
from retrieval.search.proximity import proximity_ranking
from retrieval.text.dates import Period, held_to
from retrieval.text.language import detect_language
from retrieval.text.normalise import MAX_QUESTION_CHARS, han_ratio, normalise
from retrieval.tuning import TUNING, Tuning


class Store(Protocol):
    """What search reads from the index (retrieval/index/store.py `Index`)."""

    def __len__(self) -> int: ...
    def get(self, passage_id: str) -> Passage | None: ...
    def keyword_search(self, query: str, depth: int) -> list[tuple[str, float]]: ...
    def query_vectors(self, queries: Sequence[str], n: int) -> list[list[str]]: ...
    def spelled_names(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]: ...



def variants(query: str, also: Sequence[str] = (), spelled: Spelled | None = None) -> tuple[list[str], list[str]]:
    """The query, the caller's extra phrasings and an English question's expansion (gazetteer,
    dictionary, pinyin names); and the districts they name."""
    found = [query, *(normalise(a)[:MAX_QUESTION_CHARS] for a in also if a and a.strip())]
    named = list(districts_in(" ".join(found)))
    if detect_language(query) == "en":
        expansion = expand_english(query, spelled)
        if expansion.text:
            found.append(expansion.text)
        named += [d for d in expansion.districts if d not in named]
    return found, named


def keyword_ranking(index: Store, query: str, depth: int) -> list[str]:
    return [pid for pid, _ in index.keyword_search(query, depth)]


def vector_rankings(index: Store, queries: list[str], depth: int) -> list[list[str]]:
    return index.query_vectors(queries, min(depth, len(index)))


def candidate_proximity(index: Store, queries: list[str], rankings: list[list[str]]) -> list[str]:
    """The candidates of the other rankings re-ranked by how closely they hold the query's Chinese terms."""
    terms = [t for q in queries for t in tokens(q) if han_ratio(t) == 1.0]
    candidates = (index.get(pid) for pid in dict.fromkeys(pid for ranking in rankings for pid in ranking))
    return proximity_ranking([(p.id, p.text) for p in candidates if p is not None], terms)


def search(
    index: Store, query: str, k: int = 5, district: str | None = None, also: Sequence[str] = (),
    period: Period | None = None, tuning: Tuning = TUNING,
) -> list[Passage]:
    """The k best passages for `query`: BM25 and vector rankings of every variant plus proximity, fused.

    With a `period`, passages dated outside it are left out (retrieval/text/dates.py `held_to`)."""
    query = normalise(query)[:MAX_QUESTION_CHARS]
    if not query or not len(index):
        return []
    wanted = resolve_district(district) if district else None
    if district and wanted is None:
        raise CQNewsError(f"unknown district {district!r}")
    queries, named = variants(query, also, index.spelled_names)
    depth = tuning.period_candidates if period else tuning.candidates
    rankings = [keyword_ranking(index, q, depth) for q in queries] + vector_rankings(index, queries, depth)
    weights = [tuning.keyword_weight] * len(queries) + [tuning.vector_weight] * len(queries) + [tuning.proximity_weight]
    rankings.append(candidate_proximity(index, queries, rankings))
    if (inside := _inside(index, queries[0], period)) is not None:
        rankings.append(inside)
        weights.append(tuning.keyword_weight)
    return held_to(fused(index, rankings, weights, named, wanted, tuning), period)[:k]


# A period this short (a day, a week, 全国两会) lists its own passages as candidates: a day's item among hundreds of the same kind
# (daily reports) is otherwise beyond the candidate depth.
LISTED_WITHIN_DAYS = 15


def _inside(index: Store, query: str, period: Period | None) -> list[str] | None:
    """The passages dated inside a short period, best keyword match first; None when not asked or not offered."""
    listed = getattr(index, "dated_between", None)
    if period is None or listed is None or (period.end - period.start).days > LISTED_WITHIN_DAYS:
        return None
    inside = listed(period.start.isoformat(), period.end.isoformat())
    if not inside:
        return None
    wanted = set(inside)
    if among := getattr(index, "keyword_search_among", None):  # ranks only these, not the whole archive
        ranked = [pid for pid, _ in among(query, inside)]
    else:
        ranked = [pid for pid in keyword_ranking(index, query, len(index)) if pid in wanted]
    return ranked + [pid for pid in inside if pid not in set(ranked)]


def fused(
    index: Store, rankings: list[list[str]], weights: list[float], named: Sequence[str],
    wanted: str | None = None, tuning: Tuning = TUNING,
) -> list[Passage]:
    """The rankings fused into passages, best first: only `wanted`'s when given, `named` districts boosted."""
    out = []
    for pid, score in fuse(rankings, k=tuning.rrf_k, weights=weights):
        passage = index.get(pid)
        if passage is None or (wanted and wanted not in passage.districts):
            continue
        if named and set(named) & set(passage.districts):
            score *= tuning.district_boost
        out.append(passage.with_score(score))
    out.sort(key=lambda p: -p.score)
    return out


def keyword_only(index: Store, query: str, k: int = 5) -> list[Passage]:
    """BM25 alone (for the benchmark)."""
    return [index.get(pid).with_score(s) for pid, s in index.keyword_search(normalise(query), k)]


def vector_only(index: Store, query: str, k: int = 5) -> list[Passage]:
    """Vector search alone (for the benchmark)."""
    return [p for p in (index.get(pid) for pid in vector_rankings(index, [normalise(query)], TUNING.candidates)[0][:k]) if p]
