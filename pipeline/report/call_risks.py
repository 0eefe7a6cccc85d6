"""The parts of a call page about what was *not* bleeped: the decision and the risk items.

Risk items come first on the page: they are where the automatic pass is unsure and where a
clip could still leak. Each row gives the time to jump to; the page never shows the words.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.report.page import fmt_time
from pipeline.schema import Report, RiskItem

RISK_LABELS = {
    "unbleeped_answer": "answer to a personal-data question, not bleeped",
    "number_residue": "numbers said, not bleeped",
    "spelled_letters": "letters spelled out, not bleeped",
    "email_residue": "e-mail fragments, not bleeped",
    "name_residue": "a possible name, not bleeped",
    "health_residue": "a possible health term, not bleeped",
    "doubted_speech": "words the recogniser doubted, not bleeped",
    "wordless_speech": "speech with no words, not bleeped",
    "unsupported_edge": "a bleep whose edges the word timing does not support",
    "between_bleeps": "a short stretch between two bleeps, not bleeped",
    "greeting_words": "unclear words in a greeting or goodbye, where names are said",
}
DECISION_TEXT = {
    "release": "Released: no risk item remains; the clip may be used for training.",
    "review": "Needs a person: listen to the risk items below before the clip is used.",
    "quarantine": "Quarantined: too little of this call can be trusted to be useful.",
    "failed": "Failed: no redacted audio was written.",
}


def risk_label(reason: str) -> str:
    """Return the analyst's wording for a risk reason."""
    return RISK_LABELS.get(reason, reason)


def decision_view(report: Report) -> dict[str, Any]:
    """Return the call's decision, who made it (a person, or nobody for ``auto``) and why."""
    decision = report.decision or "review"
    return {"value": decision, "text": DECISION_TEXT.get(decision, ""),
            "who": "" if report.decided_by in ("", "auto") else report.decided_by,
            "reasons": list(report.decision_reasons)}


def risk_view(report: Report) -> dict[str, Any]:
    """Return the risk items' rows (times to jump to) and their count per reason."""
    rows = [{"t": f"{max(0.0, r.start - 2.0):.2f}", "start": r.start, "end": r.end,
             "channel": r.channel, "label": risk_label(r.reason)} for r in report.risks]
    counts = Counter(r.reason for r in report.risks)
    return {"rows": rows, "by": [(risk_label(k), n) for k, n in counts.most_common()]}


def risk_marks(risks: tuple[RiskItem, ...], channel: int, duration: float, width: int
               ) -> list[dict[str, str]]:
    """Return the waveform outlines of the risk items heard on ``channel``."""
    out = []
    for r in risks:
        if r.channel != channel:
            continue
        x = r.start / duration * width
        w = max(3.0, (r.end - r.start) / duration * width)
        title = f"risk {fmt_time(r.start)}–{fmt_time(r.end)} · {risk_label(r.reason)}"
        out.append({"t": f"{max(0.0, r.start - 2.0):.2f}", "x": f"{x:.1f}", "w": f"{w:.1f}",
                    "title": title})
    return out
