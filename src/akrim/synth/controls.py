"""The agencies' own activity that depends on true behaviour: tips, inspections chosen the
way inspectors choose (sector focus, tips, size, earlier findings), roadside checks, bank
cases, and the firms' finances behind the accounts and VAT returns.

Inspections are not random: they follow tips and sector priorities, so the history of
findings is a biased sample of the world, as it is in real registers.
"""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np

from akrim.domain.identifiers import make_account
from akrim.synth.activity import (
    HISTORY_START,
    Activity,
    Inspection,
    Licence,
    PoliceReport,
    RoadCheck,
    Tip,
    Transaction,
    police_status,
)
from akrim.synth.origins import ORIGIN_CODES, ORIGINS
from akrim.synth.reference import SECTORS
from akrim.synth.world import ACTIVE, WINDOW_END, World, np_rng

FINDINGS_OF = {
    "underpay": (("UNDERPAID", 0.6), ("HOURS", 0.4)),
    "undeclared": (("UNREGISTERED_WORKERS", 0.55), ("HMS_CARD", 0.4)),
    "housing": (("HOUSING", 0.6),),
    "false_self": (("NO_CONTRACT", 0.5), ("UNREGISTERED_WORKERS", 0.2)),
    "posted_abuse": (("UNREGISTERED_WORKERS", 0.35), ("HMS_CARD", 0.3)),
    "transport": (("HOURS", 0.4),),
    "kickback": (("UNDERPAID", 0.12),),
    "phoenix": (("NO_CONTRACT", 0.3),),
}
BASE_FINDINGS = (
    ("NO_CONTRACT", 0.28),
    ("SAFETY", 0.38),
    ("HOURS", 0.14),
    ("UNDERPAID", 0.03),
    ("HOUSING", 0.01),
)
TOPIC_OF = {
    "underpay": "pay",
    "undeclared": "undeclared",
    "housing": "housing",
    "false_self": "contract",
    "posted_abuse": "undeclared",
    "transport": "drivers",
    "kickback": "pay",
    "phoenix": "bankruptcy",
    "benefit": "benefit",
    "invoicing": "invoices",
    "strawman": "bankruptcy",
}
TIP_TEXT = {
    "no": {
        "pay": "Arbeiderne i {n} får langt under minstelønn og jobber 12 timer om dagen.",
        "hours": "{n} lar folk jobbe natt og helg uten overtidsbetaling.",
        "undeclared": "Det jobber mange folk hos {n} som ikke står på noen liste.",
        "housing": "Mange arbeidere bor i kjelleren hos {n}, det er brannfarlig.",
        "contract": "{n} krever at alle har eget enkeltpersonforetak, ingen har arbeidskontrakt.",
        "drivers": "Sjåførene i {n} har knapt kjørt lastebil før og kjører uten pauser.",
        "bankruptcy": "{n} er samme folk som gikk konkurs i fjor, nå under nytt navn.",
        "benefit": "Ansatte i {n} går på dagpenger men jobber fulltid.",
        "invoices": "{n} får fakturaer fra firma som ikke har ansatte.",
        "safety": "Farlige forhold og ikke noe verneutstyr hos {n}.",
        "competition": "{n} tar oppdrag til priser ingen seriøs aktør kan gi.",
    },
    "en": {
        "pay": "Workers at {n} are paid far below minimum wage and work 12 hours a day.",
        "hours": "{n} makes people work nights and weekends without overtime pay.",
        "undeclared": "Many people working for {n} are not on any list.",
        "housing": "Workers of {n} live in the basement of the workplace.",
        "contract": "{n} makes everyone register a sole proprietorship, nobody has a contract.",
        "drivers": "The drivers of {n} have almost no experience and drive without rest.",
        "bankruptcy": "{n} is the same people as the firm that went bankrupt last year.",
        "benefit": "Staff at {n} claim unemployment benefit while working full time.",
        "invoices": "{n} pays invoices from firms that have no staff.",
        "safety": "Dangerous conditions and no protective equipment at {n}.",
        "competition": "{n} bids prices no serious firm can match.",
    },
    "pl": {
        "pay": "W {n} płacą dużo poniżej stawki minimalnej, pracujemy po 12 godzin.",
        "undeclared": "W {n} pracuje wielu ludzi bez umowy i bez zgłoszenia.",
        "housing": "Mieszkamy w piwnicy w {n}, za mieszkanie zabierają połowę pensji.",
        "contract": "W {n} każdy musi mieć własną firmę, nikt nie ma umowy o pracę.",
    },
    "lt": {
        "pay": "{n} moka daug mažiau nei minimalus atlyginimas, dirbame po 12 valandų.",
        "drivers": "{n} vairuotojai neturi patirties ir vairuoja be poilsio.",
        "housing": "Gyvename {n} sandėlyje, už būstą išskaičiuoja pusę algos.",
        "undeclared": "{n} dirba daug žmonių be sutarčių.",
    },
    "ro": {
        "pay": "La {n} suntem plătiți mult sub salariul minim și lucrăm 12 ore pe zi.",
        "housing": "Locuim în subsolul firmei {n}.",
    },
    "lv": {
        "pay": "{n} maksā daudz mazāk par minimālo algu, strādājam 12 stundas dienā.",
        "drivers": "{n} šoferiem nav pieredzes, brauc bez atpūtas.",
    },
}


def tip_text(rng: random.Random, tip: Tip, name: str) -> str:
    texts = TIP_TEXT.get(tip.language, {})
    template = (
        texts.get(tip.topic) or TIP_TEXT["no"].get(tip.topic) or TIP_TEXT["no"]["competition"]
    )
    return template.format(n=name)


def language_of(world: World, company: int, staff: list[int] | None = None) -> str:
    """The language a worker of the company (or of ``staff``) would write a tip in."""
    if staff is None:
        order, bounds = _staff_index(world)
        staff = [
            int(p) for p in world.employments.person[order[bounds[company] : bounds[company + 1]]]
        ]
    if not staff:
        return "no"
    codes = np.bincount(world.persons.origin[np.array(staff)])
    top = ORIGINS[ORIGIN_CODES[int(np.argmax(codes))]].language
    return top if top in TIP_TEXT else "en"


# ------------------------------------------------------------------ finances


def finances(world: World, act: Activity) -> tuple[np.ndarray, np.ndarray]:
    """(annual revenue, annual wage costs) per company, from staff, sector and behaviour."""
    rng = np_rng(world.seed, "finances")
    c = world.companies
    e = world.employments
    alive = e.reported & (e.end >= WINDOW_END - 365)
    annual = e.hourly * 1950 * e.pct / 100 * 1.14
    wages = np.bincount(e.employer[alive], weights=annual[alive], minlength=len(c))
    staff = np.bincount(e.employer[alive], minlength=len(c)).astype(float)
    per_worker = np.array([s.revenue_per_worker for s in SECTORS])[c.sector]
    revenue = np.maximum(staff, 0.4) * per_worker * rng.lognormal(0, 0.35, len(c))
    revenue[c.status == 1] = 0.0
    for company, scale in act.revenue_scale.items():
        revenue[company] *= scale
    return revenue, wages


# ------------------------------------------------------------------ tips


def baseline_tips(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "tips")
    c = world.companies
    firms = np.flatnonzero((c.status == ACTIVE) & (c.size > 0))
    if len(firms) == 0:
        return
    weight = np.array([s.priority for s in SECTORS])[c.sector[firms]] * np.log2(2 + c.size[firms])
    n = world.size.tips_per_year * 3
    chosen = rng.choice(firms, size=n, p=weight / weight.sum())
    topics = ["competition", "safety", "hours", "pay", "undeclared", "housing", "contract"]
    for company in chosen:
        topic = str(rng.choice(topics, p=[0.25, 0.25, 0.15, 0.15, 0.1, 0.05, 0.05]))
        source = str(
            rng.choice(
                ["public", "anonymous", "worker", "union", "agency"], p=[0.3, 0.3, 0.2, 0.1, 0.1]
            )
        )
        lang = language_of(world, int(company)) if source == "worker" else "no"
        add_tip(act, rng, int(company), topic, source, lang)


def add_tip(
    act: Activity,
    rng: np.random.Generator,
    company: int,
    topic: str,
    source: str,
    lang: str,
    date: int = -1,
) -> None:
    if date < 0:
        date = int(HISTORY_START + rng.integers(0, WINDOW_END - HISTORY_START))
    channel = (
        "partner"
        if source == "agency"
        else str(rng.choice(["web", "phone", "email"], p=[0.6, 0.2, 0.2]))
    )
    act.tips.append(
        Tip(
            date,
            company,
            channel,
            source,
            lang if topic in TIP_TEXT.get(lang, {}) else "no",
            topic,
            bool(rng.random() < 0.35),
        )
    )


# ------------------------------------------------------------------ inspections


def inspections(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "inspections")
    c = world.companies
    tips_by_company: dict[int, list[int]] = defaultdict(list)
    for t in act.tips:
        tips_by_company[t.company].append(t.date)
    found_before: set[int] = set()
    for year in range(3):
        y0 = HISTORY_START + 365 * year
        alive = np.flatnonzero(c.active_on(y0 + 180) & (c.size > 0))
        if len(alive) == 0:
            continue
        score = np.array([s.priority for s in SECTORS])[c.sector[alive]] * (
            1 + np.log1p(c.size[alive])
        )
        tipped = np.array(
            [any(y0 <= d < y0 + 365 for d in tips_by_company.get(int(i), ())) for i in alive]
        )
        score *= np.where(tipped, 6.0, 1.0)
        score *= np.array([3.0 if int(i) in found_before else 1.0 for i in alive])
        score *= np.array(
            [1.6 if act.behaviour.get(int(i)) else 1.0 for i in alive]
        )  # an inspector's nose
        n = min(world.size.inspections_per_year, len(alive))
        chosen = rng.choice(alive, size=n, replace=False, p=score / score.sum())
        for company in chosen:
            company = int(company)
            tip_days = [d for d in tips_by_company.get(company, ()) if y0 <= d < y0 + 365]
            date = (
                min(tip_days) + int(rng.integers(7, 80))
                if tip_days
                else int(y0 + rng.integers(0, 365))
            )
            date = min(date, WINDOW_END - 1)
            ins = _inspect(world, act, rng, company, date, bool(tip_days))
            act.inspections.append(ins)
            if ins.findings:
                found_before.add(company)


def _inspect(
    world: World, act: Activity, rng: np.random.Generator, company: int, date: int, tipped: bool
) -> Inspection:
    c = world.companies
    findings: list[str] = []
    for code, p in BASE_FINDINGS:
        if rng.random() < p:
            findings.append(code)
    if SECTORS[int(c.sector[company])].hms_card and rng.random() < 0.12:
        findings.append("HMS_CARD")
    serious = False
    for b in sorted(act.behaviour.get(company, ())):
        for code, p in FINDINGS_OF.get(b, ()):
            if rng.random() < p:
                findings.append(code)
                serious = True
    findings = sorted(set(findings))
    reaction, fine = "NONE", 0.0
    if findings:
        r = rng.random()
        if serious and r < 0.12:
            reaction = "POLICE_REPORT"
        elif (serious and r < 0.35) or r < 0.05:
            reaction, fine = "FINE", float(rng.choice([25000, 50000, 100000, 150000, 300000]))
        elif "SAFETY" in findings and r < 0.2:
            reaction = "STOP"
        else:
            reaction = "ORDER"
    if reaction == "POLICE_REPORT":
        act.reports.append(
            PoliceReport(
                date + int(rng.integers(10, 60)), "ARBEIDSMILJO", company, -1, police_status(rng)
            )
        )
    joint: tuple[str, ...] = ()
    if rng.random() < (0.35 if tipped else 0.12):
        joint = tuple(
            sorted(
                rng.choice(
                    ["skatteetaten", "nav", "politi"], size=int(rng.integers(1, 4)), replace=False
                )
            )
        )
    workplace = _workplace_of(world, company, rng)
    site = f"{int(c.addr.postcode[company]):04d}"
    ins = Inspection(date, company, workplace, site, joint, tuple(findings), reaction, fine)
    ins.met = _persons_met(world, act, rng, company, date)
    return ins


def _workplace_of(world: World, company: int, rng: np.random.Generator) -> int:
    idx = _est_index(world).get(company, [])
    if not idx:
        return -1
    return idx[int(rng.integers(0, len(idx)))]


def _est_index(world: World) -> dict[int, list[int]]:
    cached = getattr(world, "_est_cache", None)
    if cached is None or cached[0] != len(world.establishments.orgnr):
        index: dict[int, list[int]] = defaultdict(list)
        for k, parent in enumerate(world.establishments.parent):
            index[parent].append(k)
        cached = (len(world.establishments.orgnr), index)
        world._est_cache = cached  # type: ignore[attr-defined]
    return cached[1]


def _staff_index(world: World) -> tuple[np.ndarray, np.ndarray]:
    e = world.employments
    cache = getattr(world, "_staff_cache", None)
    if cache is None or cache[0] != len(e):
        order = np.argsort(e.employer, kind="stable")
        bounds = np.searchsorted(e.employer[order], np.arange(len(world.companies) + 1))
        cache = (len(e), order, bounds)
        world._staff_cache = cache  # type: ignore[attr-defined]
    return cache[1], cache[2]


def staff_employments(world: World, company: int, date: int) -> list[int]:
    """Indices of the company's declared employments running on ``date``."""
    order, bounds = _staff_index(world)
    e = world.employments
    ks = order[bounds[company] : bounds[company + 1]]
    return [int(k) for k in ks if e.reported[k] and e.start[k] <= date <= e.end[k]]


def staff_on(world: World, company: int, date: int) -> list[int]:
    e = world.employments
    return [int(e.person[k]) for k in staff_employments(world, company, date)]


def _persons_met(
    world: World, act: Activity, rng: np.random.Generator, company: int, date: int
) -> list[tuple[int, int, int, bool]]:
    met: list[tuple[int, int, int, bool]] = []
    staff = staff_on(world, company, date)
    k = min(len(staff), int(rng.integers(2, 16)))
    for i in rng.choice(len(staff), size=k, replace=False) if k else []:
        met.append((staff[int(i)], company, -1, bool(rng.random() < 0.8)))
    for person in act.undeclared.get(company, ()):
        if rng.random() < 0.75:
            met.append((person, company, -1, bool(rng.random() < 0.5)))
    site = act.site_workers.get(company, ())
    for person, contractor in site[:12]:
        if rng.random() < 0.6:
            met.append((person, -1, contractor, bool(rng.random() < 0.7)))
    return met


# ------------------------------------------------------------------ roadside checks


def road_checks(world: World, act: Activity) -> None:
    rng = np_rng(world.seed, "road")
    trucks = [v for v in act.vehicles if v.company >= 0 and v.cls in ("truck", "bus", "van")]
    if not trucks:
        return
    weight = np.array([3.0 if v.cls in ("truck", "bus") else 0.5 for v in trucks])
    weight *= np.array(
        [2.5 if "transport" in act.behaviour.get(v.company, ()) else 1.0 for v in trucks]
    )
    chosen = rng.choice(len(trucks), size=world.size.roadside_checks, p=weight / weight.sum())
    licences = defaultdict(list)
    for lic in act.licences:
        licences[lic.person].append(lic)
    for k in chosen:
        v = trucks[int(k)]
        date = int(HISTORY_START + rng.integers(0, WINDOW_END - HISTORY_START))
        staff = staff_on(world, v.company, date) or list(act.undeclared.get(v.company, ()))
        if not staff:
            continue
        driver = staff[int(rng.integers(0, len(staff)))]
        findings = _road_findings(rng, licences.get(driver, []), v.cls, date)
        reaction = "NONE"
        if findings:
            reaction = (
                "PROHIBITION"
                if "NO_LICENCE" in findings
                else str(rng.choice(["WARNING", "FINE"], p=[0.5, 0.5]))
            )
        act.checks.append(RoadCheck(date, v.reg_no, driver, v.company, tuple(findings), reaction))


def _road_findings(rng: np.random.Generator, lics: list[Licence], cls: str, date: int) -> list[str]:
    findings = []
    heavy = cls in ("truck", "bus")
    if heavy:
        usable = [x for x in lics if x.cls in ("C", "CE", "D", "C1") and x.first_issued <= date]
        if not usable:
            findings.append("NO_LICENCE")
        elif all(x.code95_to < date for x in usable):
            findings.append("NO_CODE95")
    for code, p in (("DRIVING_TIME", 0.07), ("TACHOGRAPH", 0.04), ("TECHNICAL", 0.08)):
        if rng.random() < p:
            findings.append(code)
    return findings


# ------------------------------------------------------------------ bank cases


def account_of(act: Activity, rng: random.Random, kind: str, idx: int) -> str:
    key = (kind, idx)
    if key not in act.accounts:
        while True:
            acc = make_account(
                rng.choice(("1503", "1207", "9235", "3000", "1822", "6011"))
                + f"{rng.randrange(10**6):06d}"
            )
            if acc is not None and acc not in act.account_numbers:
                break
        act.account_numbers.add(acc)
        act.accounts[key] = acc
    return act.accounts[key]


def bank_case(world: World, act: Activity, company: int, rng: random.Random) -> None:
    """Six months of ordinary business on a company's account."""
    c = world.companies
    acc = account_of(act, rng, "c", company)
    start = WINDOW_END - 180
    active = np.flatnonzero(c.status == ACTIVE)
    customers = [int(active[rng.randrange(len(active))]) for _ in range(rng.randint(2, 6))]
    for month in range(6):
        d0 = start + 30 * month
        for k in staff_employments(world, company, d0 + 20)[:40]:
            person = int(world.employments.person[k])
            pay = monthly_pay(world, k)
            act.transactions.append(
                Transaction(
                    acc,
                    company,
                    -1,
                    d0 + 20,
                    -round(pay * 0.68, 2),
                    "SALARY",
                    account_of(act, rng, "p", person),
                    -1,
                    person,
                )
            )
        for _ in range(rng.randrange(2, 6)):
            cust = customers[rng.randrange(len(customers))]
            act.transactions.append(
                Transaction(
                    acc,
                    company,
                    -1,
                    d0 + rng.randrange(30),
                    round(rng.uniform(20000, 400000), 2),
                    "TRANSFER",
                    account_of(act, rng, "c", cust),
                    cust,
                )
            )
        for _ in range(rng.randrange(1, 5)):
            act.transactions.append(
                Transaction(
                    acc,
                    company,
                    -1,
                    d0 + rng.randrange(30),
                    -round(rng.uniform(200, 9000), 2),
                    "CARD",
                    "",
                    -1,
                    -1,
                    rng.choice(("CIRCLE K", "MAXBO", "BYGGMAKKER", "REMA 1000", "EQUINOR")),
                )
            )
        if rng.random() < 0.2:
            act.transactions.append(
                Transaction(
                    acc,
                    company,
                    -1,
                    d0 + rng.randrange(30),
                    -float(rng.choice([2000, 5000, 10000])),
                    "CASH_WITHDRAWAL",
                )
            )


def monthly_pay(world: World, k: int) -> float:
    e = world.employments
    return float(e.hourly[k] * 162.5 * e.pct[k] / 100 * e.hours[k])


def open_bank_cases(world: World, act: Activity) -> None:
    rng = random.Random(f"{world.seed}:bank")
    for company in sorted(set(act.bank_cases)):
        bank_case(world, act, company, rng)
