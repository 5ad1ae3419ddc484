"""The web app: demo page (/), widget assets (/widget/...), staff console (/console), staff API (/api).

Runs in the actions environment (Python 3.11) because the staff API calls the search and
eligibility libraries in-process (no subprocess per keystroke); conversations are read
from the Rasa server's HTTP API.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware

from web.settings import WebSettings
from web.staff_api import router as staff_router

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
SOCKET_IO_CLIENT = HERE / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"


class BodyLimit(BaseHTTPMiddleware):
    """Refuse oversize bodies by their declared length before anything reads them."""

    def __init__(self, app, limit: int) -> None:
        super().__init__(app)
        self.limit = limit

    async def dispatch(self, request: Request, call_next):
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            return JSONResponse({"detail": f"body over {self.limit} bytes"}, status_code=413)
        if request.method in ("POST", "PUT", "PATCH") and not declared.isdigit():
            body = await request.body()
            if len(body) > self.limit:
                return JSONResponse({"detail": f"body over {self.limit} bytes"}, status_code=413)
        return await call_next(request)


def _demo_page(settings: WebSettings) -> str:
    template = (STATIC / "index.html").read_text(encoding="utf-8")
    return template.replace("{{SOCKET_URL}}", html.escape(settings.widget_socket_url, quote=True))


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings.from_env()
    app = FastAPI(
        title="Policy assistant staff API",
        version="1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")} for e in error.errors()
        ]
        return JSONResponse(
            {"detail": "invalid request", "problems": json.loads(json.dumps(problems, default=str))}, 422
        )

    app.include_router(staff_router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def demo() -> str:
        return _demo_page(settings)

    @app.get("/console", response_class=HTMLResponse, include_in_schema=False)
    def console() -> FileResponse:
        return FileResponse(STATIC / "console" / "console.html")

    @app.get("/widget/socket.io.min.js", include_in_schema=False)
    def socket_io_client():
        if not SOCKET_IO_CLIENT.is_file():
            return PlainTextResponse("socket.io-client is not installed: run `make setup`", status_code=503)
        return FileResponse(SOCKET_IO_CLIENT, media_type="text/javascript")

    @app.get("/health", include_in_schema=False)
    def health() -> dict:
        return {"status": "ok", "staff_api": settings.staff_api_on}

    app.mount("/widget", StaticFiles(directory=STATIC / "widget"), name="widget")
    app.mount("/console", StaticFiles(directory=STATIC / "console"), name="console-assets")
    return app
