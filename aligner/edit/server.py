"""Server: the local web application of ``aligner edit`` (Starlette, served by uvicorn).

It listens on 127.0.0.1 only and answers only to that host name (or ``localhost``): a
page elsewhere cannot reach it by a rebound DNS name. Every request needs the random
token printed at start-up (the page's URL carries it; the page sends it in a header), so
another local user or a web page open in the same browser can neither read nor write.
No path from a request is used: the session serves and writes the files it was opened
with, and nothing else.
"""

from __future__ import annotations

import errno
import json
import secrets
import socket
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from aligner import pages
from aligner.edit.page import STATIC, page
from aligner.edit.session import EditSession, Refused
from aligner.errors import InputError

HOST = "127.0.0.1"
# Tried first when no --port is given; any free port otherwise.
DEFAULT_PORT = 8765
TOKEN_HEADER = "X-Aligner-Token"
# The page needs nothing from elsewhere: no CDN, no frames, no forms posted away.
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    # Only the page's own script and style files run: no inline script, handler or style.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}
# The largest save accepted: a 30,000-bead alignment sends about 1 MB.
MAX_SAVE_BYTES = 64 * 1024 * 1024


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=_HEADERS)


def create_app(session: EditSession, token: str) -> Starlette:
    """The application: ``GET /?token=...`` the page, ``GET /api/alignment`` its data,
    ``POST /api/save`` a save (both with the token in the ``X-Aligner-Token`` header)."""

    def allowed(given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), token.encode())


    async def index(request: Request) -> Response:
        if not allowed(request.query_params.get("token")):
            return HTMLResponse("<!DOCTYPE html><title>aligner edit</title><p>Open the address aligner edit printed "
                                "(it holds the access token).</p>", status_code=403, headers=_HEADERS)
        return HTMLResponse(page(request.query_params["token"]), headers=_HEADERS)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if not allowed(request.query_params.get("token")):
            return _error(403, "missing or wrong access token")
        if name not in STATIC:
            return _error(404, f"no such file: {name}")
        return Response(pages.static(name), media_type=STATIC[name], headers=_HEADERS)

    async def alignment(request: Request) -> Response:
        if not allowed(request.headers.get(TOKEN_HEADER)):
            return _error(403, "missing or wrong access token")
        try:
            return JSONResponse(await run_in_threadpool(session.page_data), headers=_HEADERS)
        except Refused as exc:
            return _error(exc.status, str(exc))

    async def save(request: Request) -> Response:
        if not allowed(request.headers.get(TOKEN_HEADER)):
            return _error(403, "missing or wrong access token; nothing was written")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _error(415, "a save must be sent as application/json; nothing was written")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_SAVE_BYTES:
            return _error(413, f"a save of {int(declared):,} bytes is larger than any alignment sends "
                               f"({MAX_SAVE_BYTES:,} at most); nothing was written")
        chunks, size = [], 0
        async for chunk in request.stream():
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_SAVE_BYTES:
                return _error(413, f"a save larger than {MAX_SAVE_BYTES:,} bytes was refused; nothing was written")
        try:
            body: Any = json.loads(b"".join(chunks))
        except (ValueError, UnicodeDecodeError):
            return _error(400, "the request is not valid JSON; nothing was written")
        try:
            # Off the event loop: validating a whole book takes seconds, and the page (or
            # another one) may ask for something meanwhile.
            saved = await run_in_threadpool(session.save, body)
        except Refused as exc:
            return _error(exc.status, str(exc))
        return JSONResponse({"revision": saved.revision, "message": saved.message}, headers=_HEADERS)

    return Starlette(
        routes=[Route("/", index), Route("/static/{name}", static), Route("/api/alignment", alignment),
                Route("/api/save", save, methods=["POST"])],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=[HOST, "localhost"])],
    )


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1: at ``port``, or when none is given at
    :data:`DEFAULT_PORT` or else any free port.

    Raises:
        InputError: ``port`` is in use or cannot be used.
    """
    candidates = [port] if port is not None else [DEFAULT_PORT, 0]
    for candidate in candidates:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((HOST, candidate))
        except OSError as exc:
            sock.close()
            if port is None and exc.errno == errno.EADDRINUSE:
                continue
            if exc.errno == errno.EADDRINUSE:
                raise InputError(f"port {port} on {HOST} is in use; choose another with --port, or leave --port out "
                                 "to let aligner pick a free one") from None
            raise InputError(f"cannot listen on {HOST}:{candidate} ({exc.strerror})") from None
        sock.listen(16)
        return sock
    raise InputError(f"no free port on {HOST}")


def serve(session: EditSession, sock: socket.socket, token: str) -> None:
    """Serve until interrupted (Ctrl+C: the normal way to stop; every save is complete
    by then, as saves are written under the session's lock)."""
    import uvicorn

    config = uvicorn.Config(create_app(session, token), log_level="warning", lifespan="off", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        session.checker.stop()
