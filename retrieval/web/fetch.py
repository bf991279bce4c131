"""Polite HTTP GETs: robots.txt honoured, one request per host at a time with a delay between,
a whole-request timeout, a size cap, conditional requests (ETag / Last-Modified)."""

from __future__ import annotations

import base64
import email.message
import logging
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from retrieval.errors import CQNewsError

log = logging.getLogger(__name__)

AGENT = "cqnews"
USER_AGENT = f"{AGENT}/0.1 (news archive reader)"
CHUNK = 65536
ROBOTS_MAX_BYTES = 500_000  # Google reads the first 500 KiB of a robots.txt too
# Query parameters whose values are credentials: masked wherever a URL is shown.
_SECRET_PARAMS = ("token", "key", "secret", "password", "passwd", "auth", "sig", "signature", "session")


class FetchError(CQNewsError):
    """A URL that could not be fetched; the message is one line naming it (credentials masked).
    `status` is the HTTP status, 0 when there was no HTTP answer."""

    def __init__(self, url: str, reason: str, status: int = 0):
        super().__init__(f"{shown(url)}: {reason}")
        self.url, self.reason, self.status = url, reason, status


def shown(url: str) -> str:
    """The URL as it may be logged or printed: no user:password@, credential-like query values masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an unreadable URL)"
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    query = urlencode(
        [(k, "***" if any(s in k.lower() for s in _SECRET_PARAMS) else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)],
        safe="*/:",
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def is_url(text: str) -> bool:
    """True for an http(s) URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class Response:
    """A successful GET: the final URL (after redirects), the body and the headers that matter."""

    url: str
    body: bytes
    content_type: str = ""
    charset: str = ""
    etag: str = ""
    last_modified: str = ""


class Fetcher:
    """GETs with manners; one Fetcher per poll or ingest (it remembers robots.txt and each host's last request)."""

    def __init__(
        self,
        timeout: float = 20.0,
        delay: float = 2.0,
        max_bytes: int = 1_000_000,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.timeout = timeout
        self.delay = delay
        self.max_bytes = max_bytes
        self.clock, self.sleep = clock, sleep
        self._last: dict[str, float] = {}  # host -> when its last request ended
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._opener = urllib.request.build_opener(_Redirects(self))
        self.requests = 0

    # -- manners --------------------------------------------------------------------
    def _pause(self, host: str) -> None:
        robots = self._robots.get(host)
        delay = max(self.delay, float((robots.crawl_delay(AGENT) if robots else None) or 0))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host lets this agent fetch it (read once per Fetcher).

        Raises FetchError when robots.txt cannot be read (a 5xx or no answer): nothing is fetched then.
        """
        parts = urlsplit(url)
        site = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
        origin = f"{parts.scheme}://{site}"
        robots = self._robots.get(site)
        if robots is None:
            robots = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
            try:
                got = self.get(_with_login(f"{origin}/robots.txt", url), robots=False, max_bytes=ROBOTS_MAX_BYTES)
            except FetchError as exc:
                status = exc.status
                if status in (401, 403):  # as urllib.robotparser reads them
                    robots.disallow_all = True
                elif 400 <= status < 500:
                    robots.allow_all = True
                else:
                    raise FetchError(url, f"the site's robots.txt could not be read ({exc.reason}); not fetched") from None
            else:
                robots.parse(got.body.decode("utf-8", errors="replace").splitlines() if got else [])
            self._robots[site] = robots
        return robots.can_fetch(AGENT, url)

    # -- the request ------------------------------------------------------------------
    def get(
        self, url: str, etag: str = "", last_modified: str = "", *, robots: bool = True, max_bytes: int | None = None
    ) -> Response | None:
        """GET `url`; None when a conditional request finds it unchanged (304).

        Raises FetchError for anything else.
        """
        if not is_url(url):
            raise FetchError(url, "not an http(s) URL")
        if robots and not self.allowed(url):
            raise FetchError(url, "refused by the site's robots.txt", status=0)
        limit = self.max_bytes if max_bytes is None else max_bytes
        parts = urlsplit(url)
        host = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
        self._pause(host)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        login = ""
        if parts.username is not None:  # user:password@ in a feed's URL: HTTP basic authentication
            login = base64.b64encode(f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()).decode("ascii")
            url = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        request.robots = robots  # type: ignore[attr-defined]  # a redirect's target is checked too
        if login:  # not sent on to wherever a redirect points
            request.add_unredirected_header("Authorization", f"Basic {login}")
        deadline = self.clock() + self.timeout
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                size = reply.headers.get("Content-Length", "")
                if size.isdigit() and int(size) > limit:
                    raise FetchError(url, f"{int(size):,} bytes, over the limit of {limit:,} (CQNEWS_MAX_FILE_BYTES)")
                body = self._read(reply, url, limit, deadline)
                info: email.message.Message = reply.headers
                return Response(
                    url=reply.geturl(),
                    body=body,
                    content_type=info.get_content_type(),
                    charset=info.get_content_charset() or "",
                    etag=info.get("ETag", ""),
                    last_modified=info.get("Last-Modified", ""),
                )
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return None
            raise FetchError(url, f"HTTP {exc.code} {exc.reason}".strip(), status=exc.code) from None
        except (TimeoutError, socket.timeout):
            raise FetchError(url, f"no answer within {self.timeout:g} s (CQNEWS_FETCH_TIMEOUT)") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise FetchError(url, f"no answer within {self.timeout:g} s (CQNEWS_FETCH_TIMEOUT)") from None
            raise FetchError(url, f"cannot connect ({getattr(reason, 'strerror', None) or reason})") from None
        except (OSError, ValueError) as exc:  # a connection reset mid-body, a malformed status line
            raise FetchError(url, f"the connection failed ({type(exc).__name__})") from None
        finally:
            self._last[host] = self.clock()

    def _read(self, reply, url: str, limit: int, deadline: float) -> bytes:
        """The body, at most `limit` bytes, within the request's deadline."""
        chunks, size = [], 0
        while True:
            if self.clock() > deadline:
                raise FetchError(url, f"no answer within {self.timeout:g} s (CQNEWS_FETCH_TIMEOUT)")
            chunk = reply.read(CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"over the limit of {limit:,} bytes (CQNEWS_MAX_FILE_BYTES)")
            chunks.append(chunk)


def _with_login(url: str, like: str) -> str:
    """`url` with the user:password@ of `like` (robots.txt of a site that wants a login)."""
    login = urlsplit(like).netloc.rpartition("@")
    if not login[1]:
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, f"{login[0]}@{parts.netloc}", parts.path, parts.query, parts.fragment))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed as usual, but only where robots.txt lets this agent go."""

    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        checked = getattr(req, "robots", False)
        if checked and not self.fetcher.allowed(newurl):
            raise FetchError(req.full_url, f"redirected to {shown(newurl)}, which the site's robots.txt refuses")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.robots = checked
        return new
