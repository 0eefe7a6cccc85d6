"""The review app's HTTP routes: the queue, a call's page and data, and the actions (POST).

Pages are Jinja2 templates with autoescape; script and style are files under ``static/``
served by the app itself; the CSP forbids everything else (see :mod:`.security`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel, Field

from pipeline.report.call_page import envelope
from pipeline.review.human import ENTITY_TYPES, HUMAN, REMOVE_REASONS
from pipeline.review.index import ORDER, PAGE
from pipeline.review.security import Guard
from pipeline.review.service import Expect, NotFoundError, Reviewing
from pipeline.review.store import ReviewError
from pipeline.schema import Report

HERE = Path(__file__).resolve().parent
PEAK_COLUMNS = 2000
_ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)


class AddBody(BaseModel):
    """A bleep a reviewer adds."""

    start: float = Field(ge=0.0)
    end: float = Field(gt=0.0)
    channel: int = Field(0, ge=0)
    entity_type: str = "PERSON"


class SpanBody(BaseModel):
    """The span an action is about, as the page showed it."""

    start: float
    end: float
    channel: int
    entity_type: str

    def expect(self) -> Expect:
        """Return it as an :class:`Expect`."""
        return Expect(self.start, self.end, self.channel, self.entity_type)


class MoveBody(BaseModel):
    """New edges for a span."""

    span: SpanBody
    start: float = Field(ge=0.0)
    end: float = Field(gt=0.0)


class RemoveBody(BaseModel):
    """A span to stop bleeping, and why (a reason code, never free text)."""

    span: SpanBody
    reason: str


def call_data(call_id: int, report: Report, review: Reviewing) -> dict[str, Any]:
    """Return what the call page draws: spans (with keys), risks, decision; no values."""
    return {
        "id": call_id, "duration": report.duration, "channels": report.channels,
        "decision": report.decision or "review", "decided_by": report.decided_by,
        "decision_reasons": list(report.decision_reasons), "status": report.status,
        "spans": [{"key": i, "start": s.start, "end": s.end, "channel": s.channel,
                   "entity_type": s.entity_type, "human": s.recognizer == HUMAN,
                   "review": s.review, "score": s.score} for i, s in enumerate(report.spans)],
        "risks": [r.to_dict() for r in report.risks],
        "output_sha256": str(report.stats.get("output_sha256", "")),
        "allow_original": review.allow_original,
    }


def _page(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    html = _ENV.get_template(template).render(csrf=request.state.csrf, **ctx)
    return HTMLResponse(html)


def _routes(app: FastAPI, review: Reviewing) -> None:  # noqa: C901 - a flat list of routes
    @app.exception_handler(ReviewError)
    async def _refused(_: Request, exc: ReviewError) -> JSONResponse:
        code = 404 if isinstance(exc, NotFoundError) else 409
        return JSONResponse({"error": str(exc)}, status_code=code)

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, decision: str = "", run: str = "", q: str = "",
              page: int = Query(0, ge=0)) -> HTMLResponse:
        began = time.perf_counter()
        review.index.sync()
        rows, total = review.index.queue(decision, run, q, page)
        return _page(request, "queue.html", rows=rows, total=total, counts=review.index.counts(),
                     runs=review.index.runs(), order=ORDER, decision=decision, run=run, q=q,
                     page=page, pages=max(1, -(-total // PAGE)), reviewer=review.reviewer,
                     took=time.perf_counter() - began)

    @app.get("/calls/{call_id}", response_class=HTMLResponse)
    def call_page(request: Request, call_id: int) -> HTMLResponse:
        call, report, files = review.load(call_id)
        return _page(request, "call.html", id=call_id, call=call, report=report,
                     data=call_data(call_id, report, review), types=ENTITY_TYPES,
                     reasons=REMOVE_REASONS, reviewer=review.reviewer,
                     two_person=review.cfg.review.two_person,
                     source_there=Path(report.source).is_file() if report.source else False)

    @app.get("/api/calls/{call_id}")
    def call_json(call_id: int) -> dict[str, Any]:
        _, report, _ = review.load(call_id)
        return call_data(call_id, report, review)

    @app.get("/api/calls/{call_id}/peaks")
    def peaks(call_id: int) -> dict[str, Any]:
        _, _, files = review.load(call_id)
        if not files.audio.is_file():
            raise NotFoundError("this call has no redacted audio")
        mins, maxs, duration = envelope(files.audio, PEAK_COLUMNS)
        return {"duration": duration, "mins": mins.round(3).tolist(),
                "maxs": maxs.round(3).tolist()}

    @app.get("/calls/{call_id}/audio.wav")
    def audio(call_id: int) -> FileResponse:
        _, _, files = review.load(call_id)
        if not files.audio.is_file():
            raise NotFoundError("this call has no redacted audio")
        return FileResponse(files.audio, media_type="audio/wav")

    @app.get("/calls/{call_id}/original/{key}.wav")
    def original(call_id: int, key: int, start: float, end: float, channel: int,
                 entity_type: str) -> Response:
        wav = review.original(call_id, key, Expect(start, end, channel, entity_type))
        return Response(wav, media_type="audio/wav")

    @app.post("/api/calls/{call_id}/spans")
    def add(call_id: int, body: AddBody) -> dict[str, Any]:
        report = review.add(call_id, body.start, body.end, body.channel, body.entity_type)
        return call_data(call_id, report, review)

    @app.post("/api/calls/{call_id}/spans/{key}/move")
    def move(call_id: int, key: int, body: MoveBody) -> dict[str, Any]:
        report = review.move(call_id, key, body.span.expect(), body.start, body.end)
        return call_data(call_id, report, review)

    @app.post("/api/calls/{call_id}/spans/{key}/remove")
    def remove(call_id: int, key: int, body: RemoveBody) -> dict[str, Any]:
        report = review.remove(call_id, key, body.span.expect(), body.reason)
        return call_data(call_id, report, review)

    @app.post("/api/calls/{call_id}/approve")
    def approve(call_id: int) -> dict[str, Any]:
        return call_data(call_id, review.approve(call_id), review)

    @app.post("/api/calls/{call_id}/reject")
    def reject(call_id: int) -> dict[str, Any]:
        return call_data(call_id, review.reject(call_id), review)


def create_app(review: Reviewing, guard: Guard) -> FastAPI:
    """Return the app for ``review``, behind ``guard``'s access rules."""
    app = FastAPI(title="Piip review", docs_url=None, redoc_url=None, openapi_url=None)
    app.middleware("http")(guard)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _routes(app, review)
    return app
