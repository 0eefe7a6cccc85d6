"""The page shell shared by the call page and the batch index: inline CSS, CSP, small helpers.

Pages are fully offline: the Content-Security-Policy forbids every remote load, so even a
mistake elsewhere cannot make an analyst's browser fetch anything.
"""

from __future__ import annotations

import html
from pathlib import Path

from pipeline.report.summary import write_text_atomic
from pipeline.schema import Report

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; media-src 'self'; base-uri 'none'; form-action 'none'")

CSS = """
:root{--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--ink:#1f2328;--mute:#59636e;--line:#d1d9e0}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 color:var(--ink);margin:0;background:#f6f8fa}
main{max-width:1280px;margin:0 auto;padding:16px 24px 48px;background:#fff;min-height:100vh}
h1{font-size:22px;margin:4px 0 2px;word-break:break-all}h2{font-size:18px;margin:26px 0 8px}
h3{font-size:13px;margin:10px 0 0;color:var(--mute);font-weight:600}
.meta{color:var(--mute);font-size:13px}
.status{display:inline-block;padding:1px 10px;border-radius:12px;color:#fff;font-weight:600;
 font-size:13px;vertical-align:middle;text-transform:uppercase}
.st-ok{background:var(--ok)}.st-review{background:var(--warn)}.st-failed{background:var(--bad)}
.review{border:2px solid #d4a72c;background:#fff8c5;border-radius:8px;padding:4px 16px 10px}
.review.clear{border-color:#4ac26b;background:#dafbe1}
#error,#failed{border-color:var(--bad);background:#ffebe9}
.review ul{margin:4px 0;padding-left:20px}.review li{margin:3px 0}
.scroll{max-height:320px;overflow:auto;border:1px solid var(--line);background:#fff}
.scroll table{margin:0;width:100%}
.review li.flag{font-weight:600;color:var(--bad)}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0 10px}
.card{border:1px solid var(--line);border-radius:8px;padding:6px 14px;min-width:120px}
.card b{display:block;font-size:20px}.card span{color:var(--mute);font-size:12px}
table{border-collapse:collapse;font-size:13px;margin:4px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}
tr.rev td{background:#fff8c5}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.mask{color:var(--mute);font-family:ui-monospace,monospace}
td.nw{white-space:nowrap}.wide{overflow-x:auto}
tr.total td{font-weight:700;border-top:2px solid var(--ink)}
mark.tag{background:var(--c);color:#fff;border-radius:4px;padding:0 5px;font-size:12px;
 font-weight:600;letter-spacing:.02em;white-space:nowrap}
svg.waveform{width:100%;height:auto;display:block;font:13px system-ui,sans-serif}
svg .bg{fill:#f6f8fa}svg .wave{fill:#57606a}svg .axis{stroke:#8c959f}
svg .tick{fill:var(--mute);font-size:11px}svg .lbl{font-weight:700;font-size:12px}
svg .span{fill-opacity:.45;cursor:pointer}svg .span.other{fill-opacity:.2}
svg .span.rev{stroke:var(--bad);stroke-width:2;stroke-dasharray:4 2}
svg .revmark{fill:var(--bad);pointer-events:none}
svg .risk{fill:none;stroke:#b8860b;stroke-width:2;stroke-dasharray:6 3;cursor:pointer}
.risks{border-left:4px solid #b8860b;padding-left:.6em}.decision{padding:.3em .6em}
.d-release{background:#e8f5e9}.d-review{background:#fff8e1}.d-quarantine,.d-failed{background:#fdecea}
svg .span:hover{fill-opacity:.7}
audio{width:100%;margin:4px 0}
.hint,.note{color:var(--mute);font-size:13px;margin:4px 0}.note{font-style:italic}
.ok.big{color:var(--ok);font-size:17px;font-weight:600}
.turns p{margin:2px 0;padding:2px 8px;border-left:3px solid var(--line)}
pre{white-space:pre-wrap;word-break:break-all}
a{color:#0969da}footer{margin-top:32px;color:var(--mute);font-size:12px}
"""

JS = """document.addEventListener('click',function(e){
var t=e.target.closest('[data-t]'),a=document.querySelector('audio');
if(!t||!a)return;a.currentTime=parseFloat(t.getAttribute('data-t'));a.play();});"""


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def fmt_time(seconds: float, tenths: bool = True) -> str:
    """Format seconds as ``mm:ss.s`` (minutes unbounded), or ``mm:ss`` without tenths."""
    seconds = max(0.0, float(seconds))
    if tenths:
        minutes, rest = divmod(round(seconds, 1), 60)
        return f"{int(minutes):02d}:{rest:04.1f}"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes:02d}:{rest:02d}"


def source_name(report: Report) -> str:
    """Return the source's file name only; its folders are never shown."""
    return Path(report.source).name if report.source else "(unknown source)"


def safe_error(report: Report) -> str:
    """Return the error with the source's full path cut down to its file name."""
    error = report.error or "unknown error"
    if report.source:
        error = error.replace(report.source, source_name(report))
        folder = str(Path(report.source).parent)
        if folder not in {".", "/"}:
            error = error.replace(folder, "…")
    return error


def status(value: str) -> str:
    """Return a coloured status badge."""
    return f'<span class="status st-{esc(value)}">{esc(value)}</span>'


def cards(items: list[tuple[str, str]]) -> str:
    """Return a row of summary figures, each (label, value)."""
    inner = "".join(f'<div class="card"><b>{esc(v)}</b><span>{esc(k)}</span></div>'
                    for k, v in items)
    return f'<div class="cards">{inner}</div>'


def header(name: str, report: Report) -> str:
    """Return the call page's heading: file name, status and technical identity."""
    facts = [f"{report.sample_rate} Hz" if report.sample_rate else "",
             f"{report.channels} ch" if report.channels else "",
             f"model {esc(report.model)}" if report.model else ""]
    return (f'<header><h1>{esc(name)} {status(report.status)}</h1>'
            f'<div class="meta">{" · ".join(f for f in facts if f)}</div></header>')


def footer(report: Report) -> str:
    """Return the footer with the hashes that tie the page to its source and config."""
    return (f'<footer>Source sha256 {esc(report.sha256[:16] or "?")}… · config '
            f'{esc(report.config_hash[:12] or "?")} · generated by Piip; this page shows no '
            f'personal values, only entity types and times.</footer>')


def page(title: str, body: str) -> str:
    """Return a complete, self-contained HTML document."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="referrer" content="no-referrer">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)}</title><style>{CSS}</style></head>'
            f'<body><main>{body}</main><script>{JS}</script></body></html>\n')


def write_html(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (temporary name, fsync, rename)."""
    return write_text_atomic(path, text)
