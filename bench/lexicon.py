"""Word lists for the synthetic calls: common Finnish names, streets, towns, health terms.

Surnames map to their inflection stem (genitive without the final -n), so "Virtanen" gives
"Virtasen", "Virtaselle", "Virtaselta"; stems are listed by hand where consonant gradation
or an -e stem makes a rule unreliable.
"""

from __future__ import annotations

FEMALE_FIRST = (
    "Anna", "Maria", "Liisa", "Aino", "Helmi", "Sofia", "Emilia", "Ella", "Olivia", "Aada",
    "Eveliina", "Venla", "Pirjo", "Tuula", "Päivi", "Anneli", "Kaarina", "Johanna", "Sari",
    "Tiina", "Minna", "Marja", "Riitta", "Satu", "Hanna", "Leena", "Katja", "Laura", "Elina",
    "Heidi", "Jenni", "Niina", "Sanna", "Outi", "Kirsi", "Merja", "Eila", "Irma", "Raili",
    "Sirpa", "Tarja", "Ulla", "Anu", "Mari", "Noora", "Iida", "Veera", "Saara", "Kaisa",
    "Milla", "Emma", "Lotta", "Marjatta", "Helena", "Eeva", "Hilkka", "Seija", "Terhi",
)
MALE_FIRST = (
    "Juhani", "Mikko", "Matti", "Timo", "Jari", "Kari", "Antti", "Pekka", "Jukka", "Mika",
    "Markku", "Petri", "Janne", "Tuomas", "Ville", "Juha", "Sami", "Heikki", "Hannu", "Seppo",
    "Ari", "Jussi", "Harri", "Esa", "Marko", "Teemu", "Lauri", "Eero", "Onni", "Leo", "Eino",
    "Väinö", "Aleksi", "Joonas", "Olli", "Risto", "Pentti", "Tapio", "Kalevi", "Raimo",
    "Erkki", "Veikko", "Arto", "Jyrki", "Tommi", "Jani", "Niko", "Oskari", "Elias", "Eetu",
    "Aarne", "Reijo", "Kimmo", "Ilkka", "Sakari", "Martti",
)
# First names whose genitive is simply name + "n" (no consonant gradation).
PLAIN_GENITIVE_FIRST = (
    "Anneli", "Maria", "Liisa", "Aino", "Helmi", "Eila", "Irma", "Raili", "Sirpa", "Tarja",
    "Ulla", "Marja", "Leena", "Kaarina", "Pirjo", "Tuula", "Eero", "Eino", "Reijo", "Raimo",
    "Kalevi", "Väinö", "Pentti", "Sakari", "Juhani", "Hannu", "Tapio", "Ilkka",
)
_NEN_SURNAMES = (
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Heikkinen", "Koskinen",
    "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Kinnunen",
    "Salonen", "Turunen", "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen",
    "Savolainen", "Lahtinen", "Ahonen", "Hiltunen", "Leinonen", "Miettinen", "Hirvonen",
    "Laaksonen", "Kärkkäinen", "Räsänen", "Manninen", "Leppänen", "Peltonen", "Lappalainen",
    "Väisänen", "Pitkänen", "Heiskanen", "Mustonen", "Huttunen", "Aaltonen", "Rissanen",
    "Pelkonen", "Lampinen", "Kettunen", "Toivonen", "Hyvönen", "Laukkanen", "Ikonen",
    "Honkanen", "Koponen", "Moilanen", "Mikkonen", "Kokkonen", "Oksanen", "Kauppinen",
    "Halonen", "Partanen", "Rautiainen", "Nykänen", "Seppänen", "Eskelinen", "Tikkanen",
)
SURNAME_STEMS: dict[str, str] = {s: s[:-3] + "se" for s in _NEN_SURNAMES}
SURNAME_STEMS.update({
    "Mäkelä": "Mäkelä", "Laine": "Lainee", "Niemi": "Nieme", "Heikkilä": "Heikkilä",
    "Salo": "Salo", "Mattila": "Mattila", "Hakala": "Hakala", "Kallio": "Kallio",
    "Anttila": "Anttila", "Koivisto": "Koivisto", "Ojala": "Ojala", "Laakso": "Laakso",
    "Seppälä": "Seppälä", "Nurmi": "Nurme", "Rinne": "Rintee", "Tuomi": "Tuome",
    "Ketola": "Ketola", "Vainio": "Vainio", "Lehto": "Lehdo", "Lindholm": "Lindholmi",
    "Nyman": "Nymani", "Mäki": "Mäe", "Harju": "Harju", "Kivelä": "Kivelä",
})
SURNAMES = tuple(sorted(SURNAME_STEMS))

STREET_STEMS = (
    "Koivu", "Kuusi", "Mänty", "Pihlaja", "Vaahtera", "Tammi", "Leppä", "Haapa", "Kirkko",
    "Koulu", "Asema", "Myllyn", "Rauhan", "Kauppa", "Satama", "Järven", "Metsä", "Niityn",
    "Pellon", "Mäen", "Kallion", "Kiven", "Sepän", "Tehtaan", "Rautatien", "Urheilu",
    "Sairaala", "Uuden", "Vanhan", "Sillan", "Linnan", "Kartano", "Kaivo", "Lähteen", "Pajan",
    "Kettu", "Karhu", "Ilves", "Kotka", "Jousi", "Aleksanterin", "Hämeen", "Puijon", "Takomo",
    "Väinämöisen", "Ahjo", "Lokki", "Tuuli", "Kaisla", "Ruusu",
)
STREET_SUFFIXES = ("katu", "tie", "kuja", "polku", "raitti", "väylä", "kaari", "rinne", "mäki",
                   "ranta", "puisto", "tori")
# Town and the first two digits of its postal codes.
TOWNS = (
    ("Helsinki", "00"), ("Espoo", "02"), ("Vantaa", "01"), ("Tampere", "33"), ("Turku", "20"),
    ("Oulu", "90"), ("Jyväskylä", "40"), ("Kuopio", "70"), ("Lahti", "15"), ("Pori", "28"),
    ("Joensuu", "80"), ("Lappeenranta", "53"), ("Vaasa", "65"), ("Rovaniemi", "96"),
    ("Seinäjoki", "60"), ("Hämeenlinna", "13"), ("Kotka", "48"), ("Mikkeli", "50"),
    ("Porvoo", "06"), ("Kajaani", "87"),
)
# Domain and how it is said.
EMAIL_DOMAINS = (
    ("gmail.com", "gmail piste com"), ("hotmail.com", "hotmail piste com"),
    ("outlook.com", "outlook piste com"), ("yahoo.com", "jahuu piste com"),
    ("icloud.com", "ai cloud piste com"), ("luukku.com", "luukku piste com"),
    ("suomi24.fi", "suomi kaksikymmentäneljä piste äf ii"), ("kolumbus.fi", "kolumbus piste fi"),
    ("elisanet.fi", "elisanet piste fi"), ("saunalahti.fi", "saunalahti piste äf ii"),
    ("netti.fi", "netti piste fi"),
)
# (nominative, partitive)
DIAGNOSES = (
    ("diabetes", "diabetesta"), ("astma", "astmaa"), ("masennus", "masennusta"),
    ("reuma", "reumaa"), ("verenpainetauti", "verenpainetautia"), ("epilepsia", "epilepsiaa"),
    ("migreeni", "migreeniä"), ("psoriasis", "psoriasista"), ("keliakia", "keliakiaa"),
    ("uniapnea", "uniapneaa"), ("kihti", "kihtiä"), ("sepelvaltimotauti", "sepelvaltimotautia"),
    ("eteisvärinä", "eteisvärinää"), ("kilpirauhasen vajaatoiminta",
                                      "kilpirauhasen vajaatoimintaa"),
    ("ahdistuneisuushäiriö", "ahdistuneisuushäiriötä"), ("rintasyöpä", "rintasyöpää"),
    ("nivelrikko", "nivelrikkoa"), ("Parkinsonin tauti", "Parkinsonin tautia"),
)
MEDICINES = (
    ("metformiini", "metformiinia"), ("insuliini", "insuliinia"), ("Marevan", "Marevania"),
    ("Eltroxin", "Eltroxinia"), ("Ventoline", "Ventolinea"), ("sertraliini", "sertraliinia"),
    ("Panacod", "Panacodia"), ("Burana", "Buranaa"), ("simvastatiini", "simvastatiinia"),
    ("bisoprololi", "bisoprololia"), ("Oxynorm", "Oxynormia"), ("Pulmicort", "Pulmicortia"),
    ("Lyrica", "Lyricaa"), ("enalapriili", "enalapriilia"), ("melatoniini", "melatoniinia"),
)
PROCEDURES = ("polven tähystys", "lonkkaleikkaus", "kaihileikkaus", "paksusuolen tähystys",
              "sydämen ohitusleikkaus", "sappirakon poisto")
# (nominative, genitive): fictional organisations; their names are not personal data.
COMPANIES = (
    ("Pohjolan Energia", "Pohjolan Energian"), ("Kotiposti", "Kotipostin"),
    ("Lakeuden Vakuutus", "Lakeuden Vakuutuksen"), ("Kaupunkilehti", "Kaupunkilehden"),
    ("Aurora Apteekki", "Aurora Apteekin"), ("Tietotuki", "Tietotuen"),
    ("Kiinteistöpalvelu Kivi", "Kiinteistöpalvelu Kiven"), ("Palkkakeskus", "Palkkakeskuksen"),
    ("Nettikauppa Nuoli", "Nettikauppa Nuolen"), ("Lähivakuutus", "Lähivakuutuksen"),
)
WEEKDAYS_ESSIVE = ("maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina",
                   "lauantaina", "sunnuntaina")
RELATIONS = ("äitini", "isäni", "vaimoni", "mieheni", "tyttäreni", "poikani", "siskoni",
             "veljeni")


def back_vowel(word: str) -> bool:
    """Return True when ``word`` takes back-vowel endings (-lla, -lta) by vowel harmony."""
    last = word.lower().split("-")[-1]
    front = max(last.rfind(c) for c in "äöy")
    back = max(last.rfind(c) for c in "aou")
    return back > front


def surname_case(surname: str, case: str) -> str:
    """Inflect a listed surname: case is 'nom', 'gen', 'all' (-lle), 'ade' (-lla), 'abl'."""
    if case == "nom":
        return surname
    stem = SURNAME_STEMS[surname]
    a = "a" if back_vowel(surname) else "ä"
    endings = {"gen": "n", "all": "lle", "ade": f"ll{a}", "abl": f"lt{a}"}
    return stem + endings[case]
