"""The review app (``piip review``) and the functions a run calls to honour reviewers' work.

A later run honours the reviewers' work through :mod:`pipeline.review.rerun`: the flow reads
each call's state (``states_for_run``), and ``pipeline/process.py`` amends the plan before
bleeping (``amend_plan``, built on :func:`amend_spans`) and applies :func:`apply_human` to the
report.
"""

from pipeline.review.human import HumanState, amend_spans, apply_human, decide
from pipeline.review.store import ReviewStore, human_decision

__all__ = ["HumanState", "ReviewStore", "amend_spans", "apply_human", "decide", "human_decision"]
