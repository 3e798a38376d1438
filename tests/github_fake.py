"""A small fake of the GitHub REST API on 127.0.0.1: the endpoints `mlgate action` calls through PyGithub,
with state (comments, reviews, statuses, check runs), pagination by Link headers, a request log, and
scripted failures (a 502 first, a 403 on writes) and hangs (an answer slower than the client's timeout)."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass
class FakeGitHub:
    repo: str = "acme/churn"
    number: int = 7
    files: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    protected: bool = False
    team_members: dict[str, set[str]] = field(default_factory=dict)
    comments: list[dict[str, Any]] = field(default_factory=list)
    review_comments: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    check_runs: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    # (method, path regex, status[, message, headers]): each answered once, before the real route
    fail: list[tuple[Any, ...]] = field(default_factory=list)
    forbid_writes: bool = False
    # (method, path regex, seconds): each request that matches sleeps that long before it is answered
    # (the real route then runs: a slow POST still creates its comment, as GitHub would)
    hang: list[tuple[str, str, float]] = field(default_factory=list)
    next_id: int = 1000
    # GET /pulls/<number>: {"head": {"sha", "ref", "repo": {"full_name"}}, "base": {...}} (None: 404)
    pull: dict[str, Any] | None = None
    # the token's identity: None for GITHUB_TOKEN (GET /user answers 403; it writes as github-actions[bot])
    user_login: str | None = None
    # an installation token of a GitHub App: GET /user answers 403, GraphQL's viewer names the app's bot
    app_login: str | None = None

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                body = json.loads(raw) if raw else None
                req = Request(self.command, parts.path, parse_qs(parts.query), body, dict(self.headers))
                for method, pattern, seconds in list(fake.hang):
                    if method == req.method and re.fullmatch(pattern, req.path):
                        time.sleep(seconds)
                with fake.lock:
                    fake.requests.append(req)
                    status, data, headers = fake.route(req)
                out = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(out)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --------------------------------------------------------------------------------- helpers
    def writes(self) -> list[Request]:
        # (a GraphQL query is a POST that reads)
        return [r for r in self.requests if r.method in ("POST", "PATCH", "PUT", "DELETE") and r.path != "/graphql"]

    def author(self) -> dict[str, Any]:
        if self.app_login is not None:
            return {"login": self.app_login, "id": 99, "type": "Bot"}
        if self.user_login is None:
            return {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
        return {"login": self.user_login, "id": 3, "type": "User"}

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _page(self, req: Request, items: list[dict[str, Any]]) -> tuple[int, Any, dict[str, str]]:
        per_page = int(req.query.get("per_page", ["30"])[0])
        page = int(req.query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per_page: page * per_page]
        headers = {}
        if page * per_page < len(items):
            nxt = f"{self.url}{req.path}?per_page={per_page}&page={page + 1}"
            last = (len(items) + per_page - 1) // per_page
            headers["Link"] = (f'<{nxt}>; rel="next", '
                               f'<{self.url}{req.path}?per_page={per_page}&page={last}>; rel="last"')
        return 200, chunk, headers

    # --------------------------------------------------------------------------------- routes
    def route(self, req: Request) -> tuple[int, Any, dict[str, str]]:
        for i, (method, pattern, status, *more) in enumerate(self.fail):
            if method == req.method and re.fullmatch(pattern, req.path):
                del self.fail[i]
                message = more[0] if more else ("Server Error" if status >= 500 else "Forbidden")
                return status, {"message": message}, (more[1] if len(more) > 1 else {})
        if self.forbid_writes and req.method != "GET":
            return 403, {"message": "Resource not accessible by integration"}, {}
        base = f"/repos/{self.repo}"
        p = req.path
        if p == "/user" and req.method == "GET":
            if self.user_login is None:
                return 403, {"message": "Resource not accessible by integration"}, {}
            return 200, {**self.author(), "url": f"{self.url}/users/{self.user_login}"}, {}
        if p == "/graphql" and req.method == "POST" and "viewer" in str((req.body or {}).get("query")):
            return 200, {"data": {"viewer": {"login": self.author()["login"]}}}, {}
        m = re.fullmatch(rf"{base}/issues/{self.number}/comments", p)
        if m and req.method == "GET":
            return self._page(req, self.comments)
        if m and req.method == "POST":
            cid = self._id()
            c = {"id": cid, "body": req.body["body"], "user": self.author(),
                 "url": f"{self.url}{base}/issues/comments/{cid}"}
            self.comments.append(c)
            return 201, c, {}
        m = re.fullmatch(rf"{base}/issues/comments/(\d+)", p)
        if m and req.method == "PATCH":
            c = next(c for c in self.comments if c["id"] == int(m.group(1)))
            c["body"] = req.body["body"]
            return 200, c, {}
        if p == f"{base}/pulls/{self.number}" and req.method == "GET" and self.pull is not None:
            return 200, {"number": self.number, "url": f"{self.url}{p}", **self.pull}, {}
        if p == f"{base}/pulls/{self.number}/files" and req.method == "GET":
            return self._page(req, self.files)
        if p == f"{base}/pulls/{self.number}/comments" and req.method == "GET":
            return self._page(req, self.review_comments)
        if p == f"{base}/pulls/{self.number}/reviews" and req.method == "GET":
            return self._page(req, self.reviews)
        if p == f"{base}/pulls/{self.number}/reviews" and req.method == "POST":
            rid = self._id()
            for c in req.body.get("comments", []):
                self.review_comments.append({"id": self._id(), "pull_request_review_id": rid, **c,
                                             "commit_id": req.body.get("commit_id"), "user": self.author()})
            review = {"id": rid, "state": "COMMENTED", "body": req.body.get("body"),
                      "user": self.author(),
                      "commit_id": req.body.get("commit_id")}
            return 200, review, {}
        m = re.fullmatch(rf"{base}/commits/([0-9a-f]+)", p)
        if m and req.method == "GET":
            return 200, {"sha": m.group(1), "url": f"{self.url}{base}/commits/{m.group(1)}"}, {}
        m = re.fullmatch(rf"{base}/statuses/([0-9a-f]+)", p)
        if m and req.method == "POST":
            status = {"id": self._id(), "sha": m.group(1), **req.body}
            self.statuses.append(status)
            return 201, status, {}
        if p == f"{base}/check-runs" and req.method == "POST":
            cid = self._id()
            run = {"id": cid, **req.body, "url": f"{self.url}{base}/check-runs/{cid}",
                   "outputs": [req.body["output"]]}
            self.check_runs.append(run)
            return 201, {k: v for k, v in run.items() if k != "outputs"}, {}
        m = re.fullmatch(rf"{base}/check-runs/(\d+)", p)
        if m and req.method == "PATCH":
            run = next(r for r in self.check_runs if r["id"] == int(m.group(1)))
            run["outputs"].append(req.body["output"])
            return 200, {k: v for k, v in run.items() if k != "outputs"}, {}
        m = re.fullmatch(rf"{base}/branches/([^/]+)", p)
        if m and req.method == "GET":
            return 200, {"name": m.group(1), "protected": self.protected,
                         "commit": {"sha": "0" * 40, "url": f"{self.url}{base}/commits/{'0' * 40}"}}, {}
        m = re.fullmatch(rf"{base}/rules/branches/([^/]+)", p)
        if m and req.method == "GET":
            return 200, [], {}
        m = re.fullmatch(r"/orgs/([^/]+)/teams/([^/]+)/memberships/([^/]+)", p)
        if m and req.method == "GET":
            team = f"{m.group(1)}/{m.group(2)}".lower()
            if m.group(3).lower() in self.team_members.get(team, set()):
                return 200, {"state": "active", "role": "member", "url": f"{self.url}{p}"}, {}
            return 404, {"message": "Not Found"}, {}
        return 404, {"message": "Not Found", "path": p}, {}
