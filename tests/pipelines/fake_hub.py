"""A local stand-in for the Hugging Face hub, enough for `snapshot_download` and `model_info`.

huggingface_hub talks to whatever `endpoint` it is given, so a thread serving the
endpoints it calls lets the pull run its real download code: repo info (with file
sizes when `blobs=true`), the recursive tree listing, and HEAD/GET on
`/{repo}/resolve/{revision}/{file}` with the headers `file_download.py` reads
(X-Repo-Commit, ETag, Content-Length) and byte ranges for resumed downloads.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class FakeRepo:
    files: dict[str, bytes]
    gated: bool = False

    @property
    def sha(self) -> str:
        digest = hashlib.sha1()
        for path in sorted(self.files):
            digest.update(path.encode() + hashlib.sha1(self.files[path]).digest())
        return digest.hexdigest()


@dataclass
class FakeHub:
    url: str = ""
    repos: dict[str, FakeRepo] = field(default_factory=dict)
    # Files whose first GET stops half-way, as a dropped connection does.
    break_once: set[str] = field(default_factory=set)
    # (method, path in repo or API path, Range header) of every request.
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)

    def add_folder(self, repo_id: str, folder: Path, **extra: bytes) -> FakeRepo:
        files = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }
        files.update(extra)
        self.repos[repo_id] = FakeRepo(files)
        return self.repos[repo_id]

    def downloads(self) -> list[str]:
        """Files fetched with GET (whole or in part), in order."""
        return [
            path for method, path, _ in self.requests if method == "GET" and "/api/" not in path
        ]


def _lfs(path: str) -> bool:
    return path.endswith((".safetensors", ".bin", ".ckpt", ".onnx", ".msgpack"))


class _Handler(BaseHTTPRequestHandler):
    hub: FakeHub

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._resolve(body=False)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/api/models/"):
            self._api(unquote(parts.path[len("/api/models/") :]), parse_qs(parts.query))
        else:
            self._resolve(body=True)

    def _error(self, status: int, code: str) -> None:
        self.send_response(status)
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _repo(self, rest: str) -> tuple[str, FakeRepo | None, str]:
        owner, name, *tail = rest.split("/")
        repo_id = f"{owner}/{name}"
        return repo_id, self.hub.repos.get(repo_id), "/".join(tail)

    def _api(self, rest: str, query: dict[str, list[str]]) -> None:
        repo_id, repo, tail = self._repo(rest)
        self.hub.requests.append(("GET", f"/api/models/{rest}", None))
        if repo is None:
            return self._error(401, "RepoNotFound")
        if repo.gated:
            return self._error(403, "GatedRepo")
        if tail.startswith("tree/"):
            body: Any = [
                {
                    "type": "file",
                    "path": p,
                    "size": len(data),
                    "oid": hashlib.sha1(data).hexdigest(),
                }
                | (
                    {
                        "lfs": {
                            "oid": hashlib.sha256(data).hexdigest(),
                            "size": len(data),
                            "pointerSize": 134,
                        }
                    }
                    if _lfs(p)
                    else {}
                )
                for p, data in sorted(repo.files.items())
            ]
        else:  # "" or "revision/<rev>"
            blobs = query.get("blobs") == ["True"] or query.get("blobs") == ["true"]
            body = {
                "id": repo_id,
                "sha": repo.sha,
                "private": False,
                "gated": False,
                "siblings": [
                    {"rfilename": p} | ({"size": len(data)} if blobs else {})
                    for p, data in sorted(repo.files.items())
                ],
            }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _resolve(self, *, body: bool) -> None:
        path = unquote(urlsplit(self.path).path).lstrip("/")
        _repo_id, repo, tail = self._repo(path)
        # tail: "resolve/<revision>/<file path>"
        _, _, rest = tail.partition("/")
        _, _, filename = rest.partition("/")
        wanted = self.headers.get("Range")
        self.hub.requests.append(("GET" if body else "HEAD", filename, wanted))
        if repo is None:
            return self._error(401, "RepoNotFound")
        if repo.gated:
            return self._error(403, "GatedRepo")
        data = repo.files.get(filename)
        if data is None:
            self.send_response(404)
            self.send_header("X-Error-Code", "EntryNotFound")
            self.send_header("X-Repo-Commit", repo.sha)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = int(wanted.removeprefix("bytes=").split("-")[0]) if wanted else 0
        self.send_response(206 if start else 200)
        self.send_header("X-Repo-Commit", repo.sha)
        self.send_header("ETag", f'"{hashlib.sha256(data).hexdigest()}"')
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(data) - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if not body:
            return
        if filename in self.hub.break_once:
            self.hub.break_once.discard(filename)
            self.wfile.write(data[start : start + (len(data) - start) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data[start:])


@contextmanager
def serving(hub: FakeHub) -> Iterator[FakeHub]:
    handler = type("Handler", (_Handler,), {"hub": hub})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
