"""Reviewers' work in a later run: their edits amend the plan, their decision the report.

A run reads each call's :class:`HumanState` from the catalog (:func:`states_for_run`, plain
dicts of times, channels, entity types, reason codes and the approval's hash) and
:func:`pipeline.process.process_file` applies it: :func:`amend_plan` before bleeping (the same
:func:`pipeline.review.human.amended_bleeps` as the review app's re-render, so an unchanged
call comes out byte-identical), then :func:`pipeline.review.human.apply_human` on the report,
which keeps a person's approval only while the output's sha256 is the approved one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.gate.plan import Plan
from pipeline.gate.timeline import settle
from pipeline.review.human import HumanState, amended_bleeps
from pipeline.review.store import ReviewStore


def amend_plan(planned: Plan, state: HumanState | None, duration: float, merge_gap: float
               ) -> Plan:
    """Return ``planned`` with the reviewers' edits applied (unchanged when there are none).

    Added spans are always bleeped, a removal keeps suppressing the automatic span it
    removed; the spans are merged with ``merge_gap``. Risk items keep only what is still
    audible: those the final bleeps cover are dropped.
    """
    if state is None or not state.edits:
        return planned
    amended, to_bleep = amended_bleeps(planned.located, state.edits, duration, merge_gap)
    risks = settle(((r.start, r.end, r.channel, r.reason) for r in planned.risks), to_bleep, 0.0)
    return replace(planned, located=tuple(amended), to_bleep=tuple(to_bleep), risks=tuple(risks))


def states_for_run(catalog: Path, calls: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return ``{call: HumanState.to_dict()}`` for the ``calls`` reviewers touched.

    ``calls`` are report paths relative to the output directory (the catalog's
    ``outputs["report"]``). Calls nobody touched are left out. The reviewers' names on edits
    are left out too: a run needs times, channels, types and the decision only.
    """
    found: dict[str, dict[str, Any]] = {}
    with ReviewStore.open(catalog) as store:
        for call in calls:
            state = store.state(call)
            if state.edits or state.decision is not None:
                edits = tuple(replace(e, reviewer="") for e in state.edits)
                found[call] = replace(state, edits=edits).to_dict()
    return found
