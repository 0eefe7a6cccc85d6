"""The parts of a call page about what was *not* bleeped: the decision and the risk items.

Risk items come first on the page: they are where the automatic pass is unsure and where a
clip could still leak. Each row gives the time to jump to; the page never shows the words.
"""

from __future__ import annotations

from collections import Counter

from pipeline.report.page import esc, fmt_time
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


def decision_section(report: Report) -> str:
    """Return the call's decision and its reasons, at the top of the page."""
    decision = report.decision or "review"
    reasons = "".join(f"<li>{esc(r)}</li>" for r in report.decision_reasons)
    who = "" if report.decided_by in ("", "auto") else f" (by {esc(report.decided_by)})"
    return (f'<section id="decision" class="decision d-{esc(decision)}"><h2>Decision: '
            f'{esc(decision)}{who}</h2><p>{esc(DECISION_TEXT.get(decision, ""))}</p>'
            f'<ul>{reasons}</ul></section>')


def risk_section(report: Report) -> str:
    """Return the table of risk items: unbleeped places a person must listen to."""
    if not report.risks:
        return ('<section id="risks" class="risks clear"><h2>Risk items</h2>'
                '<p>No unbleeped place was flagged.</p></section>')
    rows = "".join(
        f'<tr><td class="nw"><a href="#risks" data-t="{max(0.0, r.start - 2.0):.2f}">'
        f'{fmt_time(r.start)}–{fmt_time(r.end)}</a></td><td class="num">{r.channel + 1}</td>'
        f'<td>{esc(risk_label(r.reason))}</td></tr>' for r in report.risks)
    counts = Counter(r.reason for r in report.risks)
    by = " · ".join(f"{esc(risk_label(k))}: {n}" for k, n in counts.most_common())
    return (f'<section id="risks" class="risks"><h2>Risk items: {len(report.risks)} place(s) to '
            f'listen to</h2><p class="hint">Not bleeped, and possibly personal data. Click a time '
            f'to play from 2 s before it. {by}</p><div class="scroll"><table><tr><th>Time</th>'
            f'<th>Ch</th><th>Why</th></tr>{rows}</table></div></section>')


def risk_marks(risks: tuple[RiskItem, ...], channel: int, duration: float, width: int,
               top: float, height: float) -> str:
    """Return SVG marks for the risk items heard on ``channel`` (hatched outline)."""
    out = []
    for r in risks:
        if r.channel != channel:
            continue
        x = r.start / duration * width
        w = max(3.0, (r.end - r.start) / duration * width)
        title = f"risk {fmt_time(r.start)}–{fmt_time(r.end)} · {risk_label(r.reason)}"
        out.append(f'<rect class="risk" data-t="{max(0.0, r.start - 2.0):.2f}" x="{x:.1f}" '
                   f'y="{top}" width="{w:.1f}" height="{height}"><title>{esc(title)}</title>'
                   '</rect>')
    return "".join(out)
