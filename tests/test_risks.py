"""The release gate's risk items: one table of Finnish vectors per reason, and what is no risk.

A vector is a script of turns ``"<channel>: words"`` separated by ``" | "``. Every word
lasts 0.4 s with 0.1 s between words and 1.5 s between turns. A word written ``#word`` is
bleeped; ``*word`` must end up under a risk item of the expected reason (or under a
fail-closed bleep when the reason is ``bleep``); ``~word`` has probability 0.2 and
``!word`` has no trustworthy timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import GateConfig
from pipeline.fi import morphology
from pipeline.gate.risks import find_risks
from pipeline.gate.text import masked_text, utterances
from pipeline.redact.textmap import layout
from pipeline.schema import RISK_REASONS, PiiSpan, RiskItem, Word

pytestmark = pytest.mark.skipif(not morphology.available(), reason="Voikko not installed")
GATE = GateConfig()


@dataclass(frozen=True)
class Script:
    """Words with times, the bleeps over the ``#`` words, and the marked target indices."""

    words: tuple[Word, ...]
    bleeps: tuple[PiiSpan, ...]
    targets: tuple[int, ...]
    channels: int


def script(text: str, goodbye: bool = True) -> Script:
    """Build a :class:`Script` from the vector notation of the module docstring.

    With ``goodbye`` every channel opens with an ordinary "hyvää päivää", 12 s before the
    vector, and ends, 6 s after it, with "kiitos näkemiin", so that the vector itself is
    neither the call's greeting nor its goodbye (see ``greeting_words``).
    """
    words, bleeps, targets = [], [], []
    t = 0.0
    channels = max(int(turn.partition(": ")[0]) for turn in text.split(" | ")) + 1
    if goodbye:
        for channel in range(channels):
            for text_ in ("hyvää", "päivää"):
                words.append(Word(text_, round(t, 3), round(t + 0.4, 3), 0.9, channel))
                t += 0.5
        t += 12.0
    for turn in text.split(" | "):
        ch_text, _, body = turn.partition(": ")
        channel = int(ch_text)
        for raw in body.split():
            word = raw.lstrip("#*~!")
            mark = raw[:len(raw) - len(word)]
            w = Word(word, round(t, 3), round(t + 0.4, 3), 0.2 if "~" in mark else 0.9,
                     channel, timing_ok="!" not in mark)
            if "#" in mark:
                bleeps.append(PiiSpan(w.start - 0.25, w.end + 0.3, "PERSON", 0.9, "Fake",
                                      channel))
            if "*" in mark:
                targets.append(len(words))
            words.append(w)
            t += 0.5
        t += 1.4
    if goodbye:
        t += 6.0
        for channel in range(channels):
            for text_ in ("kiitos", "näkemiin"):
                words.append(Word(text_, round(t, 3), round(t + 0.4, 3), 0.9, channel))
                t += 0.5
    return Script(tuple(words), tuple(bleeps), tuple(targets), channels)


def run(s: Script, speech: tuple = ()) -> tuple[list[RiskItem], list[PiiSpan]]:
    """Run the gate on a script; the bleeps of the script are the merged bleeps."""
    lay = layout(s.words, 1.2)
    found = find_risks(s.words, lay, [], s.bleeps, speech, s.channels, GATE)
    return list(found.items), list(found.bleeps)


def under(w: Word, spans: list) -> bool:
    """Tell whether the middle of ``w`` lies under one of ``spans``."""
    mid = (w.start + w.end) / 2
    return any(x.start <= mid <= x.end for x in spans)


VECTORS = [
    # unbleeped answers to personal-data questions, garbled questions included
    ("unbleeped_answer", "0: mikä on sähköpostisi? | 1: se on *kotikissa tietysti"),
    ("unbleeped_answer", "0: mikä on teidän puhelinumero | 1: joo se on *kotikissa"),
    ("unbleeped_answer", "0: kertoisitko henkilötunnukses | 1: hetkinen *takomotie"),
    ("unbleeped_answer", "0: kirjoitunnukseni on *kolmetoista *kymmenen"),
    ("unbleeped_answer", "0: mikä on osoitteesi? joo se on *kuusikuja"),
    ("unbleeped_answer", "0: ja asiakasnumero | 0: *äksäpee *kolmonen"),
    # the answer was bleeped in part: what is left still counts when it looks like data
    ("unbleeped_answer", "0: mikä on osoitteesi | 1: #Kuusikuja #neljä ja *Takomotie"),
    # residue: number words, inflected, misheard, digits
    ("number_residue", "0: se on *kolme *kaksi *yksi tota"),
    ("number_residue", "0: joo *neljät *viiden *kahdeksan"),
    ("number_residue", "0: no *satakalme *meisikymmentä *yteksan"),
    ("number_residue", "0: se oli *4512 kai"),
    ("spelled_letters", "0: se kirjoitetaan *bee *äks *koo"),
    ("spelled_letters", "0: joo *äl ja *äm"),
    ("email_residue", "0: *matti *ät *gmail *piste com"),
    ("email_residue", "0: *liisa *hotmeil piste fi"),
    ("name_residue", "0: puhuin *Virtaselle eilen"),
    ("name_residue", "0: soitin eilen *Birtaselle"),
    ("bleep", "0: nimeni on *Birtanen"),
    ("name_residue", "0: hei *rille täällä"),
    ("health_residue", "0: minulla on *diapetes ja muuta"),
    ("health_residue", "0: käytän *metformiinia päivittäin"),
    ("health_residue", "0: käytän *en *alaprilja aamuisin"),  # one word split in two
    ("name_residue", "0: soitan *järviisen asiasta"),  # an unknown -inen surname, inflected
    ("name_residue", "0: joo *ilkaiskelinen minulla olisi kysymys"),
    ("name_residue", "0: tässä on verran *laine kuinka voin auttaa"),  # surname after the slot
    ("bleep", "0: hänen nimensä on *Xkarvo kiitos"),  # someone else's name, bleeped
    ("name_residue", "0: hänen nimense on *Xkarvo kiitos"),  # a cue heard one edit off
    ("name_residue", "0: hei täällä. *Hanutuomi minulla olisi asiaa"),  # past a full stop
    # what is left between two bleeps: an unknown word, a letter, a number glued to a garble
    ("between_bleeps", "0: #Kaivokatu tota *xkarvo niin #Kuopio"),
    ("between_bleeps", "0: #Sepäntori no *p joo #Lappeenranta"),
    ("doubted_speech", "0: ja sitten *~talossa *~mentiin kotiin"),
    ("doubted_speech", "0: joo *~präälvää"),
    # fail-closed: number words answering an identifier question are bleeped
    ("bleep", "0: mikä on henkilötunnuksesi | 1: *kaksi *kolme *nolla *viis"),
    ("bleep", "0: sano vielä hetu | 1: *kaks *kymentä *kolmen olla *kahdeksan"),
    ("bleep", "0: puhelinnumerosi kiitos | 0: *nolla *neljä *nolla"),
    ("bleep", "0: mikä on nimesi | 1: *Virtanen"),
]


@pytest.mark.parametrize(("reason", "text"), VECTORS)
def test_risk_vectors(reason, text):
    s = script(text)
    items, bleeps = run(s)
    assert s.targets
    for k in s.targets:
        w = s.words[k]
        if reason == "bleep":
            assert under(w, bleeps), (w.text, bleeps)
        else:
            hits = [r for r in items if r.channel == w.channel and under(w, [r])]
            assert hits and hits[0].reason == reason, (w.text, items)
    assert all(r.reason in RISK_REASONS for r in items)


NO_RISK = [
    "0: kiitos hei",
    "0: hetki pieni",
    "0: hyvää päivää miten voin auttaa",
    "0: joo kyllä se sopii hyvin kiitos",
    # a price said with its currency is a quantity, not an identifier
    "0: se maksaa kaksikymmentä kolme euroa viisikymmentä senttiä",
    "0: lasku on sata kaksikymmentä euroa",
    # a time of day is not an identifier
    "0: soitan kello viisitoista kolmekymmentä",
    # a question whose answer is bleeped: nothing is left to hear
    "0: mikä on henkilötunnuksesi | 1: se on #kaksi #kolme #nolla #viis kiitos",
    "0: mikä on nimesi | 1: #Liisa #Virtanen",
    # ... and ordinary words after the bleeped answer are not the answer
    "0: mikä on henkilötunnuksesi | 1: #kaksi #kolme #nolla #viis palautusta varten tarvitsen",
    "0: mikä on osoitteesi | 1: #Kuusikuja #neljä laskun summa on selvä",
    # a question asked in passing with an ordinary answer
    "0: osoite vaihtui viime kuussa",
    # a cue's sentence ended and an ordinary word follows
    "0: hei täällä. Minulla olisi asiaa",
    # ordinary words between two bleeps
    "0: #Maria #Nurmi ja henkilötunnus on #kaksi #kolme",
    "0: #Virtanen muutin osoitteeseen #Kuusikuja",
    # a known adjective ending in -inen is not a surname
    "0: se oli tosi tavallinen asia",
]


@pytest.mark.parametrize("text", NO_RISK)
def test_ordinary_speech_raises_no_risk(text):
    items, bleeps = run(script(text))
    assert items == [] and bleeps == []


def test_wordless_speech_not_bleeped_is_a_risk():
    s = script("0: hyvää päivää")
    items, _ = run(s, speech=((0.0, 0.9, 0), (3.0, 4.0, 0)))
    assert [(r.reason, r.channel) for r in items] == [("wordless_speech", 0)]
    assert items[0].start <= 3.0 and items[0].end >= 4.0


def test_wordless_speech_that_is_bleeped_is_no_risk():
    s = script("0: hyvää päivää")
    bleep = PiiSpan(2.9, 4.1, "UNTRANSCRIBED_SPEECH", 0.5, "VoiceActivityCoverage", 0)
    lay = layout(s.words, 1.2)
    found = find_risks(s.words, lay, [], [bleep], ((3.0, 4.0, 0),), 1, GATE)
    assert found.items == ()


def test_untimed_word_widens_its_bleep_to_the_timed_words_around_it():
    # the untimed name may lie anywhere between "päivää" (ends 0.9 s) and "tässä" (4.3 s)
    s = script("0: hyvää päivää | 0: #!Virtanen | 0: tässä ja sitten", goodbye=False)
    items, bleeps = run(s)
    assert not [r for r in items if r.reason == "unsupported_edge"]
    widened = sorted((b.start, b.end) for b in bleeps if b.reason == "unsupported_edge")
    assert widened == [(pytest.approx(0.9), pytest.approx(2.15)),
                       (pytest.approx(3.1), pytest.approx(4.3))]


def test_unsupported_edge_past_the_widened_bleep_of_a_long_gap():
    words = (Word("hyvää", 0.0, 0.4, 0.9, 0), Word("päivää", 0.5, 0.9, 0.9, 0),
             Word("Virtanen", 5.0, 5.4, 0.9, 0, timing_ok=False),
             Word("tässä", 10.0, 10.4, 0.9, 0))
    bleep = PiiSpan(4.75, 5.7, "PERSON", 0.9, "Fake", 0)
    found = find_risks(words, layout(words, 1.2), [], [bleep], (), 1, GATE)
    widened = sorted((b.start, b.end) for b in found.bleeps)
    assert widened == [(pytest.approx(3.25), pytest.approx(4.75)),
                       (pytest.approx(5.7), pytest.approx(7.2))]
    edges = [r for r in found.items if r.reason == "unsupported_edge"]
    assert {r.start < bleep.start for r in edges} == {True, False}
    assert all(r.end <= 3.25 + 1e-6 or r.start >= 7.2 - 1e-6 for r in edges)
    assert all(r.end - r.start <= 1.5 + 2 * GATE.risk_pad for r in edges)


def test_untimed_word_between_close_timed_words_is_supported():
    s = script("0: hyvää päivää #!Virtanen tässä ja sitten")
    assert not [r for r in run(s)[0] if r.reason == "unsupported_edge"]


def test_risk_inside_a_bleep_is_dropped_and_items_are_short():
    s = script("0: se on *kolme *kaksi *yksi tota ja sitten kiitos hei kaikille")
    items, _ = run(s)
    assert len(items) == 1 and items[0].end - items[0].start < 2.5
    covered = PiiSpan(0.0, 20.0, "PERSON", 0.9, "Fake", 0)
    found = find_risks(s.words, layout(s.words), [], [covered], (), 1, GATE)
    assert found.items == ()


def test_stereo_items_stay_on_their_channel():
    s = script("0: mikä on sähköpostisi? | 1: se on *kotikissa")
    items, _ = run(s)
    assert {r.channel for r in items} == {1}


def test_masked_text_hides_risk_words_and_keeps_turns():
    s = script("0: mikä on henkilötunnuksesi | 1: se on kotikissa | 0: kiitos Liisa",
               goodbye=False)
    lay = layout(s.words, 1.2)
    risks = [RiskItem(s.words[5].start, s.words[5].end, 1, "unbleeped_answer")]
    text = masked_text(lay, s.words, [], risks)
    assert "kotikissa" not in text and "<RISK>" in text
    assert text.splitlines() == ["mikä on henkilötunnuksesi", "se on <RISK>", "kiitos Liisa"]
    utts = utterances(lay, s.words, [], risks)
    assert [u.channel for u in utts] == [0, 1, 0]
    assert utts[1].start == s.words[3].start and utts[1].end == s.words[5].end


def test_masked_text_masks_fail_closed_bleeps_and_joins_neighbours():
    s = script("0: numero on kaksi kolme nolla ok", goodbye=False)
    lay = layout(s.words, 1.2)
    residue = PiiSpan(s.words[2].start, s.words[4].end, "PHONE_NUMBER", 0.5, "ReleaseGate", 0)
    assert masked_text(lay, s.words, [], [], [residue]) == "numero on <PHONE_NUMBER> ok"


FILLER = ["joo", "no", "tota", "asia", "on", "hyvä", "tänään", "kyllä", "minä", "sitten",
          "vielä", "talo", "tämä", "ja", "se", "meillä", "ehkä"]
DIGITS = ["nolla", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän",
          "kahdeksan", "yhdeksän", "yks", "kaks", "viis", "kuus", "seiska", "kasi", "ysi"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(st.sampled_from(FILLER), max_size=6),
       planted=st.lists(st.sampled_from(DIGITS), min_size=3, max_size=8),
       after=st.lists(st.sampled_from(FILLER), max_size=6),
       stereo=st.booleans())
def test_planted_number_words_are_always_caught(before, planted, after, stereo):
    turns = [f"0: {' '.join(before + ['*' + p for p in planted] + after)}"]
    if stereo:
        turns.insert(0, "1: hyvää päivää")
    s = script(" | ".join(turns))
    items, bleeps = run(s)
    for k in s.targets:
        w = s.words[k]
        assert under(w, bleeps) or under(w, [r for r in items if r.channel == w.channel]), (
            w.text, items)


@pytest.mark.parametrize(("text", "expected"), [
    ("summa on 104 ,8 euroa", True), ("90 prosenttia", True), ("kaksi päivää sitten", True),
    ("kaksi viikkoa sitten", True),  # Regression: "viikkoa" was not a unit (only "viiko-")
    ("numero on 104 ,8 kiitos", False), ("kaksi kolme", False),
])
def test_a_number_said_with_its_unit_is_a_quantity(text, expected):
    from pipeline.gate.words import amounts, numbers

    s = script("0: " + text)
    first = next(k for k, w in enumerate(s.words) if w.text[0].isdigit() or w.text == "kaksi"
                 or w.text == "90")
    found = amounts(numbers(layout(s.words, 1.2), [w.text for w in s.words]))
    assert (first in found) is expected


@pytest.mark.parametrize(("word", "expected"), [
    ("äivitän", True), ("osoiteesi", True), ("joonnistunut", True),  # ordinary words misheard
    ("birtanen", False), ("kalevii", False), ("mäenpoku", False),  # names and a street
    ("hannulehtonen", False), ("präälvää", False), ("talo", False),  # no suggestion; known
])
def test_garbled_common_words_are_told_from_garbled_names_and_streets(word, expected):
    from pipeline.gate.words import garbled_common

    assert garbled_common(word) is expected


def mid_call(*words: Word) -> tuple[Word, ...]:
    """Return ``words`` 10 s into a call that opens and closes with ordinary words."""
    shifted = tuple(Word(w.text, w.start + 10, w.end + 10, w.prob, w.channel) for w in words)
    return (Word("hyvää", 0.0, 0.4, 0.9, 0), *shifted, Word("kiitos", 30.0, 30.4, 0.9, 0))


@pytest.mark.parametrize(("neighbour", "narrowband", "flagged"), [
    (Word("kuus", 2.3, 2.7, 0.3, 0), True, True),    # doubted, just after the bleep
    (Word("xkarvo", 2.3, 2.7, 0.9, 0), True, True),  # unknown to Voikko
    (Word("42", 2.3, 2.7, 0.9, 0), True, True),      # a digit
    (Word("kuus", 2.3, 2.7, 0.3, 0), False, False),  # wideband: timing is trusted
    (Word("kiitos", 2.3, 2.7, 0.9, 0), True, False),  # a sure ordinary word
    (Word("kuus", 3.5, 3.9, 0.3, 0), True, False),   # too far from the bleep
])
def test_narrowband_bleep_neighbours(neighbour, narrowband, flagged):
    words = mid_call(Word("hei", 0.0, 0.3, 0.9, 0), Word("Virtanen", 1.0, 1.6, 0.9, 0),
                     neighbour, Word("joo", 6.0, 6.3, 0.9, 0))
    bleep = PiiSpan(10.8, 11.9, "PERSON", 0.9, "Fake", 0)
    found = find_risks(words, layout(words, 1.2), [], [bleep], (), 1, GATE,
                       narrowband=narrowband)
    mine = words[3]
    hits = [r for r in found.items if r.start <= mine.start and mine.end <= r.end]
    assert bool(hits) is flagged, found.items  # the reason may be a stronger one


@pytest.mark.parametrize(("text", "looped"), [
    ("0: hei hei hei hei hei joo", ["hei"] * 5),               # one word, five times
    ("0: joo katsaksaksaksaksaksaksaks selvä", ["katsaksaksaksaksaksaksaks"]),  # in one word
    ("0: se on puhelinnumero ja kaksikymmentäkaksi", []),      # long words are not loops
    ("0: on se että on se että on se että on se että kiitos", ["on", "se", "että"] * 4),
    ("0: kiitos hei hei hei nähdään", []),                     # three times is speech
    ("0: mikä on teidän nimi on teidän", []),
    # a handful of words shuffled, with other words around it
    ("0: no luone hän ettei kautta hän ettei luone kautta ettei hän luone kautta selvä",
     ["luone", "hän", "ettei", "kautta", "hän", "ettei", "luone", "kautta", "ettei", "hän",
      "luone", "kautta"]),
    # ordinary speech of twelve words or more repeats some words, but not like that
    ("0: joo no se on ihan hyvä ja se on kyllä ihan hyvä näin", []),
    # a phrase of four words said again and again
    ("0: minulla todella sinun joku minulla todella sinun joku minulla todella sinun joku",
     ["minulla", "todella", "sinun", "joku"] * 3),
])
def test_repetition_loops_are_wordless_speech(text, looped):
    from pipeline.gate.timeline import looped_speech

    s = script(text)
    items = looped_speech(s.words)
    inside = [w.text for w in s.words if any(a <= w.start and w.end <= b or
                                             a <= w.start < b for a, b, _, _ in items)]
    assert inside == looped
    assert all(reason == "wordless_speech" for *_, reason in items)


def test_a_loop_over_unbleeped_speech_is_a_risk_item():
    s = script("0: hyvää päivää | 0: hei hei hei hei hei hei | 0: kiitos")
    items, _ = run(s)
    loop = [w for w in s.words if w.text == "hei"]
    assert any(r.reason == "wordless_speech" and r.start <= loop[0].start
               and r.end >= loop[-1].end for r in items), items


GREETINGS = [
    ("0: kiitos *~sulla mukavaa päivää", True),      # a name heard as a word Whisper doubted
    ("0: kiitos *elvää mukavaa päivää", True),       # an unknown word
    ("0: ei tarvitse | 0: muka vaa saa *elvää", True),
    ("1: kiitos | 0: kiitos *Birtanen hei", True),   # a misheard name (also a name residue)
    ("0: kiitos soitosta ja hyvää päivänjatkoa", False),
    ("0: kiitos #Maria mukavaa päivää", False),
    ("0: kiitos hei hei", False),
    ("0: lasku on sata kaksikymmentä euroa kiitos hei", False),  # an amount
    # the greeting: the agent's own name
    ("0: asiakaspalvelu *esä tuominen puhelimessa", True),
    ("0: asiakaspalvelu #Esa #Tuominen puhelimessa miten voin auttaa", False),
]


@pytest.mark.parametrize(("text", "flagged"), GREETINGS)
def test_unclear_words_in_the_greeting_and_goodbye_are_risks(text, flagged):
    s = script(text, goodbye=False)
    items, _ = run(s)
    for k in s.targets:
        w = s.words[k]
        assert any(r.channel == w.channel and under(w, [r]) for r in items), (w.text, items)
    assert bool(items) is flagged, items


def test_the_same_words_mid_call_are_no_greeting_risk():
    s = script("0: hyvää päivää | 0: kiitos elvää mukavaa päivää | 0: hyvää päivänjatkoa")
    items, _ = run(s)
    assert [r for r in items if r.reason == "greeting_words"] == []


def test_speech_without_words_between_two_bleeps_is_a_risk():
    s = script("0: #Kaivokatu tota niin #Kuopio", goodbye=False)
    gap = (s.words[1].start, s.words[2].end, 0)
    words = tuple(w for k, w in enumerate(s.words) if k not in (1, 2))
    found = find_risks(words, layout(words, 1.2), [], s.bleeps, (gap,), 1, GATE)
    assert [(r.reason, r.channel) for r in found.items] == [("between_bleeps", 0)]
    far = PiiSpan(20.0, 21.0, "PERSON", 0.9, "Fake", 0)  # over BETWEEN_MAX: no item
    found = find_risks(words, layout(words, 1.2), [], (s.bleeps[0], far),
                       ((s.words[1].start, 19.0, 0),), 1, GATE)
    assert [r for r in found.items if r.reason == "between_bleeps"] == []


@pytest.mark.parametrize(("tail", "bleeped"), [
    ("kategseiska", True),   # "kaks seiska" glued to a garble, just after a number bleep
    ("bisnollaromaniä", True),
    ("kiitos", False),       # an ordinary word
    ("xkarvo", False),       # unknown, but holds no number word
])
def test_number_words_glued_to_a_garble_after_a_number_bleep_are_bleeped(tail, bleeped):
    words = (Word("numero", 0.0, 0.4, 0.9, 0), Word("neljä", 1.0, 1.4, 0.9, 0),
             Word("kaksi", 1.5, 1.9, 0.9, 0), Word(tail, 2.3, 2.8, 0.9, 0),
             Word("selvä", 9.0, 9.4, 0.9, 0), Word("kiitos", 15.0, 15.4, 0.9, 0))
    bleep = PiiSpan(0.8, 2.1, "PHONE_NUMBER", 0.9, "Fake", 0)
    found = find_risks(words, layout(words, 1.2), [], [bleep], (), 1, GATE)
    assert under(words[3], list(found.bleeps)) is bleeped
    assert not under(words[4], list(found.bleeps))


@pytest.mark.parametrize(("entity", "flagged"), [
    ("UNTRANSCRIBED_SPEECH", True),  # edges from voice activity: a name may lie past them
    ("UNRELIABLE_SPEECH", True),
    ("PERSON", True),
    ("HEALTH", False),  # not an item whose tail would be a number or a name
])
def test_narrowband_neighbours_of_untrusted_speech(entity, flagged):
    words = mid_call(Word("hei", 0.0, 0.3, 0.9, 0), Word("maailmaa", 2.3, 2.7, 0.2, 0),
                     Word("joo", 6.0, 6.3, 0.9, 0))
    bleep = PiiSpan(10.8, 11.9, entity, 0.9, "Fake", 0)
    found = find_risks(words, layout(words, 1.2), [], [bleep], (), 1, GATE, narrowband=True)
    hits = [r for r in found.items if r.start <= words[2].start and words[2].end <= r.end]
    assert bool(hits) is flagged, found.items


def test_on_one_channel_the_callers_introduction_is_part_of_the_greeting():
    # the agent answers, then the caller says a name Whisper heard as a word it doubted
    said = [("asiakaspalvelu", 0.0), ("mitä", 1.2), ("asiaa", 1.6), ("moi", 4.9),
            ("talossa", 6.3), ("minulla", 7.6), ("olisi", 7.9), ("kysymys", 8.2),
            ("selvä", 30.0), ("kiitos", 60.0)]
    for channels in (1, 2):  # stereo: the caller's channel opened at 0.1 s, not at 4.9 s
        ws = [Word(t, s, s + 0.4, 0.2 if t == "talossa" else 0.9, channels - 1)
              for t, s in said]
        ws = [Word("hei", 0.1, 0.4, 0.9, channels - 1), *ws]
        found = find_risks(ws, layout(ws, 1.2), [], [], (), channels, GATE)
        mine = next(w for w in ws if w.text == "talossa")
        hits = [r for r in found.items if r.reason == "greeting_words" and under(mine, [r])]
        assert bool(hits) is (channels == 1), found.items


@pytest.mark.parametrize(("word", "flagged"), [
    ("tuulaket", True),   # a first name glued to a garbled surname
    ("sinäpua", False),   # unknown, but an ordinary phrase glued ("sinä apua"), no name in it
])
def test_later_in_a_mono_opening_unknown_words_count_only_with_a_name_in_them(word, flagged):
    said = [("asiakaspalvelu", 0.0), ("mitä", 1.2), ("asiaa", 1.6), ("tarvitsisin", 4.9),
            (word, 6.3), ("minulla", 7.6), ("olisi", 7.9), ("kysymys", 8.2),
            ("selvä", 30.0), ("kiitos", 60.0)]
    ws = [Word(t, s, s + 0.4, 0.9, 0) for t, s in said]
    found = find_risks(ws, layout(ws, 1.2), [], [], (), 1, GATE)
    hits = [r for r in found.items if under(ws[4], [r])]
    assert bool(hits) is flagged, found.items


def test_every_risk_reason_has_an_analyst_label_and_a_rank():
    from pipeline.gate.timeline import PRIORITY
    from pipeline.report.call_risks import RISK_LABELS

    assert set(RISK_LABELS) == RISK_REASONS
    assert set(PRIORITY) == RISK_REASONS and len(PRIORITY) == len(RISK_REASONS)


@pytest.mark.parametrize(("narrowband", "flagged"), [(True, True), (False, False)])
def test_on_the_telephone_any_doubted_word_in_the_goodbye_is_a_risk(narrowband, flagged):
    # "Kiitos Markku" heard as "Kiitos, mutta" (0.38): doubted, but not under half of 0.5
    said = [("hei", 0.0, 0.9), ("selvä", 20.0, 0.9), ("kiitos", 30.0, 0.9),
            ("mutta", 30.6, 0.38), ("mukavaa", 31.0, 0.9), ("päivää", 31.5, 0.9)]
    ws = [Word(t, s, s + 0.4, p, 0) for t, s, p in said]
    found = find_risks(ws, layout(ws, 1.2), [], [], (), 1, GATE, narrowband=narrowband)
    hits = [r for r in found.items if under(ws[3], [r])]
    assert bool(hits) is flagged, found.items
