"""The review app (``piip review``) and the functions a run calls to honour reviewers' work.

For ``pipeline/process.py``: :func:`amend_spans` (before bleeping), :func:`apply_human`
(on the report) and :func:`human_decision` / :meth:`ReviewStore.state` (from the catalog).
"""

from pipeline.review.human import HumanState, amend_spans, apply_human, decide
from pipeline.review.store import ReviewStore, human_decision

__all__ = ["HumanState", "ReviewStore", "amend_spans", "apply_human", "decide", "human_decision"]
