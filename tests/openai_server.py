"""A scripted OpenAI-compatible server on 127.0.0.1 for the LLM-path tests.

Speaks POST /v1/chat/completions, plain and streaming (SSE), answers from a queue of scripted
replies and records every request it received. The judge's one-word verdict requests (they ask for
logprobs) are answered from `verdicts` ("是" when none is queued) and recorded in `judged`.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass(frozen=True)
class Reply:
    """One scripted reply: a completion, an HTTP error, a hang, or a malformed body."""

    kind: str  # "text" | "error" | "unauthorized" | "hang" | "malformed" | "cut" | "endless"
    content: str = ""
    status: int = 200

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls("text", content)

    @classmethod
    def error(cls, status: int = 500, message: str = "internal error") -> Reply:
        return cls("error", message, status)

    @classmethod
    def unauthorized(cls) -> Reply:
        """401 echoing the Authorization header received, as some proxies do."""
        return cls("unauthorized", status=401)

    @classmethod
    def hang(cls) -> Reply:
        """Never answer (until the server stops): the client's timeout must fire."""
        return cls("hang")

    @classmethod
    def malformed(cls) -> Reply:
        return cls("malformed", "{this is not json")

    @classmethod
    def cut(cls, content: str) -> Reply:
        """Stream `content`, then drop the connection without finishing the reply."""
        return cls("cut", content)

    @classmethod
    def endless(cls, content: str = "") -> Reply:
        """Stream `content`, then new text for ever (never repeating itself), until the client hangs up."""
        return cls("endless", content)


@dataclass(frozen=True)
class Received:
    """A request as the server saw it."""

    path: str
    headers: dict
    body: dict

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def prompt(self) -> str:
        """All message contents, joined: what the model would read."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        received = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        if body.get("logprobs"):  # the judge's one-word verdict (retrieval/answer/judge.py)
            self.server.owner.judged.append(received)
            verdict = self.server.owner.next_verdict()
            if isinstance(verdict, Reply):
                self._json(verdict.status, {"error": {"message": verdict.content, "type": "server_error"}})
                return
            self._json(200, _verdict(verdict, received.body.get("model", "test-model")))
            return
        self.server.owner.requests.append(received)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        reply = self.server.owner.next_reply()
        try:
            self._answer(reply, received)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout): nothing left to say

    def _answer(self, reply: Reply, received: Received) -> None:
        model = received.body.get("model", "test-model")
        if reply.kind == "hang":
            self.server.owner.release.wait(timeout=30)
            return
        if reply.kind == "unauthorized":
            given = received.headers.get("authorization", "")
            self._json(401, {"error": {"message": f"invalid credentials: {given}", "type": "auth_error"}})
            return
        if reply.kind == "error":
            self._json(reply.status, {"error": {"message": reply.content, "type": "server_error"}})
            return
        if reply.kind == "malformed":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream" if received.stream else "application/json")
            self.end_headers()
            self.wfile.write((f"data: {reply.content}\n\n" if received.stream else reply.content).encode())
            return
        if reply.kind in ("cut", "endless"):
            self._stream_unfinished(reply, model)
        elif received.stream:
            self._stream(reply.content, model)
        else:
            self._json(200, _completion(reply.content, model))

    def _json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, content: str, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        size = max(1, len(content) // 4)
        pieces = [content[i : i + size] for i in range(0, len(content), size)]
        for i, piece in enumerate(pieces):
            delta = {"content": piece} if i else {"role": "assistant", "content": piece}
            self._event(_chunk(delta, None, model))
        self._event(_chunk({}, "stop", model))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _stream_unfinished(self, reply: Reply, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self._event(_chunk({"role": "assistant", "content": reply.content}, None, model))
        if reply.kind == "cut":
            self.wfile.write(b"data: {\"id\": \"chatcmpl-te")  # the connection drops mid-event
            self.wfile.flush()
            self.close_connection = True
            return
        n = 0
        while not self.server.owner.release.wait(0.02):  # until the test ends or the client leaves
            n += 1
            self._event(_chunk({"content": f"第{n}句补充说明。"}, None, model))

    def _event(self, payload: dict) -> None:
        self.wfile.write(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode("utf-8"))
        self.wfile.flush()


def _completion(content: str, model: str) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _verdict(verdict: str | float, model: str) -> dict:
    """A verdict as OpenAI sends one: a word, and for a float the first token's logprobs (the chance of "是")."""
    if isinstance(verdict, str):
        return _completion(verdict, model)
    options = [{"token": "是", "logprob": math.log(max(verdict, 1e-9)), "bytes": None},
               {"token": "否", "logprob": math.log(max(1 - verdict, 1e-9)), "bytes": None}]
    body = _completion("是" if verdict >= 0.5 else "否", model)
    body["choices"][0]["logprobs"] = {"content": [{**options[0], "top_logprobs": options}]}
    return body


def _chunk(delta: dict, finish: str | None, model: str) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: OpenAIServer


class OpenAIServer:
    """The test server: `script(...)` the replies, read `requests` afterwards."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        # The judge's requests and verdicts: "是" unless `verdicts` holds another for it.
        self.judged: list[Received] = []
        self.verdicts: deque[str | float | Reply] = deque()
        self.release = threading.Event()
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        # A short poll interval keeps shutdown (every test teardown) quick.
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        """The base URL a client is given (OPENAI_BASE_URL)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def next_reply(self) -> Reply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        return Reply.error(500, "no scripted reply left")

    def next_verdict(self) -> str | float | Reply:
        with self._lock:
            return self.verdicts.popleft() if self.verdicts else "是"

    @property
    def chat_requests(self) -> list[Received]:
        return [r for r in self.requests if r.path.rstrip("/") == "/v1/chat/completions"]

    def start(self) -> OpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def openai_server():
    """A running scripted server, stopped (and any hanging reply released) afterwards."""
    server = OpenAIServer().start()
    yield server
    server.stop()
