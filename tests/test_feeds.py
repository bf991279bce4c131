"""Followed feeds: `cqnews feeds add/list/remove/poll` and the bot's scheduled poll, against the news site
on loopback (tests/web_server.py). Only new items are fetched; broken ones are one line each, retried."""

from __future__ import annotations

import pytest

from retrieval.index.store import Index
from retrieval.settings import Settings
from retrieval.web import Feeds, WebSettings, poll
from retrieval.web.ingest import GIVE_UP_AFTER
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import FakeBotApi, message
from tests.web_server import FETCH_TIMEOUT, MAX_BYTES, sources

GOOD = {  # what news.rss lists that is an article: path -> (headline, day)
    "/content/2023-05/06/content_1001.htm": ("铜梁高新区集中签约27个项目 总投资156亿元", "2023-05-06"),
    "/cq/2023-06/12/bishan.html": ("璧山云巴示范线日均客流突破2万人次", "2023-06-12"),
    "/n2/2023/0601/liangjiang.html": ("两江新区智能网联汽车产业园开工", "2023-06-01"),
    "/local/2023-07/15/port.htm": ("果园港上半年集装箱吞吐量同比增长12%", "2023-07-15"),
    "/jiangjin/2023/0418/baoshui.html": ("江津综合保税区一季度进出口额增长三成", "2023-04-18"),
    "/qijiang/dongxi.html": ("綦江区东溪古镇保护修缮工程完工", ""),
    "/wz/xintian.html": ("万州新田港三期工程开工", "2023-08-02"),
}
BROKEN = {
    "/gone.html": "HTTP 404",
    "/broken.html": "HTTP 500",
    "/slow.html": f"no answer within {FETCH_TIMEOUT:g} s",
    "/huge.html": f"over the limit of {MAX_BYTES:,}",
    "/private/fuling.html": "robots.txt",
}

ONE_ITEM = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>重庆新闻</title><link>http://127.0.0.1/</link><description>-</description>
<item><title>已删除的稿件</title><link>{link}</link><pubDate>Wed, 02 Aug 2023 09:00:00 +0800</pubDate></item>
</channel></rss>
"""


def page_requests(site, since: int = 0) -> list[str]:
    return [path for path, _ in site.requests(since) if path not in ("/robots.txt", "/news.rss", "/news.atom")]


def test_feeds_are_added_listed_and_removed(cq, site):
    rss = site.serve_news(MAX_BYTES)
    assert cq("feeds", "list").out.startswith("No feeds followed")
    added = cq("feeds", "add", rss)
    assert added.code == 0 and "12 item(s)" in added.out
    assert (cq("feeds", "add", rss).code, cq("feeds", "add", rss).err) == (2, f"cqnews: error: {rss}: already followed (see `cqnews feeds list`)\n")
    page = cq("feeds", "add", site.url("/cq/2023-06/12/bishan.html"))
    assert page.code == 2 and "not an RSS or Atom feed" in page.err and len(page.err.splitlines()) == 1
    missing = cq("feeds", "add", site.url("/gone.html"))
    assert missing.code == 2 and "HTTP 404" in missing.err and "not followed" in missing.err
    assert cq("feeds", "add", "ftp://example.org/rss").code == 2
    listed = cq("feeds", "list", "--json").json()["feeds"]
    assert [(f["url"], f["polled"], f["ingested"]) for f in listed] == [(rss, None, 0)]
    assert cq("feeds", "remove", site.url("/other.rss")).code == 2
    removed = cq("feeds", "remove", rss)
    assert removed.code == 0 and "stay in the index" in removed.out
    assert cq("feeds", "list", "--json").json()["feeds"] == []


def test_a_poll_ingests_the_new_items_and_a_second_poll_fetches_nothing(cq, site):
    site.serve_news(MAX_BYTES)
    assert cq("feeds", "add", site.url("/news.atom")).code == 0
    first = cq("feeds", "poll")
    assert first.code == 0, first.err
    assert sorted(page_requests(site)) == ["/local/2023-07/15/port.htm", "/n2/2023/0601/liangjiang.html"]
    # The Atom entry is dated 2023-06-01T00:21+08:00: its own day, not UTC's 05-31.
    assert sorted((x["titles"][0], x["date"]) for x in sources(cq)) == sorted(
        [GOOD["/local/2023-07/15/port.htm"], GOOD["/n2/2023/0601/liangjiang.html"]])
    seen = len(site.log)
    second = cq("feeds", "poll")
    assert second.code == 0 and "0 page(s) fetched, 1 unchanged" in second.out
    assert site.requests(seen) == [("/robots.txt", 200), ("/news.atom", 304)], "only the feed, answered 'not modified'"
    status = cq("feeds", "list", "--json").json()["feeds"][0]
    assert (status["status"], status["ingested"]) == ("unchanged", 2)


def test_broken_items_are_one_line_each_retried_next_time_and_the_rest_ingested(cq, site):
    site.serve_news(MAX_BYTES)
    assert cq("feeds", "add", site.url("/news.rss")).code == 0
    first = cq("feeds", "poll")
    assert first.code == 1
    skipped = first.skipped()
    assert len(skipped) == len(BROKEN), first.err
    for path, why in BROKEN.items():
        assert sum(site.url(path) + ":" in line and why in line and "retried next time" in line for line in skipped) == 1, path
    assert "Traceback" not in first.err
    assert f"{site.url('/qijiang/dongxi.html')}: no publication date found; ingested undated" in first.err
    got = {x["url"]: (x["titles"][0], x["date"]) for x in sources(cq)}
    assert got == {site.url(path): expected for path, expected in GOOD.items()}
    # Only the failures are asked for again; what is in is not.
    seen = len(site.log)
    second = cq("feeds", "poll")
    assert second.code == 1 and len(second.skipped()) == len(BROKEN)
    again = page_requests(site, seen)
    assert not set(again) & set(GOOD)
    assert set(again) == set(BROKEN) - {"/private/fuling.html", "/slow.html"}, "the slow one is logged only when answered"
    # The server mended: the next poll brings it in.
    site.serve("/broken.html", site.fixture("cqrb-tongliang.html").replace("铜梁高新区".encode(), "大足高新区".encode()))
    third = cq("feeds", "poll")
    assert third.code == 1 and len(third.skipped()) == len(BROKEN) - 1
    assert any(x["url"] == site.url("/broken.html") and x["titles"][0].startswith("大足高新区") for x in sources(cq))


def test_a_page_that_keeps_failing_is_given_up_after_a_few_polls(cq, site):
    rss = site.serve("/news.rss", ONE_ITEM.format(link=site.url("/gone.html")), content_type="application/rss+xml")
    site.serve("/gone.html", b"gone", status=404)
    assert cq("feeds", "add", rss).code == 0
    for _ in range(GIVE_UP_AFTER):
        result = cq("feeds", "poll")
        assert result.code == 1 and len(result.skipped()) == 1
    assert "given up after" in result.skipped()[0] and "retried" not in result.skipped()[0]
    seen = len(site.log)
    assert cq("feeds", "poll").code == 0
    assert page_requests(site, seen) == []
    assert cq("feeds", "list", "--json").json()["feeds"][0]["given_up"] == 1


def test_two_links_to_one_article_are_one_article_and_both_are_recorded(cq, site):
    path = "/content/2023-05/06/content_1001.htm"
    site.serve(path, site.fixture("cqrb-tongliang.html").replace(b"https://www.cqrb.cn", site.base.encode()))
    items = [ONE_ITEM.format(link=site.url(path) + "?from=rss"), ONE_ITEM.format(link=site.url(path))]
    both = items[0].replace("</channel>", items[1][items[1].index("<item>"):items[1].index("</item>") + 7] + "</channel>")
    rss = site.serve("/news.rss", both, content_type="application/rss+xml")
    assert cq("feeds", "add", rss).code == 0
    first = cq("feeds", "poll")
    assert first.code == 0, first.err
    assert [(x["url"], x["titles"]) for x in sources(cq)] == [(site.url(path), ["铜梁高新区集中签约27个项目 总投资156亿元"])]
    site.serve("/news.rss", both.replace("09:00:00", "09:30:00"), content_type="application/rss+xml")  # the feed changed
    seen = len(site.log)
    assert cq("feeds", "poll").code == 0
    assert page_requests(site, seen) == [path, path], "both items updated: each asked conditionally"
    assert [status for p, status in site.requests(seen) if p == path] == [304, 304]


def test_a_changed_page_replaces_its_old_passages(cq, site):
    site.serve_news(MAX_BYTES)
    feed = site.fixture("news.rss").decode()
    assert cq("feeds", "add", site.url("/news.rss")).code == 0
    cq("feeds", "poll")
    old = cq("search", "万州新田港三期工程总投资", "-k", "1", "--json").json()["passages"][0]
    assert "18亿元" in old["text"]
    before = {x["url"]: x["passages"] for x in sources(cq)}
    # The paper corrects the article; its feed item says it was updated.
    site.serve("/wz/xintian.html", site.fixture("changed-v2.html"))
    site.serve("/news.rss", feed.replace("Wed, 02 Aug 2023 08:00:00 +0800", "Wed, 02 Aug 2023 18:00:00 +0800"),
               content_type="application/rss+xml")
    seen = len(site.log)
    result = cq("feeds", "poll")
    assert "/wz/xintian.html" in page_requests(site, seen)
    assert "1 page(s) fetched" in result.out
    after = {x["url"]: x["passages"] for x in sources(cq)}
    assert after == before | {site.url("/wz/xintian.html"): 3}, "one article, its passages replaced"
    texts = [p["text"] for p in cq("search", "万州新田港三期工程总投资", "-k", "5", "--json").json()["passages"]]
    assert any("21亿元" in t for t in texts) and not any("18亿元" in t for t in texts)


def test_an_interrupted_poll_is_finished_by_the_next_with_nothing_twice(tmp_path, site, monkeypatch):
    site.serve_news(MAX_BYTES)
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds", max_file_bytes=MAX_BYTES)
    web = WebSettings(_env_file=None, fetch_delay=0, fetch_timeout=FETCH_TIMEOUT)
    index = Index.open(settings, build=False)
    Feeds(settings, web).add(site.url("/news.atom"))
    ingest = Index.ingest

    def killed(self, *args, **kwargs):  # the process dies once the pages are saved, before the index has them
        raise KeyboardInterrupt

    monkeypatch.setattr(Index, "ingest", killed)
    with pytest.raises(KeyboardInterrupt):
        poll(index, web=web)
    assert list((tmp_path / "data" / "web").rglob("*.md")), "the pages were saved"
    monkeypatch.setattr(Index, "ingest", ingest)
    report = poll(index, web=web)
    assert report.fetched == 2 and report.ingest is not None and report.ingest.added == len(index)
    assert len(index.sources()) == 2
    again = poll(index, web=web)
    assert (again.fetched, again.ingest) == (0, None) and len(index.sources()) == 2


def test_a_second_poll_while_one_runs_stops_at_once(tmp_path, site):
    from filelock import FileLock

    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    index = Index.open(settings, build=False)
    with FileLock(settings.data_dir / "feeds.lock"):
        report = poll(index, web=WebSettings(_env_file=None))
    assert report.notes == ["another poll of these feeds is running; this one stopped"] and site.requests() == []


async def test_the_bot_polls_the_followed_feeds_and_answers_from_their_items(
    api: FakeBotApi, index_settings, bot_data_dir, site, monkeypatch
):
    site.serve_news(MAX_BYTES)
    monkeypatch.setenv("CQNEWS_FEED_INTERVAL", "30")
    monkeypatch.setenv("CQNEWS_FETCH_DELAY", "0")
    settings = bot_settings(index_settings, api, bot_data_dir, admin_ids="42")
    Feeds(settings.settings, WebSettings(_env_file=None)).add(site.url("/news.atom"))
    async with bot_running(settings) as application:
        jobs = application.job_queue.get_jobs_by_name("poll-feeds")
        assert len(jobs) == 1 and jobs[0].job.trigger.interval.total_seconds() == 30 * 60
        await jobs[0].run(application)  # as the job queue runs it, without waiting for the schedule
        assert sorted(page_requests(site)) == ["/local/2023-07/15/port.htm", "/n2/2023/0601/liangjiang.html"]
        api.push(message("果园港上半年集装箱吞吐量增长多少?", chat_id=42))
        answer = await api.wait_for("editMessageText", lambda c: c.params.get("chat_id") == 42 and bool(c.params.get("reply_markup")))
        assert "12%" in answer.text and "果园港上半年集装箱吞吐量同比增长12%" in answer.text


async def test_the_bot_does_not_poll_when_the_interval_is_zero(api: FakeBotApi, index_settings, bot_data_dir, monkeypatch):
    monkeypatch.setenv("CQNEWS_FEED_INTERVAL", "0")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as application:
        assert application.job_queue.get_jobs_by_name("refresh-index")
        assert not application.job_queue.get_jobs_by_name("poll-feeds")
