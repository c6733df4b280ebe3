"""What happens in the world besides employment: contracts with foreign firms and their
posted workers, benefits, ID cards, approvals, licences, vehicles, police reports, tips,
bank cases, and the true behaviour of each company that inspections later uncover.

The baseline here is lawful everyday life (with its ordinary irregularities); the planted
threat actors and their look-alikes add to it in ``akrim.synth.actors``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from akrim.synth import calendar as cal
from akrim.synth.origins import FOREIGN_COMPANY_SUFFIX, foreign_company_no
from akrim.synth.reference import COMPANY_WORDS, PLACE_WORDS, SECTOR_INDEX, SECTORS
from akrim.synth.world import (
    ACTIVE,
    NO_END,
    WINDOW_END,
    WINDOW_START,
    ForeignCompany,
    World,
    np_rng,
    py_rng,
)

HISTORY_START = cal.day("2023-11-01")
DRIVER_OCCUPATIONS = frozenset({"8332101", "8331101", "8322102"})


@dataclass(slots=True)
class Contract:
    client: int  # company index
    contractor: int  # index into world.foreign_companies
    start: int
    end: int
    value: float
    site_postcode: int
    description: str
    parent: int = -1  # index of the contract this one is a sub-contract of
    reported: bool = True


@dataclass(slots=True)
class Posting:
    contract: int
    person: int
    first_day: int
    last_day: int
    a1_country: str
    reported: bool = True


@dataclass(slots=True)
class Benefit:
    person: int
    kind: str
    start: int
    end: int
    amount: float
    declared_hours: float | None


@dataclass(slots=True)
class PoliceReport:
    date: int
    offence: str
    company: int  # -1 when the subject is a person
    person: int  # -1 when the subject is a company
    status: str


@dataclass(slots=True)
class Card:
    person: int
    employer: int  # company index, -1 when the employer has no Norwegian number
    issued: int
    expiry: int
    blocked: int  # -1 when not blocked


@dataclass(slots=True)
class Approval:
    scheme: str
    company: int
    status: str
    start: int
    end: int  # -1 open


@dataclass(slots=True)
class Licence:
    person: int
    cls: str
    first_issued: int
    code95_to: int  # -1 none
    country: str


@dataclass(slots=True)
class Vehicle:
    reg_no: str
    company: int  # -1 when a person owns it
    person: int
    cls: str
    registered: int


@dataclass(slots=True)
class Tip:
    date: int
    company: int
    channel: str
    source: str
    language: str
    topic: str
    name_only: bool = False


@dataclass(slots=True)
class Transaction:
    account: str
    owner_company: int
    owner_person: int
    date: int
    amount: float
    kind: str
    cp_account: str = ""
    cp_company: int = -1
    cp_person: int = -1
    cp_name: str = ""


@dataclass(slots=True)
class Inspection:
    date: int
    company: int
    workplace: int  # establishment index, -1 none
    site_postcode: str
    joint_with: tuple[str, ...]
    findings: tuple[str, ...]
    reaction: str
    fine: float
    # (person, stated employer company or -1, stated foreign contractor or -1, shows HMS card)
    met: list[tuple[int, int, int, bool]] = field(default_factory=list)


@dataclass(slots=True)
class RoadCheck:
    date: int
    reg_no: str
    driver: int
    employer: int
    findings: tuple[str, ...]
    reaction: str


@dataclass
class Activity:
    contracts: list[Contract] = field(default_factory=list)
    postings: list[Posting] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)
    reports: list[PoliceReport] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    tips: list[Tip] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    checks: list[RoadCheck] = field(default_factory=list)
    # true behaviour of a company (what an inspection can find), and who works there unseen
    behaviour: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    undeclared: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    # persons working at a client's site for a foreign contractor: (person, contractor index)
    site_workers: dict[int, list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    bank_cases: list[int] = field(default_factory=list)  # companies whose accounts were obtained
    accounts: dict[tuple[str, int], str] = field(default_factory=dict)
    account_numbers: set[str] = field(default_factory=set)
    unlicensed: set[int] = field(default_factory=set)  # persons with no licence on record
    planned_licences: set[int] = field(default_factory=set)  # licences set by a network
    reg_nos: set[str] = field(default_factory=set)
    used_persons: set[int] = field(default_factory=set)  # persons planted in a network
    revenue_scale: dict[int, float] = field(default_factory=dict)  # company -> x normal revenue
    external_share: dict[int, float] = field(default_factory=dict)  # company -> share of revenue
    vat_stops: dict[int, int] = field(default_factory=dict)  # company -> last day with VAT returns


CONTRACT_WORK = (
    "Montering av betongelementer",
    "Rivningsarbeid",
    "Sveising av skrog",
    "Stillasarbeid",
    "Tømrerarbeid leilighetsprosjekt",
    "Fasadearbeid",
    "Fiskefiletering sesong",
    "Elektroinstallasjon",
    "Maling og tapetsering",
    "Isolering og tetting",
    "Grunnarbeid",
)


def new_foreign_company(
    world: World, rng: np.random.Generator, country: str, sector: str = "construction"
) -> int:
    prng = py_rng(world.seed, f"foreign-co-{len(world.foreign_companies)}")
    word = prng.choice(COMPANY_WORDS[sector])
    suffix = FOREIGN_COMPANY_SUFFIX.get(country, "Ltd")
    name = f"{prng.choice(PLACE_WORDS).title()} {word.title()} {suffix}"
    world.foreign_companies.append(ForeignCompany(country, foreign_company_no(prng, country), name))
    return len(world.foreign_companies) - 1


def idle_nonresidents(world: World) -> np.ndarray:
    """Non-resident persons without a Norwegian employment: the pool for posted workers."""
    employed = np.zeros(len(world.persons), dtype=bool)
    employed[world.employments.person] = True
    return np.flatnonzero(~world.persons.resident & ~employed & (world.persons.status != 2))


def build_baseline(world: World) -> Activity:
    """Everyday activity that networks are planted among (contracts with foreign firms)."""
    act = Activity()
    _posted_contracts(world, act)
    return act


def complete_baseline(world: World, act: Activity) -> None:
    """Everyday activity that follows from employment, once every network is planted, so that
    planted firms and workers get cards, benefits, licences and vehicles by the same rules."""
    _benefits(world, act)
    _cards(world, act)
    _approvals(world, act)
    _licences(world, act)
    _vehicles(world, act)
    _police_baseline(world, act)


def _posted_contracts(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "contracts")
    c = world.companies
    sectors = [SECTOR_INDEX[k] for k in ("construction", "shipyard", "fish", "electrical")]
    clients = np.flatnonzero(np.isin(c.sector, sectors) & (c.status == ACTIVE) & (c.size >= 3))
    pool = idle_nonresidents(world)
    if len(clients) == 0 or len(pool) == 0:
        return
    n = world.size.posted_contracts
    pool_pos = 0
    rng.shuffle(pool)
    countries = ["LT", "PL", "LV", "EE", "RO", "SE", "DE"]
    weights = np.array([0.28, 0.30, 0.1, 0.08, 0.1, 0.09, 0.05])
    nufs = [i for i in range(len(c)) if c.country[i] and c.status[i] == ACTIVE]
    for k in range(n):
        client = int(clients[rng.integers(0, len(clients))])
        country = str(rng.choice(countries, p=weights))
        fc = new_foreign_company(world, rng, country, "construction")
        if nufs and rng.random() < 0.3:
            nuf = nufs[int(rng.integers(0, len(nufs)))]
            world.foreign_companies[fc].orgnr = c.orgnr[nuf]
            world.foreign_companies[fc].name = c.name[nuf]
            world.foreign_companies[fc].country = c.country[nuf]
            world.foreign_companies[fc].reg_no = c.foreign_reg[nuf]
        start = int(WINDOW_START - 400 + rng.integers(0, 700))
        end = start + int(rng.integers(30, 420))
        parent = -1
        if k > 0 and rng.random() < 0.15:
            parent = int(rng.integers(0, len(act.contracts)))
            client = act.contracts[parent].client
        desc = CONTRACT_WORK[int(rng.integers(0, len(CONTRACT_WORK)))]
        site = (
            int(c.addr.postcode[client])
            if rng.random() < 0.6
            else int(c.addr.postcode[client]) + int(rng.integers(0, 9))
        )
        workers = int(rng.integers(2, 11))
        value = float(workers * (end - start) * rng.uniform(1800, 3500))
        act.contracts.append(Contract(client, fc, start, end, round(value, -3), site, desc, parent))
        ci = len(act.contracts) - 1
        for _ in range(workers):
            p = int(pool[pool_pos % len(pool)])
            pool_pos += 1
            first = start + int(rng.integers(0, 20))
            last = min(end, first + int(rng.integers(20, 300)))
            a1 = world.foreign_companies[fc].country if rng.random() < 0.95 else ""
            act.postings.append(Posting(ci, p, first, last, a1))
            if last >= WINDOW_START:
                act.site_workers[client].append((p, fc))
            if SECTORS[int(c.sector[client])].hms_card and rng.random() < 0.85:
                employer = _orgnr_company(world, fc)
                act.cards.append(Card(p, employer, first - 3, first + 730, -1))


def _orgnr_company(world: World, fc: int) -> int:
    orgnr = world.foreign_companies[fc].orgnr
    if not orgnr:
        return -1
    return world.company_of_orgnr(orgnr)


def _benefits(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "benefits")
    e = world.employments
    p = world.persons
    # dagpenger after a job ends inside the window
    ended = np.flatnonzero((e.end >= WINDOW_START) & (e.end < WINDOW_END - 20) & e.reported)
    claim = ended[rng.random(len(ended)) < 0.35]
    for k in claim:
        person = int(e.person[k])
        if not p.resident[person]:
            continue
        start = int(e.end[k]) + int(rng.integers(3, 30))
        periods = int(rng.integers(1, 12))
        for j in range(periods):
            a = start + 14 * j
            if a + 13 > WINDOW_END:
                break
            act.benefits.append(
                Benefit(
                    person, "DAGPENGER", a, a + 13, round(float(rng.uniform(6500, 13500)), 2), 0.0
                )
            )
    # lawful partial dagpenger: part-time work declared on the card and visible in a-melding
    part = np.flatnonzero((e.pct <= 50) & e.reported & (e.end > WINDOW_END))
    for k in part[rng.random(len(part)) < 0.08]:
        person = int(e.person[k])
        if not p.resident[person]:
            continue
        a0 = WINDOW_START + int(rng.integers(0, 200))
        hours = round(float(e.pct[k]) / 100 * 75, 1)
        for j in range(int(rng.integers(2, 10))):
            a = a0 + 14 * j
            if a + 13 > WINDOW_END:
                break
            act.benefits.append(
                Benefit(
                    person, "DAGPENGER", a, a + 13, round(float(rng.uniform(3000, 7000)), 2), hours
                )
            )
    # sick pay from day 17 while employed
    sick = np.flatnonzero(e.reported & (rng.random(len(e)) < 0.05))
    for k in sick:
        a = int(max(e.start[k], WINDOW_START) + rng.integers(0, 300))
        if a >= min(int(e.end[k]), WINDOW_END):
            continue
        length = int(rng.integers(10, 120))
        b = min(a + length, WINDOW_END)
        amount = round(float(e.hourly[k]) * 7.5 * (b - a + 1) * 5 / 7, 2)
        act.benefits.append(Benefit(int(e.person[k]), "SYKEPENGER", a, b, amount, None))
    # work assessment allowance for some persons outside work
    employed = np.zeros(len(p), dtype=bool)
    employed[e.person] = True
    age = (WINDOW_END - p.birth) / 365.25
    aap = np.flatnonzero(
        ~employed & p.resident & (age > 20) & (age < 66) & (rng.random(len(p)) < 0.25)
    )
    on_aap = {b.person for b in act.benefits if b.kind == "AAP"}
    for person_ in aap:
        person = int(person_)
        if person in on_aap:
            continue
        for j in range(12):
            a = WINDOW_START + 30 * j
            act.benefits.append(
                Benefit(
                    int(person), "AAP", a, a + 29, round(float(rng.uniform(14000, 24000)), 2), 0.0
                )
            )


def _cards(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "cards")
    e = world.employments
    needs = np.array([s.hms_card for s in SECTORS])[world.companies.sector[e.employer]]
    cleaning = world.companies.sector[e.employer] == SECTOR_INDEX["cleaning"]
    take = np.flatnonzero(
        (needs | cleaning) & e.reported & (e.end >= HISTORY_START) & (rng.random(len(e)) < 0.93)
    )
    for k in take:
        issued = int(max(e.start[k] + rng.integers(0, 14), WINDOW_END - rng.integers(30, 700)))
        blocked = -1
        if e.end[k] < NO_END and rng.random() < 0.8:
            blocked = int(e.end[k]) + int(rng.integers(0, 20))
        act.cards.append(Card(int(e.person[k]), int(e.employer[k]), issued, issued + 730, blocked))


def _approvals(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "approvals")
    c = world.companies
    for key, scheme, p_ok in (
        ("cleaning", "RENHOLD", 0.88),
        ("car_care", "BILPLEIE", 0.72),
        ("staffing", "BEMANNING", 0.9),
    ):
        for i in np.flatnonzero((c.sector == SECTOR_INDEX[key]) & (c.status == ACTIVE)):
            r = rng.random()
            start = int(
                max(
                    c.founded[i] + 60,
                    cal.day("2012-09-01") if scheme == "RENHOLD" else cal.day("2022-07-01"),
                )
            )
            if r < p_ok:
                act.approvals.append(Approval(scheme, int(i), "approved", start, -1))
            elif r < p_ok + 0.05:
                act.approvals.append(Approval(scheme, int(i), "refused", start, start))
            elif r < p_ok + 0.09:
                act.approvals.append(
                    Approval(scheme, int(i), "revoked", start, start + int(rng.integers(100, 900)))
                )


def _licences(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "licences")
    p = world.persons
    age = (WINDOW_END - p.birth) / 365.25
    holders = np.flatnonzero(p.resident & (age >= 18) & (rng.random(len(p)) < 0.72))
    for i in holders:
        if int(i) in act.unlicensed:
            continue
        first = int(p.birth[i] + 365.25 * (18 + rng.exponential(2.5)))
        act.licences.append(Licence(int(i), "B", min(first, WINDOW_END - 5), -1, "NO"))
    e = world.employments
    occ_codes = _occupation_codes(world)
    driver = np.flatnonzero(np.isin(occ_codes, list(DRIVER_OCCUPATIONS)) & e.reported)
    for k in driver:
        person = int(e.person[k])
        if person in act.planned_licences:
            continue
        code = occ_codes[k]
        cls = (
            "D"
            if code == "8331101"
            else ("B" if code == "8322102" else str(rng.choice(["C", "CE"], p=[0.3, 0.7])))
        )
        if cls == "B":
            continue
        years = 2 + rng.exponential(9)
        first = int(min(e.start[k] - 60, WINDOW_END - years * 365))
        first = int(max(first, p.birth[person] + 19 * 365))
        country = "NO" if p.resident[person] else p.country(person)
        code95 = int(WINDOW_END + rng.integers(100, 1800))
        act.licences.append(Licence(person, cls, first, code95, country))


def _occupation_codes(world: World) -> list[str]:
    codes = []
    for o in world.employments.occupation:
        s, k = int(o) // 8, int(o) % 8
        codes.append(SECTORS[s].occupations[k].code)
    return codes


def new_reg_no(act: Activity, rng: np.random.Generator) -> str:
    letters = "ABCDEFGHJKLNPRSTUVXYZ"
    while True:
        pair = letters[rng.integers(0, 21)] + letters[rng.integers(0, 21)]
        r = f"{pair}{rng.integers(10000, 100000)}"
        if r not in act.reg_nos:
            act.reg_nos.add(r)
            return r


def _vehicles(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "vehicles")
    c = world.companies
    kinds = {
        "transport": "truck",
        "construction": "van",
        "electrical": "van",
        "taxi": "car",
        "care": "car",
        "cleaning": "van",
        "car_care": "van",
    }
    e = world.employments
    live = e.reported & (e.end >= WINDOW_END)
    staff = np.bincount(e.employer[live], minlength=len(c))
    for key, cls in kinds.items():
        for i in np.flatnonzero(
            (c.sector == SECTOR_INDEX[key]) & (staff > 0) & (c.status == ACTIVE)
        ):
            n = max(1, int(staff[i] * (0.6 if cls == "truck" else 0.3)))
            for _ in range(min(n, 200)):
                d = int(max(c.founded[i], WINDOW_END - rng.integers(30, 4000)))
                act.vehicles.append(Vehicle(new_reg_no(act, rng), int(i), -1, cls, d))
    p = world.persons
    owners = np.flatnonzero(
        p.resident & ((WINDOW_END - p.birth) > 19 * 365) & (rng.random(len(p)) < 0.35)
    )
    for i in owners:
        d = int(max(p.birth[i] + 19 * 365, WINDOW_END - rng.integers(30, 5000)))
        act.vehicles.append(Vehicle(new_reg_no(act, rng), -1, int(i), "car", d))


OFFENCE_STATUS = (
    ("dropped", 0.40),
    ("fined", 0.30),
    ("convicted", 0.07),
    ("open", 0.15),
    ("charged", 0.08),
)


def police_status(rng: np.random.Generator) -> str:
    names = [name for name, _ in OFFENCE_STATUS]
    p = np.array([share for _, share in OFFENCE_STATUS])
    return str(rng.choice(names, p=p / p.sum()))


def _police_baseline(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "police")
    c = world.companies
    bankrupt = np.flatnonzero((c.status_date >= HISTORY_START) & (c.status == 2))
    for i in bankrupt[rng.random(len(bankrupt)) < 0.12]:
        act.reports.append(
            PoliceReport(
                int(c.status_date[i]) + int(rng.integers(30, 200)),
                "KONKURS",
                int(i),
                -1,
                police_status(rng),
            )
        )
    n = max(3, len(world.persons) // 1500)
    people = rng.integers(0, len(world.persons), n)
    for person in people:
        offence = str(
            rng.choice(
                ["ANNET", "SKATT", "TRYGDESVINDEL", "DOKUMENTFALSK"], p=[0.55, 0.2, 0.15, 0.1]
            )
        )
        d = int(HISTORY_START + rng.integers(0, WINDOW_END - HISTORY_START))
        act.reports.append(PoliceReport(d, offence, -1, int(person), police_status(rng)))
    firms = np.flatnonzero(c.status == ACTIVE)
    for i in rng.choice(firms, size=max(2, len(firms) // 400)):
        d = int(HISTORY_START + rng.integers(0, WINDOW_END - HISTORY_START))
        act.reports.append(
            PoliceReport(
                d,
                str(rng.choice(["SKATT", "ARBEIDSMILJO", "ANNET"])),
                int(i),
                -1,
                police_status(rng),
            )
        )
