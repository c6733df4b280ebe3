"""The true synthetic world: companies, persons, establishments, roles and employments.

Everything here is the truth the registers are later written from (with each register's
own recording noise). Columns are numpy arrays so that a Norway-sized world fits in memory;
strings (org numbers, person numbers, names of companies) are Python lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from akrim.domain.identifiers import K1_WEIGHTS, K2_WEIGHTS, random_orgnr
from akrim.synth import calendar as cal
from akrim.synth.origins import (
    FOREIGN_COMPANY_SUFFIX,
    NONRESIDENT_MIX,
    ORIGIN_CODES,
    ORIGINS,
    RESIDENT_MIX,
    foreign_company_no,
    national_id,
    passport_no,
)
from akrim.synth.reference import (
    COMPANY_WORDS,
    MUNICIPALITIES,
    PERIOD_FROM,
    PERIOD_TO,
    PLACE_WORDS,
    SECTOR_INDEX,
    SECTORS,
    STREETS,
)
from akrim.synth.sizes import ACTIVE_SHARE, Size

FORMS = ("AS", "ENK", "NUF", "ANS", "DA", "ASA", "FLI", "SA", "KOMM", "STI")
FORM_NAMES = {
    "AS": "Aksjeselskap",
    "ENK": "Enkeltpersonforetak",
    "NUF": "Norskregistrert utenlandsk foretak",
    "ANS": "Ansvarlig selskap",
    "DA": "Selskap med delt ansvar",
    "ASA": "Allmennaksjeselskap",
    "FLI": "Forening/lag/innretning",
    "SA": "Samvirkeforetak",
    "KOMM": "Kommune",
    "STI": "Stiftelse",
}
F = {f: i for i, f in enumerate(FORMS)}

ACTIVE, DORMANT, BANKRUPT, DELETED, WINDING_UP = range(5)
PERSON_STATUS = ("bosatt", "utflyttet", "doed", "midlertidig", "inaktiv")
NO_END = cal.day("2099-12-31")
SECOND_JOB_SHARE = 0.2
HOURLY_SECTORS = frozenset({"horeca", "cleaning", "agriculture", "staffing", "retail"})
WINDOW_START = cal.day(PERIOD_FROM)
WINDOW_END = cal.day(PERIOD_TO)
MUNI_WEIGHTS = np.array([m[5] for m in MUNICIPALITIES], dtype=float)
MUNI_WEIGHTS /= MUNI_WEIGHTS.sum()


def np_rng(seed: int, stream: str) -> np.random.Generator:
    return np.random.default_rng([seed, *stream.encode()])


def py_rng(seed: int, stream: str) -> random.Random:
    return random.Random(f"{seed}:{stream}")


@dataclass
class Addresses:
    """Street addresses: municipality index, postcode, street index, house number."""

    muni: np.ndarray
    postcode: np.ndarray
    street: np.ndarray
    house: np.ndarray

    @staticmethod
    def draw(rng: np.random.Generator, n: int, muni: np.ndarray | None = None) -> Addresses:
        if muni is None:
            muni = rng.choice(len(MUNICIPALITIES), size=n, p=MUNI_WEIGHTS).astype(np.int16)
        lo = np.array([m[3] for m in MUNICIPALITIES])[muni]
        hi = np.array([m[4] for m in MUNICIPALITIES])[muni]
        postcode = (lo + rng.random(n) * (hi - lo + 1)).astype(np.int16)
        street = rng.integers(0, len(STREETS), n).astype(np.int16)
        house = (rng.pareto(1.2, n) * 6 + 1).clip(1, 180).astype(np.int16)
        return Addresses(muni, postcode, street, house)

    def copy_from(self, i: int, other: Addresses, j: int) -> None:
        self.muni[i] = other.muni[j]
        self.postcode[i] = other.postcode[j]
        self.street[i] = other.street[j]
        self.house[i] = other.house[j]

    def line(self, i: int) -> str:
        return f"{STREETS[self.street[i]]} {self.house[i]}"

    def key(self, i: int) -> tuple[int, int, int]:
        return int(self.postcode[i]), int(self.street[i]), int(self.house[i])


@dataclass
class Companies:
    orgnr: list[str]
    name: list[str]
    form: np.ndarray
    sector: np.ndarray
    nace: np.ndarray
    founded: np.ndarray
    status: np.ndarray
    status_date: np.ndarray  # bankruptcy or deletion day, -1 when none
    addr: Addresses
    post_addr: Addresses  # postal address (stale for some)
    vat: np.ndarray
    size: np.ndarray  # planned staff
    owner: np.ndarray  # person index of a sole proprietor, -1 otherwise
    country: list[str]  # parent country of a NUF, "" otherwise
    foreign_reg: list[str]  # home registration number of a NUF, "" otherwise

    def __len__(self) -> int:
        return len(self.orgnr)

    def active_on(self, d: int) -> np.ndarray:
        live = (self.status == ACTIVE) | (self.status == WINDING_UP)
        ended = ((self.status == BANKRUPT) | (self.status == DELETED)) & (self.status_date > d)
        alive: np.ndarray = (live | ended) & (self.founded <= d)
        return alive


@dataclass
class ForeignCompany:
    country: str
    reg_no: str
    name: str
    orgnr: str = ""  # set when registered in Norway as a NUF

    @property
    def key(self) -> str:
        return self.orgnr or f"{self.country}:{self.reg_no}"


@dataclass
class Persons:
    origin: np.ndarray
    male: np.ndarray
    birth: np.ndarray
    first: np.ndarray
    middle: np.ndarray  # index into the origin's first names of the same sex, -1 none
    last: np.ndarray
    resident: np.ndarray
    pid: list[str]  # Norwegian number, "" when none
    dnr: np.ndarray
    national_id: list[str]
    passport: list[str]
    addr: Addresses
    stale_addr: Addresses  # the address before the last move
    unreported_move: np.ndarray  # moved, but the population register still has the old address
    moved_in: np.ndarray
    status: np.ndarray
    registered: np.ndarray  # day the number was issued
    abroad: np.ndarray  # lives abroad (address country = origin)

    def __len__(self) -> int:
        return len(self.pid)

    def country(self, i: int) -> str:
        return ORIGIN_CODES[int(self.origin[i])]

    def names(self, i: int) -> tuple[str, str, str]:
        o = ORIGINS[ORIGIN_CODES[self.origin[i]]]
        pool = o.male if self.male[i] else o.female
        first = pool[self.first[i]]
        middle = pool[self.middle[i]] if self.middle[i] >= 0 else ""
        last = o.surnames[self.last[i]][0 if self.male[i] else 1]
        return first, middle, last

    def key(self, i: int) -> str:
        return f"P{i:08d}"


@dataclass
class Establishments:
    """Sub-units (BEDR): each employer has one or more; a-melding names them as workplace."""

    parent: list[int] = field(default_factory=list)
    orgnr: list[str] = field(default_factory=list)
    muni: list[int] = field(default_factory=list)
    postcode: list[int] = field(default_factory=list)
    street: list[int] = field(default_factory=list)
    house: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)  # -1 open

    def add(self, parent: int, orgnr: str, addr: tuple[int, int, int, int], start: int) -> int:
        self.parent.append(parent)
        self.orgnr.append(orgnr)
        m, p, s, h = addr
        self.muni.append(m)
        self.postcode.append(p)
        self.street.append(s)
        self.house.append(h)
        self.start.append(start)
        self.closed.append(-1)
        return len(self.orgnr) - 1


@dataclass
class Roles:
    company: list[int] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    person: list[int] = field(default_factory=list)  # -1 when a unit holds the role
    unit: list[int] = field(default_factory=list)  # -1 when a person holds the role
    resigned: list[bool] = field(default_factory=list)

    def add(
        self, company: int, code: str, person: int = -1, unit: int = -1, resigned: bool = False
    ) -> None:
        self.company.append(company)
        self.code.append(code)
        self.person.append(person)
        self.unit.append(unit)
        self.resigned.append(resigned)


EMP_FIELDS = (
    "person",
    "employer",
    "workplace",
    "occupation",
    "start",
    "end",
    "pct",
    "hourly",
    "pay_hourly",
    "reported",
    "hours",
)


@dataclass
class Employments:
    """Employment relationships; ``reported`` False means undeclared (never in the a-melding)."""

    person: np.ndarray
    employer: np.ndarray
    workplace: np.ndarray  # establishment index, -1 when none
    occupation: np.ndarray  # sector*8 + occupation index
    start: np.ndarray
    end: np.ndarray
    pct: np.ndarray
    hourly: np.ndarray
    pay_hourly: np.ndarray
    reported: np.ndarray
    hours: np.ndarray  # paid hours relative to the position's normal hours

    def __len__(self) -> int:
        return len(self.person)

    def sort(self) -> None:
        """Order by employer, then start day, then person: the order rows are written in."""
        order = np.lexsort((self.person, self.start, self.employer))
        for name in EMP_FIELDS:
            setattr(self, name, getattr(self, name)[order])

    def extend(self, rows: list[dict[str, float]]) -> None:
        if not rows:
            return
        for name in EMP_FIELDS:
            arr = getattr(self, name)
            extra = np.array([r[name] for r in rows], dtype=arr.dtype)
            setattr(self, name, np.concatenate([arr, extra]))


def occupation_of(code: int) -> tuple[int, int]:
    return code // 8, code % 8


def occupation_code(sector: int, occ: int) -> int:
    return sector * 8 + occ


def min_wage(sector: int, occ: int) -> float | None:
    s = SECTORS[sector]
    if s.min_wage is None:
        return None
    return s.min_wage[0] if s.occupations[occ].skilled else s.min_wage[1]


@dataclass
class World:
    seed: int
    size: Size
    companies: Companies
    persons: Persons
    establishments: Establishments
    roles: Roles
    employments: Employments
    foreign_companies: list[ForeignCompany] = field(default_factory=list)
    audit_firms: list[int] = field(default_factory=list)
    accounting_firms: list[int] = field(default_factory=list)
    taken_orgnrs: set[str] = field(default_factory=set)

    def company_of_orgnr(self, orgnr: str) -> int:
        if len(self._orgnr_index) != len(self.companies):
            self._orgnr_index = {o: i for i, o in enumerate(self.companies.orgnr)}
        return self._orgnr_index[orgnr]

    _orgnr_index: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------ companies


def _company_name(rng: random.Random, sector: str, form: str, owner_name: str | None) -> str:
    word = rng.choice(COMPANY_WORDS[sector])
    if form == "ENK" and owner_name:
        return f"{owner_name.upper()} {word}" if rng.random() < 0.7 else owner_name.upper()
    style = rng.random()
    if style < 0.4:
        stem = rng.choice(PLACE_WORDS)
    elif style < 0.7:
        stem = rng.choice(STREETS).split()[0].upper()
    else:
        stem = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVY") for _ in range(rng.randint(2, 3)))
    suffix = "" if form in ("ENK", "FLI", "KOMM", "STI") else f" {form}"
    return f"{stem} {word}{suffix}"


def unique_orgnrs(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        o = random_orgnr(rng)
        if o not in taken:
            taken.add(o)
            out.append(o)
    return out


def build_companies(seed: int, size: Size, taken: set[str]) -> Companies:
    rng = np_rng(seed, "companies")
    prng = py_rng(seed, "companies")
    n = size.units
    status = rng.choice(
        [ACTIVE, DORMANT, BANKRUPT, DELETED, WINDING_UP],
        size=n,
        p=[ACTIVE_SHARE - 0.015, 0.44, 0.06, 0.15, 0.055],
    ).astype(np.int8)
    weights = np.array([s.weight for s in SECTORS])
    sector = rng.choice(len(SECTORS), size=n, p=weights / weights.sum()).astype(np.int16)
    idle = np.array([SECTOR_INDEX[k] for k in ("real_estate", "holding", "other", "professional")])
    dormant = status == DORMANT
    sector[dormant] = rng.choice(idle, size=int(dormant.sum()), p=[0.4, 0.3, 0.15, 0.15])
    nace = np.array([rng.integers(0, len(SECTORS[s].nace)) for s in sector], dtype=np.int8)
    form = _forms(rng, sector, n)
    age_years = rng.exponential(9.0, n).clip(0, 70)
    young = rng.random(n) < 0.12
    age_years[young] = rng.random(int(young.sum()))
    founded = (WINDOW_END - age_years * 365.25).astype(np.int32)
    status_date = np.full(n, -1, dtype=np.int32)
    # a share of bankruptcies falls inside the reporting window, the rest before it
    gone = (status == BANKRUPT) | (status == DELETED)
    in_window = gone & (rng.random(n) < 0.25)
    span = WINDOW_END - np.maximum(founded, WINDOW_START - 1)
    status_date[in_window] = (
        np.maximum(founded, WINDOW_START)[in_window]
        + rng.random(int(in_window.sum())) * span[in_window]
    ).astype(np.int32)
    past = gone & ~in_window
    life = founded + 200 + rng.random(n) * np.maximum(WINDOW_START - founded - 200, 30)
    status_date[past] = np.minimum(life[past], WINDOW_START - 1).astype(np.int32)
    founded = np.minimum(founded, np.where(status_date > 0, status_date - 120, founded))
    addr = Addresses.draw(rng, n)
    post_addr = Addresses(
        addr.muni.copy(), addr.postcode.copy(), addr.street.copy(), addr.house.copy()
    )
    stale = rng.random(n) < 0.06
    other = Addresses.draw(rng, n)
    for i in np.flatnonzero(stale):
        post_addr.copy_from(int(i), other, int(i))
    employer = (status != DORMANT) & (
        rng.random(n) < np.array([s.employer_share for s in SECTORS])[sector]
    )
    scale = np.array([s.size_scale for s in SECTORS])[sector]
    raw = np.ceil((rng.pareto(1.15, n) + 0.3) * 2.2 * scale).clip(1, 6000)
    size_ = np.where(employer, raw, 0).astype(np.int32)
    size_[form == F["ENK"]] = np.minimum(size_[form == F["ENK"]], 3)
    vat = (status != DORMANT) & ((size_ > 0) | (rng.random(n) < 0.55))
    vat &= sector != SECTOR_INDEX["public"]
    orgnr = unique_orgnrs(prng, n, taken)
    names = [_company_name(prng, SECTORS[sector[i]].key, FORMS[form[i]], None) for i in range(n)]
    country = ["" for _ in range(n)]
    foreign_reg = ["" for _ in range(n)]
    for i in np.flatnonzero(form == F["NUF"]):
        c = prng.choice(("SE", "PL", "LT", "LV", "EE", "DE", "RO"))
        country[i] = c
        foreign_reg[i] = foreign_company_no(prng, c)
        names[i] = names[i].removesuffix(" NUF") + " " + FOREIGN_COMPANY_SUFFIX.get(c, "LTD")
    return Companies(
        orgnr,
        names,
        form,
        sector,
        nace,
        founded,
        status,
        status_date,
        addr,
        post_addr,
        vat,
        size_,
        np.full(n, -1, dtype=np.int32),
        country,
        foreign_reg,
    )


def _forms(rng: np.random.Generator, sector: np.ndarray, n: int) -> np.ndarray:
    p = np.array([0.50, 0.38, 0.02, 0.015, 0.01, 0.002, 0.04, 0.01, 0.0, 0.023])
    form = rng.choice(len(FORMS), size=n, p=p / p.sum()).astype(np.int8)
    public = sector == SECTOR_INDEX["public"]
    form[public] = F["KOMM"]
    for k in ("holding", "audit", "shipyard", "fish"):
        sel = (sector == SECTOR_INDEX[k]) & (form != F["AS"])
        form[sel] = F["AS"]
    form[(form == F["KOMM"]) & ~public] = F["AS"]
    return form


# ------------------------------------------------------------------ persons


def build_persons(seed: int, size: Size) -> Persons:
    rng = np_rng(seed, "persons")
    n = size.persons
    nonres = rng.random(n) < size.nonresident_share
    res_codes, res_p = zip(*RESIDENT_MIX.items(), strict=True)
    non_codes, non_p = zip(*NONRESIDENT_MIX.items(), strict=True)
    origin = np.empty(n, dtype=np.int8)
    origin[~nonres] = [
        ORIGIN_CODES.index(c)
        for c in rng.choice(res_codes, int((~nonres).sum()), p=np.array(res_p) / sum(res_p))
    ]
    origin[nonres] = [
        ORIGIN_CODES.index(c)
        for c in rng.choice(non_codes, int(nonres.sum()), p=np.array(non_p) / sum(non_p))
    ]
    male = rng.random(n) < np.where(nonres, 0.78, 0.52)
    age = np.where(nonres, rng.normal(36, 9, n), rng.triangular(16, 38, 80, n))
    outside = (age < 17) | (age > 82)  # redraw, not clip: a clipped tail piles onto one date
    age[outside] = rng.uniform(19, 62, int(outside.sum()))
    birth = (WINDOW_END - age * 365.25).astype(np.int32)
    first = np.zeros(n, dtype=np.int16)
    middle = np.full(n, -1, dtype=np.int16)
    last = np.zeros(n, dtype=np.int16)
    for k, code in enumerate(ORIGIN_CODES):
        o = ORIGINS[code]
        sel = origin == k
        for sex, pool in ((True, o.male), (False, o.female)):
            s = sel & (male == sex)
            m = int(s.sum())
            first[s] = rng.integers(0, len(pool), m)
            mid = rng.random(m) < (0.35 if code in ("NO", "SE", "RO", "PH", "VN") else 0.08)
            middle[s] = np.where(mid, rng.integers(0, len(pool), m), -1)
        last[sel] = rng.integers(0, len(o.surnames), int(sel.sum()))
    middle[middle == first] = -1
    addr = Addresses.draw(rng, n)
    stale_addr = Addresses.draw(rng, n, addr.muni.copy())
    moved_in = (WINDOW_END - rng.exponential(6 * 365, n)).clip(birth, WINDOW_END).astype(np.int32)
    status = np.zeros(n, dtype=np.int8)
    abroad = nonres & (rng.random(n) < 0.4)
    unreported_move = rng.random(n) < 0.03
    status[nonres] = 3  # midlertidig
    status[abroad] = np.where(rng.random(int(abroad.sum())) < 0.5, 1, 3)
    status[~nonres & (rng.random(n) < 0.012)] = 1  # emigrated
    # Norwegian numbers: every resident has one; most non-residents a D-number; some none
    has_pid = ~nonres | (rng.random(n) < 0.86)
    dnr = nonres & has_pid
    immigrant = (~nonres) & (origin != ORIGIN_CODES.index("NO"))
    registered = np.where(
        immigrant | nonres,
        (WINDOW_END - rng.exponential(5 * 365, n)).clip(birth + 16 * 365, WINDOW_END),
        birth,
    ).astype(np.int32)
    status[dnr & (registered < WINDOW_END - 5 * 365) & (status == 3)] = 4  # inactive D-number
    prng = py_rng(seed, "person-ids")
    pid, nid, passport = _person_numbers(prng, origin, male, birth, has_pid, dnr)
    return Persons(
        origin,
        male,
        birth,
        first,
        middle,
        last,
        ~nonres,
        pid,
        dnr,
        nid,
        passport,
        addr,
        stale_addr,
        unreported_move,
        moved_in,
        status,
        registered,
        abroad,
    )


def _person_numbers(
    prng: random.Random,
    origin: np.ndarray,
    male: np.ndarray,
    birth: np.ndarray,
    has_pid: np.ndarray,
    dnr: np.ndarray,
) -> tuple[list[str], list[str], list[str]]:
    """Norwegian numbers (synthetic, month + 80) for those who have one, and the home
    country's national ID and passport for everyone born abroad."""
    n = len(origin)
    numbers = synthetic_person_numbers(
        np.random.default_rng(prng.getrandbits(64)), birth, male, dnr
    )
    pid = [f"{int(v):011d}" if has else "" for v, has in zip(numbers, has_pid, strict=True)]
    nid = [""] * n
    passport = [""] * n
    no = ORIGIN_CODES.index("NO")
    for i in np.flatnonzero(origin != no):
        b = cal.date_of(int(birth[i]))
        c = ORIGIN_CODES[int(origin[i])]
        nid[i] = national_id(prng, c, b, bool(male[i])) or ""
        passport[i] = passport_no(prng, c)
    return pid, nid, passport


def synthetic_person_numbers(
    rng: np.random.Generator, birth: np.ndarray, male: np.ndarray, dnr: np.ndarray
) -> np.ndarray:
    """Unique valid synthetic person numbers (as integers) for whole arrays at once: the same
    rule as ``make_person_id`` of the domain (day + 40 for D-numbers, month + 80, the
    individual number's band gives the century, its parity the sex, two mod-11 digits)."""
    dates = birth.astype("datetime64[D]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    month = (dates.astype("datetime64[M]").astype(np.int64) % 12) + 1
    day = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    prefix = (day + 40 * dnr) * 10**4 + (month + 80) * 10**2 + year % 100
    band = np.where(year >= 2000, 500, 0)
    slots = np.where((year >= 1940) & (year < 2000), 300, 250)  # 900-999 serve 1940-1999 too
    k1w = np.array(K1_WEIGHTS)
    k2w = np.array(K2_WEIGHTS)
    value = np.zeros(len(birth), dtype=np.int64)
    todo = np.arange(len(birth))
    for _round in range(200):
        if not len(todo):
            return value
        slot = 2 * (rng.random(len(todo)) * slots[todo]).astype(np.int64) + male[todo]
        individual = band[todo] + slot + np.where(slot >= 500, 400, 0)
        first9 = prefix[todo] * 1000 + individual
        digits = (first9[:, None] // 10 ** np.arange(8, -1, -1)) % 10
        k1 = (11 - (digits @ k1w) % 11) % 11
        k2 = (11 - ((digits @ k2w[:9]) + k1 * k2w[9]) % 11) % 11
        ok = (k1 != 10) & (k2 != 10)
        value[todo] = np.where(ok, first9 * 100 + k1 * 10 + k2, -1)
        # redraw the invalid ones and every later holder of a number already taken
        _, first = np.unique(value, return_index=True)
        keep = np.zeros(len(value), dtype=bool)
        keep[first] = True
        todo = np.flatnonzero(~keep | (value < 0))
    days = sorted({cal.iso(int(d)) for d in birth[todo][:5]})
    raise RuntimeError(f"no free person numbers left for {len(todo)} persons born {days}")


# ------------------------------------------------------------------ employment


def build_establishments(seed: int, companies: Companies, taken: set[str]) -> Establishments:
    rng = np_rng(seed, "establishments")
    prng = py_rng(seed, "establishments")
    est = Establishments()
    employer = np.flatnonzero(companies.size > 0)
    counts = 1 + (companies.size[employer] > 40) * rng.integers(0, 3, len(employer))
    counts += (companies.size[employer] > 400) * rng.integers(2, 8, len(employer))
    orgnrs = unique_orgnrs(prng, int(counts.sum()), taken)
    extra = Addresses.draw(rng, int(counts.sum()))
    k = 0
    a = companies.addr
    for c, cnt in zip(employer, counts, strict=True):
        for j in range(cnt):
            if j == 0 and rng.random() < 0.8:
                addr = (int(a.muni[c]), int(a.postcode[c]), int(a.street[c]), int(a.house[c]))
            else:
                addr = (
                    int(extra.muni[k]),
                    int(extra.postcode[k]),
                    int(extra.street[k]),
                    int(extra.house[k]),
                )
            est.add(int(c), orgnrs[k], addr, int(companies.founded[c]) + int(rng.integers(0, 60)))
            if companies.status_date[c] > 0:
                est.closed[-1] = int(companies.status_date[c])
            k += 1
    return est


def build_employments(
    seed: int, companies: Companies, persons: Persons, est: Establishments
) -> Employments:
    rng = np_rng(seed, "employments")
    n_p = len(persons)
    age = (WINDOW_END - persons.birth) / 365.25
    working = (age >= 17) & (age <= 70)
    employed = working & np.where(persons.resident, rng.random(n_p) < 0.95, rng.random(n_p) < 0.80)
    employed &= persons.status != 2
    workers = np.flatnonzero(employed)
    firms = np.flatnonzero((companies.size > 0) & companies.active_on(WINDOW_START + 200))
    firms = np.union1d(
        firms,
        np.flatnonzero(
            (companies.size > 0)
            & (companies.status == BANKRUPT)
            & (companies.status_date >= WINDOW_START)
        ),
    )
    slots_per_firm = companies.size[firms].astype(float)
    slots_per_firm *= len(workers) / max(slots_per_firm.sum(), 1.0)
    slots_per_firm = np.maximum(1, np.round(slots_per_firm)).astype(np.int64)
    slot_firm = np.repeat(firms, slots_per_firm)
    rng.shuffle(slot_firm)
    foreign_share = np.array([s.foreign_share for s in SECTORS])[companies.sector[slot_firm]]
    foreign_slot = rng.random(len(slot_firm)) < foreign_share
    no = ORIGIN_CODES.index("NO")
    foreign_worker = persons.origin[workers] != no
    fw = workers[foreign_worker]
    nw = workers[~foreign_worker]
    rng.shuffle(fw)
    rng.shuffle(nw)
    # non-residents first among the foreign workers: they fill the migrant-heavy sectors
    fw = np.concatenate([fw[~persons.resident[fw]], fw[persons.resident[fw]]])
    f_slots = np.flatnonzero(foreign_slot)
    n_slots = np.flatnonzero(~foreign_slot)
    order_f = f_slots[np.argsort(-foreign_share[f_slots], kind="stable")]
    take_f = min(len(fw), len(order_f))
    person_of_slot = np.full(len(slot_firm), -1, dtype=np.int64)
    person_of_slot[order_f[:take_f]] = fw[:take_f]
    rest = np.concatenate([nw, fw[take_f:]])
    free = np.concatenate([n_slots, order_f[take_f:]])
    take = min(len(rest), len(free))
    person_of_slot[free[:take]] = rest[:take]
    keep = person_of_slot >= 0
    person = person_of_slot[keep]
    employer = slot_firm[keep]
    # one in five residents at work holds a second, part-time job (size-weighted employer)
    holders = person[persons.resident[person]]
    second = rng.choice(holders, size=int(len(holders) * SECOND_JOB_SHARE), replace=False)
    second_employer = slot_firm[rng.integers(0, len(slot_firm), len(second))]
    first_employer = np.zeros(len(persons.origin), dtype=np.int64)
    first_employer[person] = employer
    differ = second_employer != first_employer[second]
    person = np.concatenate([person, second[differ]])
    employer = np.concatenate([employer, second_employer[differ]])
    part_time = np.zeros(len(person), dtype=bool)
    part_time[len(person) - int(differ.sum()) :] = True
    return _employment_terms(rng, companies, persons, est, person, employer, part_time)


def _employment_terms(
    rng: np.random.Generator,
    companies: Companies,
    persons: Persons,
    est: Establishments,
    person: np.ndarray,
    employer: np.ndarray,
    part_time: np.ndarray,
) -> Employments:
    n = len(person)
    sector = companies.sector[employer]
    occ = np.zeros(n, dtype=np.int16)
    hourly = np.zeros(n)
    for k, s in enumerate(SECTORS):
        sel = sector == k
        m = int(sel.sum())
        occ_i = rng.integers(0, len(s.occupations), m)
        occ[sel] = k * 8 + occ_i
        market = np.array([o.market_hourly for o in s.occupations])[occ_i]
        pay = market * rng.lognormal(0.0, 0.13, m)
        if s.min_wage is not None:
            floor = np.where(
                np.array([o.skilled for o in s.occupations])[occ_i], s.min_wage[0], s.min_wage[1]
            )
            at_min = rng.random(m) < 0.22  # paid exactly the minimum: lawful, looks tight
            pay = np.where(at_min, floor + rng.random(m) * 1.5, np.maximum(pay, floor * 1.02))
        hourly[sel] = pay
    pct = np.where(rng.random(n) < 0.74, 100.0, rng.choice([20.0, 40.0, 50.0, 60.0, 80.0], n))
    pct[part_time] = rng.choice([10.0, 20.0, 30.0, 40.0], int(part_time.sum()))
    hourly_sectors = np.array([s.key in HOURLY_SECTORS for s in SECTORS])
    pay_hourly = hourly_sectors[sector] & (rng.random(n) < 0.6)
    founded = companies.founded[employer]
    start = np.maximum(founded + 10, WINDOW_START - rng.exponential(5 * 365, n)).astype(np.int32)
    new_hire = rng.random(n) < 0.10
    start[new_hire] = (WINDOW_START + rng.random(int(new_hire.sum())) * 330).astype(np.int32)
    start = np.maximum(start, persons.birth[person] + 17 * 365)
    end = np.full(n, NO_END, dtype=np.int32)
    leaves = rng.random(n) < 0.11
    end[leaves] = np.maximum(
        start[leaves] + 30, WINDOW_START + rng.random(int(leaves.sum())) * 360
    ).astype(np.int32)
    gone = companies.status_date[employer]
    closes = (gone > 0) & (gone < end)
    end[closes] = gone[closes]
    seasonal = (~persons.resident[person]) & np.isin(
        sector, [SECTOR_INDEX["agriculture"], SECTOR_INDEX["fish"]]
    )
    season_start = np.where(
        sector == SECTOR_INDEX["fish"], cal.day("2026-01-15"), cal.day("2026-05-20")
    )
    start[seasonal] = season_start[seasonal] + rng.integers(0, 20, int(seasonal.sum()))
    end[seasonal] = start[seasonal] + rng.integers(70, 120, int(seasonal.sum()))
    workplace = _workplaces(rng, est, employer)
    ok = end > start  # a job at a firm that closed before the hire never existed
    m = int(ok.sum())
    return Employments(
        person[ok].astype(np.int32),
        employer[ok].astype(np.int32),
        workplace[ok],
        occ[ok],
        start[ok],
        end[ok],
        pct[ok],
        hourly[ok].round(2),
        pay_hourly[ok],
        np.ones(m, dtype=bool),
        np.ones(m),
    )


def _workplaces(rng: np.random.Generator, est: Establishments, employer: np.ndarray) -> np.ndarray:
    parent = np.array(est.parent, dtype=np.int64)
    order = np.argsort(parent, kind="stable")
    first = np.searchsorted(parent[order], employer, side="left")
    last = np.searchsorted(parent[order], employer, side="right")
    count = last - first
    pick = first + (rng.random(len(employer)) * np.maximum(count, 1)).astype(np.int64)
    out = np.where(count > 0, order[np.minimum(pick, len(order) - 1)], -1)
    return out.astype(np.int32)


# ------------------------------------------------------------------ roles


def build_roles(
    seed: int, companies: Companies, persons: Persons
) -> tuple[Roles, list[int], list[int]]:
    """Board, management and ownership roles; a pool of business people holds most of them."""
    rng = np_rng(seed, "roles")
    prng = py_rng(seed, "roles")
    roles = Roles()
    age = (WINDOW_END - persons.birth) / 365.25
    adults = np.flatnonzero((age >= 22) & persons.resident & (persons.status == 0))
    pool = rng.choice(adults, size=max(10, len(adults) // 9), replace=False)
    weights = 1.0 / np.arange(1, len(pool) + 1) ** 0.35
    weights /= weights.sum()
    n = len(companies)
    picks = rng.choice(pool, size=n * 4, p=weights)
    owners = rng.choice(adults, size=n)
    audit = [
        int(i)
        for i in np.flatnonzero(
            (companies.sector == SECTOR_INDEX["audit"]) & (companies.status == ACTIVE)
        )
    ]
    acct = [
        int(i)
        for i in np.flatnonzero(
            (companies.sector == SECTOR_INDEX["accounting"])
            & (companies.status == ACTIVE)
            & (companies.form == F["AS"])
        )
    ]
    for i in range(n):
        form = FORMS[companies.form[i]]
        p = picks[i * 4 : i * 4 + 4]
        if form == "ENK":
            owner = int(owners[i])
            companies.owner[i] = owner
            first, _middle, last = persons.names(owner)
            companies.name[i] = _company_name(
                prng, SECTORS[companies.sector[i]].key, "ENK", f"{first} {last}"
            )
            roles.add(i, "INNH", person=owner)
        elif form == "NUF":
            roles.add(i, "KONT", person=int(p[0]))
        elif form in ("AS", "ASA", "SA", "FLI", "STI"):
            if form != "FLI" and (companies.size[i] > 0 or rng.random() < 0.5):
                roles.add(i, "DAGL", person=int(p[0]))
            same = companies.size[i] <= 5 and rng.random() < 0.6  # owner-managed small firm
            roles.add(i, "LEDE", person=int(p[0] if same else p[1]))
            for k in range(int(rng.integers(0, 3 if companies.size[i] > 5 else 2))):
                roles.add(i, "MEDL", person=int(p[2 + k]))
            if rng.random() < 0.2:
                roles.add(i, "VARA", person=int(p[3]))
        elif form in ("ANS", "DA"):
            roles.add(i, "DAGL", person=int(p[0]))
        if (
            form in ("AS", "ASA", "NUF", "SA")
            and audit
            and (companies.size[i] > 8 or rng.random() < 0.25)
        ):
            roles.add(i, "REVI", unit=audit[int(rng.integers(0, len(audit)))])
        if acct and form != "KOMM" and rng.random() < 0.45:
            roles.add(i, "REGN", unit=acct[int(rng.integers(0, len(acct)))])
        if rng.random() < 0.04 and form in ("AS", "ASA"):
            roles.add(i, "MEDL", person=int(p[3]), resigned=True)
    return roles, audit, acct


def build_world(seed: int, size: Size) -> World:
    taken: set[str] = set()
    companies = build_companies(seed, size, taken)
    persons = build_persons(seed, size)
    est = build_establishments(seed, companies, taken)
    roles, audit, acct = build_roles(seed, companies, persons)
    employments = build_employments(seed, companies, persons, est)
    return World(seed, size, companies, persons, est, roles, employments, [], audit, acct, taken)
