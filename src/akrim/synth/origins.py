"""Origins of the synthetic population: name pools with correct diacritics and foreign IDs.

Each origin has male and female first names and surnames (female surname forms where the
language inflects them), and the identity documents its people carry, with the real
check-digit rules where they are public.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Origin:
    country: str  # ISO 3166 alpha-2
    language: str  # ISO 639-1
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]  # (male form, female form)


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


def _polish(*names: str) -> tuple[tuple[str, str], ...]:
    out = []
    for n in names:
        if n.endswith(("ski", "cki", "dzki")):
            out.append((n, n[:-1] + "a"))
        else:
            out.append((n, n))
    return tuple(out)


def _lithuanian(*names: str) -> tuple[tuple[str, str], ...]:
    out = []
    for n in names:
        for suffix in ("as", "is", "ys", "us"):
            if n.endswith(suffix):
                out.append((n, n[: -len(suffix)] + "ienė"))
                break
        else:
            out.append((n, n))
    return tuple(out)


ORIGINS: dict[str, Origin] = {
    "NO": Origin(
        "NO",
        "no",
        (
            "Ole",
            "Lars",
            "Jan",
            "Per",
            "Bjørn",
            "Kjell",
            "Knut",
            "Arne",
            "Svein",
            "Thomas",
            "Hans",
            "Geir",
            "Tor",
            "Morten",
            "Terje",
            "Odd",
            "Erik",
            "Martin",
            "Andreas",
            "Jon",
            "Rune",
            "Trond",
            "Anders",
            "Håkon",
            "Øyvind",
            "Espen",
            "Sindre",
            "Magnus",
            "Jørgen",
            "Kristian",
            "Ståle",
            "Åsmund",
            "Eirik",
            "Henrik",
            "Sondre",
            "Jonas",
            "Even",
            "Ivar",
        ),
        (
            "Anne",
            "Inger",
            "Kari",
            "Marit",
            "Ingrid",
            "Liv",
            "Eva",
            "Berit",
            "Astrid",
            "Bjørg",
            "Hilde",
            "Nina",
            "Solveig",
            "Silje",
            "Ida",
            "Ingeborg",
            "Marte",
            "Kristin",
            "Tone",
            "Åse",
            "Sølvi",
            "Hege",
            "Ragnhild",
            "Randi",
            "Gro",
            "Mari",
            "Nora",
            "Emma",
            "Sofie",
            "Thea",
            "Line",
            "Camilla",
            "Maren",
            "Tuva",
            "Siri",
        ),
        _same(
            "Hansen",
            "Johansen",
            "Olsen",
            "Larsen",
            "Andersen",
            "Pedersen",
            "Nilsen",
            "Kristiansen",
            "Jensen",
            "Karlsen",
            "Johnsen",
            "Pettersen",
            "Eriksen",
            "Berg",
            "Haugen",
            "Hagen",
            "Johannessen",
            "Andreassen",
            "Jacobsen",
            "Dahl",
            "Jørgensen",
            "Halvorsen",
            "Henriksen",
            "Lund",
            "Sørensen",
            "Jakobsen",
            "Moen",
            "Gundersen",
            "Iversen",
            "Strand",
            "Solberg",
            "Svendsen",
            "Eide",
            "Knutsen",
            "Martinsen",
            "Paulsen",
            "Bakken",
            "Kristoffersen",
            "Mathisen",
            "Lie",
            "Amundsen",
            "Lunde",
            "Solheim",
            "Berge",
            "Moe",
            "Nygård",
            "Bakke",
            "Fredriksen",
            "Holm",
            "Lien",
            "Hauge",
            "Sæther",
            "Aas",
            "Myhre",
            "Haugland",
            "Sivertsen",
            "Sandvik",
            "Rønning",
            "Næss",
            "Vik",
            "Haug",
            "Birkeland",
            "Ruud",
            "Aasen",
            "Strøm",
            "Myklebust",
            "Tangen",
            "Ødegård",
            "Helland",
            "Bøe",
            "Aune",
            "Tveit",
            "Brekke",
            "Løken",
            "Håland",
            "Kvam",
            "Vågen",
            "Bråten",
            "Skjæveland",
            "Grønvold",
        ),
    ),
    "SE": Origin(
        "SE",
        "sv",
        (
            "Erik",
            "Lars",
            "Karl",
            "Anders",
            "Johan",
            "Per",
            "Nils",
            "Mikael",
            "Jan",
            "Hans",
            "Lennart",
            "Björn",
            "Göran",
            "Måns",
            "Oskar",
            "Emil",
            "Viktor",
        ),
        (
            "Maria",
            "Anna",
            "Margareta",
            "Elisabeth",
            "Eva",
            "Birgitta",
            "Kristina",
            "Karin",
            "Elin",
            "Linnéa",
            "Åsa",
            "Malin",
            "Sofia",
            "Ebba",
        ),
        _same(
            "Andersson",
            "Johansson",
            "Karlsson",
            "Nilsson",
            "Eriksson",
            "Larsson",
            "Olsson",
            "Persson",
            "Svensson",
            "Gustafsson",
            "Pettersson",
            "Jönsson",
            "Jansson",
            "Hansson",
            "Bengtsson",
            "Lindström",
            "Lindqvist",
            "Åberg",
            "Sjöberg",
            "Söderberg",
            "Öberg",
            "Lundqvist",
            "Ström",
            "Håkansson",
            "Bäckström",
        ),
    ),
    "PL": Origin(
        "PL",
        "pl",
        (
            "Piotr",
            "Krzysztof",
            "Andrzej",
            "Tomasz",
            "Paweł",
            "Michał",
            "Marcin",
            "Grzegorz",
            "Łukasz",
            "Mateusz",
            "Wojciech",
            "Jarosław",
            "Przemysław",
            "Dariusz",
            "Sławomir",
            "Mirosław",
            "Zbigniew",
            "Józef",
            "Kamil",
            "Rafał",
            "Bartłomiej",
            "Jędrzej",
        ),
        (
            "Anna",
            "Katarzyna",
            "Małgorzata",
            "Agnieszka",
            "Barbara",
            "Ewa",
            "Magdalena",
            "Joanna",
            "Żaneta",
            "Beata",
            "Dorota",
            "Jolanta",
            "Grażyna",
            "Urszula",
            "Paulina",
        ),
        _polish(
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Wójcik",
            "Kowalczyk",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Woźniak",
            "Dąbrowski",
            "Kozłowski",
            "Jankowski",
            "Mazur",
            "Kwiatkowski",
            "Krawczyk",
            "Piotrowski",
            "Grabowski",
            "Nowakowski",
            "Pawłowski",
            "Michalski",
            "Król",
            "Wieczorek",
            "Jabłoński",
            "Wróbel",
            "Nowicki",
            "Majewski",
            "Olszewski",
            "Stępień",
            "Jaworski",
            "Malinowski",
            "Górski",
            "Sikora",
            "Walczak",
            "Baran",
            "Rutkowski",
            "Szewczyk",
            "Ostrowski",
            "Zając",
            "Jasiński",
            "Zawadzki",
            "Bąk",
            "Jakubowski",
            "Duda",
            "Włodarczyk",
            "Chmielewski",
            "Błaszczyk",
            "Żak",
            "Sołtysiak",
            "Gałęzowski",
        ),
    ),
    "LT": Origin(
        "LT",
        "lt",
        (
            "Jonas",
            "Tomas",
            "Mantas",
            "Darius",
            "Andrius",
            "Mindaugas",
            "Vytautas",
            "Rimantas",
            "Žydrūnas",
            "Saulius",
            "Gediminas",
            "Audrius",
            "Arūnas",
            "Kęstutis",
            "Raimondas",
            "Algirdas",
            "Giedrius",
            "Donatas",
            "Paulius",
            "Vaidas",
            "Šarūnas",
        ),
        (
            "Rūta",
            "Jūratė",
            "Asta",
            "Rasa",
            "Inga",
            "Laura",
            "Aušra",
            "Vilma",
            "Jurgita",
            "Daiva",
            "Eglė",
            "Simona",
            "Gintarė",
            "Ieva",
            "Živilė",
        ),
        _lithuanian(
            "Kazlauskas",
            "Jankauskas",
            "Petrauskas",
            "Stankevičius",
            "Vasiliauskas",
            "Žukauskas",
            "Butkus",
            "Paulauskas",
            "Urbonas",
            "Kavaliauskas",
            "Baranauskas",
            "Pocius",
            "Sakalauskas",
            "Navickas",
            "Rimkus",
            "Šimkus",
            "Žilinskas",
            "Mockus",
            "Adomaitis",
            "Mikalauskas",
            "Gudelis",
            "Balčiūnas",
            "Vaitkus",
            "Jakštas",
            "Ramanauskas",
            "Šukys",
            "Lukoševičius",
            "Grigas",
        ),
    ),
    "LV": Origin(
        "LV",
        "lv",
        (
            "Jānis",
            "Andris",
            "Mārtiņš",
            "Edgars",
            "Kaspars",
            "Aivars",
            "Juris",
            "Raimonds",
            "Māris",
            "Oskars",
            "Artūrs",
            "Gatis",
            "Ģirts",
            "Roberts",
            "Dāvis",
        ),
        (
            "Anna",
            "Kristīne",
            "Inese",
            "Ilze",
            "Līga",
            "Laura",
            "Sandra",
            "Dace",
            "Zane",
            "Ieva",
            "Evija",
            "Santa",
        ),
        (
            ("Bērziņš", "Bērziņa"),
            ("Kalniņš", "Kalniņa"),
            ("Ozoliņš", "Ozoliņa"),
            ("Jansons", "Jansone"),
            ("Ozols", "Ozola"),
            ("Liepiņš", "Liepiņa"),
            ("Krūmiņš", "Krūmiņa"),
            ("Balodis", "Balode"),
            ("Eglītis", "Eglīte"),
            ("Zariņš", "Zariņa"),
            ("Pētersons", "Pētersone"),
            ("Vītols", "Vītola"),
            ("Kļaviņš", "Kļaviņa"),
            ("Kārkliņš", "Kārkliņa"),
            ("Vanags", "Vanaga"),
            ("Lācis", "Lāce"),
            ("Siliņš", "Siliņa"),
            ("Grīnbergs", "Grīnberga"),
        ),
    ),
    "EE": Origin(
        "EE",
        "et",
        ("Andres", "Jaan", "Tõnu", "Märt", "Rein", "Priit", "Toomas", "Jüri", "Margus", "Urmas"),
        ("Kadri", "Triin", "Mari", "Kärt", "Pille", "Tiina", "Ülle", "Maarja"),
        _same(
            "Tamm",
            "Saar",
            "Sepp",
            "Mägi",
            "Kask",
            "Kukk",
            "Rebane",
            "Ilves",
            "Pärn",
            "Kõiv",
            "Lepik",
            "Õunapuu",
            "Järv",
            "Kütt",
        ),
    ),
    "RO": Origin(
        "RO",
        "ro",
        (
            "Ion",
            "Andrei",
            "Alexandru",
            "Mihai",
            "Constantin",
            "Gheorghe",
            "Ștefan",
            "Florin",
            "Cristian",
            "Marius",
            "Bogdan",
            "Răzvan",
            "Ionuț",
            "Vasile",
            "Daniel",
            "Adrian",
        ),
        (
            "Maria",
            "Elena",
            "Ioana",
            "Andreea",
            "Mihaela",
            "Alexandra",
            "Cristina",
            "Ana",
            "Gabriela",
            "Ștefania",
            "Roxana",
            "Alina",
        ),
        _same(
            "Popescu",
            "Ionescu",
            "Popa",
            "Pop",
            "Radu",
            "Dumitru",
            "Stan",
            "Stoica",
            "Gheorghe",
            "Matei",
            "Ciobanu",
            "Rusu",
            "Munteanu",
            "Ștefănescu",
            "Lazăr",
            "Căpraru",
            "Dobre",
            "Bălan",
            "Sârbu",
            "Tănase",
            "Moldovan",
            "Neagu",
            "Marin",
            "Florea",
            "Țurcanu",
            "Iordache",
        ),
    ),
    "UA": Origin(
        "UA",
        "uk",
        (
            "Oleksandr",
            "Andrii",
            "Serhii",
            "Volodymyr",
            "Mykola",
            "Dmytro",
            "Yurii",
            "Vasyl",
            "Ihor",
            "Taras",
        ),
        ("Olena", "Iryna", "Tetiana", "Nataliia", "Oksana", "Yuliia", "Svitlana", "Kateryna"),
        _same(
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Melnyk",
            "Boiko",
            "Kovalchuk",
            "Oliinyk",
            "Lysenko",
            "Marchenko",
            "Savchenko",
        ),
    ),
    "DE": Origin(
        "DE",
        "de",
        ("Jürgen", "Stefan", "Michael", "Andreas", "Thomas", "Matthias", "Jörg", "Uwe"),
        ("Sabine", "Claudia", "Andrea", "Susanne", "Ute", "Katrin", "Anja", "Jördis"),
        _same(
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weiß",
            "Schröder",
            "Köhler",
            "Groß",
            "Möller",
            "Schäfer",
        ),
    ),
    "VN": Origin(
        "VN",
        "vi",
        ("Minh", "Hùng", "Thành", "Tuấn", "Dũng", "Quang"),
        ("Lan", "Hoa", "Linh", "Mai", "Hương", "Thảo"),
        _same("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"),
    ),
    "PK": Origin(
        "PK",
        "ur",
        ("Muhammad", "Ali", "Imran", "Asif", "Bilal", "Tariq", "Usman", "Zeeshan"),
        ("Fatima", "Ayesha", "Sana", "Nadia", "Rabia", "Saima"),
        _same("Khan", "Ahmed", "Hussain", "Iqbal", "Malik", "Butt", "Rana", "Chaudhry", "Raza"),
    ),
    "SO": Origin(
        "SO",
        "so",
        ("Mohamed", "Abdi", "Hassan", "Ahmed", "Abdullahi", "Yusuf", "Omar"),
        ("Faadumo", "Hodan", "Sahra", "Amina", "Hibo", "Ifrah"),
        _same("Mohamed", "Abdi", "Ali", "Hassan", "Warsame", "Farah", "Omar", "Jama"),
    ),
    "PH": Origin(
        "PH",
        "tl",
        ("Jose", "Mark", "John Paul", "Rodel", "Jericho", "Ramon"),
        ("Maria", "Jocelyn", "Rowena", "Maricel", "Jennylyn", "Cristina"),
        _same(
            "Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "dela Cruz", "Villanueva"
        ),
    ),
}
ORIGIN_CODES = tuple(ORIGINS)

# Shares of the resident population and of the non-resident (commuting/posted) workers.
RESIDENT_MIX = {
    "NO": 0.82,
    "PL": 0.04,
    "LT": 0.018,
    "SE": 0.015,
    "SO": 0.012,
    "PK": 0.012,
    "UA": 0.02,
    "VN": 0.008,
    "RO": 0.008,
    "LV": 0.007,
    "PH": 0.008,
    "DE": 0.012,
    "EE": 0.02,
}
NONRESIDENT_MIX = {
    "PL": 0.27,
    "LT": 0.17,
    "SE": 0.19,
    "LV": 0.06,
    "RO": 0.07,
    "EE": 0.05,
    "UA": 0.08,
    "PH": 0.03,
    "DE": 0.04,
    "VN": 0.02,
    "NO": 0.0,
    "PK": 0.01,
    "SO": 0.01,
}


# ------------------------------------------------------------------ foreign person numbers


def _pesel(rng: random.Random, birth: dt.date, male: bool) -> str:
    month = birth.month + (20 if birth.year >= 2000 else 0)
    serial = rng.randrange(1000)
    sex = rng.randrange(0, 10, 2) + (1 if male else 0)
    body = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial:03d}{sex}"
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 10) % 10
    return body + str(check)


def _baltic_check(body: str) -> str:
    s = sum(int(d) * w for d, w in zip(body, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1), strict=True)) % 11
    if s == 10:
        s = sum(int(d) * w for d, w in zip(body, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3), strict=True)) % 11
        s = 0 if s == 10 else s
    return str(s)


def _asmens_kodas(rng: random.Random, birth: dt.date, male: bool) -> str:
    century = 3 if birth.year < 2000 else 5
    g = century + (0 if male else 1)
    body = f"{g}{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}{rng.randrange(1000):03d}"
    return body + _baltic_check(body)


def _personas_kods(rng: random.Random, birth: dt.date, male: bool) -> str:
    c = 1 if birth.year < 2000 else 2
    body = f"{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}{c}{rng.randrange(1000):03d}"
    weights = (1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = ((1 - sum(int(d) * w for d, w in zip(body, weights, strict=True))) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


def _cnp(rng: random.Random, birth: dt.date, male: bool) -> str:
    s = (1 if male else 2) + (4 if birth.year >= 2000 else 0)
    county = rng.randrange(1, 53)
    serial = rng.randrange(1, 1000)
    body = f"{s}{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}{county:02d}{serial:03d}"
    key = "279146358279"
    check = sum(int(d) * int(k) for d, k in zip(body, key, strict=True)) % 11
    return body + str(1 if check == 10 else check)


def _luhn_digit(body: str) -> str:
    total = 0
    for i, d in enumerate(body):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def _personnummer(rng: random.Random, birth: dt.date, male: bool) -> str:
    serial = rng.randrange(100) * 10 + rng.randrange(0, 10, 2) + (1 if male else 0)
    body = f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}{serial:03d}"
    return f"{body[:6]}-{body[6:]}{_luhn_digit(body)}"


def _isikukood(rng: random.Random, birth: dt.date, male: bool) -> str:
    return _asmens_kodas(rng, birth, male)  # same layout and check rule as Lithuania


_NATIONAL_ID = {
    "PL": _pesel,
    "LT": _asmens_kodas,
    "LV": _personas_kods,
    "RO": _cnp,
    "SE": _personnummer,
    "EE": _isikukood,
}


def national_id(rng: random.Random, country: str, birth: dt.date, male: bool) -> str | None:
    """The person's national identity number in the country's own format, if it has one."""
    make = _NATIONAL_ID.get(country)
    return make(rng, birth, male) if make else None


def passport_no(rng: random.Random, country: str) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if country in ("LT", "EE"):
        return f"{rng.randrange(10**7, 10**8)}"
    if country == "LV":
        return f"LV{rng.randrange(10**6, 10**7)}"
    if country == "PH":
        return f"P{rng.randrange(10**6, 10**7)}{rng.choice(letters)}"
    return f"{rng.choice(letters)}{rng.choice(letters)}{rng.randrange(10**6, 10**7)}"


# ------------------------------------------------------------------ foreign company numbers


def foreign_company_no(rng: random.Random, country: str) -> str:
    """A plausible company registration number of ``country`` (with its check digit)."""
    if country == "LT":
        return f"{rng.randint(1, 3)}{rng.randrange(10**7, 10**8)}"
    if country == "PL":
        while True:
            body = f"{rng.randrange(10**8, 10**9)}"
            c = sum(int(d) * w for d, w in zip(body, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=True)) % 11
            if c != 10:
                return body + str(c)
    if country == "LV":
        return f"{rng.randint(4, 9)}{rng.randrange(10**9, 10**10)}"
    if country == "EE":
        body = f"{rng.choice('1789')}{rng.randrange(10**5, 10**6)}"
        return body + _baltic_check(body + "000")[0]
    if country == "SE":
        body = f"55{rng.randrange(10**6, 10**7)}"
        return f"{body[:6]}-{body[6:]}{_luhn_digit(body)}"
    if country == "RO":
        return f"{rng.randrange(10**6, 10**8)}"
    return f"{rng.randrange(10**6, 10**9)}"


FOREIGN_COMPANY_SUFFIX = {
    "LT": "UAB",
    "PL": "Sp. z o.o.",
    "LV": "SIA",
    "EE": "OÜ",
    "SE": "AB",
    "RO": "SRL",
    "UA": "TOV",
    "DE": "GmbH",
}
