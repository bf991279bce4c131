"""A news site on 127.0.0.1 for the web and feed tests: fixture pages, feeds, robots.txt, broken routes,
ETag / Last-Modified answered with 304, and a log of every request."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
LAST_MODIFIED = "Wed, 02 Aug 2023 08:00:00 GMT"

# Where each fixture page is served, as news.rss lists them.
PAGES = {
    "/content/2023-05/06/content_1001.htm": "cqrb-tongliang.html",
    "/cq/2023-06/12/bishan.html": "hualong-bishan.html",
    "/n2/2023/0601/liangjiang.html": "people-liangjiang.html",
    "/local/2023-07/15/port.htm": "xinhua-port.html",
    "/jiangjin/2023/0418/baoshui.html": "wrong-charset-jiangjin.html",
    "/qijiang/dongxi.html": "nodate-notice.html",
    "/wz/xintian.html": "changed-v1.html",
    "/private/fuling.html": "robots-private.html",
}


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    validators: bool = True  # ETag and Last-Modified, answered with 304 when they match
    slow: bool = False  # waits for the server's `release` event before answering at all
    length: bool = True  # False: no Content-Length, the body ends when the connection closes
    redirect: str = ""  # a path: answered 302 to it


@dataclass
class Request:
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class NewsSite:
    """The fixture site: `routes` by path, `log` of (path, status) as answered."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # the test reads `site.log`, not stderr
                pass

            def do_GET(self):
                site._answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    # -- set-up -------------------------------------------------------------------
    def serve(self, path: str, body: bytes | str, **kwargs) -> str:
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, **kwargs)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def fixture(self, name: str) -> bytes:
        return (FIXTURES / name).read_bytes().replace(b"{base}", self.base.encode())

    def serve_news(self, max_bytes: int = 200_000) -> str:
        """The whole fixture site; the RSS feed's URL."""
        for path, name in PAGES.items():
            self.serve(path, self.fixture(name))
        # The GBK page, with the server claiming UTF-8: the page's own <meta> is right.
        self.routes["/jiangjin/2023/0418/baoshui.html"].content_type = "text/html; charset=utf-8"
        self.serve("/robots.txt", self.fixture("robots.txt"), content_type="text/plain")
        self.serve("/gone.html", b"<html><body>not here</body></html>", status=404)
        self.serve("/broken.html", b"<html><body>error</body></html>", status=500)
        self.serve("/slow.html", self.fixture("cqrb-tongliang.html"), slow=True)
        self.serve("/huge.html", b"<html><body>" + "<p>超大的页面。</p>".encode() * (max_bytes // 20) + b"</body></html>")
        self.serve("/news.atom", self.fixture("news.atom"), content_type="application/atom+xml")
        return self.serve("/news.rss", self.fixture("news.rss"), content_type="application/rss+xml")

    def requests(self, since: int = 0) -> list[tuple[str, int]]:
        with self._lock:
            return [(r.path, r.status) for r in self.log[since:]]

    # -- answering ------------------------------------------------------------------
    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?", 1)[0]
        route = self.routes.get(path)
        if route is not None and route.slow:
            self.release.wait(60)  # held until the test ends: the client's timeout is what is tested
        status, body, headers = 404, b"not found", {"Content-Type": "text/plain"}
        if route is not None:
            status, body, headers = route.status, route.body, {"Content-Type": route.content_type}
            if route.redirect:
                status, headers = 302, headers | {"Location": self.url(route.redirect)}
            if route.validators and status == 200:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers |= {"ETag": etag, "Last-Modified": LAST_MODIFIED}
                if handler.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
        with self._lock:
            self.log.append(Request(path, status, dict(handler.headers)))
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            if route is None or route.length:
                handler.send_header("Content-Length", str(len(body)))
            else:
                handler.send_header("Connection", "close")
                handler.close_connection = True
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:  # the client gave up (the slow page)
            pass

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# -- fixtures for the web and feed tests --------------------------------------------------
FETCH_TIMEOUT = 0.5  # the slow page is given up after this; the others answer in milliseconds
MAX_BYTES = 100_000


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)

    def skipped(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("cqnews: skipped ")]


@pytest.fixture
def site():
    """The fixture news site on loopback, for one test."""
    with NewsSite() as news:
        yield news


@pytest.fixture
def cq(tmp_path, monkeypatch, capsys):
    """`cqnews ARGS...` in this process, with its own data and (empty) seeds folders."""
    monkeypatch.chdir(tmp_path)  # no developer .env is read
    (tmp_path / "seeds").mkdir()
    for name, value in {
        "CQNEWS_DATA_DIR": tmp_path / "data",
        "CQNEWS_SEEDS_DIR": tmp_path / "seeds",
        "CQNEWS_FETCH_TIMEOUT": FETCH_TIMEOUT,
        "CQNEWS_FETCH_DELAY": 0,
        "CQNEWS_MAX_FILE_BYTES": MAX_BYTES,
    }.items():
        monkeypatch.setenv(name, str(value))

    def run(*args) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def sources(cq) -> list[dict]:
    result = cq("sources", "--json")
    assert result.code == 0, result.err
    return result.json()["articles"]
