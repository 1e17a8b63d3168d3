"""`evalforms review OUT`: the auditor's review as a local web app (Starlette, served by uvicorn).

For each finding of OUT: 确认 (the form is wrong), 驳回 (a misread, or acceptable: a note is
required), and for a misread cell the value on the page, which re-scores that form at once. The
decisions go into OUT's catalog (batch/catalog.py), so the next `evalforms run` into OUT keeps
them and writes them into anomalies.csv and dataset.xlsx.

Security: the app listens on 127.0.0.1 unless told otherwise; every request needs the random
token of the printed URL; a write also needs it in a header (which a cross-site form cannot
send), a JSON body and an Origin of the app's own; the Host must be one the app listens as (no
DNS rebinding). The page is static and puts every text of a form in as text (textContent); its
CSP allows nothing but the app itself.
"""

from __future__ import annotations

import json
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from batch.catalog import NAME, BadDecision, Catalog, Decision, valid_form_id
from batch.errors import RunError
from normalize.correct import NotCorrectable, apply_corrections, correctable
from publish.decisions import form_of
from publish.export import write_export
from publish.review_state import ReviewCache, decision_view

_ASSETS = Path(__file__).resolve().parent / "review_assets"
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never sent on
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
_CROP = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
_MAX_BODY = 64 * 1024
_MAX_TEXT = 2000
EXPORT_NAME = "整改清单.xlsx"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=_HEADERS)


def create_app(out: Path, token: str, hosts: set[str]) -> Starlette:
    """The app over output folder `out`. `hosts`: the Host headers it answers to (host:port)."""
    out = Path(out)
    reviews = ReviewCache(out)  # endpoints run one at a time on the event loop: no lock needed

    def check(request: Request, write: bool = False) -> None:
        if request.headers.get("host", "") not in hosts:
            raise Refused(403, "拒绝访问：请求的主机名不是本审核服务的地址。")
        given = request.headers.get("x-review-token", "") if write else request.query_params.get("token", "")
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise Refused(403, "拒绝访问：缺少或错误的访问令牌，请使用启动时打印的完整地址。")
        if write:
            origin = request.headers.get("origin", "")
            if origin != f"{request.url.scheme}://{request.headers.get('host')}":
                raise Refused(403, "拒绝跨站请求：请求来源不是本审核页面。")
            if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
                raise Refused(415, "请求格式应为 JSON。")

    def guarded(handler: Any, write: bool = False) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                check(request, write)
                return await handler(request)
            except Refused as e:
                return _error(e.status, e.message)
            except (BadDecision, NotCorrectable) as e:
                return _error(400, str(e))
            except RunError as e:
                return _error(500, str(e))

        return endpoint

    async def page(request: Request) -> Response:
        html = (_ASSETS / "review.html").read_text(encoding="utf-8")
        return Response(
            html.replace("{token}", quote(token, safe="")), media_type="text/html", headers=_HEADERS
        )

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        types = {"review.js": "text/javascript", "review.css": "text/css"}
        if name not in types:
            raise Refused(404, "没有这个文件。")
        return Response((_ASSETS / name).read_bytes(), media_type=types[name], headers=_HEADERS)

    async def state(request: Request) -> Response:
        review = reviews.load()
        return JSONResponse(
            {
                "forms": reviews.views(review),
                "obsolete": [decision_view(d) for d in review.obsolete],
            },
            headers=_HEADERS,
        )

    async def crop(request: Request) -> Response:
        form_id, name = request.path_params["form_id"], request.path_params["name"]
        stem = name.removesuffix(".png")
        if not name.endswith(".png") or not _CROP.match(stem) or not valid_form_id(form_id, form_id[:12]):
            raise Refused(404, "没有这个截图。")
        path = out / "crops" / form_id / name
        if not path.is_file() or path.is_symlink():
            raise Refused(404, "没有这个截图。")
        return FileResponse(path, media_type="image/png", headers=_HEADERS)

    async def body(request: Request) -> dict[str, Any]:
        raw = await request.body()
        if len(raw) > _MAX_BODY:
            raise Refused(413, "请求过大。")
        try:
            data = json.loads(raw)
        except ValueError as e:
            raise Refused(400, "请求不是有效的 JSON。") from e
        if not isinstance(data, dict):
            raise Refused(400, "请求不是有效的 JSON 对象。")
        return data

    def finding_of(data: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, int, str, str, int | None]]:
        key = data.get("key")
        if not (isinstance(key, list) and len(key) == 5 and isinstance(key[0], str)
                and isinstance(key[1], int) and isinstance(key[2], str) and isinstance(key[3], str)
                and (key[4] is None or isinstance(key[4], int))):  # fmt: skip
            raise Refused(400, "请求中的问题标识无效。")
        sha, index, code, field, seq = key
        form_id = f"{sha[:12]}-{index}"
        if not valid_form_id(form_id, sha):
            raise Refused(404, "没有这张表。")
        forms = reviews.load(form_id).forms
        if not forms or forms[0].get("source_sha256") != sha:
            raise Refused(404, "没有这张表。")
        doc = forms[0]
        if not any(
            (a.get("code"), a.get("field") or "", a.get("seq")) == (code, field, seq)
            for a in doc["anomalies"]
        ):
            raise Refused(404, "这条问题已不存在（可能已因更正而消失），请刷新页面。")
        return doc, (sha, index, code, field, seq)

    def text(data: dict[str, Any], name: str) -> str:
        value = data.get(name) or ""
        if not isinstance(value, str) or len(value) > _MAX_TEXT:
            raise Refused(400, f"“{name}”应为不超过 {_MAX_TEXT} 字的文字。")
        return value

    async def decide(request: Request) -> Response:
        data = await body(request)
        doc, (sha, index, code, field, seq) = finding_of(data)
        corrected = text(data, "corrected").strip() or None
        cell = text(data, "corrected_field") if corrected else ""
        if corrected:
            cell_seq = seq if seq is not None and correctable(cell or field, seq) else None
            if not correctable(cell or field, cell_seq):
                raise NotCorrectable(f"“{cell or field}”不是可更正的单元格")
            apply_corrections(form_of(doc), [(cell or field, cell_seq, corrected)])  # refused as it would be
        decision = Decision(sha, index, code, field, seq, text(data, "state"), text(data, "note"), corrected,
                            "" if cell == field else cell)  # fmt: skip
        catalog = Catalog(out / NAME)
        try:
            stored = catalog.decide(decision)
        finally:
            catalog.close()
        updated = reviews.load(f"{sha[:12]}-{index}")
        views = reviews.views(updated)
        return JSONResponse(
            {"decision": stored.decided_at, "form": views[0] if views else None},
            headers=_HEADERS,
        )

    async def undo(request: Request) -> Response:
        data = await body(request)
        key = data.get("key")
        if not (isinstance(key, list) and len(key) == 5):
            raise Refused(400, "请求中的问题标识无效。")
        catalog = Catalog(out / NAME)
        try:
            catalog.undecide(tuple(key))  # type: ignore[arg-type]
        finally:
            catalog.close()
        return JSONResponse({"ok": True}, headers=_HEADERS)

    async def export(request: Request) -> Response:
        with tempfile.TemporaryDirectory(prefix="evalforms-export-") as tmp:
            path = Path(tmp) / "export.xlsx"
            write_export(out, path)
            data = path.read_bytes()
        disposition = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(EXPORT_NAME)}"
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={**_HEADERS, "Content-Disposition": disposition},
        )

    routes = [
        Route("/", guarded(page)),
        Route("/assets/{name}", guarded(asset)),
        Route("/api/state", guarded(state)),
        Route("/crops/{form_id}/{name}", guarded(crop)),
        Route("/api/decide", guarded(decide, write=True), methods=["POST"]),
        Route("/api/undo", guarded(undo, write=True), methods=["POST"]),
        Route("/api/export", guarded(export)),
    ]
    return Starlette(routes=routes)


def bind(out: Path, host: str = "127.0.0.1", port: int = 0) -> tuple[Any, Any, str]:
    """A uvicorn server for the review of `out` on a socket bound now; its socket; its URL with
    the token."""
    import socket

    import uvicorn

    token = new_token()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    hosts = {f"{shown}:{bound}", f"127.0.0.1:{bound}", f"localhost:{bound}"}
    config = uvicorn.Config(create_app(out, token, hosts), log_level="warning", access_log=False)
    return uvicorn.Server(config), sock, f"http://{shown}:{bound}/?token={token}"


def serve(out: Path, host: str = "127.0.0.1", port: int = 0, say: Any = print) -> None:
    """Serve the review of `out` until interrupted; prints the URL with its token."""
    server, sock, url = bind(out, host, port)
    say(f"审核页面：{url}")
    say("（地址中含访问令牌，请勿转发；按 Ctrl-C 结束）")
    server.run(sockets=[sock])
