"""The review app: human edits re-render from the source, decisions bind to the output, access."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from fastapi.testclient import TestClient

from flows.cli import main
from pipeline.audio import bleep
from pipeline.audio import io as audio_io
from pipeline.batch.catalog import Catalog
from pipeline.config import PiipConfig
from pipeline.files import sha256_file, write_json
from pipeline.redact import spans
from pipeline.report.call_page import render_call_page
from pipeline.review import amend_spans, apply_human, human_decision
from pipeline.review.app import create_app
from pipeline.review.human import HUMAN, HumanDecision, HumanEdit, HumanState
from pipeline.review.security import Guard, check_bind
from pipeline.review.server import open_review
from pipeline.review.store import ReviewError, ReviewStore
from pipeline.schema import PiiSpan, Report, RiskItem

RATE, SECONDS = 16000, 20.0
PERSON = PiiSpan(2.0, 3.0, "PERSON", 0.9, "ner", channel=0)
PHONE = PiiSpan(8.0, 9.5, "PHONE_NUMBER", 0.5, "unvalidated", channel=1, review=True)
RISK = RiskItem(12.0, 13.0, 0, "number_residue")
ORIGIN = "http://127.0.0.1:8765"


def source_signal(seconds: float = SECONDS, rate: int = RATE, seed: int = 1) -> np.ndarray:
    """Two distinct channels: a tone plus noise, so any sample tells source from bleep."""
    t = np.arange(int(seconds * rate)) / rate
    noise = np.random.default_rng(seed).normal(0, 0.05, (len(t), 2))
    tones = np.stack([0.3 * np.sin(2 * np.pi * 220 * t), 0.3 * np.sin(2 * np.pi * 330 * t)], 1)
    return (tones + noise).astype(np.float32)


def make_call(out: Path, src_dir: Path, name: str, auto: tuple[PiiSpan, ...] = (PERSON, PHONE),
              decision: str = "review", seconds: float = SECONDS, cat: Catalog | None = None,
              cfg: PiipConfig | None = None) -> Path:
    """Write a source, its redacted wav (bleeped as ``piip run`` would) and its report."""
    cfg = cfg or PiipConfig()
    src = src_dir / f"{name}.wav"
    src.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(src), source_signal(seconds), RATE, subtype="PCM_16")
    audio = audio_io.decode(src)
    merged = spans.merge(auto, cfg.bleep.merge_gap)
    wav = audio_io.write_wav(out / f"{name}.wav", bleep.apply(audio.samples, RATE, merged,
                                                               cfg.bleep), RATE)
    report = Report(source=str(src), sha256=sha256_file(src), status="ok", duration=seconds,
                    sample_rate=RATE, channels=2, model="whisper-base",
                    config_hash=cfg.fingerprint(), redacted_transcript="hei <PERSON>",
                    spans=auto, output=str(wav), risks=(RISK,), decision=decision,
                    decision_reasons=("risk_items",) if decision == "review" else (),
                    stats={"output_sha256": sha256_file(wav),
                           "bleeped_seconds": spans.covered(merged)})
    path = write_json(out / f"{name}.json", report.to_dict())
    render_call_page(report, wav, out / f"{name}.html")
    if cat is not None:
        rel = f"{name}.wav"
        outputs = {"audio": f"{name}.wav", "report": f"{name}.json"}
        cat.mark_running(rel, report.sha256, src.stat().st_size, src.stat().st_mtime,
                         "whisper-base", cfg.fingerprint(), outputs=outputs)
        cat.mark_done(rel, "ok", outputs)
    return path


@pytest.fixture()
def outdir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    with Catalog.open(out / ".piip-catalog.sqlite") as cat:
        make_call(out, tmp_path / "in", "call01", cat=cat)
        make_call(out, tmp_path / "in", "call02", auto=(), decision="release", cat=cat)
        make_call(out, tmp_path / "in", "call03", decision="quarantine", cat=cat)
    return out


def client_for(out: Path, reviewer: str = "alice", cfg: PiipConfig | None = None,
               allow_original: bool = False, guard: Guard | None = None) -> TestClient:
    review = open_review(out, None, cfg or PiipConfig(), reviewer, allow_original)
    client = TestClient(create_app(review, guard or Guard("127.0.0.1")), base_url=ORIGIN)
    client.get("/")  # sets the CSRF cookie
    client.headers.update({"Origin": ORIGIN, "X-CSRF-Token": client.cookies["piip_csrf"]})
    client.review = review  # type: ignore[attr-defined]
    return client


def call_id(client: TestClient, name: str) -> int:
    with client.review.store.lock:  # type: ignore[attr-defined]
        row = client.review.store.db.execute(  # type: ignore[attr-defined]
            "SELECT id FROM review_index WHERE name = ?", (f"{name}.wav",)).fetchone()
    return int(row[0])


def window(path: Path, t0: float, t1: float) -> np.ndarray:
    data, _ = sf.read(str(path), dtype="float32", always_2d=True)
    return data[int(t0 * RATE):int(t1 * RATE)]


def is_bleeped(out_wav: Path, src: Path, t0: float, t1: float) -> bool:
    """Every channel differs from the source and carries the same tone."""
    o, s = window(out_wav, t0, t1), window(src, t0, t1)
    return bool(np.abs(o - s).mean() > 0.05 and np.allclose(o[:, 0], o[:, 1], atol=1e-4)
                and np.abs(o).max() > 0.1)


def is_source(out_wav: Path, src: Path, t0: float, t1: float) -> bool:
    return bool(np.abs(window(out_wav, t0, t1) - window(src, t0, t1)).max() < 1 / 32768 + 1e-7)


def span_body(s: dict) -> dict:
    return {k: s[k] for k in ("start", "end", "channel", "entity_type")}


# -- pure functions the pipeline calls -------------------------------------------------------

def test_amend_spans_removes_matching_auto_span_only_and_adds_human_spans() -> None:
    edits = (HumanEdit(1, "remove", 1.9, 3.1, 0, "PERSON", "not_personal_data"),
             HumanEdit(2, "add", 15.0, 16.0, 1, "ADDRESS"))
    moved_person = replace(PERSON, start=2.2, end=3.3)       # same type, channel, mostly inside
    other_channel = replace(PERSON, channel=1)
    other_type = replace(PERSON, entity_type="HEALTH")
    wider = replace(PERSON, start=0.0, end=6.0)              # mostly outside: kept (fail closed)
    got = amend_spans([moved_person, other_channel, other_type, wider, PHONE], edits)
    assert moved_person not in got
    assert {other_channel, other_type, wider, PHONE} <= set(got)
    human = [s for s in got if s.recognizer == HUMAN]
    assert [(s.start, s.end, s.channel, s.entity_type) for s in human] == \
        [(15.0, 16.0, 1, "ADDRESS")]
    assert amend_spans(got, edits) == got  # idempotent


def test_apply_human_binds_approval_to_output_hash() -> None:
    base = Report(source="/in/a.wav", sha256="s", status="ok", spans=(PERSON,),
                  decision="review", stats={"output_sha256": "aaa"}).to_dict()
    approved = HumanState((HumanEdit(1, "add", 5.0, 6.0, 0, "PERSON"),),
                          HumanDecision("release", "alice", "aaa"))
    out = apply_human(base, approved)
    assert (out["decision"], out["decided_by"]) == ("release", "alice")
    assert any(s["recognizer"] == HUMAN for s in out["spans"])
    rerun = {**base, "decision": "release", "stats": {"output_sha256": "bbb"}}
    out = apply_human(rerun, approved)
    assert (out["decision"], out["decided_by"]) == ("review", "auto")
    assert "approval_outdated" in out["decision_reasons"]
    assert [s["start"] for s in out["spans"] if s["recognizer"] == HUMAN] == [5.0]
    pending = replace(approved, decision=replace(approved.decision, confirmed=False))
    out = apply_human(base | {"decision": "release"}, pending)
    assert out["decision"] == "review" and "awaiting_second_approval" in out["decision_reasons"]
    removed = HumanState((HumanEdit(1, "remove", 2.0, 3.0, 0, "PERSON", "duplicate"),))
    out = apply_human(base | {"decision": "release"}, removed)
    assert out["decision"] == "review" and out["spans"] == []
    rejected = HumanState((), HumanDecision("quarantine", "bob", "zzz"))
    assert apply_human(rerun, rejected)["decision"] == "quarantine"
    assert HumanState.from_dict(json.loads(json.dumps(approved.to_dict()))) == approved


# -- queue -----------------------------------------------------------------------------------

def test_queue_orders_review_quarantine_release_with_counts(outdir: Path) -> None:
    client = client_for(outdir)
    page = client.get("/").text
    assert page.index("call01.wav") < page.index("call03.wav") < page.index("call02.wav")
    assert 'id="count-review">1<' in page and 'id="count-release">1<' in page
    only = client.get("/", params={"decision": "quarantine"}).text
    assert "call03.wav" in only and "call01.wav" not in only
    assert "Run date" in page and time.strftime("%Y-") in page


def test_queue_of_ten_thousand_calls_opens_within_a_second(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    rows = []
    for i in range(10_000):
        rel = f"d{i % 50}/c{i:05d}"
        report = {"source": f"/in/{rel}.wav", "sha256": "0", "status": "ok", "duration": 60.0,
                  "channels": 2, "spans": [], "risks": [],
                  "decision": ("review", "quarantine", "release")[i % 3], "decided_by": "auto"}
        (out / rel).parent.mkdir(exist_ok=True)
        (out / f"{rel}.json").write_text(json.dumps(report))
        rows.append((f"{rel}.wav", "0", 1, 0.0, "ok",
                     json.dumps({"audio": f"{rel}.wav", "report": f"{rel}.json"}),
                     "2024-05-01T02:00:00+00:00"))
    with Catalog.open(out / ".piip-catalog.sqlite") as cat:
        cat._db.executemany("INSERT INTO sources (path, sha256, size, mtime, status, outputs, "
                            "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        cat._db.commit()
    began = time.perf_counter()
    client = client_for(out)  # the first sync reads every report once
    first = time.perf_counter() - began
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        page = client.get("/")
        timings.append(time.perf_counter() - began)
    print(f"queue of 10,000: first index {first:.2f} s; open {min(timings) * 1000:.0f} ms")
    assert page.status_code == 200 and 'id="count-review">3334<' in page.text
    assert min(timings) <= 1.0


# -- edits re-render from the source ---------------------------------------------------------

def test_add_bleep_rerenders_from_source_under_the_output_contract(outdir: Path) -> None:
    client = client_for(outdir)
    cid, wav = call_id(client, "call01"), outdir / "call01.wav"
    src = outdir.parent / "in/call01.wav"
    page_before = (outdir / "call01.html").stat().st_mtime_ns
    assert is_source(wav, src, 15.0, 16.0)
    r = client.post(f"/api/calls/{cid}/spans", json={"start": 15.0, "end": 16.0, "channel": 1,
                                                     "entity_type": "ADDRESS"})
    assert r.status_code == 200, r.text
    assert is_bleeped(wav, src, 15.0, 16.0) and is_bleeped(wav, src, 2.0, 3.0)
    assert is_source(wav, src, 5.0, 7.0)
    info, srcinfo = sf.info(str(wav)), sf.info(str(src))
    assert (info.frames, info.channels, info.samplerate, info.subtype) == \
        (srcinfo.frames, srcinfo.channels, srcinfo.samplerate, "PCM_16")
    report = json.loads((outdir / "call01.json").read_text())
    assert report["stats"]["output_sha256"] == sha256_file(wav)
    assert [(s["start"], s["recognizer"]) for s in report["spans"]] == \
        [(2.0, "ner"), (8.0, "unvalidated"), (15.0, HUMAN)]
    assert (outdir / "call01.html").stat().st_mtime_ns > page_before
    assert "ADDRESS" in (outdir / "call01.html").read_text()
    assert not list(outdir.glob(".*partial"))
    log = client.review.store.entries("call01.json")  # type: ignore[attr-defined]
    assert [(e["action"], e["start_s"], e["end_s"], e["channel"], e["entity_type"],
             e["reviewer"]) for e in log] == [("add", 15.0, 16.0, 1, "ADDRESS", "alice")]


def test_remove_restores_source_audio_and_move_changes_edges(outdir: Path) -> None:
    client = client_for(outdir)
    cid, wav = call_id(client, "call01"), outdir / "call01.wav"
    src = outdir.parent / "in/call01.wav"
    data = client.get(f"/api/calls/{cid}").json()
    person = next(s for s in data["spans"] if s["entity_type"] == "PERSON")
    r = client.post(f"/api/calls/{cid}/spans/{person['key']}/remove",
                    json={"span": span_body(person), "reason": "not_personal_data"})
    assert r.status_code == 200, r.text
    assert is_source(wav, src, 1.5, 3.5) and is_bleeped(wav, src, 8.0, 9.5)
    assert r.json()["decision"] == "review"
    phone = r.json()["spans"][0]
    r = client.post(f"/api/calls/{cid}/spans/{phone['key']}/move",
                    json={"span": span_body(phone), "start": 8.5, "end": 11.0})
    assert r.status_code == 200, r.text
    assert is_source(wav, src, 7.0, 8.4) and is_bleeped(wav, src, 8.5, 11.0)
    stale = client.post(f"/api/calls/{cid}/spans/{phone['key']}/move",
                        json={"span": span_body(phone), "start": 1.0, "end": 2.0})
    assert stale.status_code == 409 and "reload" in stale.json()["error"]
    bad = client.post(f"/api/calls/{cid}/spans/0/remove",
                      json={"span": span_body(r.json()["spans"][0]), "reason": "Matti said"})
    assert bad.status_code == 409
    actions = [(e["action"], e["reason"]) for e in client.review.store.entries()]  # type: ignore
    assert actions == [("remove", "not_personal_data"), ("move", "from 8.000-9.500")]


def test_approve_binds_to_output_and_an_edit_sends_it_back_to_review(outdir: Path) -> None:
    client = client_for(outdir)
    cid, wav = call_id(client, "call01"), outdir / "call01.wav"
    r = client.post(f"/api/calls/{cid}/approve")
    assert r.status_code == 200 and (r.json()["decision"], r.json()["decided_by"]) == \
        ("release", "alice")
    store = client.review.store  # type: ignore[attr-defined]
    assert human_decision(store, "call01.json", sha256_file(wav)) == ("release", "alice")
    assert json.loads((outdir / "call01.json").read_text())["decision"] == "release"
    client.post(f"/api/calls/{cid}/spans", json={"start": 15.0, "end": 16.0, "channel": 0,
                                                 "entity_type": "PERSON"})
    report = json.loads((outdir / "call01.json").read_text())
    assert (report["decision"], report["decided_by"]) == ("review", "auto")
    assert human_decision(store, "call01.json", sha256_file(wav)) is None
    assert "id=\"count-release\">1<" in client.get("/").text  # call02 only
    r = client.post(f"/api/calls/{cid}/reject")
    assert r.json()["decision"] == "quarantine"
    assert [e["action"] for e in store.entries()] == ["approve", "add", "reject"]


def test_two_person_rule_needs_a_second_different_reviewer(outdir: Path) -> None:
    cfg = PiipConfig.model_validate({"review": {"two_person": True}})
    alice, bob = client_for(outdir, "alice", cfg), client_for(outdir, "bob", cfg)
    cid = call_id(alice, "call01")
    assert alice.post(f"/api/calls/{cid}/approve").json()["decision"] == "review"
    again = alice.post(f"/api/calls/{cid}/approve")
    assert again.status_code == 409 and "second, different reviewer" in again.json()["error"]
    r = bob.post(f"/api/calls/{cid}/approve")
    assert (r.json()["decision"], r.json()["decided_by"]) == ("release", "alice+bob")
    assert [e["action"] for e in alice.review.store.entries()] == \
        ["approve_pending", "confirm"]  # type: ignore[attr-defined]


def test_rerun_after_config_change_goes_back_to_review_and_keeps_human_spans(
        outdir: Path) -> None:
    client = client_for(outdir)
    cid = call_id(client, "call01")
    client.post(f"/api/calls/{cid}/spans", json={"start": 15.0, "end": 16.0, "channel": 0,
                                                 "entity_type": "PERSON"})
    data = client.get(f"/api/calls/{cid}").json()
    person = next(s for s in data["spans"] if s["entity_type"] == "PERSON" and not s["human"])
    client.post(f"/api/calls/{cid}/spans/{person['key']}/remove",
                json={"span": span_body(person), "reason": "not_personal_data"})
    assert client.post(f"/api/calls/{cid}/approve").json()["decision"] == "release"
    # A rerun under a new config: the automatic spans come out slightly different, the tone too.
    cfg = PiipConfig.model_validate({"bleep": {"frequency": 800.0}})
    state = client.review.store.state("call01.json")  # type: ignore[attr-defined]
    auto = [replace(PERSON, start=2.1, end=3.05), PHONE]
    to_bleep = spans.merge(amend_spans(auto, state.edits), cfg.bleep.merge_gap)
    src = outdir.parent / "in/call01.wav"
    audio = audio_io.decode(src)
    wav = audio_io.write_wav(outdir / "call01.wav",
                             bleep.apply(audio.samples, RATE, to_bleep, cfg.bleep), RATE)
    rerun = Report(source=str(src), sha256=sha256_file(src), status="ok", duration=SECONDS,
                   sample_rate=RATE, channels=2, config_hash=cfg.fingerprint(), spans=tuple(auto),
                   decision="release", stats={"output_sha256": sha256_file(wav)}).to_dict()
    out = apply_human(rerun, state)
    assert (out["decision"], out["decided_by"]) == ("review", "auto")
    assert [(s["start"], s["recognizer"]) for s in out["spans"]] == \
        [(8.0, "unvalidated"), (15.0, HUMAN)]
    assert is_bleeped(wav, src, 15.0, 16.0) and is_source(wav, src, 1.5, 3.5)


def test_purged_source_is_refused_and_nothing_changes(outdir: Path) -> None:
    client = client_for(outdir)
    cid = call_id(client, "call01")
    (outdir.parent / "in/call01.wav").unlink()
    before = (outdir / "call01.wav").read_bytes(), (outdir / "call01.json").read_text()
    r = client.post(f"/api/calls/{cid}/spans", json={"start": 15.0, "end": 16.0, "channel": 0,
                                                     "entity_type": "PERSON"})
    assert r.status_code == 409 and "gone" in r.json()["error"]
    assert ((outdir / "call01.wav").read_bytes(), (outdir / "call01.json").read_text()) == before
    assert client.review.store.state("call01.json").edits == ()  # type: ignore[attr-defined]
    assert 'id="source-gone"' in client.get(f"/calls/{cid}").text


def test_review_log_is_append_only(outdir: Path) -> None:
    with ReviewStore.open(outdir / ".piip-catalog.sqlite") as store:
        store.log("alice", "approve", "call01.json", output_sha256="x")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            with store.db:
                store.db.execute("UPDATE review_log SET reviewer = 'mallory'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            with store.db:
                store.db.execute("DELETE FROM review_log")
        assert [e["reviewer"] for e in store.entries()] == ["alice"]


# -- access ----------------------------------------------------------------------------------

def test_non_loopback_needs_a_token_and_every_request_must_carry_it(outdir: Path) -> None:
    with pytest.raises(ReviewError, match="--token"):
        check_bind("0.0.0.0", None)
    check_bind("127.0.0.2", None)
    assert main(["review", str(outdir), "--host", "0.0.0.0"]) == 2
    token = "s3cret-token-0123456789"
    review = open_review(outdir, None, PiipConfig(), "alice")
    client = TestClient(create_app(review, Guard("0.0.0.0", token)), base_url="http://10.0.0.5")
    assert client.get("/").status_code == 401
    assert client.get("/static/call.js").status_code == 401
    assert client.get("/", headers={"X-Piip-Token": "wrong-token-000000000"}).status_code == 401
    assert client.get("/", headers={"X-Piip-Token": token}).status_code == 200
    assert client.get("/login", params={"token": "nope"}).status_code == 401
    r = client.get("/login", params={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and "samesite=strict" in r.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200  # the cookie now carries it


def test_cross_site_posts_and_foreign_hosts_are_refused(outdir: Path) -> None:
    client = client_for(outdir)
    cid = call_id(client, "call01")
    url = f"/api/calls/{cid}/approve"
    assert client.post(url, headers={"Origin": "http://evil.example"}).status_code == 403
    no_origin = {k: v for k, v in client.headers.items() if k.lower() != "origin"}
    assert TestClient(client.app, base_url=ORIGIN, cookies=client.cookies).post(
        url, headers={"X-CSRF-Token": no_origin["x-csrf-token"]}).status_code == 403
    assert client.post(url, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 421
    assert json.loads((outdir / "call01.json").read_text())["decision"] == "review"
    assert client.review.store.entries() == []  # type: ignore[attr-defined]
    r = client.post(url)
    assert r.status_code == 200 and r.json()["decision"] == "release"


def test_pages_have_a_strict_csp_and_no_remote_assets(outdir: Path) -> None:
    client = client_for(outdir)
    r = client.get(f"/calls/{call_id(client, 'call01')}")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "http://" not in r.text and "https://" not in r.text and "<script>" not in r.text
    assert r.headers["x-frame-options"] == "DENY"
    assert client.get("/static/call.js").status_code == 200


def test_original_is_served_only_when_allowed_and_only_under_a_bleep(outdir: Path) -> None:
    params = {"start": 2.0, "end": 3.0, "channel": 0, "entity_type": "PERSON"}
    client = client_for(outdir)
    cid = call_id(client, "call01")
    assert client.get(f"/calls/{cid}/original/0.wav", params=params).status_code == 404
    allowed = client_for(outdir, "carol", allow_original=True)
    r = allowed.get(f"/calls/{cid}/original/0.wav", params=params)
    assert r.status_code == 200
    clip = outdir / "clip.wav"
    clip.write_bytes(r.content)
    data, _ = sf.read(str(clip), dtype="float32", always_2d=True)
    assert len(data) == RATE  # one second: the bleep, no more
    assert np.abs(data - window(outdir.parent / "in/call01.wav", 2.0, 3.0)).max() < 1e-4
    assert allowed.get(f"/calls/{cid}/original/0.wav",
                       params={**params, "end": 19.0}).status_code == 409
    log = allowed.review.store.entries()  # type: ignore[attr-defined]
    assert [(e["action"], e["reviewer"], e["start_s"], e["end_s"]) for e in log] == \
        [("play_original", "carol", 2.0, 3.0)]


def test_actions_wait_for_a_batch_run_and_decisions_reach_the_catalog(outdir: Path) -> None:
    client = client_for(outdir)
    cid = call_id(client, "call01")
    with Catalog.open(outdir / ".piip-catalog.sqlite") as cat, cat.lock_run():
        r = client.post(f"/api/calls/{cid}/approve")
        assert r.status_code == 409 and "batch run" in r.json()["error"]
    assert json.loads((outdir / "call01.json").read_text())["decision"] == "review"
    assert client.post(f"/api/calls/{cid}/reject").status_code == 200
    with Catalog.open(outdir / ".piip-catalog.sqlite") as cat:
        entry = cat.get("call01.wav")
    if not hasattr(entry, "decision"):
        pytest.skip("this catalog has no decision column")
    assert entry.decision == "quarantine"
    # the output folder's index is written again and shows the reviewer's decision
    page = (outdir / "index.html").read_text()
    data = json.loads(page.split('id="calls-data">', 1)[1].split("</script>", 1)[0])
    assert {row[0]: row[2] for row in data["rows"]}["call01.wav"] == "quarantine"


def test_output_folder_without_catalog_entries_is_indexed_from_its_reports(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    make_call(out / "sub", tmp_path / "in", "a")
    make_call(out, tmp_path / "in", "b", decision="release")
    (out / ".hidden").mkdir()
    (out / ".hidden" / "x.json").write_text("{}")
    client = client_for(out)
    page = client.get("/").text
    assert page.index("a.wav") < page.index("b.wav") and "x.json" not in page
    cid = call_id(client, "a")
    assert client.post(f"/api/calls/{cid}/approve").json()["decision"] == "release"
    assert client.review.index.sync() == 0  # type: ignore[attr-defined] - own write known
    assert 'id="count-release">2<' in client.get("/").text


def test_rerender_of_a_ten_minute_stereo_call_takes_at_most_two_seconds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    auto = tuple(PiiSpan(10.0 + 20 * i, 11.5 + 20 * i, "PERSON", 0.9, "ner", channel=i % 2)
                 for i in range(29))
    with Catalog.open(out / ".piip-catalog.sqlite") as cat:
        make_call(out, tmp_path / "in", "long", auto=auto, seconds=600.0, cat=cat)
    client = client_for(out)
    cid, walls = call_id(client, "long"), []
    for i in range(3):
        began = time.perf_counter()
        r = client.post(f"/api/calls/{cid}/spans", json={
            "start": 300.0 + 5 * i, "end": 301.0 + 5 * i, "channel": 0, "entity_type": "PERSON"})
        walls.append(time.perf_counter() - began)
        assert r.status_code == 200, r.text
    src, wav = tmp_path / "in/long.wav", out / "long.wav"
    assert all(is_bleeped(wav, src, 300.0 + 5 * i, 301.0 + 5 * i) for i in range(3))
    assert is_source(wav, src, 302.0, 304.0)
    print(f"re-render 10 min 16 kHz stereo: {[round(w, 2) for w in walls]} s; "
          f"phases {client.review.timings[-1]}")  # type: ignore[attr-defined]
    assert min(walls) <= 2.0
