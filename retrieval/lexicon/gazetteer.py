"""The bilingual gazetteer: Chongqing's districts, counties, zones and major companies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

# Project and policy names that must stay whole when tokenised.
PROJECT_TERMS = (
    "专精特新", "小巨人", "智能网联", "新能源汽车", "智能网联新能源汽车", "西部陆海新通道", "双城经济圈",
    "成渝地区双城经济圈", "对口协同", "招商引资", "标准厂房", "数字化车间", "智能工厂", "灯塔工厂",
    "产业园", "飞地园区", "乡村振兴", "承接产业转移", "新型储能", "储能电池", "动力电池", "刀片电池",
    "智博会", "亩均论英雄", "三攻坚一试点", "劳务品牌", "院落微治理", "巴适小院", "三事分办",
    "六个聚焦", "一号工程", "芯屏端核网", "33618", "碳达峰", "碳中和", "榨菜", "红叶节", "智算中心",
    "铁路专用线", "环大学创新生态圈", "工业互联网", "强镇带村", "影视基地", "智慧养老", "数字乡村",
)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: canonical Chinese name, kind, Chinese short forms, English names."""

    name: str
    kind: str
    short: tuple[str, ...]
    english: tuple[str, ...]

    @property
    def is_district(self) -> bool:
        return self.kind in ("district", "county", "zone")


def _rows(filename: str):
    text = files("retrieval").joinpath("data", filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [cell.strip() for cell in line.split("\t")]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(",") if part.strip())


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every entry of data/places.tsv."""
    out = []
    for row in _rows("places.tsv"):
        row += [""] * (4 - len(row))
        out.append(Place(row[0], row[1], _split(row[2]), _split(row[3])))
    return tuple(out)


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """English phrase -> Chinese terms, from data/glossary.tsv."""
    out = []
    for row in _rows("glossary.tsv"):
        terms = _split(row[1])
        out.extend((phrase, terms) for phrase in _split(row[0]))
    return tuple(out)


def dictionary_words() -> list[str]:
    """Words for the custom jieba dictionary, so names and projects stay whole."""
    words = list(PROJECT_TERMS)
    for place in places():
        words.append(place.name)
        words.extend(place.short)
    return words


@lru_cache(maxsize=1)
def _chinese_patterns() -> list[tuple[str, Place]]:
    pairs = [(alias, place) for place in places() if place.is_district for alias in (place.name, *place.short)]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def companies_in(text: str) -> tuple[str, ...]:
    """The gazetteer's companies a Chinese text names, as it writes them (比亚迪, 长安汽车)."""
    found = []
    for place in places():
        if place.kind == "company":
            found += [alias for alias in (place.name, *place.short) if alias and alias in text]
    return tuple(dict.fromkeys(found))


def districts_in(text: str) -> tuple[str, ...]:
    """Canonical names of the districts, counties and zones a Chinese text names, in order of first mention."""
    found: dict[str, int] = {}
    for alias, place in _chinese_patterns():
        pos = text.find(alias)
        if pos >= 0 and place.name not in found:
            found[place.name] = pos
    return tuple(sorted(found, key=found.get))


@lru_cache(maxsize=1)
def english_patterns() -> list[tuple[re.Pattern, tuple[str, ...], Place | None]]:
    """English names and glossary phrases as word-bounded patterns, longest first."""
    entries: list[tuple[str, tuple[str, ...], Place | None]] = []
    for place in places():
        for name in place.english:
            entries.append((name, (place.short[0] if place.short else place.name,), place))
    for phrase, terms in glossary():
        entries.append((phrase, terms, None))
    entries.sort(key=lambda entry: -len(entry[0]))
    return [
        (re.compile(r"(?<![\w'])" + re.escape(name).replace(r"\ ", r"[\s-]+") + r"(?!\w)", re.I), terms, place)
        for name, terms, place in entries
    ]


def resolve_district(name: str) -> str | None:
    """Canonical district name for a Chinese or English name (`铜梁`, `Tongliang`), else None."""
    wanted = name.strip().lower()
    for place in places():
        if not place.is_district:
            continue
        if wanted in {place.name.lower(), *(s.lower() for s in place.short), *(e.lower() for e in place.english)}:
            return place.name
    return None


def names_place(text: str, place: str) -> bool:
    """Whether `text` names `place` by its name or one of its short forms."""
    for entry in places():
        if entry.name == place:
            return any(alias and alias in text for alias in (entry.name, *entry.short))
    return place in text
