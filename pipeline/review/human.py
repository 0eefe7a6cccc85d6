"""What reviewers decided about a call, as pure data, and how it amends an automatic run.

A reviewer's edits are *added* spans (always bleeped) and *removed* automatic spans. A removal
keeps suppressing the automatic span it removed on later runs: an automatic span of the same
entity type on the same channel that lies at least half inside the removed stretch. An
approval is bound to the sha256 of the redacted wav it approved; once the output differs, the
approval no longer counts and the call goes back to ``review``.

Nothing here reads files or the database; :mod:`pipeline.review.store` loads a
:class:`HumanState` and the pipeline passes it to these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.redact import spans
from pipeline.schema import PiiSpan

HUMAN = "human"  # recognizer and reason of a span a reviewer added
MATCH_SHARE = 0.5  # a removal suppresses an automatic span at least this much inside it
ENTITY_TYPES = ("PERSON", "FI_PERSONAL_IDENTITY_CODE", "PHONE_NUMBER", "EMAIL_ADDRESS",
                "IBAN_CODE", "CREDIT_CARD", "ADDRESS", "DATE_OF_BIRTH", "CUSTOMER_NUMBER",
                "HEALTH", "NUMBER_SEQUENCE", "OTHER_PERSONAL_DATA")
REMOVE_REASONS = ("not_personal_data", "wrong_place", "duplicate", "moved", "too_wide")
HELD = ("quarantine", "failed")  # decisions a person's edits never relax
HUMAN_REASONS = frozenset({"human_release", "human_quarantine", "awaiting_second_approval",
                           "approval_outdated", "bleep_removed_by_reviewer"})


@dataclass(frozen=True)
class HumanEdit:
    """One active edit: ``kind`` ``add`` (bleep this) or ``remove`` (stop bleeping this)."""

    id: int
    kind: str
    start: float
    end: float
    channel: int
    entity_type: str
    reason: str = ""
    reviewer: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)

    def as_span(self) -> PiiSpan:
        """Return the span a reviewer added (``kind`` ``add``)."""
        return PiiSpan(start=self.start, end=self.end, entity_type=self.entity_type, score=1.0,
                       recognizer=HUMAN, channel=self.channel, reason=HUMAN)


@dataclass(frozen=True)
class HumanDecision:
    """A reviewer's decision on one output: ``release`` or ``quarantine``.

    ``confirmed`` is False for an approval still waiting for its second reviewer.
    """

    decision: str
    decided_by: str
    output_sha256: str
    confirmed: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class HumanState:
    """Everything reviewers did to one call; small, picklable, passed to worker processes."""

    edits: tuple[HumanEdit, ...] = ()
    decision: HumanDecision | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"edits": [e.to_dict() for e in self.edits],
                "decision": self.decision.to_dict() if self.decision else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HumanState:
        """Build from :meth:`to_dict` output."""
        dec = data.get("decision")
        return cls(tuple(HumanEdit(**e) for e in data.get("edits", ())),
                   HumanDecision(**dec) if dec else None)


def _inside_share(span: PiiSpan, start: float, end: float) -> float:
    length = span.end - span.start
    overlap = min(span.end, end) - max(span.start, start)
    if length <= 0:
        return 1.0 if start <= span.start <= end else 0.0
    return max(0.0, overlap) / length


def suppressed_by(span: PiiSpan, edit: HumanEdit) -> bool:
    """Tell whether removal ``edit`` suppresses automatic ``span`` (type, channel, overlap)."""
    return (edit.kind == "remove" and span.recognizer != HUMAN
            and span.entity_type == edit.entity_type and span.channel == edit.channel
            and _inside_share(span, edit.start, edit.end) >= MATCH_SHARE)


def amend_spans(auto_spans: Iterable[PiiSpan], edits: Sequence[HumanEdit]) -> list[PiiSpan]:
    """Return the spans to bleep: automatic ones minus the removed (in their order), then the added.

    Spans a reviewer added earlier (recognizer ``human``) in ``auto_spans`` are dropped
    first, so applying the same edits twice gives the same result. Not merged or padded:
    merge them with ``pipeline.redact.spans.merge`` as for automatic spans.
    """
    removals = [e for e in edits if e.kind == "remove"]
    kept = [s for s in auto_spans
            if s.recognizer != HUMAN and not any(suppressed_by(s, e) for e in removals)]
    added = sorted((e.as_span() for e in edits if e.kind == "add"),
                   key=lambda s: (s.start, s.end, s.channel))
    return kept + added


def amended_bleeps(auto_spans: Iterable[PiiSpan], edits: Sequence[HumanEdit], duration: float,
                   merge_gap: float) -> tuple[list[PiiSpan], list[PiiSpan]]:
    """Return (the amended spans, clipped to ``duration``; the merged spans to bleep).

    The one way reviewers' edits become bleeps: the review app's re-render and a later run
    both call it, so the same automatic spans and edits give the same audio, byte for byte.
    """
    amended = [c for c in (spans.clip(s, duration) for s in amend_spans(auto_spans, edits)) if c]
    return amended, spans.merge(amended, merge_gap)


def decide(state: HumanState, output_sha256: str) -> tuple[str, str] | None:
    """Return ``(decision, decided_by)`` a person made about this exact output, or None.

    A rejection (``quarantine``) holds whatever the output; an approval only while the
    output's sha256 is the one approved, and only once confirmed (two-person rule).
    """
    d = state.decision
    if d is None:
        return None
    if d.decision == "quarantine":
        return d.decision, d.decided_by
    if d.decision == "release" and d.confirmed and output_sha256 \
            and d.output_sha256 == output_sha256:
        return d.decision, d.decided_by
    return None


def apply_human(report_dict: dict[str, Any], state: HumanState) -> dict[str, Any]:
    """Return a copy of an automatic run's report with the reviewers' work applied.

    Spans become :func:`amend_spans` of the report's spans. The decision becomes the
    person's (:func:`decide`, against ``stats.output_sha256``) when it still applies; else an
    automatic ``release`` of a call with removed bleeps, or with an approval the output no
    longer matches, becomes ``review``. ``quarantine`` and ``failed`` are never relaxed
    except by a person's approval of this exact output.
    """
    out = dict(report_dict)
    if out.get("status") == "failed":
        return out
    auto = [PiiSpan.from_dict(s) for s in out.get("spans", ())]
    out["spans"] = [s.to_dict() for s in amend_spans(auto, state.edits)]
    sha = str((out.get("stats") or {}).get("output_sha256", ""))
    human = decide(state, sha)
    reasons = [r for r in out.get("decision_reasons", ()) if r not in HUMAN_REASONS]
    out["decision_reasons"] = reasons
    if human is not None:
        out["decision"], out["decided_by"] = human
        out["decision_reasons"] = [*reasons, f"human_{human[0]}"]
        return out
    why = _why_review(state, sha)
    if why and out.get("decision") not in HELD:
        out["decision"], out["decided_by"] = "review", "auto"
        out["decision_reasons"] = [*reasons, why]
    return out


def _why_review(state: HumanState, output_sha256: str) -> str:
    """Return why a call a person touched must be reviewed (again), or ''."""
    d = state.decision
    if d is not None and d.decision == "release":
        current = bool(output_sha256) and d.output_sha256 == output_sha256
        return "awaiting_second_approval" if current else "approval_outdated"
    if any(e.kind == "remove" for e in state.edits):
        return "bleep_removed_by_reviewer"
    return ""
