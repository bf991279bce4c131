"""Write the time archive and its question set (issue 27): the same kind of item on many days.

    python benchmarks/time_archive.py   # writes benchmarks/time_articles/*.md and benchmarks/time_questions.jsonl

Three series over 2019–2024, written from one fixed random seed: 果园港's daily container throughput
(port reports), 重庆轨道交通's daily ridership on holidays and their neighbours, and 果园港's
monthly totals (dated early the next month). Twenty-four dated events (开工, 揭牌, 通车 …) fall on
days the series also report. Most daily items say "当日"; some state their day ("5月1日，…"); a few
have no front-matter date and state the whole date in their text.

Questions: relative (asked as of their own `today`), named periods and days, "on the day that …"
and "which came first"; answerable ones carry `period` (the article dates a right answer leads with);
`gap` questions ask for a day the archive lacks (the refusal should name the nearest days). Split
fixed before any run: within each kind, in the order written, calibration, held-out, calibration, …
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from lunar_python import Lunar

ROOT = Path(__file__).resolve().parent
ARTICLES = ROOT / "time_articles"
QUESTIONS = ROOT / "time_questions.jsonl"
YEARS = range(2019, 2025)
rng = random.Random(27)


def lunar(year: int, month: int, day: int) -> date:
    s = Lunar.fromYmd(year, month, day).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def qingming(year: int) -> date:
    s = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return date(s.getYear(), s.getMonth(), s.getDay())


def festivals(year: int) -> dict[str, date]:
    spring = lunar(year, 1, 1)
    return {
        "元旦": date(year, 1, 1), "除夕": spring - timedelta(days=1), "春节": spring, "清明": qingming(year),
        "五一": date(year, 5, 1), "端午": lunar(year, 5, 5), "中秋": lunar(year, 8, 15), "国庆": date(year, 10, 1),
        "新年前夕": date(year, 12, 31), "两会": date(year, 3, 6), "开学季": date(year, 9, 1),
    }


EVENTS = [
    ("渝昆高铁重庆段开工", "渝昆高铁重庆段正式开工建设", date(2019, 3, 28)),
    ("西部科学城重庆高新区揭牌", "西部（重庆）科学城重庆高新区正式揭牌", date(2020, 9, 11)),
    ("重庆东站开工", "重庆东站正式开工建设", date(2020, 4, 16)),
    ("礼嘉大桥合龙", "礼嘉嘉陵江大桥主桥顺利合龙", date(2019, 11, 22)),
    ("轨道交通9号线一期开通", "轨道交通9号线一期正式开通运营", date(2022, 1, 25)),
    ("白居寺长江大桥通车", "白居寺长江大桥正式建成通车", date(2022, 8, 30)),
    ("成渝中线高铁开工", "成渝中线高铁正式开工建设", date(2021, 9, 29)),
    ("重庆国际博览中心二期开工", "重庆国际博览中心二期项目开工", date(2021, 5, 18)),
    ("陆海新通道重庆物流园揭牌", "西部陆海新通道重庆物流园正式揭牌", date(2020, 6, 12)),
    ("江北机场T3B航站楼开工", "江北国际机场T3B航站楼正式开工", date(2022, 3, 22)),
    ("郭家沱长江大桥通车", "郭家沱长江大桥正式通车", date(2022, 9, 28)),
    ("中新互联互通示范项目签约", "中新互联互通示范项目重点合作协议集中签约", date(2019, 7, 8)),
    ("果园港二期扩能完工", "果园港二期扩能工程全面完工", date(2023, 5, 26)),
    ("渝湘高铁重庆段开工", "渝湘高铁重庆至黔江段全面开工", date(2020, 11, 6)),
    ("轨道交通18号线通车", "轨道交通18号线北段正式通车", date(2023, 12, 8)),
    ("重庆科学会堂启用", "重庆科学会堂正式启用", date(2021, 11, 13)),
    ("寸滩国际新城开工", "寸滩国际新城首批项目集中开工", date(2023, 2, 17)),
    ("重庆新机场选址获批", "重庆新机场场址正式获批", date(2021, 7, 23)),
    ("来福士广场开业", "朝天门来福士广场全面开业", date(2019, 9, 6)),
    ("中欧班列累计开行突破一万列", "中欧班列（成渝）累计开行突破一万列", date(2021, 4, 9)),
    ("广阳岛生态修复完工", "广阳岛生态修复一期工程完工", date(2020, 8, 21)),
    ("两江协同创新区开园", "两江协同创新区正式开园", date(2024, 4, 19)),
    ("重庆西站扩建开工", "重庆西站扩建工程正式开工", date(2024, 7, 3)),
    ("东水门长江大桥维修完工", "东水门长江大桥维修加固工程完工", date(2024, 10, 15)),
]


def zh_day(d: date, year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def write(name: str, day: date | None, title: str, body: str) -> None:
    head = f"---\ndate: {day.isoformat()}\n---\n" if day else ""
    (ARTICLES / f"{name}.md").write_text(f"{head}# {title}\n\n{body}\n", encoding="utf-8")


def main() -> None:
    ARTICLES.mkdir(exist_ok=True)
    for old in ARTICLES.glob("*.md"):
        old.unlink()
    port: dict[date, int] = {}
    rail: dict[date, float] = {}
    port_days: set[date] = set()
    rail_days: set[date] = set()
    fest = {y: festivals(y) for y in YEARS}
    for y in YEARS:
        for name, d in fest[y].items():
            port_days |= {d, d - timedelta(days=1), d + timedelta(days=1)} if name not in ("两会", "开学季") else {d}
            if name not in ("两会", "开学季"):
                rail_days |= {d, d + timedelta(days=1)}
    for _, _, d in EVENTS:
        port_days |= {d, d + timedelta(days=1)}
        rail_days.add(d)
    # the days the gap questions ask about are left out on purpose
    gaps = [date(2021, 5, 3), date(2022, 10, 4), date(2020, 1, 3), date(2023, 4, 7), date(2024, 9, 3),
            date(2019, 10, 4), date(2022, 6, 5), date(2023, 10, 4)]
    for g in gaps:
        port_days.discard(g)
        port_days |= {g - timedelta(days=1), g + timedelta(days=1)}
    port_days = {d for d in port_days if d.year in YEARS and d <= date(2024, 12, 31)}
    undated = set(rng.sample(sorted(port_days), 10))
    for d in sorted(port_days):
        n = rng.randrange(2600, 9800)
        while n in port.values():
            n = rng.randrange(2600, 9800)
        port[d] = n
        rail_share = rng.randrange(18, 62) * 10
        when = rng.choice(["当日", "当日", f"{d.month}月{d.day}日"])
        if d in undated:
            write(f"port-{d.isoformat()}", None, "果园港港口生产日报",
                  f"{zh_day(d)}，果园港完成集装箱吞吐量{n}标箱，其中铁水联运{rail_share}标箱，港口生产运行平稳。")
        else:
            write(f"port-{d.isoformat()}", d, "果园港港口生产日报",
                  f"记者从果园港获悉，{when}果园港完成集装箱吞吐量{n}标箱，其中铁水联运{rail_share}标箱，港口生产运行平稳。")
    for d in sorted(rail_days):
        v = round(rng.uniform(180, 460), 1)
        while v in rail.values():
            v = round(rng.uniform(180, 460), 1)
        rail[d] = v
        write(f"rail-{d.isoformat()}", d, "重庆轨道交通客运情况",
              f"据重庆轨道集团统计，当日重庆轨道交通线网客运量达{v}万乘次，各线路运行秩序良好。")
    monthly: dict[tuple[int, int], float] = {}
    for y in YEARS:
        for m in (3, 8, 12):
            v = round(rng.uniform(8, 16), 2)
            monthly[(y, m)] = v
            pub = date(y + (m == 12), m % 12 + 1, 3)
            write(f"port-month-{y}-{m:02d}", pub, "果园港月度生产情况",
                  f"{m}月，果园港累计完成集装箱吞吐量{v}万标箱，同比保持增长。")
    for i, (_name, said, d) in enumerate(EVENTS):
        body = f"{said}。" if i % 2 else f"{zh_day(d, year=False)}，{said}。"
        write(f"event-{i:02d}", d, said, body + "这是重庆推进重大项目建设的又一重要节点。")

    qs: list[dict] = []

    def q(kind, question, facts, today, period, lang="zh"):
        qs.append({"kind": kind, "lang": lang, "question": question, "facts": facts, "gold": facts,
                   "today": today.isoformat(), "period": [p.isoformat() for p in period] if period else []})

    def port_q(d: date) -> tuple[list[str], list[date]]:
        return [f"{port[d]}标箱"], [d, d]

    # -- relative --------------------------------------------------------------------------
    numbers = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}
    rel: list[tuple] = []
    for y in YEARS:
        f = fest[y]
        for n in (1, 2, 3, 4, 5):
            ty = y + n
            if ty > 2025:
                continue
            today = date(ty, rng.randrange(2, 12), rng.randrange(1, 28))
            rel.append((f"{numbers[n]}年前新年前夕，果园港完成集装箱吞吐量多少标箱?", f["新年前夕"], date(ty, 12, 31) if ty < 2025 else date(2025, 6, 1), "port"))
            rel.append((f"{numbers[n]}年前国庆节当天，重庆轨道交通线网客运量是多少?", f["国庆"], today if today.month > 10 else date(ty, 11, 20), "rail"))
            rel.append((f"{numbers[n]}年前五一，果园港完成集装箱吞吐量多少?", f["五一"], today, "port"))
            rel.append((f"{numbers[n]}年前的春节，重庆轨道交通客运量达多少万乘次?", f["春节"], date(ty, 3, 15), "rail"))
    for y in YEARS:
        if y + 1 <= 2025:
            rel.append(("去年中秋节，果园港完成集装箱吞吐量多少标箱?", fest[y]["中秋"], date(y + 1, 4, 10), "port"))
            rel.append(("去年除夕，重庆轨道交通线网客运量是多少?", fest[y]["除夕"], date(y + 1, 7, 8), "rail"))
        if y + 2 <= 2025:
            rel.append(("前年端午节当天果园港集装箱吞吐量是多少?", fest[y]["端午"], date(y + 2, 1, 20), "port"))
    for d in sorted(port_days):
        if rng.random() < 0.06 and d not in undated:
            k = rng.choice([1, 2, 3])
            word = {1: "昨天", 2: "前天", 3: "三天前"}[k]
            rel.append((f"{word}果园港完成集装箱吞吐量多少标箱?", d, d + timedelta(days=k), "port"))
    rng.shuffle(rel)
    for text, d, today, series in rel[:80]:
        if series == "rail" and d not in rail:
            continue
        facts = [f"{port[d]}标箱"] if series == "port" else [f"{rail[d]}万乘次"]
        q("relative", text, facts, today, [d, d])
    # English relative
    for y, n in ((2020, 3), (2021, 2), (2019, 5), (2022, 1), (2023, 1), (2020, 4)):
        d = fest[y]["国庆"]
        q("relative", f"How many containers did Guoyuan Port handle on National Day {numbers[n] and ['', 'one', 'two', 'three', 'four', 'five'][n]} years ago?",
          [f"{port[d]}标箱"], date(y + n, 11, 2), [d, d], lang="en")

    # -- named periods and days -------------------------------------------------------------
    named: list[tuple] = []
    for y in YEARS:
        f = fest[y]
        named += [
            (f"{y}年国庆节果园港完成集装箱吞吐量多少标箱?", *port_q(f["国庆"])),
            (f"{y}年除夕，果园港集装箱吞吐量是多少?", *port_q(f["除夕"])),
            (f"{y}年中秋节当天重庆轨道交通线网客运量是多少?", [f"{rail[f['中秋']]}万乘次"], [f["中秋"]] * 2),
            (f"{y}年端午节，果园港完成集装箱吞吐量多少?", *port_q(f["端午"])),
            (f"{y}年清明节当天果园港集装箱吞吐量多少?", *port_q(f["清明"])),
            (f"{y}年元旦，重庆轨道交通客运量达多少万乘次?", [f"{rail[f['元旦']]}万乘次"], [f["元旦"]] * 2),
            (f"{y}年全国两会期间，果园港单日完成集装箱吞吐量多少?", *port_q(f["两会"])),
            (f"{y}年开学季，果园港单日完成集装箱吞吐量多少?", *port_q(f["开学季"])),
            (f"{zh_day(f['五一'])}果园港完成集装箱吞吐量多少标箱?", *port_q(f["五一"])),
            (f"{zh_day(f['春节'] + timedelta(days=1))}重庆轨道交通客运量是多少?", [f"{rail[f['春节'] + timedelta(days=1)]}万乘次"], [f["春节"] + timedelta(days=1)] * 2),
            (f"{y}年8月果园港累计完成集装箱吞吐量多少万标箱?", [f"{monthly[(y, 8)]}万标箱"], [date(y, 9, 1), date(y, 9, 30)]),
            (f"{zh_day(f['新年前夕'] - timedelta(days=1))}，果园港集装箱吞吐量多少?", *port_q(f["新年前夕"] - timedelta(days=1))),
            (f"{y}年春节当天果园港集装箱吞吐量多少?", *port_q(f["春节"])),
            (f"{y}年五一劳动节，重庆轨道交通线网客运量是多少?", [f"{rail[f['五一']]}万乘次"], [f["五一"]] * 2),
        ]
    rng.shuffle(named)
    for text, facts, period in named[:80]:
        q("named", text, facts, date(2025, 6, 1), [period[0], period[1]])
    for y in (2020, 2021, 2022, 2023):
        d = fest[y]["春节"]
        q("named", f"How many containers did Guoyuan Port handle during Spring Festival {y}?", [f"{port[d]}标箱"], date(2025, 6, 1), [d, d], lang="en")

    # -- on the day that / which came first ------------------------------------------------
    day_of: list[tuple] = []
    for name, _said, d in EVENTS:
        day_of.append((f"{name}当天，果园港完成集装箱吞吐量多少标箱?", [f"{port[d]}标箱"], [d, d]))
        day_of.append((f"{name}那天，重庆轨道交通线网客运量是多少?", [f"{rail[d]}万乘次"], [d, d]))
    pairs = list(zip(EVENTS, EVENTS[1:] + EVENTS[:1], strict=True))
    for (a, _, da), (b, _, db) in pairs:
        first = min(da, db)
        day_of.append((f"{a}和{b}哪个更早?", [da.isoformat(), db.isoformat()], [first, first]))
    for (a, _, da), (b, _, db) in zip(EVENTS[::2], EVENTS[5::3], strict=False):
        first = min(da, db)
        day_of.append((f"{b}与{a}，哪件事先发生?", [da.isoformat(), db.isoformat()], [first, first]))
    for (a, _, da), (b, _, db) in zip(EVENTS[1::4], EVENTS[3::4], strict=False):
        first = min(da, db)
        day_of.append((f"{a}还是{b}，哪个在前?", [da.isoformat(), db.isoformat()], [first, first]))
    rng.shuffle(day_of)
    for text, facts, period in day_of[:84]:
        q("day_of", text, facts, date(2025, 6, 1), period)

    # -- gaps: the archive lacks the day ---------------------------------------------------
    for g in gaps:
        q("gap", f"{zh_day(g)}果园港完成集装箱吞吐量多少标箱?", [], date(2025, 6, 1), [])

    counters: dict[str, int] = {}
    with QUESTIONS.open("w", encoding="utf-8") as out:
        for i, row in enumerate(qs, 1):
            n = counters.get(row["kind"], 0)
            counters[row["kind"]] = n + 1
            row = {"id": f"tq-{i:03d}", "split": "calibration" if n % 2 == 0 else "heldout", **row}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print({k: v for k, v in counters.items()}, len(list(ARTICLES.glob("*.md"))), "articles")


if __name__ == "__main__":
    main()
