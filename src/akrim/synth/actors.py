"""Planted threat actors of eleven typologies, and the innocent look-alikes that share
their surface signs.

Each actor is a network of companies and the people who run it. Its signs are spread over
several agencies' registers (a role here, a wage there, a tip, a licence, a payment), so no
single register reveals it; look-alikes outnumber the actors several times, so counting red
flags alone ranks many innocents high. ``SIGNAL_FILES`` names, per typology, the register
files where the planted signs are written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from akrim.synth.activity import (
    Activity,
    Approval,
    Benefit,
    Contract,
    Licence,
    PoliceReport,
    Posting,
    Vehicle,
    new_foreign_company,
    new_reg_no,
    police_status,
)
from akrim.synth.controls import add_tip, language_of
from akrim.synth.planting import Planter, form_of
from akrim.synth.reference import SECTOR_INDEX, SECTORS
from akrim.synth.world import (
    ACTIVE,
    BANKRUPT,
    DELETED,
    NO_END,
    WINDOW_END,
    WINDOW_START,
    World,
    min_wage,
)

TYPOLOGIES = (
    "phoenix_chain",
    "straw_man",
    "fictitious_invoicing",
    "wage_theft",
    "undeclared_work",
    "false_self_employment",
    "posted_worker_abuse",
    "benefit_fraud",
    "mass_address_housing",
    "kickbacks",
    "transport_care",
)

SIGNAL_FILES: dict[str, tuple[str, ...]] = {
    "phoenix_chain": (
        "brreg/enheter.json",
        "brreg/roller.jsonl",
        "skatteetaten/a_melding.csv",
        "skatteetaten/mva.csv",
    ),
    "straw_man": (
        "brreg/roller.jsonl",
        "brreg/enheter.json",
        "skatteetaten/folkeregister.csv",
        "nav/ytelser.csv",
    ),
    "fictitious_invoicing": (
        "brreg/regnskap.csv",
        "brreg/roller.jsonl",
        "skatteetaten/mva.csv",
        "bank/transaksjoner.csv",
    ),
    "wage_theft": (
        "skatteetaten/a_melding.csv",
        "arbeidstilsynet/tips.csv",
        "arbeidstilsynet/tilsyn.csv",
        "arbeidstilsynet/hms_kort.csv",
    ),
    "undeclared_work": (
        "arbeidstilsynet/hms_kort.csv",
        "skatteetaten/mva.csv",
        "arbeidstilsynet/tilsyn_personer.csv",
    ),
    "false_self_employment": (
        "brreg/enheter.json",
        "arbeidstilsynet/hms_kort.csv",
        "bank/transaksjoner.csv",
    ),
    "posted_worker_abuse": (
        "arbeidstilsynet/hms_kort.csv",
        "skatteetaten/oppdrag.csv",
        "skatteetaten/utsendte.csv",
        "brreg/enheter.json",
    ),
    "benefit_fraud": ("nav/ytelser.csv", "skatteetaten/a_melding.csv"),
    "mass_address_housing": (
        "skatteetaten/folkeregister.csv",
        "brreg/enheter.json",
        "arbeidstilsynet/tips.csv",
    ),
    "kickbacks": ("bank/transaksjoner.csv", "skatteetaten/a_melding.csv"),
    "transport_care": (
        "vegvesen/forerkort.csv",
        "vegvesen/kjoretoy.csv",
        "skatteetaten/a_melding.csv",
        "brreg/roller.jsonl",
    ),
}
ACTOR_SHARE = 0.015  # of active enterprises
LOOKALIKES_PER_ACTOR = 3
MIGRANT_ORIGINS = ("LT", "PL", "RO", "LV", "UA", "EE")


@dataclass
class Actor:
    actor_id: str
    typology: str
    orgnrs: list[str] = field(default_factory=list)
    person_keys: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class Network:
    companies: list[int] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # CC:registration of foreign firms
    persons: list[int] = field(default_factory=list)
    description: str = ""


def plant_actors(world: World, act: Activity) -> list[Actor]:
    """Plant every typology (at least the size's minimum each) and their look-alikes."""
    pl = Planter(world, act)
    active = int((world.companies.status == ACTIVE).sum())
    per_typology = max(
        world.size.min_actors_per_typology, round(active * ACTOR_SHARE / 3 / len(TYPOLOGIES))
    )
    planned = [t for _ in range(per_typology) for t in TYPOLOGIES]
    nets: list[tuple[str, Network]] = []
    for typology in planned:
        nets.append((typology, PLANTERS[typology](pl)))
        for _ in range(LOOKALIKES_PER_ACTOR):
            LOOKALIKES[typology](pl)
    pl.flush()
    act.used_persons |= pl.used_persons
    order = pl.prng.sample(range(len(nets)), len(nets))  # actor ids say nothing about typology
    actors = []
    for n, k in enumerate(order):
        typology, net = nets[k]
        c = world.companies
        actors.append(
            Actor(
                f"A{n + 1:05d}",
                typology,
                [c.orgnr[i] for i in dict.fromkeys(net.companies)] + net.foreign,
                [world.persons.key(p) for p in dict.fromkeys(net.persons)],
                net.description,
            )
        )
    actors.sort(key=lambda a: a.actor_id)
    return actors


# ------------------------------------------------------------------ helpers


def _controller(pl: Planter) -> int:
    return pl.person(resident=True, age=(28, 66), has_pid=True)


def _crew(pl: Planter, n: int, foreign_share: float = 0.7) -> list[int]:
    origin = pl.prng.choice(MIGRANT_ORIGINS)
    k = round(n * foreign_share)
    crew = pl.persons(k, origins=(origin,), employed=False, age=(19, 58))
    crew += pl.persons(n - len(crew), resident=True, employed=False, age=(19, 60))
    return crew


def _month_after(d: int, months: float) -> int:
    return int(d + months * 30.4)


def _tip(
    pl: Planter,
    company: int,
    topic: str,
    p: float,
    source: str = "worker",
    crew: list[int] | None = None,
) -> None:
    if pl.chance(p):
        lang = language_of(pl.world, company, crew) if source == "worker" else "no"
        add_tip(pl.act, pl.rng, company, topic, source, lang)


def _flows(pl: Planter, payer: int, payee: int, months: int, low: float, high: float) -> None:
    """Monthly invoices paid from one company account to another, seen on both sides."""
    for m in range(months):
        d = WINDOW_END - 30 * (m + 1) + pl.prng.randrange(0, 20)
        amount = pl.prng.uniform(low, high)
        pl.pay(("c", payer), d, -amount, "TRANSFER", ("c", payee))
        pl.pay(("c", payee), d, amount, "TRANSFER", ("c", payer))


# ------------------------------------------------------------------ the typologies


def phoenix_chain(pl: Planter) -> Network:
    """Firms that go bankrupt when claims arrive; staff and activity move to a fresh firm."""
    sector = pl.prng.choice(("construction", "cleaning", "horeca", "car_care"))
    k = pl.prng.randint(2, 4)
    boss = _controller(pl)
    last_bankruptcy = WINDOW_START + pl.prng.randrange(45, 260)
    dates = [last_bankruptcy]
    for _ in range(k - 2):
        dates.insert(0, dates[0] - pl.prng.randrange(300, 650))
    firms = [pl.company((sector,), employer=False) for _ in range(k)]
    founded = dates[0] - pl.prng.randrange(400, 900)
    crew = _crew(pl, pl.prng.randint(4, 12))
    for j, firm in enumerate(firms):
        bankrupt = j < k - 1
        pl.shape(
            firm,
            sector,
            "AS",
            founded,
            status=BANKRUPT if bankrupt else ACTIVE,
            status_date=dates[j] if bankrupt else -1,
        )
        if j > 0 and pl.chance(0.65):
            pl.same_address(firm, firms[0])
        pl.board(firm, boss)
        start = (
            founded + pl.prng.randrange(10, 40)
            if j == 0
            else dates[j - 1] + pl.prng.randrange(0, 20)
        )
        end = dates[j] if bankrupt else NO_END
        for person in crew:
            pl.employ(person, firm, start, end, occupation=pl.prng.randrange(3))
        if bankrupt:
            pl.act.vat_stops[firm] = dates[j] - pl.prng.randrange(60, 150)
            founded = dates[j] - pl.prng.randrange(-15, 75)
            if pl.chance(0.5):
                pl.act.reports.append(
                    PoliceReport(
                        dates[j] + pl.prng.randrange(40, 200),
                        "KONKURS",
                        firm,
                        -1,
                        police_status(pl.rng),
                    )
                )
    pl.act.behaviour[firms[-1]].add("phoenix")
    _tip(pl, firms[-1], "bankruptcy", 0.35, "union")
    if pl.chance(0.4):
        pl.act.bank_cases.append(firms[-1])
    return Network(
        firms,
        [],
        [boss],
        f"{k} {sector} firms in a chain of bankruptcies; staff move to each successor",
    )


def straw_man(pl: Planter) -> Network:
    """A front person with no income of their own as director of many short-lived firms."""
    abroad = pl.chance(0.5)
    if abroad:
        straw = pl.person(resident=False, employed=False, has_pid=True, age=(22, 60))
        pl.world.persons.abroad[straw] = True
        pl.world.persons.status[straw] = 1
    else:
        straw = pl.person(resident=True, employed=False, has_pid=True, age=(22, 64))
        for j in range(12):
            a = WINDOW_START + 30 * j
            pl.act.benefits.append(
                Benefit(straw, "AAP", a, a + 29, round(pl.prng.uniform(14000, 21000), 2), 0.0)
            )
    boss = _controller(pl)
    old = pl.any_company()
    when = WINDOW_START - pl.prng.randrange(400, 1200)
    pl.shape(old, "construction", "AS", when - 900, status=BANKRUPT, status_date=when)
    pl.board(old, boss)
    firms = []
    for _ in range(pl.prng.randint(3, 6)):
        sector = pl.prng.choice(("construction", "cleaning", "staffing", "transport"))
        firm = pl.company((sector,), employer=False)
        founded = WINDOW_END - pl.prng.randrange(90, 900)
        bankrupt = pl.chance(0.35) and founded < WINDOW_START
        status_date = WINDOW_START + pl.prng.randrange(10, 300) if bankrupt else -1
        pl.shape(
            firm,
            sector,
            "AS",
            founded,
            status=BANKRUPT if bankrupt else ACTIVE,
            status_date=status_date,
        )
        pl.role(firm, "DAGL", straw)
        pl.role(firm, "LEDE", straw)
        if pl.chance(0.5):
            pl.role(firm, "DAGL", boss, resigned=True)
        for person in _crew(pl, pl.prng.randint(0, 6)):
            pl.employ(person, firm, founded + 20, status_date if bankrupt else NO_END)
        if bankrupt:
            pl.act.vat_stops[firm] = status_date - 90
        firms.append(firm)
    pl.act.behaviour[firms[0]].add("strawman")
    return Network(
        [old, *firms],
        [],
        [straw, boss],
        f"front person as director of {len(firms)} young firms; controller resigned before trouble",
    )


def fictitious_invoicing(pl: Planter) -> Network:
    """A contractor buys invoices from labour-less subcontractors; the cash comes back."""
    main = pl.company(("construction",), employer=True, forms=("AS",), min_size=4)
    if pl.staff_count(main) == 0:
        for person in _crew(pl, pl.prng.randint(3, 8), foreign_share=0.5):
            pl.employ(person, main, WINDOW_START - pl.prng.randrange(30, 900))
    boss = _controller(pl)
    pl.clear_roles(main)
    pl.board(main, boss)
    audit = pl.world.audit_firms
    if audit:
        for _ in range(2):
            pl.role(main, "REVI", unit=audit[pl.prng.randrange(len(audit))], resigned=True)
        pl.role(main, "REVI", unit=audit[pl.prng.randrange(len(audit))])
    pl.act.external_share[main] = pl.prng.uniform(0.7, 0.88)
    pl.act.revenue_scale[main] = 1.4
    subs = []
    owners = []
    for _ in range(pl.prng.randint(2, 5)):
        form = pl.prng.choice(("ENK", "AS", "NUF"))
        sub = pl.company(("construction", "cleaning"), employer=False)
        owner = pl.person(resident=False, employed=False, has_pid=True, origins=MIGRANT_ORIGINS)
        founded = WINDOW_END - pl.prng.randrange(60, 330)
        pl.shape(
            sub,
            pl.prng.choice(("construction", "cleaning")),
            "ENK" if form == "ENK" else "AS",
            founded,
            owner=owner if form == "ENK" else -1,
        )
        if form != "ENK":
            pl.role(sub, "DAGL", owner)
            pl.role(sub, "LEDE", owner)
        pl.act.revenue_scale[sub] = pl.prng.uniform(6, 14)
        _flows(pl, main, sub, 6, 150_000, 600_000)
        for m in range(6):
            d = WINDOW_END - 30 * (m + 1) + 22
            for _ in range(pl.prng.randint(2, 5)):
                pl.pay(
                    ("c", sub),
                    d + pl.prng.randrange(3),
                    -float(pl.prng.choice([10000, 15000, 20000])),
                    "CASH_WITHDRAWAL",
                )
            pl.pay(("c", sub), d + 4, -pl.prng.uniform(30_000, 90_000), "TRANSFER", ("p", boss))
            pl.pay(("p", boss), d + 4, pl.prng.uniform(30_000, 90_000), "CASH_DEPOSIT")
        subs.append(sub)
        owners.append(owner)
    pl.act.bank_cases.append(main)
    pl.act.behaviour[main].add("invoicing")
    return Network(
        [main, *subs],
        [],
        [boss, *owners],
        f"contractor paying {len(subs)} young subcontractors without staff; cash withdrawn",
    )


def wage_theft(pl: Planter) -> Network:
    """Migrant workers paid far below the generalised minimum wage for long hours."""
    sector = pl.prng.choice(("cleaning", "construction", "horeca", "fish", "agriculture"))
    firm = pl.company((sector,), employer=True)
    boss = _controller(pl)
    pl.clear_roles(firm)
    if form_of(pl.world, firm) == "ENK":
        pl.shape(firm, sector, "AS", int(pl.world.companies.founded[firm]))
    pl.board(firm, boss)
    s = SECTOR_INDEX[sector]
    crew = _crew(pl, pl.prng.randint(5, 14), foreign_share=1.0)
    for person in crew:
        occ = pl.prng.randrange(len(SECTORS[s].occupations))
        floor = min_wage(s, occ) or 200.0
        pl.employ(
            person,
            firm,
            WINDOW_START - pl.prng.randrange(0, 500),
            occupation=occ,
            hourly=floor * pl.prng.uniform(0.42, 0.72),
            pay_hourly=pl.chance(0.5),
            hours=pl.prng.uniform(1.0, 1.4),
        )
        if pl.chance(0.35):
            pl.live_in(person, firm, WINDOW_START - pl.prng.randrange(0, 300))
    pl.act.behaviour[firm].add("underpay")
    _tip(pl, firm, "pay", 1.0, crew=crew)  # exploited workers do complain, sooner or later
    _tip(pl, firm, "hours", 0.3, "union")
    return Network(
        [firm],
        [],
        [boss],
        f"{sector} employer paying {len(crew)} migrant workers 40-70 % of the minimum wage",
    )


def undeclared_work(pl: Planter) -> Network:
    """Workers on site and on ID cards, never reported in the employer reports."""
    sector = pl.prng.choice(("construction", "cleaning", "car_care", "horeca"))
    firm = pl.company((sector,), employer=False)
    boss = _controller(pl)
    pl.shape(firm, sector, "AS", WINDOW_END - pl.prng.randrange(400, 3000))
    pl.board(firm, boss)
    for person in _crew(pl, pl.prng.randint(1, 3), foreign_share=0.3):
        pl.employ(person, firm, WINDOW_START - 300)
    hidden = pl.persons(
        pl.prng.randint(4, 12),
        origins=(pl.prng.choice(MIGRANT_ORIGINS),),
        employed=False,
        age=(19, 58),
    )
    for i, person in enumerate(hidden):
        pl.employ(person, firm, WINDOW_START - pl.prng.randrange(0, 400), reported=False)
        pl.act.undeclared[firm].append(person)
        if i == 0 or pl.chance(0.5):
            pl.card(person, firm, WINDOW_START - pl.prng.randrange(30, 500))
    pl.act.revenue_scale[firm] = pl.prng.uniform(3, 6)
    pl.act.behaviour[firm].add("undeclared")
    _tip(pl, firm, "undeclared", 0.5, "public")
    return Network(
        [firm],
        [],
        [boss],
        f"{sector} firm with {len(hidden)} workers on site and ID cards, not in employer reports",
    )


def false_self_employment(pl: Planter) -> Network:
    """Workers made to register sole proprietorships and invoice their only client."""
    sector = pl.prng.choice(("construction", "cleaning"))
    client = pl.company((sector,), employer=False, forms=("AS",))
    boss = _controller(pl)
    pl.shape(client, sector, "AS", WINDOW_END - pl.prng.randrange(500, 3000))
    pl.board(client, boss)
    pl.act.revenue_scale[client] = pl.prng.uniform(2, 4)
    origin = pl.prng.choice(MIGRANT_ORIGINS)
    owners = pl.persons(
        pl.prng.randint(4, 10), resident=False, origins=(origin,), employed=False, has_pid=True
    )
    flat = pl.company(("real_estate", "holding", "other"))  # their shared home is also its address
    registered = WINDOW_END - pl.prng.randrange(150, 550)
    enks = []
    for owner in owners:
        enk = pl.any_company()
        pl.shape(
            enk,
            sector,
            "ENK",
            registered + pl.prng.randrange(0, 10),
            vat=pl.chance(0.25),
            owner=owner,
        )
        pl.same_address(enk, flat if pl.chance(0.7) else client)
        pl.live_in(owner, enk, registered - pl.prng.randrange(0, 60))
        pl.card(owner, enk, registered + pl.prng.randrange(10, 40))
        pl.act.undeclared[client].append(owner)
        for m in range(6):
            d = WINDOW_END - 30 * (m + 1) + 15
            amount = pl.prng.uniform(28_000, 36_000)
            pl.pay(("c", client), d, -amount, "TRANSFER", ("c", enk))
        enks.append(enk)
    pl.used_companies.discard(flat)
    pl.act.bank_cases.append(client)
    pl.act.behaviour[client].add("false_self")
    _tip(pl, client, "contract", 0.3, crew=owners)
    return Network(
        [client, *enks],
        [],
        [boss],
        f"client with {len(enks)} sole proprietorships registered together, working only for it",
    )


def posted_worker_abuse(pl: Planter) -> Network:
    """Hired-in labour disguised as a contract with a foreign firm, unreported or half-reported."""
    client = pl.company(("construction", "shipyard", "fish"), employer=True, min_size=3)
    boss = _controller(pl)
    pl.clear_roles(client)
    pl.board(client, boss)
    country = pl.prng.choice(("LT", "PL", "RO", "LV"))
    fc_index = new_foreign_company(pl.world, pl.rng, country, "staffing")
    fc = pl.world.foreign_companies[fc_index]
    agent = pl.person(resident=False, origins=(country,), has_pid=True, age=(28, 60))
    as_nuf = pl.chance(0.5)
    nuf = -1
    if as_nuf:
        nuf = pl.any_company()
        pl.shape(nuf, "staffing", "NUF", WINDOW_END - pl.prng.randrange(200, 1500), vat=True)
        c = pl.world.companies
        c.name[nuf] = fc.name.upper()  # the central register writes names in capitals
        c.country[nuf] = country
        c.foreign_reg[nuf] = fc.reg_no
        fc.orgnr = c.orgnr[nuf]
        pl.role(nuf, "KONT", agent)
    hidden_contract = as_nuf and pl.chance(0.6)
    start = WINDOW_START - pl.prng.randrange(200, 500)
    end = WINDOW_END + pl.prng.randrange(30, 200)
    workers = pl.persons(pl.prng.randint(5, 14), resident=False, origins=(country,), employed=False)
    pl.act.contracts.append(
        Contract(
            client,
            fc_index,
            start,
            end,
            round(len(workers) * 600_000, -3),
            int(pl.world.companies.addr.postcode[client]),
            "Produksjonsavtale",
            reported=not hidden_contract,
        )
    )
    ci = len(pl.act.contracts) - 1
    for person in workers:
        reported = not hidden_contract and pl.chance(0.5)
        first = start + pl.prng.randrange(0, 30)
        pl.act.postings.append(
            Posting(ci, person, first, end, "" if pl.chance(0.6) else country, reported)
        )
        pl.act.site_workers[client].append((person, fc_index))
        if pl.chance(0.7) or person == workers[0]:
            pl.card(person, nuf, first - 5)
    pl.act.behaviour[client].add("posted_abuse")
    _tip(pl, client, "undeclared", 0.4, "union")
    net = Network(
        [client] + ([nuf] if nuf >= 0 else []),
        [] if nuf >= 0 else [f"{fc.country}:{fc.reg_no}"],
        [boss, agent],
    )
    how = "unreported" if hidden_contract else "half-reported"
    net.description = (
        f"{how} contract with {fc.country} firm; {len(workers)} posted workers, A1 often missing"
    )
    return net


def benefit_fraud(pl: Planter) -> Network:
    """Benefits drawn while working, or fictitious employment set up to claim them."""
    boss = _controller(pl)
    claimants = pl.persons(
        pl.prng.randint(2, 6), resident=True, employed=False, has_pid=True, age=(22, 60)
    )
    if pl.chance(0.5):
        sector = pl.prng.choice(("horeca", "cleaning", "construction", "car_care"))
        firm = pl.company((sector,), employer=False)
        pl.shape(firm, sector, "AS", WINDOW_END - pl.prng.randrange(300, 2500))
        pl.board(firm, boss)
        for person in claimants:
            a = WINDOW_START + pl.prng.randrange(0, 150)
            b = a + pl.prng.randrange(90, 200)
            pl.employ(person, firm, a, b, pct=pl.prng.choice((40.0, 60.0, 100.0)))
            for j in range((b - a) // 14):
                pl.act.benefits.append(
                    Benefit(
                        person,
                        "DAGPENGER",
                        a + 14 * j,
                        a + 14 * j + 13,
                        round(pl.prng.uniform(7000, 12000), 2),
                        0.0,
                    )
                )
        how = "claimants work at the firm while declaring no work on their cards"
    else:
        sector = pl.prng.choice(("construction", "staffing", "other"))
        firm = pl.company((sector,), employer=False)
        pl.shape(firm, sector, "AS", WINDOW_START - pl.prng.randrange(20, 120))
        pl.board(firm, boss)
        pl.act.revenue_scale[firm] = 0.0
        for person in claimants:
            a = WINDOW_START + pl.prng.randrange(0, 60)
            b = a + pl.prng.randrange(60, 120)
            pl.employ(person, firm, a, b, hourly=pl.prng.uniform(380, 560))
            kind = pl.prng.choice(("SYKEPENGER", "DAGPENGER"))
            c0 = b + pl.prng.randrange(1, 10)
            if kind == "SYKEPENGER":
                pl.act.benefits.append(
                    Benefit(
                        person,
                        kind,
                        c0,
                        min(c0 + 180, WINDOW_END),
                        round(pl.prng.uniform(90_000, 160_000), 2),
                        None,
                    )
                )
            else:
                for j in range(min(12, (WINDOW_END - c0) // 14)):
                    pl.act.benefits.append(
                        Benefit(
                            person,
                            kind,
                            c0 + 14 * j,
                            c0 + 14 * j + 13,
                            round(pl.prng.uniform(11000, 15000), 2),
                            0.0,
                        )
                    )
        how = "short, high-paid employments at a firm without turnover, then benefit claims"
    if pl.chance(0.3):
        pl.act.reports.append(
            PoliceReport(
                WINDOW_END - pl.prng.randrange(10, 120), "TRYGDESVINDEL", -1, claimants[0], "open"
            )
        )
    pl.act.behaviour[firm].add("benefit")
    return Network([firm], [], [boss, *claimants], how)


def mass_address_housing(pl: Planter) -> Network:
    """Many workers registered at one address, which is also the employer's workplace."""
    boss = _controller(pl)
    landlord = pl.company(("real_estate",))
    pl.shape(landlord, "real_estate", "AS", WINDOW_END - pl.prng.randrange(700, 4000))
    pl.board(landlord, boss)
    firms = []
    for _ in range(pl.prng.randint(1, 3)):
        sector = pl.prng.choice(("construction", "cleaning", "car_care"))
        firm = pl.company((sector,), employer=False)
        pl.shape(firm, sector, "AS", WINDOW_END - pl.prng.randrange(300, 2500))
        pl.same_address(firm, landlord)
        pl.board(firm, boss)
        firms.append(firm)
    crew = _crew(pl, pl.prng.randint(12, 28), foreign_share=0.9)
    for i, person in enumerate(crew):
        firm = firms[i % len(firms)]
        moved = WINDOW_END - pl.prng.randrange(20, 540)
        pl.employ(
            person, firm, moved + pl.prng.randrange(0, 30), hourly=None if pl.chance(0.5) else 190.0
        )
        pl.live_in(person, landlord, moved)
        if pl.chance(0.15) and pl.world.persons.pid[person] and pl.world.persons.resident[person]:
            a = moved + 40
            for j in range(4):
                pl.act.benefits.append(
                    Benefit(
                        person,
                        "DAGPENGER",
                        a + 14 * j,
                        a + 14 * j + 13,
                        round(pl.prng.uniform(6000, 9000), 2),
                        0.0,
                    )
                )
    for firm in firms:
        pl.act.behaviour[firm].add("housing")
    _tip(pl, firms[0], "housing", 0.6, "public")
    return Network(
        [landlord, *firms],
        [],
        [boss],
        f"{len(crew)} workers registered at the address of the firms they work for",
    )


def kickbacks(pl: Planter) -> Network:
    """Wages paid correctly on paper, and a large part paid back to the boss."""
    sector = pl.prng.choice(("construction", "cleaning", "transport"))
    firm = pl.company((sector,), employer=False)
    boss = _controller(pl)
    pl.shape(firm, sector, "AS", WINDOW_END - pl.prng.randrange(400, 3000))
    pl.board(firm, boss)
    crew = _crew(pl, pl.prng.randint(5, 12), foreign_share=1.0)
    for person in crew:
        pl.employ(person, firm, WINDOW_START - pl.prng.randrange(30, 600))
    for person in crew:
        for m in range(6):
            d = WINDOW_END - 30 * (m + 1) + 20
            salary = pl.prng.uniform(26_000, 34_000)
            pl.pay(("c", firm), d, -salary, "SALARY", ("p", person))
            pl.pay(("p", person), d, salary, "SALARY", ("c", firm))
            back = salary * pl.prng.uniform(0.3, 0.5)
            if pl.chance(0.6):
                pl.pay(("p", person), d + pl.prng.randrange(1, 4), -back, "TRANSFER", ("p", boss))
                pl.pay(("p", boss), d + 3, back, "TRANSFER", ("p", person))
            else:
                pl.pay(("p", person), d + 1, -round(back, -3), "CASH_WITHDRAWAL")
                pl.pay(("p", boss), d + 2, round(back, -3), "CASH_DEPOSIT")
    pl.act.bank_cases.append(firm)
    pl.act.behaviour[firm].add("kickback")
    _tip(pl, firm, "pay", 0.4, crew=crew)
    return Network(
        [firm], [], [boss], f"{len(crew)} workers pay back 30-50 % of their wages to the owner"
    )


def transport_care(pl: Planter) -> Network:
    """Transport and care firms claiming experienced foreign drivers; licences new or missing."""
    boss = _controller(pl)
    front = pl.person(resident=False, origins=("LT", "LV"), has_pid=True, age=(25, 60))
    firms = []
    for sector in ("transport",) * pl.prng.randint(1, 2) + ("care",):
        firm = pl.company((sector,), employer=False)
        pl.shape(firm, sector, "AS", WINDOW_END - pl.prng.randrange(300, 1500))
        pl.role(firm, "DAGL", front if pl.chance(0.5) else boss)
        pl.role(firm, "LEDE", boss)
        firms.append(firm)
    drivers = pl.persons(
        pl.prng.randint(6, 14),
        resident=False,
        origins=("LT", "LV", "EE"),
        employed=False,
        age=(21, 50),
    )
    for i, person in enumerate(drivers):
        firm = firms[i % (len(firms) - 1)]
        hired = WINDOW_START - pl.prng.randrange(0, 300)
        pl.employ(person, firm, hired, occupation=0)
        roll = pl.prng.random()
        pl.act.planned_licences.add(person)
        country = pl.world.persons.country(person)
        if roll < 0.55:
            pl.act.licences.append(
                Licence(
                    person,
                    pl.prng.choice(("C", "CE")),
                    hired - pl.prng.randrange(60, 240),
                    -1,
                    country,
                )
            )
        elif roll < 0.8:
            pl.act.unlicensed.add(person)
        else:
            pl.act.licences.append(
                Licence(person, "B", hired - pl.prng.randrange(200, 2000), -1, country)
            )
    carers = pl.persons(
        pl.prng.randint(3, 7), resident=False, origins=("LT", "LV"), employed=False, age=(21, 55)
    )
    for person in carers:
        pl.employ(person, firms[-1], WINDOW_START - pl.prng.randrange(0, 300), occupation=1)
    for firm in firms[:-1]:
        for _ in range(pl.prng.randint(3, 7)):
            pl.act.vehicles.append(
                Vehicle(
                    new_reg_no(pl.act, pl.rng),
                    firm,
                    -1,
                    "truck",
                    WINDOW_END - pl.prng.randrange(100, 1500),
                )
            )
    pl.act.vehicles.append(
        Vehicle(
            new_reg_no(pl.act, pl.rng),
            firms[-1],
            -1,
            "van",
            WINDOW_END - pl.prng.randrange(100, 1500),
        )
    )
    for firm in firms:
        pl.act.behaviour[firm].add("transport")
    _flows(pl, firms[-1], firms[0], 4, 80_000, 250_000)
    pl.act.bank_cases.append(firms[0])
    _tip(pl, firms[0], "drivers", 0.5, "union")
    return Network(
        firms,
        [],
        [boss, front],
        f"transport and care firms; {len(drivers)} Baltic drivers with new or missing licences",
    )


# ------------------------------------------------------------------ look-alikes


def lawful_restart(pl: Planter) -> None:
    """A real bankruptcy, and later a new firm by the same person (staff do not follow), or a
    lawful business transfer where the staff move together to a new owner."""
    sector = pl.prng.choice(("construction", "cleaning", "horeca", "car_care"))
    owner = _controller(pl)
    old = pl.company((sector,), employer=False)
    new = pl.company((sector,), employer=False)
    gone = WINDOW_START + pl.prng.randrange(30, 250)
    transfer = pl.chance(0.4)
    pl.shape(
        old,
        sector,
        "AS",
        gone - pl.prng.randrange(700, 3000),
        status=DELETED if transfer else BANKRUPT,
        status_date=gone,
    )
    pl.shape(new, sector, "AS", gone - pl.prng.randrange(-200, 60))
    pl.board(old, owner)
    pl.board(new, owner if not transfer else _controller(pl))
    if pl.chance(0.5):
        pl.same_address(new, old)
    crew = _crew(pl, pl.prng.randint(3, 9), foreign_share=0.4)
    for person in crew:
        pl.employ(person, old, gone - pl.prng.randrange(200, 900), gone)
        if transfer:
            pl.employ(person, new, gone + 1)
    if not transfer:
        for person in crew[: len(crew) // 3]:
            pl.employ(person, new, gone + pl.prng.randrange(60, 200))


def foreign_board(pl: Planter) -> None:
    """Board members living abroad with D-numbers, on the boards of several sound group firms."""
    member = pl.person(resident=False, origins=("SE", "DE", "PL"), has_pid=True, age=(35, 66))
    pl.world.persons.abroad[member] = True
    pl.world.persons.status[member] = 1
    audit = pl.world.audit_firms
    for _ in range(pl.prng.randint(2, 5)):
        firm = pl.company(("wholesale", "it", "professional", "construction"), forms=("AS",))
        pl.role(firm, "LEDE" if pl.chance(0.5) else "MEDL", member)
        if audit:
            pl.role(firm, "REVI", unit=audit[pl.prng.randrange(len(audit))])


def subcontracting_lookalike(pl: Planter) -> None:
    """A general contractor with high external costs, buying from young firms with real staff."""
    main = pl.company(("construction",), employer=True, forms=("AS",))
    pl.act.external_share[main] = pl.prng.uniform(0.6, 0.8)
    for _ in range(pl.prng.randint(1, 3)):
        sub = pl.company(("construction", "electrical"), employer=False)
        sector = "construction"
        pl.shape(sub, sector, "AS", WINDOW_END - pl.prng.randrange(60, 330))
        pl.board(sub, _controller(pl))
        for person in _crew(pl, pl.prng.randint(2, 8), foreign_share=0.4):
            pl.employ(person, sub, int(pl.world.companies.founded[sub]) + 20)
        if pl.chance(0.4):
            pl.act.bank_cases.append(main)
            _flows(pl, main, sub, 4, 100_000, 400_000)


def youth_wages(pl: Planter) -> None:
    """Young workers on the lawful youth rate, below the adult minimum."""
    firm = pl.company(("horeca", "retail", "agriculture"), employer=True)
    for person in pl.persons(pl.prng.randint(2, 6), resident=True, age=(16, 17)):
        pl.employ(
            person,
            firm,
            WINDOW_START + pl.prng.randrange(0, 200),
            WINDOW_END - pl.prng.randrange(0, 60),
            hourly=pl.prng.uniform(150, 185),
            pct=40.0,
            pay_hourly=True,
        )
    if pl.chance(0.3):
        _tip(pl, firm, "pay", 1.0, "public")


def hired_in_staff(pl: Planter) -> None:
    """Staffing-agency workers at a client's site, who name the client as their employer."""
    agency = pl.company(("staffing",), employer=False)
    pl.shape(agency, "staffing", "AS", WINDOW_END - pl.prng.randrange(300, 3000))
    pl.board(agency, _controller(pl))
    pl.act.approvals.append(
        Approval("BEMANNING", agency, "approved", int(pl.world.companies.founded[agency]) + 60, -1)
    )
    client = pl.company(("construction", "cleaning", "fish"), employer=True)
    for person in _crew(pl, pl.prng.randint(3, 8), foreign_share=0.8):
        pl.employ(person, agency, WINDOW_START - pl.prng.randrange(0, 300))
        pl.act.undeclared[client].append(person)
        if pl.chance(0.5):
            pl.card(person, agency, WINDOW_START - pl.prng.randrange(0, 200))


def shared_office(pl: Planter) -> None:
    """A business centre where many unrelated sole proprietorships are registered."""
    centre = pl.company(("real_estate", "professional"))
    for _ in range(pl.prng.randint(5, 12)):
        owner = pl.person(resident=True, has_pid=True, age=(22, 66))
        enk = pl.any_company()
        sector = pl.prng.choice(
            ("construction", "it", "professional", "cleaning", "hairdresser", "other")
        )
        pl.shape(
            enk,
            sector,
            "ENK",
            WINDOW_END - pl.prng.randrange(100, 3000),
            vat=pl.chance(0.6),
            owner=owner,
        )
        pl.same_address(enk, centre)
    pl.used_companies.discard(centre)


def proper_posting(pl: Planter) -> None:
    """A contract with a foreign firm, fully reported, every worker with A1 and ID card."""
    client = pl.company(("construction", "shipyard", "fish"), employer=True)
    country = pl.prng.choice(("LT", "PL", "RO", "LV", "SE"))
    fc = new_foreign_company(pl.world, pl.rng, country, "construction")
    start = WINDOW_START - pl.prng.randrange(100, 500)
    end = start + pl.prng.randrange(200, 700)
    workers = pl.persons(pl.prng.randint(3, 10), resident=False, origins=(country,), employed=False)
    pl.act.contracts.append(
        Contract(
            client,
            fc,
            start,
            end,
            round(len(workers) * 500_000, -3),
            int(pl.world.companies.addr.postcode[client]),
            "Montasje",
        )
    )
    ci = len(pl.act.contracts) - 1
    for person in workers:
        first = start + pl.prng.randrange(0, 20)
        pl.act.postings.append(
            Posting(ci, person, first, min(end, first + pl.prng.randrange(60, 400)), country)
        )
        pl.act.site_workers[client].append((person, fc))
        pl.card(person, -1, first - 3)


def lawful_benefits(pl: Planter) -> None:
    """A short, well-paid project job ending, then unemployment benefit: lawful."""
    firm = pl.company(("professional", "construction", "it"), employer=False)
    pl.shape(
        firm,
        pl.prng.choice(("professional", "construction", "it")),
        "AS",
        WINDOW_START - pl.prng.randrange(20, 400),
    )
    pl.board(firm, _controller(pl))
    for person in pl.persons(pl.prng.randint(1, 4), resident=True, employed=False, has_pid=True):
        a = WINDOW_START + pl.prng.randrange(0, 90)
        b = a + pl.prng.randrange(60, 150)
        pl.employ(person, firm, a, b, hourly=pl.prng.uniform(350, 520))
        c0 = b + pl.prng.randrange(5, 25)
        for j in range(min(8, (WINDOW_END - c0) // 14)):
            pl.act.benefits.append(
                Benefit(
                    person,
                    "DAGPENGER",
                    c0 + 14 * j,
                    c0 + 14 * j + 13,
                    round(pl.prng.uniform(11000, 14500), 2),
                    0.0,
                )
            )


def worker_housing(pl: Planter) -> None:
    """A large employer housing its seasonal or migrant workers at the plant, lawfully."""
    firm = pl.company(("fish", "agriculture", "shipyard"), employer=True)
    for person in _crew(pl, pl.prng.randint(10, 30), foreign_share=0.9):
        moved = WINDOW_END - pl.prng.randrange(20, 500)
        pl.employ(person, firm, moved + pl.prng.randrange(0, 20))
        pl.live_in(person, firm, moved)


def rent_to_employer(pl: Planter) -> None:
    """Workers paying a fixed rent to their employer, and money home: seen in a bank case."""
    firm = pl.company(("construction", "cleaning", "transport", "fish"), employer=False)
    pl.shape(
        firm,
        pl.prng.choice(("construction", "cleaning", "transport", "fish")),
        "AS",
        WINDOW_END - pl.prng.randrange(400, 3000),
    )
    owner = _controller(pl)
    pl.board(firm, owner)
    crew = _crew(pl, pl.prng.randint(4, 10), foreign_share=1.0)
    for person in crew:
        pl.employ(person, firm, WINDOW_START - pl.prng.randrange(30, 600))
        for m in range(6):
            d = WINDOW_END - 30 * (m + 1) + 20
            salary = pl.prng.uniform(28_000, 36_000)
            pl.pay(("c", firm), d, -salary, "SALARY", ("p", person))
            pl.pay(("p", person), d, salary, "SALARY", ("c", firm))
            pl.pay(
                ("p", person),
                d + 2,
                -pl.prng.choice((4500.0, 5000.0, 6000.0)),
                "TRANSFER",
                ("c", firm),
            )
            if pl.chance(0.5):
                pl.pay(
                    ("p", person),
                    d + 5,
                    -pl.prng.uniform(5000, 12000),
                    "TRANSFER",
                    None,
                    "Western Union",
                )
            if pl.chance(0.2):
                pl.pay(("p", person), d + 6, -pl.prng.uniform(2000, 5000), "TRANSFER", ("p", owner))
    pl.act.bank_cases.append(firm)


def lawful_drivers(pl: Planter) -> None:
    """A haulier with Baltic drivers holding long-standing licences, and new Norwegian drivers."""
    firm = pl.company(("transport",), employer=False)
    pl.shape(firm, "transport", "AS", WINDOW_END - pl.prng.randrange(600, 6000))
    pl.board(firm, _controller(pl))
    for person in pl.persons(
        pl.prng.randint(3, 8),
        resident=False,
        origins=("LT", "LV", "EE", "PL"),
        employed=False,
        age=(25, 58),
    ):
        hired = WINDOW_START - pl.prng.randrange(0, 600)
        pl.employ(person, firm, hired, occupation=0)
        pl.act.planned_licences.add(person)
        pl.act.licences.append(
            Licence(
                person,
                "CE",
                hired - pl.prng.randrange(1500, 6000),
                WINDOW_END + pl.prng.randrange(100, 1500),
                pl.world.persons.country(person),
            )
        )
    for person in pl.persons(
        pl.prng.randint(1, 3), resident=True, employed=False, age=(19, 24), has_pid=True
    ):
        hired = WINDOW_START + pl.prng.randrange(0, 200)
        pl.employ(person, firm, hired, occupation=0)
        pl.act.planned_licences.add(person)
        pl.act.licences.append(
            Licence(person, "C", hired - pl.prng.randrange(20, 150), WINDOW_END + 1500, "NO")
        )
    for _ in range(pl.prng.randint(2, 5)):
        pl.act.vehicles.append(
            Vehicle(
                new_reg_no(pl.act, pl.rng),
                firm,
                -1,
                "truck",
                WINDOW_END - pl.prng.randrange(100, 2500),
            )
        )
    if pl.chance(0.3):
        pl.act.bank_cases.append(firm)


PLANTERS: dict[str, Callable[[Planter], Network]] = {
    "phoenix_chain": phoenix_chain,
    "straw_man": straw_man,
    "fictitious_invoicing": fictitious_invoicing,
    "wage_theft": wage_theft,
    "undeclared_work": undeclared_work,
    "false_self_employment": false_self_employment,
    "posted_worker_abuse": posted_worker_abuse,
    "benefit_fraud": benefit_fraud,
    "mass_address_housing": mass_address_housing,
    "kickbacks": kickbacks,
    "transport_care": transport_care,
}
LOOKALIKES: dict[str, Callable[[Planter], None]] = {
    "phoenix_chain": lawful_restart,
    "straw_man": foreign_board,
    "fictitious_invoicing": subcontracting_lookalike,
    "wage_theft": youth_wages,
    "undeclared_work": hired_in_staff,
    "false_self_employment": shared_office,
    "posted_worker_abuse": proper_posting,
    "benefit_fraud": lawful_benefits,
    "mass_address_housing": worker_housing,
    "kickbacks": rent_to_employer,
    "transport_care": lawful_drivers,
}
