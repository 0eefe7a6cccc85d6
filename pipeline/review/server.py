"""Start the review app: check where it may listen, open the catalog, serve with uvicorn."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pipeline.batch.catalog import Catalog
from pipeline.config import PiipConfig
from pipeline.review.app import create_app
from pipeline.review.security import Guard, check_bind
from pipeline.review.service import Reviewing
from pipeline.review.store import ReviewError, ReviewStore

_REVIEWER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def open_review(out_dir: Path, catalog: Path | None, cfg: PiipConfig, reviewer: str,
                allow_original: bool = False) -> Reviewing:
    """Open the review session over ``out_dir`` (catalog default ``OUT/.piip-catalog.sqlite``).

    Raises:
        ReviewError: for a missing output directory or a bad reviewer name.

    """
    if not out_dir.is_dir():
        raise ReviewError(f"{out_dir}: not an output directory")
    if not _REVIEWER.fullmatch(reviewer):
        raise ReviewError("--reviewer must be 1-64 letters, digits or . _ @ -")
    path = catalog or out_dir / ".piip-catalog.sqlite"
    review = Reviewing(out_dir.resolve(), ReviewStore.open(path), Catalog.open(path), cfg,
                       reviewer, allow_original)
    review.index.sync()
    return review


def serve(review: Reviewing, host: str, port: int, token: str | None) -> None:
    """Serve the app on ``host:port`` until interrupted.

    Raises:
        ReviewError: for a non-loopback ``host`` without a token.

    """
    import uvicorn

    check_bind(host, token)
    app = create_app(review, Guard(host, token))
    where = f"http://{host}:{port}/" if ":" not in host else f"http://[{host}]:{port}/"
    print(f"piip: review app on {where}" + (" (open /login?token=... first)" if token else ""),
          file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
