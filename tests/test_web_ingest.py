"""Web pages in: saved .html files and page URLs through `cqnews ingest` and the Python API, against a
news site on loopback (tests/web_server.py) serving the pages in tests/fixtures/web."""

from __future__ import annotations

import base64
import logging
import shutil
from pathlib import Path

from retrieval.corpus.web import extract_page
from retrieval.index.store import Index
from retrieval.search.hybrid import search
from retrieval.settings import Settings
from retrieval.web import Fetcher, FetchError, WebSettings, ingest_sources, shown
from tests.web_server import FETCH_TIMEOUT, FIXTURES, MAX_BYTES, PAGES, NewsSite, sources

# The fixture pages that are articles: headline, day, site name as the page gives them.
EXPECTED = {
    "cqrb-tongliang.html": ("铜梁高新区集中签约27个项目 总投资156亿元", "2023-05-06", "重庆日报"),
    "hualong-bishan.html": ("璧山云巴示范线日均客流突破2万人次", "2023-06-12", ""),  # dateline "2023年6月12日 09:15 来源："
    "people-liangjiang.html": ("两江新区智能网联汽车产业园开工", "2023-06-01", ""),  # <meta name="publishdate">
    "xinhua-port.html": ("果园港上半年集装箱吞吐量同比增长12%", "2023-07-15", ""),  # <time datetime>
    "wrong-charset-jiangjin.html": ("江津综合保税区一季度进出口额增长三成", "2023-04-18", ""),  # GBK, dateline
    "nodate-notice.html": ("綦江区东溪古镇保护修缮工程完工", "", ""),
    "changed-v1.html": ("万州新田港三期工程开工", "2023-08-02", "三峡都市报"),
}
URL_OF = {name: path for path, name in PAGES.items()}


def test_extract_page_reads_headline_date_author_site_and_canonical_url():
    page = extract_page((FIXTURES / "cqrb-tongliang.html").read_bytes(), "https://www.cqrb.cn/x")
    assert (page.title, page.date, page.publication) == EXPECTED["cqrb-tongliang.html"]
    assert page.url == "https://www.cqrb.cn/content/2023-05/06/content_1001.htm"
    assert page.author == "记者 王静"
    assert page.body.startswith("5月5日，铜梁高新区") and "热点新闻" not in page.body and "版权所有" not in page.body
    # One word, as every Chinese name is: trafilatura drops it, the page's <meta name="author"> keeps it.
    assert extract_page((FIXTURES / "people-liangjiang.html").read_bytes()).author == "刘洋"
    # GBK bytes with no charset from a server: the page's <meta> says gb2312.
    gbk = extract_page((FIXTURES / "wrong-charset-jiangjin.html").read_bytes(), charset="utf-8")
    assert gbk.title == EXPECTED["wrong-charset-jiangjin.html"][0] and "86亿元" in gbk.body


def test_a_folder_of_saved_pages_ingests_each_as_one_article_with_its_headline_and_date(cq, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in EXPECTED:
        shutil.copy(FIXTURES / name, folder / name)
    result = cq("ingest", folder)
    assert result.code == 0, result.err
    listed = {Path(x["path"]).name: x for x in sources(cq)}
    assert set(listed) == set(EXPECTED)
    for name, (title, day, publication) in EXPECTED.items():
        assert (listed[name]["titles"], listed[name]["date"]) == ([title], day), name
        if publication:
            assert listed[name]["publication"] == publication
    # The canonical URL is the article's identity and its link.
    assert listed["cqrb-tongliang.html"]["url"] == "https://www.cqrb.cn/content/2023-05/06/content_1001.htm"
    hit = cq("search", "江津综合保税区一季度进出口额", "-k", "1", "--json").json()["passages"][0]
    assert hit["title"] == "江津综合保税区一季度进出口额增长三成" and "86亿元" in hit["text"]
    again = cq("ingest", folder)
    assert again.code == 0 and " 0 passage(s) added, 0 removed" in again.out


def test_a_page_is_one_article_whatever_short_lines_it_holds(cq, tmp_path):
    # On a newspaper page "来源：…" or a bold line before "6月1日，…" would open a new article.
    page = (FIXTURES / "people-liangjiang.html").read_text(encoding="utf-8").replace(
        "<p>近年来，", "<p>来源：人民网</p><p>6月1日，")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    assert cq("ingest", tmp_path / "p.html").code == 0
    listed = sources(cq)
    assert [x["titles"] for x in listed] == [["两江新区智能网联汽车产业园开工"]]
    texts = [p["text"] for p in cq("search", "两江新区汽车产业集群产值", "-k", "10", "--json").json()["passages"]]
    assert any(t.startswith("6月1日，两江新区加快建设") for t in texts) and not any("来源：人民网" in t for t in texts)
    sections = {p["section"] for p in cq("search", "两江新区汽车产业集群产值", "-k", "10", "--json").json()["passages"]}
    assert "打造千亿级产业集群" in sections, "a bold line on its own is a subhead"


def test_a_page_saved_twice_is_one_article(cq, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    page = (FIXTURES / "cqrb-tongliang.html").read_bytes()
    (folder / "tongliang.html").write_bytes(page)
    (folder / "tongliang (1).html").write_bytes(page.replace(b"</body>", b"<!-- saved again --></body>"))
    result = cq("ingest", folder)
    assert result.code == 0, result.err
    assert "the same article (https://www.cqrb.cn/content/2023-05/06/content_1001.htm)" in result.err
    listed = sources(cq)
    assert len(listed) == 1 and listed[0]["passages"] == 4
    assert len(cq("search", "铜梁高新区签约项目总投资", "-k", "10", "--json").json()["passages"]) == 4


def test_page_urls_are_kept_in_the_data_dir_and_a_rebuild_restores_them_without_the_network(cq, tmp_path):
    with NewsSite() as news:
        news.serve_news(MAX_BYTES)
        urls = [news.url(URL_OF[name]) for name in ("hualong-bishan.html", "wrong-charset-jiangjin.html", "changed-v1.html")]
        first = cq("ingest", *urls)
        assert first.code == 0, first.err
        again = cq("ingest", *urls)  # asked for again: conditional GETs, nothing changed
        assert again.code == 0 and " 0 passage(s) added, 0 removed" in again.out
        assert [status for path, status in news.requests() if path.endswith(".html")][-3:] == [304, 304, 304]
    before = sources(cq)
    assert [x["url"] for x in before] and all(x["url"] in urls for x in before)
    assert all(Path(x["path"]).is_relative_to(tmp_path / "data" / "web") for x in before)
    by_url = {x["url"]: x for x in before}
    assert by_url[urls[1]]["titles"] == ["江津综合保税区一季度进出口额增长三成"], "GBK served as UTF-8, read right"
    rebuilt = cq("ingest", "--rebuild")  # the site is gone
    assert rebuilt.code == 0, rebuilt.err
    assert sources(cq) == before
    hit = cq("search", "璧山云巴日均客流", "-k", "1", "--json").json()["passages"][0]
    assert hit["url"] == urls[0] and hit["date"] == "2023-06-12"


def test_broken_pages_are_one_line_each_and_the_rest_ingested(cq, site):
    site.serve_news(MAX_BYTES)
    site.serve("/report.pdf", b"%PDF-1.4 not a page", content_type="application/pdf")
    good = site.url("/cq/2023-06/12/bishan.html")
    broken = {
        "/gone.html": "HTTP 404",
        "/broken.html": "HTTP 500",
        "/slow.html": f"no answer within {FETCH_TIMEOUT:g} s",
        "/huge.html": f"over the limit of {MAX_BYTES:,}",
        "/private/fuling.html": "robots.txt",
        "/report.pdf": "not a web page (application/pdf)",
        "/nowhere.html": "HTTP 404",
        "/moved.html": "redirected to",
    }
    site.serve("/moved.html", b"", redirect="/private/fuling.html")
    site.serve("/short.html", b"", redirect="/cq/2023-06/12/bishan.html")
    result = cq("ingest", site.url("/short.html"), *(site.url(path) for path in broken))
    assert result.code == 1
    skipped = result.skipped()
    assert len(skipped) == len(broken), result.err
    for path, why in broken.items():
        assert sum(site.url(path) + ":" in line and why in line for line in skipped) == 1, (path, skipped)
    assert "Traceback" not in result.err
    # Followed from /short.html: the article is known by the address the redirect led to.
    assert [(x["titles"], x["url"]) for x in sources(cq)] == [(["璧山云巴示范线日均客流突破2万人次"], good)]
    assert ("/private/fuling.html", 200) not in site.requests(), "robots.txt said no: never requested"


def test_a_feed_url_given_to_ingest_brings_in_its_items_once(cq, site):
    site.serve_news(MAX_BYTES)
    atom = site.url("/news.atom")
    first = cq("ingest", atom)
    assert first.code == 0, first.err
    assert sorted(x["date"] for x in sources(cq)) == ["2023-06-01", "2023-07-15"]
    seen = len(site.log)
    again = cq("ingest", atom)
    assert again.code == 0 and " 0 passage(s) added" in again.out
    assert [path for path, _ in site.requests(seen) if path.endswith((".htm", ".html"))] == [], "items already in"


def test_a_huge_page_that_does_not_say_its_size_is_cut_off_at_the_limit(cq, site):
    site.serve("/stream.html", b"<html><body>" + "<p>没有长度的超大页面。</p>".encode() * 10_000 + b"</body></html>", length=False)
    site.serve("/small.html", (FIXTURES / "xinhua-port.html").read_bytes(), length=False)
    result = cq("ingest", site.url("/stream.html"), site.url("/small.html"))
    assert result.code == 1
    assert result.skipped() == [f"cqnews: skipped {site.url('/stream.html')}: over the limit of {MAX_BYTES:,} bytes (CQNEWS_MAX_FILE_BYTES)"]
    assert [x["titles"] for x in sources(cq)] == [["果园港上半年集装箱吞吐量同比增长12%"]]


def test_credentials_in_a_url_are_never_shown(cq, site, caplog):
    caplog.set_level(logging.INFO)
    site.serve_news(MAX_BYTES)
    site.serve("/empty.html", "<html><body><div></div></body></html>")
    secret_url = site.url("/gone.html").replace("http://", "http://editor:hunter2@") + "?token=s3cr3t&page=2"
    empty = cq("ingest", site.url("/empty.html?token=s3cr3t"))
    assert empty.code == 1 and "no article text found" in empty.err and "s3cr3t" not in empty.err + caplog.text
    site.log.clear()
    result = cq("ingest", secret_url)
    assert result.code == 1
    assert "hunter2" not in result.err and "s3cr3t" not in result.err and "editor" not in result.err
    assert "token=***" in result.err and "page=2" in result.err
    login = "Basic " + base64.b64encode(b"editor:hunter2").decode()
    assert [r.headers.get("Authorization") for r in site.log] == [login, login], "robots.txt and the page, logged in"
    assert shown("https://u:p@example.org/rss?key=abc&x=1") == "https://example.org/rss?key=***&x=1"


def test_the_python_api_ingests_urls_with_files_in_one_ingest(tmp_path, site):
    site.serve_news(MAX_BYTES)
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    saved = tmp_path / "port.html"
    shutil.copy(FIXTURES / "xinhua-port.html", saved)
    index = Index.open(settings, build=False)
    web = WebSettings(_env_file=None, fetch_delay=0, fetch_timeout=FETCH_TIMEOUT)
    report = ingest_sources(index, [saved, site.url("/n2/2023/0601/liangjiang.html"), site.url("/gone.html")], web=web)
    assert report.skipped == [f"{site.url('/gone.html')}: HTTP 404 Not Found"]
    assert report.added == len(index) and {info.titles[0] for info in index.sources()} == {
        "果园港上半年集装箱吞吐量同比增长12%", "两江新区智能网联汽车产业园开工"}
    assert search(index, "两江新区智能网联汽车产业园总投资", k=1)[0].url == site.url("/n2/2023/0601/liangjiang.html")


def test_the_fetcher_waits_between_requests_to_a_host_and_honours_crawl_delay(site):
    site.serve("/robots.txt", "User-agent: *\nCrawl-delay: 5\nDisallow: /private/\n", content_type="text/plain")
    site.serve("/a.html", "<html><body><p>一</p></body></html>")
    site.serve("/b.html", "<html><body><p>二</p></body></html>")
    now, slept = [100.0], []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    fetcher = Fetcher(timeout=5, delay=1, max_bytes=10_000, clock=lambda: now[0], sleep=sleep)
    assert fetcher.get(site.url("/a.html")).body.startswith(b"<html>")
    fetcher.get(site.url("/b.html"))
    # robots.txt, then /a.html and /b.html each 5 s (robots.txt's Crawl-delay, over the 1 s asked) after the last.
    assert slept == [5.0, 5.0]
    assert [path for path, _ in site.requests()] == ["/robots.txt", "/a.html", "/b.html"]
    try:
        fetcher.get(site.url("/private/x.html"))
    except FetchError as exc:
        assert "robots.txt" in str(exc)
    else:
        raise AssertionError("a disallowed page was fetched")


def test_a_malformed_fetch_setting_is_one_line_naming_it(cq, site, monkeypatch):
    monkeypatch.setenv("CQNEWS_FETCH_TIMEOUT", "soon")
    result = cq("ingest", site.url("/cq/2023-06/12/bishan.html"))
    assert result.code == 2 and result.err.startswith("cqnews: error: CQNEWS_FETCH_TIMEOUT: ")
    assert len(result.err.splitlines()) == 1 and "soon" not in result.err and site.requests() == []
