"""Dialogue templates for synthetic customer-service calls, many phrasings per intent.

Each variant is a tuple of turns ``"A: ..."`` (agent) or ``"C: ..."`` (customer). Slots in
CAPITALS are personal data, spoken as a separate chunk and recorded as a truth span;
slots in lower case are ordinary words (company, amounts, weekdays) filled into the text.
"""

from __future__ import annotations

GREETING = (
    ("A: {greet}, {company}, tässä on {AGENT}, kuinka voin auttaa?",),
    ("A: {company_gen} asiakaspalvelu, {AGENT} puhelimessa, miten voin palvella?",),
    ("A: {greet}, {company}, {AGENT_FIRST} täällä, mitä asiaa?",),
    ("A: Tervetuloa {company_gen} asiakaspalveluun, nimeni on {AGENT}.",),
    ("A: Kiitos odottamisesta, tässä {AGENT} {company_gen} asiakaspalvelusta.",),
    ("A: {company}, {AGENT}, {greet_lc}.",),
    ("A: Hei, {AGENT_FIRST} {company_gen} palvelusta, miten voin auttaa?",),
)
OPENING_NAMED = (
    ("C: Hei, täällä {NAME}, minulla olisi pari kysymystä.",),
    ("C: {greet}, {NAME} tässä, soitan yhteystietojen takia.",),
    ("C: Moi, {FIRST} täällä, tarvitsisin vähän apua.",),
    ("C: Joo hei, {NAME_REV}, yritin hoitaa asiaa verkossa mutta se ei onnistunut.",),
)
OPENING_PLAIN = (
    ("C: Hei, soitan kun minulla olisi asiaa laskusta ja yhteystiedoista.",),
    ("C: {greet}. Kysyisin yhtä juttua.",),
    ("C: No hei, yritin hoitaa asiaa verkossa, mutta en päässyt kirjautumaan.",),
    ("C: Hei vaan, tarvitsisin apua yhden asian kanssa.",),
)
ASK_NAME = (
    ("A: Saisinko ensin nimesi?", "C: {NAME}."),
    ("A: Kenen kanssa puhun?", "C: Nimeni on {NAME}."),
    ("A: Voisitko kertoa nimesi, kiitos?", "C: Joo, se on {NAME}."),
    ("A: Mikä sinun nimesi on?", "C: Minä olen {NAME}."),
    ("A: Nimi, kiitos.", "C: {NAME_REV}."),
    ("A: Kuka siellä on puhelimessa?", "C: Täällä on {NAME}."),
    ("A: Saisinko nimesi ja henkilötunnuksesi?", "C: {NAME}, ja henkilötunnus on {HETU}."),
    ("A: Kerro nimi ja syntymäaika, niin haen tiedot.", "C: {NAME_REV}, syntynyt {DOB}."),
)
ID_HETU = (
    ("A: Kiitos. Tunnistamista varten tarvitsen henkilötunnuksesi.", "C: Se on {HETU}."),
    ("A: Voisitko kertoa henkilötunnuksesi?", "C: {HETU}."),
    ("A: Kiitos {FIRST}. Tunnistetaan vielä, mikä on henkilötunnuksesi?",
     "C: Joo, se on {HETU}."),
    ("A: Mikä on henkilötunnuksesi?", "C: Hetkinen vain. {HETU}.",
     "A: Eli {HETU}, onko oikein?", "C: Kyllä on."),
    ("A: Saisinko vielä sosiaaliturvatunnuksen?", "C: Henkilötunnukseni on {HETU}."),
    ("A: Tarkistetaan henkilöllisyys, kertoisitko henkilötunnuksen?", "C: Joo. {HETU}.",
     "A: Kiitos {FIRST}, tiedot löytyivät."),
    ("A: Sano vielä hetu, niin katson tiedot.", "C: {HETU}, toivottavasti kuului.",
     "A: Kuului hyvin, kiitos."),
)
ID_DOB = (
    ("A: Mikä on syntymäaikasi?", "C: {DOB}."),
    ("A: Kertoisitko syntymäaikasi, niin tarkistan tiedot?", "C: Olen syntynyt {DOB}."),
    ("A: Syntymäpäivä, kiitos.", "C: Syntymäaika on {DOB}.", "A: Kiitos, löysin sinut."),
    ("A: Varmistetaan vielä syntymäaika.", "C: Se on {DOB}."),
)
TOPICS_PII = {
    "phone": (
        ("A: Mikä on puhelinnumerosi?", "C: Numero on {PHONE}."),
        ("A: Selvä {FIRST}, mihin numeroon sinut tavoittaa?", "C: {PHONE}."),
        ("A: Mihin numeroon voimme soittaa takaisin?", "C: Soita vaikka numeroon {PHONE}.",
         "A: Toistan: {PHONE}.", "C: Juuri niin."),
        ("A: Onko puhelinnumerosi vielä sama?", "C: Ei, se vaihtui. Uusi numero on {PHONE}."),
        ("A: Saisinko puhelinnumeron, johon tekstiviesti lähetetään?", "C: {PHONE}.",
         "A: Kirjoitin {PHONE}, onko oikein?", "C: Kyllä."),
    ),
    "email": (
        ("A: Mihin sähköpostiin lähetetään vahvistus?", "C: {EMAIL}."),
        ("A: Saisinko sähköpostiosoitteesi?", "C: Se on {EMAIL}."),
        ("A: Mikä sähköpostiosoite laitetaan?",
         "C: Sähköposti on {EMAIL}, kaikki pienillä kirjaimilla."),
        ("C: Voisitteko vaihtaa sähköpostiosoitteen? Uusi on {EMAIL}.",
         "A: Selvä, vaihdoin sen nyt."),
    ),
    "address": (
        ("A: Mikä on uusi osoitteesi?", "C: Muutin juuri, uusi osoite on {ADDRESS}."),
        ("A: Mihin osoitteeseen lähetys toimitetaan?", "C: {ADDRESS}."),
        ("A: Onko osoite edelleen {ADDRESS}?", "C: Ei ole, muutin. Nykyään {ADDRESS}."),
        ("A: Voisitko kertoa postiosoitteesi?", "C: Asun osoitteessa {ADDRESS}."),
        ("C: Laittakaa kirje osoitteeseen {ADDRESS}.", "A: Osoite on nyt päivitetty."),
    ),
    "iban": (
        ("A: Palautusta varten tarvitsen tilinumerosi.", "C: Tilinumero on {IBAN}."),
        ("A: Mille tilille palautus maksetaan?", "C: Katson verkkopankista. {IBAN}."),
        ("A: Saisinko tilinumeron IBAN-muodossa?", "C: Se on {IBAN}."),
    ),
    "card": (
        ("A: Kerro kortin numero, niin suljen kortin.", "C: Kortin numero on {CARD}."),
        ("A: Haluatko maksaa kortilla? Saisinko kortin numeron?", "C: Joo, se on {CARD}."),
        ("C: Maksoin kortilla, jonka numero on {CARD}.", "A: Selvä, katson maksun."),
    ),
    "custno": (
        ("A: Onko sinulla asiakasnumeroa käsillä?", "C: On, se on {CUSTNO}."),
        ("A: Asiakasnumero löytyy laskun yläkulmasta.", "C: Hetki. Asiakasnumero on {CUSTNO}."),
        ("A: Mikä on asiakasnumerosi?", "C: {CUSTNO}.", "A: Eli {CUSTNO}.", "C: Kyllä."),
    ),
    "contact": (
        ("A: Tarkistetaan vielä yhteystiedot.",
         "C: Puhelinnumero on {PHONE}, ja sähköposti {EMAIL}."),
        ("C: Muutin osoitteeseen {ADDRESS}, ja uusi numeroni on {PHONE}.",
         "A: Kiitos, päivitän molemmat."),
        ("A: Mihin lähetämme sopimuksen?",
         "C: Postilla osoitteeseen {ADDRESS}, tai sähköpostiin {EMAIL}."),
    ),
    "dob": (
        ("A: Ajanvarausta varten tarvitsen vielä syntymäaikasi.", "C: Olen syntynyt {DOB}."),
        ("C: Vakuutus on minun nimissäni, syntymäaika {DOB}.", "A: Kiitos, löytyi."),
    ),
    "patient": (
        ("A: Onko sinulla potilasnumeroa?", "C: On, potilasnumero on {PATIENTNO}."),
        ("C: Potilasnumeroni on {PATIENTNO}, jos siitä on apua.", "A: Kiitos, siitä on."),
    ),
    "health": (
        ("A: Mihin lääkkeeseen resepti liittyy?",
         "C: Sairastan {DIAG_PART}, ja käytän {MED_PART}."),
        ("A: Onko sinulla perussairauksia, jotka pitäisi tietää?",
         "C: Minulla todettiin {DIAG_NOM} viime keväänä."),
        ("C: Käytän {MED_PART} joka aamu, ja resepti on loppumassa.",
         "A: Selvä, välitän uusimispyynnön lääkärille."),
        ("C: Minulle tehtiin {PROC} kaksi viikkoa sitten, ja lasku tuli nyt.",
         "A: Katsotaan sitä laskua."),
        ("C: Lääkäri määräsi minulle {MED_PART}, koska minulla on {DIAG_NOM}.",
         "A: Ymmärrän, tarkistan reseptin tilanteen."),
    ),
    "colleague": (
        ("C: Puhuin viime viikolla {COLLEAGUE_GEN} kanssa, ja hän lupasi soittaa takaisin.",
         "A: Katson muistiinpanot, hetki vain."),
        ("C: Asiaa hoiti aiemmin teillä {COLLEAGUE}.", "A: Selvä, jatkan siitä."),
        ("C: Lähetin viestin {COLLEAGUE_ALL}, mutta en saanut vastausta.",
         "A: Pahoittelen, katsotaan asia nyt kuntoon."),
        ("C: {COLLEAGUE} sanoi, että asia olisi jo kunnossa.",
         "A: Näen täällä {COLLEAGUE_GEN} merkinnän."),
    ),
    "relative": (
        ("C: Soitan {relation} {RELATIVE_GEN} puolesta.", "A: Onko sinulla valtakirja?",
         "C: On, lähetin sen viime viikolla."),
        ("C: Asia koskee oikeastaan {relation} asiaa, hänen nimensä on {RELATIVE}.",
         "A: Selvä, katsotaan."),
    ),
}
TOPICS_PLAIN = {
    "invoice": (
        ("A: Laskusi summa on {amount}, ja eräpäivä on {day}.",
         "C: Aha, se on enemmän kuin viimeksi.",
         "A: Hinta nousi vuodenvaihteessa {percent} prosenttia."),
        ("C: Voiko laskun maksaa osissa?",
         "A: Kyllä, voit maksaa sen osissa, enintään {count} erää ilman lisäkuluja.",
         "C: Hyvä, tehdään niin."),
        ("C: Sain laskun, jota en ymmärrä.",
         "A: Siinä on kuukausimaksu ja lisäpalvelut, yhteensä {amount}."),
    ),
    "delivery": (
        ("C: Tilasin paketin {weekday}, eikä se ole vieläkään tullut.",
         "A: Paketti lähti varastolta eilen, ja toimitus kestää yleensä {count} arkipäivää."),
        ("A: Lähetys on nyt noutopisteessä, ja sitä säilytetään {count} päivää.",
         "C: Hyvä, haen sen huomenna."),
    ),
    "hours": (
        ("C: Mihin aikaan te olette auki?",
         "A: Palvelemme arkisin kahdeksasta kuuteentoista ja lauantaisin kymmenestä "
         "neljääntoista."),
        ("C: Onko teillä chat-palvelua?",
         "A: On, chat on auki arkisin yhdeksästä viiteentoista."),
    ),
    "smalltalk": (
        ("C: Onpa ollut sateinen viikko.", "A: Niinpä, toivottavasti viikonloppuna paistaa."),
        ("A: Pahoittelen pitkää jonotusaikaa.", "C: Ei se mitään, hyvin se meni."),
        ("A: Kuuluuko ääni hyvin?", "C: Kuuluu, nyt kuuluu hyvin."),
        ("C: Anteeksi, tässä on vähän taustamelua.", "A: Ei haittaa, kuulen sinut hyvin."),
    ),
    "product": (
        ("A: Kuukausimaksu on {amount}, ja sopimuksen voi irtisanoa milloin tahansa.",
         "C: Selvä, se kuulostaa hyvältä."),
        ("C: Mitä se palvelu maksaa?",
         "A: Ensimmäiset {count} kuukautta ovat ilmaisia, sen jälkeen {amount} kuussa."),
    ),
}
CLOSING = (
    ("A: Oliko vielä jotain muuta?", "C: Ei ollut, kiitos paljon.",
     "A: Kiitos soitosta ja hyvää päivänjatkoa!"),
    ("A: Saanko auttaa vielä jossain?", "C: Ei tarvitse, kiitos.",
     "A: Kiitos {FIRST}, mukavaa päivää!"),
    ("A: Asia on nyt hoidossa.", "C: Hienoa, kiitos avusta.", "A: Hyvää viikonloppua, kuulemiin."),
    ("C: Kiitos, tämä oli tässä.", "A: Kiitos samoin, hei hei."),
)
GREETS = ("Hyvää päivää", "Hyvää huomenta", "Hyvää iltapäivää", "Päivää", "Hei")
