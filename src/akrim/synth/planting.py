"""The tools for planting networks into a built world: choosing companies and persons at
random among those that fit, reshaping a company, employing, giving roles.

Planted companies and persons are drawn from the same populations as everyone else and
reshaped in place, so that nothing (org number ranges, name pools, row order) sets them
apart from the innocent population.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from akrim.synth.activity import Activity, Card, Transaction
from akrim.synth.controls import account_of
from akrim.synth.origins import ORIGIN_CODES
from akrim.synth.reference import SECTOR_INDEX, SECTORS
from akrim.synth.world import (
    ACTIVE,
    FORMS,
    HOURLY_SECTORS,
    NO_END,
    WINDOW_END,
    F,
    World,
    _company_name,
    min_wage,
    np_rng,
    occupation_code,
    py_rng,
)


class Planter:
    """Random, reproducible choices of companies and persons not yet used by another network."""

    def __init__(self, world: World, act: Activity) -> None:
        self.world = world
        self.act = act
        self.rng = np_rng(world.seed, "actors")
        self.prng = py_rng(world.seed, "actors")
        self.used_companies: set[int] = set()
        self.used_persons: set[int] = set()
        self.new_employments: list[dict[str, float]] = []
        e = world.employments
        self.employed = np.zeros(len(world.persons), dtype=bool)
        self.employed[e.person] = True
        self._company_order = self.rng.permutation(len(world.companies))
        self._person_order = self.rng.permutation(len(world.persons))
        self._company_cursor: dict[str, int] = defaultdict(int)
        self._person_cursor: dict[str, int] = defaultdict(int)
        order = np.argsort(e.employer, kind="stable")
        self._staff_order = order
        self._staff_bounds = np.searchsorted(e.employer[order], np.arange(len(world.companies) + 1))
        self._roles_of: dict[int, list[int]] = defaultdict(list)
        for k, comp in enumerate(world.roles.company):
            self._roles_of[comp].append(k)

    # -------------------------------------------------------------- choosing

    def company(
        self,
        sectors: tuple[str, ...],
        *,
        employer: bool | None = None,
        forms: tuple[str, ...] = (),
        min_size: int = 0,
    ) -> int:
        """An unused company in one of ``sectors``; falls back to any unused company."""
        c = self.world.companies
        want = {SECTOR_INDEX[s] for s in sectors}
        form_ids = {F[f] for f in forms}
        key = f"{sectors}{employer}{forms}{min_size}"
        order = self._company_order
        start = self._company_cursor[key]
        for pos in range(start, len(order)):
            i = int(order[pos])
            if i in self.used_companies or c.status[i] != ACTIVE or int(c.sector[i]) not in want:
                continue
            if form_ids and int(c.form[i]) not in form_ids:
                continue
            size = self.staff_count(i)
            if employer is True and size < max(min_size, 1):
                continue
            if employer is False and size > 0:
                continue
            self._company_cursor[key] = pos + 1
            self.used_companies.add(i)
            return i
        self._company_cursor[key] = len(order)
        i = self.any_company(employer is not True)
        self.shape(
            i, sectors[0], forms[0] if forms else "AS", WINDOW_END - self.prng.randrange(400, 4000)
        )
        return i

    def any_company(self, non_employer: bool = True) -> int:
        """Any unused company (of any status), to be reshaped by the caller."""
        order = self._company_order
        key = f"any{non_employer}"
        for pos in range(self._company_cursor[key], len(order)):
            i = int(order[pos])
            if i in self.used_companies or (non_employer and self.staff_count(i) > 0):
                continue
            if self.world.companies.sector[i] in (
                SECTOR_INDEX["audit"],
                SECTOR_INDEX["accounting"],
            ):
                continue
            self._company_cursor[key] = pos + 1
            self.used_companies.add(i)
            return i
        raise RuntimeError("the world has no unused company left to plant a network in")

    def persons(
        self,
        n: int,
        *,
        resident: bool | None = None,
        origins: tuple[str, ...] = (),
        employed: bool | None = None,
        has_pid: bool | None = None,
        age: tuple[int, int] = (20, 60),
    ) -> list[int]:
        """Up to ``n`` unused persons that fit; relaxes the employment filter when short."""
        out = self._persons(n, resident, origins, employed, has_pid, age)
        if len(out) < n and employed is not None:
            out += self._persons(n - len(out), resident, origins, None, has_pid, age)
        if len(out) < n and origins:
            out += self._persons(n - len(out), resident, (), None, has_pid, age)
        return out

    def _persons(
        self,
        n: int,
        resident: bool | None,
        origins: tuple[str, ...],
        employed: bool | None,
        has_pid: bool | None,
        age: tuple[int, int],
    ) -> list[int]:
        p = self.world.persons
        want = {ORIGIN_CODES.index(o) for o in origins}
        key = f"{resident}{origins}{employed}{has_pid}{age}"
        order = self._person_order
        out: list[int] = []
        lo = WINDOW_END - age[1] * 365.25
        hi = WINDOW_END - age[0] * 365.25
        pos = self._person_cursor[key]
        while pos < len(order) and len(out) < n:
            i = int(order[pos])
            pos += 1
            if i in self.used_persons or i in self.act.used_persons or p.status[i] == 2:
                continue
            if resident is not None and bool(p.resident[i]) != resident:
                continue
            if want and int(p.origin[i]) not in want:
                continue
            if employed is not None and bool(self.employed[i]) != employed:
                continue
            if has_pid is not None and bool(p.pid[i]) != has_pid:
                continue
            if not lo <= p.birth[i] <= hi:
                continue
            out.append(i)
            self.used_persons.add(i)
        self._person_cursor[key] = pos
        return out

    def person(self, **kw: object) -> int:
        got = self.persons(1, **kw)  # type: ignore[arg-type]
        if not got:
            got = self.persons(1)
        return got[0]

    # -------------------------------------------------------------- reshaping

    def staff_count(self, company: int) -> int:
        return int(self._staff_bounds[company + 1] - self._staff_bounds[company])

    def base_staff(self, company: int) -> list[int]:
        """Employment indices of the company in the built world."""
        return [
            int(k)
            for k in self._staff_order[
                self._staff_bounds[company] : self._staff_bounds[company + 1]
            ]
        ]

    def shape(
        self,
        company: int,
        sector: str,
        form: str,
        founded: int,
        *,
        status: int = ACTIVE,
        status_date: int = -1,
        vat: bool = True,
        owner: int = -1,
    ) -> None:
        """Give a company a new identity in the register (name, form, sector, dates)."""
        c = self.world.companies
        s = SECTOR_INDEX[sector]
        c.sector[company] = s
        c.nace[company] = self.prng.randrange(len(SECTORS[s].nace))
        c.form[company] = F[form]
        c.founded[company] = founded
        c.status[company] = status
        c.status_date[company] = status_date
        c.vat[company] = vat
        c.country[company] = ""
        c.foreign_reg[company] = ""
        self.clear_roles(company)
        owner_name = None
        if form == "ENK" and owner >= 0:
            first, _m, last = self.world.persons.names(owner)
            owner_name = f"{first} {last}"
            c.owner[company] = owner
            self.role(company, "INNH", owner)
        c.name[company] = _company_name(self.prng, sector, form, owner_name)
        if c.post_addr.key(company) != c.addr.key(company) and self.prng.random() < 0.5:
            c.post_addr.copy_from(company, c.addr, company)

    def same_address(self, company: int, other: int) -> None:
        c = self.world.companies
        c.addr.copy_from(company, c.addr, other)
        c.post_addr.copy_from(company, c.addr, other)

    def clear_roles(self, company: int) -> None:
        roles = self.world.roles
        for k in self._roles_of.pop(company, []):
            roles.company[k] = -1

    def role(
        self, company: int, code: str, person: int = -1, *, unit: int = -1, resigned: bool = False
    ) -> None:
        roles = self.world.roles
        roles.add(company, code, person=person, unit=unit, resigned=resigned)
        self._roles_of[company].append(len(roles.code) - 1)

    def board(self, company: int, controller: int, dagl: int | None = None) -> None:
        """Usual roles of a small AS: managing director, chair, accountant."""
        self.role(company, "DAGL", controller if dagl is None else dagl)
        chair = controller
        if dagl is None and self.prng.random() < 0.35:  # a partner chairs the board
            chair = self.person(resident=True, age=(28, 70), has_pid=True)
        self.role(company, "LEDE", chair)
        for _ in range(self.prng.randrange(3)):
            self.role(company, "MEDL", self.person(resident=True, age=(25, 70), has_pid=True))
        if self.prng.random() < 0.2:
            self.role(company, "VARA", self.person(resident=True, age=(25, 70), has_pid=True))
        audit, acct = self.world.audit_firms, self.world.accounting_firms
        if audit and self.prng.random() < 0.3:
            self.role(company, "REVI", unit=audit[self.prng.randrange(len(audit))])
        if acct and self.prng.random() < 0.45:
            self.role(company, "REGN", unit=acct[self.prng.randrange(len(acct))])

    def establishment(self, company: int) -> int:
        """The company's first establishment, created at its business address when missing."""
        est = self.world.establishments
        existing = self._establishments().get(company)
        if existing is not None:
            return existing
        c = self.world.companies
        from akrim.synth.world import unique_orgnrs

        orgnr = unique_orgnrs(self.prng, 1, self.world.taken_orgnrs)[0]
        addr = (
            int(c.addr.muni[company]),
            int(c.addr.postcode[company]),
            int(c.addr.street[company]),
            int(c.addr.house[company]),
        )
        k = est.add(company, orgnr, addr, int(c.founded[company]) + self.prng.randrange(0, 30))
        if c.status_date[company] > 0:
            est.closed[k] = int(c.status_date[company])
        self._est[company] = k
        return k

    def _establishments(self) -> dict[int, int]:
        if not hasattr(self, "_est"):
            self._est: dict[int, int] = {}
            for k, parent in enumerate(self.world.establishments.parent):
                self._est.setdefault(parent, k)
        return self._est

    def employ(
        self,
        person: int,
        company: int,
        start: int,
        end: int = NO_END,
        *,
        occupation: int = 0,
        hourly: float | None = None,
        pct: float | None = None,
        pay_hourly: bool | None = None,
        reported: bool = True,
        hours: float = 1.0,
    ) -> None:
        """A job on the same terms the built world gives (pay, position, pay type) unless
        the caller sets them."""
        c = self.world.companies
        end = max(end, start + 1)
        s = int(c.sector[company])
        occ = min(occupation, len(SECTORS[s].occupations) - 1)
        r = self.prng.random
        if hourly is None:
            market = SECTORS[s].occupations[occ].market_hourly * self.rng.lognormal(0.0, 0.13)
            floor = min_wage(s, occ)
            if floor is None:
                hourly = market
            elif r() < 0.22:
                hourly = floor + r() * 1.5
            else:
                hourly = max(market, floor * 1.02)
        if pct is None:
            pct = 100.0 if r() < 0.74 else self.prng.choice((20.0, 40.0, 50.0, 60.0, 80.0))
        if pay_hourly is None:
            pay_hourly = SECTORS[s].key in HOURLY_SECTORS and r() < 0.6
        wp = self.establishment(company) if reported else -1
        self.new_employments.append(
            dict(
                person=person,
                employer=company,
                workplace=wp,
                occupation=occupation_code(s, occ),
                start=start,
                end=end,
                pct=pct,
                hourly=round(hourly, 2),
                pay_hourly=pay_hourly,
                reported=reported,
                hours=hours,
            )
        )
        self.employed[person] = True

    def flush(self) -> None:
        self.world.employments.extend(self.new_employments)
        self.new_employments = []

    def live_in(self, person: int, company: int, moved_in: int) -> None:
        """Register a person's home at the company's business address."""
        p = self.world.persons
        c = self.world.companies
        p.stale_addr.copy_from(person, p.addr, person)
        p.addr.copy_from(person, c.addr, company)
        p.moved_in[person] = moved_in
        p.abroad[person] = False
        p.unreported_move[person] = self.prng.random() < 0.25  # lives there, registered elsewhere
        if p.status[person] in (1, 4):
            p.status[person] = 3 if not p.resident[person] else 0

    def card(self, person: int, employer: int, issued: int) -> None:
        self.act.cards.append(Card(person, employer, issued, issued + 730, -1))

    def pay(
        self,
        owner: tuple[str, int],
        day: int,
        amount: float,
        kind: str,
        cp: tuple[str, int] | None = None,
        cp_name: str = "",
    ) -> None:
        """A bank transaction on the account of a company ("c", i) or a person ("p", i)."""
        act = self.act
        acc = account_of(act, self.prng, owner[0], owner[1])
        t = Transaction(
            acc,
            owner[1] if owner[0] == "c" else -1,
            owner[1] if owner[0] == "p" else -1,
            day,
            round(amount, 2),
            kind,
        )
        if cp is not None:
            t.cp_account = account_of(act, self.prng, cp[0], cp[1])
            if cp[0] == "c":
                t.cp_company = cp[1]
            else:
                t.cp_person = cp[1]
        t.cp_name = cp_name
        act.transactions.append(t)

    def day_between(self, lo: int, hi: int) -> int:
        return lo if hi <= lo else lo + self.prng.randrange(hi - lo)

    def chance(self, p: float) -> bool:
        return self.prng.random() < p


def form_of(world: World, company: int) -> str:
    return FORMS[int(world.companies.form[company])]
