"""Writes the world and its activity as the agencies' register files, one function per file.

Each function renders rows the way that agency records them (its identifiers, its noise)
and hands them to a sink that assigns record_ids and writes the truth mentions.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from akrim.domain.registers import BY_PATH, ColumnType
from akrim.synth import calendar as cal
from akrim.synth.activity import Activity
from akrim.synth.output import (
    BAD_ROW_SHARE,
    FileEntry,
    HashingFile,
    RegisterSink,
    Truth,
    corrupt_value,
)
from akrim.synth.people import full_name, person_fields
from akrim.synth.reference import EXTRACT_DATE, MONTHS, MUNICIPALITIES, SECTORS, STREETS
from akrim.synth.world import (
    ACTIVE,
    BANKRUPT,
    DELETED,
    FORM_NAMES,
    FORMS,
    NO_END,
    WINDING_UP,
    World,
)

EXTRACT = cal.day(EXTRACT_DATE)
COUNTRY_NAMES = {
    "NO": "Norge",
    "SE": "Sverige",
    "PL": "Polen",
    "LT": "Litauen",
    "LV": "Latvia",
    "EE": "Estland",
    "RO": "Romania",
    "DE": "Tyskland",
    "UA": "Ukraina",
    "PH": "Filippinene",
    "VN": "Vietnam",
    "PK": "Pakistan",
    "SO": "Somalia",
}
FOREIGN_CITIES = {
    "SE": "Göteborg",
    "PL": "Gdańsk",
    "LT": "Klaipėda",
    "LV": "Rīga",
    "EE": "Tallinn",
    "RO": "Iași",
    "DE": "Rostock",
    "UA": "Lviv",
    "PH": "Manila",
    "VN": "Hà Nội",
    "PK": "Lahore",
    "SO": "Mogadishu",
}


def money(x: float) -> str:
    return f"{x:.2f}"


def hours(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


class Writer:
    """Holds what every file function needs: output folder, truth, seed, world and activity."""

    def __init__(self, out: Path, seed: int, world: World, act: Activity) -> None:
        self.out = out
        self.seed = seed
        self.world = world
        self.act = act
        self.truth = Truth(out)
        self.entries: list[FileEntry] = []
        self.employees_now = self._employees_now()

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:write:{name}")

    def sink(self, path: str, prefix: str) -> RegisterSink:
        return RegisterSink(self.out, path, self.truth, self.seed, prefix)

    def done(self, sink: RegisterSink, period: tuple[str, str] | None = None) -> None:
        entry = sink.close()
        entry.period = period
        self.entries.append(entry)

    def ckey(self, c: int) -> str:
        return self.world.companies.orgnr[c]

    def pkey(self, p: int) -> str:
        return self.world.persons.key(p)

    def _employees_now(self) -> np.ndarray:
        e = self.world.employments
        live = e.reported & (e.start <= EXTRACT) & (e.end >= EXTRACT)
        return np.bincount(e.employer[live], minlength=len(self.world.companies))


# ------------------------------------------------------------------ brreg


def _address(world: World, addr_obj: object, i: int) -> dict[str, object]:
    a = addr_obj
    muni = MUNICIPALITIES[int(a.muni[i])]  # type: ignore[attr-defined]
    return {
        "land": "Norge",
        "landkode": "NO",
        "postnummer": f"{int(a.postcode[i]):04d}",  # type: ignore[attr-defined]
        "poststed": muni[2],
        "adresse": [f"{STREETS[int(a.street[i])]} {int(a.house[i])}"],  # type: ignore[attr-defined]
        "kommune": muni[1],
        "kommunenummer": muni[0],
    }


def _foreign_address(rng: random.Random, country: str) -> dict[str, object]:
    return {
        "land": COUNTRY_NAMES.get(country, country),
        "landkode": country,
        "postnummer": f"{rng.randrange(10000, 99999)}",
        "poststed": FOREIGN_CITIES.get(country, "").upper(),
        "adresse": [
            f"{rng.choice(('Main', 'Central', 'Harbour', 'Station'))} {rng.randrange(1, 90)}"
        ],
    }


def _json_array(elements: Iterator[str]) -> Iterator[bytes]:
    first = True
    buf: list[str] = []
    for e in elements:
        buf.append(("[\n" if first else ",\n") + e)
        first = False
        if len(buf) >= 5000:
            yield "".join(buf).encode("utf-8")
            buf = []
    buf.append("[]\n" if first else "\n]\n")
    yield "".join(buf).encode("utf-8")


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class JsonSink:
    """A JSON array or JSON Lines file with truth mentions (record_id given by the caller)."""

    def __init__(self, w: Writer, path: str) -> None:
        self.w = w
        self.rf = BY_PATH[path]
        self.file = HashingFile(w.out / path)
        self.rows = 0

    def mention(
        self, rid: str, persons: list[tuple[str, str]], companies: list[tuple[str, str]]
    ) -> None:
        for key, role in persons:
            self.w.truth.persons.write((key, self.rf.path, rid, role))
        for key, role in companies:
            self.w.truth.companies.write((key, self.rf.path, rid, role))

    def bad(self, rid: str, reason: str) -> None:
        self.w.truth.bad.write((self.rf.path, rid, reason))

    def close(self) -> None:
        sha = self.file.close()
        self.w.entries.append(FileEntry(self.rf, self.rows, sha, None))


def write_enheter(w: Writer) -> None:
    c = w.world.companies
    sink = JsonSink(w, "brreg/enheter.json")
    rng = w.rng("enheter")

    def elements() -> Iterator[str]:
        for i in range(len(c)):
            obj = _unit(w, rng, i)
            orgnr = c.orgnr[i]
            if rng.random() < 0.0008:
                obj["stiftelsesdato"], reason = corrupt_value(
                    rng, ColumnType.DATE, str(obj["stiftelsesdato"])
                )
                sink.bad(orgnr, f"stiftelsesdato: {reason}")
            sink.rows += 1
            sink.mention(orgnr, [], [(orgnr, "unit")])
            yield _dump(obj)

    for chunk in _json_array(elements()):
        sink.file.write(chunk)
    sink.close()


def _unit(w: Writer, rng: random.Random, i: int) -> dict[str, object]:
    c = w.world.companies
    form = FORMS[int(c.form[i])]
    sector = SECTORS[int(c.sector[i])]
    code, desc = sector.nace[int(c.nace[i])]
    status = int(c.status[i])
    obj: dict[str, object] = {
        "organisasjonsnummer": c.orgnr[i],
        "navn": c.name[i],
        "organisasjonsform": {"kode": form, "beskrivelse": FORM_NAMES[form]},
        "naeringskode1": {"kode": code, "beskrivelse": desc},
        "antallAnsatte": int(w.employees_now[i]),
    }
    if form == "NUF" and c.country[i]:
        obj["forretningsadresse"] = _foreign_address(rng, c.country[i])
    else:
        obj["forretningsadresse"] = _address(w.world, c.addr, i)
    if c.post_addr.key(i) != c.addr.key(i) or rng.random() < 0.3:
        obj["postadresse"] = _address(w.world, c.post_addr, i)
    obj["stiftelsesdato"] = cal.iso(int(c.founded[i]))
    obj["registreringsdatoEnhetsregisteret"] = cal.iso(int(c.founded[i]) + rng.randrange(0, 25))
    obj["registrertIMvaregisteret"] = bool(c.vat[i])
    obj["konkurs"] = status == BANKRUPT
    if status == BANKRUPT:
        obj["konkursdato"] = cal.iso(int(c.status_date[i]))
    obj["underAvvikling"] = status == WINDING_UP
    obj["underTvangsavviklingEllerTvangsopplosning"] = status == WINDING_UP and rng.random() < 0.3
    if status == DELETED:
        obj["slettedato"] = cal.iso(int(c.status_date[i]))
    if status == ACTIVE and w.employees_now[i] > 5 and rng.random() < 0.6:
        obj["hjemmeside"] = (
            "www."
            + c.name[i].split()[0].lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")
            + ".no"
        )
    return obj


def write_underenheter(w: Writer) -> None:
    est = w.world.establishments
    c = w.world.companies
    sink = JsonSink(w, "brreg/underenheter.json")
    counts = np.bincount(
        np.array(
            w.world.employments.workplace[
                (w.world.employments.workplace >= 0)
                & w.world.employments.reported
                & (w.world.employments.start <= EXTRACT)
                & (w.world.employments.end >= EXTRACT)
            ],
            dtype=np.int64,
        ),
        minlength=len(est.orgnr),
    )

    def elements() -> Iterator[str]:
        for k in sorted(range(len(est.orgnr)), key=lambda k: est.orgnr[k]):
            parent = est.parent[k]
            sector = SECTORS[int(c.sector[parent])]
            code, desc = sector.nace[int(c.nace[parent])]
            muni = MUNICIPALITIES[est.muni[k]]
            obj: dict[str, object] = {
                "organisasjonsnummer": est.orgnr[k],
                "navn": c.name[parent],
                "organisasjonsform": {
                    "kode": "BEDR",
                    "beskrivelse": "Underenhet til næringsdrivende og offentlig forvaltning",
                },
                "overordnetEnhet": c.orgnr[parent],
                "naeringskode1": {"kode": code, "beskrivelse": desc},
                "antallAnsatte": int(counts[k]),
                "beliggenhetsadresse": {
                    "land": "Norge",
                    "landkode": "NO",
                    "postnummer": f"{est.postcode[k]:04d}",
                    "poststed": muni[2],
                    "adresse": [f"{STREETS[est.street[k]]} {est.house[k]}"],
                    "kommune": muni[1],
                    "kommunenummer": muni[0],
                },
                "oppstartsdato": cal.iso(est.start[k]),
            }
            if est.closed[k] >= 0:
                obj["nedleggelsesdato"] = cal.iso(est.closed[k])
            sink.rows += 1
            sink.mention(est.orgnr[k], [], [(est.orgnr[k], "unit"), (c.orgnr[parent], "parent")])
            yield _dump(obj)

    for chunk in _json_array(elements()):
        sink.file.write(chunk)
    sink.close()


ROLE_GROUP = {
    "DAGL": "DAGL",
    "LEDE": "STYR",
    "NEST": "STYR",
    "MEDL": "STYR",
    "VARA": "STYR",
    "INNH": "INNH",
    "KONT": "KONT",
    "REVI": "REVI",
    "REGN": "REGN",
}
GROUP_ORDER = ("DAGL", "INNH", "KONT", "STYR", "REVI", "REGN")
GROUP_NAMES = {
    "DAGL": "Daglig leder/ adm.direktør",
    "INNH": "Innehaver",
    "KONT": "Kontaktperson",
    "STYR": "Styre",
    "REVI": "Revisor",
    "REGN": "Regnskapsfører",
}


def write_roller(w: Writer) -> None:
    roles = w.world.roles
    c = w.world.companies
    p = w.world.persons
    sink = JsonSink(w, "brreg/roller.jsonl")
    rng = w.rng("roller")
    by_company: dict[int, list[int]] = defaultdict(list)
    for k, comp in enumerate(roles.company):
        if comp >= 0:  # -1 marks a role that was removed
            by_company[comp].append(k)
    buf: list[str] = []
    for comp in sorted(by_company):
        orgnr = c.orgnr[comp]
        groups: dict[str, list[int]] = defaultdict(list)
        for k in by_company[comp]:
            groups[ROLE_GROUP[roles.code[k]]].append(k)
        out_groups = []
        index = 0
        for g in GROUP_ORDER:
            if g not in groups:
                continue
            roller = []
            for k in groups[g]:
                code = roles.code[k]
                rid = f"{orgnr}:{code}:{index}"
                index += 1
                role: dict[str, object] = {"type": {"kode": code}}
                if roles.person[k] >= 0:
                    person = roles.person[k]
                    fields = person_fields(p, rng, "roller", person, with_middle=True)
                    navn = {"fornavn": fields["first_name"]}
                    if fields.get("middle_name"):
                        navn["mellomnavn"] = fields["middle_name"]
                    navn["etternavn"] = fields["last_name"]
                    pers: dict[str, object] = {
                        "fodselsdato": fields["birth_date"],
                        "navn": navn,
                        "erDoed": False,
                    }
                    if p.pid[person] and rng.random() < 0.7:
                        pers["fodselsnummer"] = p.pid[person]
                        if rng.random() < 0.0015:
                            pers["fodselsnummer"], reason = corrupt_value(
                                rng, ColumnType.PERSON_ID, p.pid[person]
                            )
                            sink.bad(rid, f"fodselsnummer: {reason}")
                    role["person"] = pers
                    sink.mention(rid, [(w.pkey(person), "holder")], [(orgnr, "unit")])
                else:
                    unit = roles.unit[k]
                    role["enhet"] = {
                        "organisasjonsnummer": c.orgnr[unit],
                        "organisasjonsform": {"kode": FORMS[int(c.form[unit])]},
                        "navn": [c.name[unit]],
                    }
                    sink.mention(rid, [], [(orgnr, "unit"), (c.orgnr[unit], "holder")])
                role["fratraadt"] = bool(roles.resigned[k])
                roller.append(role)
            out_groups.append(
                {"type": {"kode": g, "beskrivelse": GROUP_NAMES[g]}, "roller": roller}
            )
        buf.append(_dump({"organisasjonsnummer": orgnr, "rollegrupper": out_groups}) + "\n")
        sink.rows += 1
        if len(buf) >= 5000:
            sink.file.write("".join(buf).encode("utf-8"))
            buf = []
    sink.file.write("".join(buf).encode("utf-8"))
    sink.close()


def write_regnskap(w: Writer, revenue: np.ndarray, wages: np.ndarray) -> None:
    c = w.world.companies
    roles = w.world.roles
    auditor: dict[int, int] = {}
    for k, code in enumerate(roles.code):
        if code == "REVI" and not roles.resigned[k]:
            auditor[roles.company[k]] = roles.unit[k]
    sink = w.sink("brreg/regnskap.csv", "RS")
    rng = w.rng("regnskap")
    np_r = np.random.default_rng([w.seed, 77])
    growth = np_r.lognormal(0, 0.12, (len(c), 3))
    for i in range(len(c)):
        if FORMS[int(c.form[i])] not in ("AS", "ASA"):
            continue
        for j, year in enumerate((2023, 2024, 2025)):
            year_end = cal.day(f"{year}-12-31")
            if c.founded[i] > year_end - 90:
                continue
            if c.status_date[i] > 0 and c.status_date[i] < cal.day(f"{year + 1}-06-30"):
                continue  # a firm that is gone by filing time files nothing
            if (
                c.status[i] == ACTIVE
                and i in w.act.vat_stops
                and w.act.vat_stops[i] < cal.day(f"{year + 1}-06-30")
            ):
                continue
            rev = float(revenue[i] * growth[i, j])
            wage = float(wages[i] * growth[i, j])
            share = w.act.external_share.get(i, SECTORS[int(c.sector[i])].external_share)
            ext = rev * share * float(np_r.uniform(0.8, 1.2))
            profit = rev - wage - ext - rev * 0.15
            filed = cal.day(f"{year + 1}-05-20") + rng.randrange(0, 70)
            if filed > EXTRACT:
                continue
            sink.write(
                {
                    "orgnr": c.orgnr[i],
                    "year": str(year),
                    "revenue_nok": money(round(rev, -3)),
                    "wage_costs_nok": money(round(wage, -3)),
                    "external_services_nok": money(round(ext, -3)),
                    "profit_nok": money(round(profit, -3)),
                    "auditor_orgnr": c.orgnr[auditor[i]] if i in auditor else "",
                    "filed_date": cal.iso(filed),
                },
                companies=[(c.orgnr[i], "unit")]
                + ([(c.orgnr[auditor[i]], "auditor")] if i in auditor else []),
            )
    w.done(sink, ("2023-01-01", "2025-12-31"))


# ------------------------------------------------------------------ skatteetaten


def write_folkeregister(w: Writer) -> None:
    p = w.world.persons
    sink = w.sink("skatteetaten/folkeregister.csv", "FR")
    from akrim.synth.world import PERSON_STATUS

    for i in range(len(p)):
        pid = p.pid[i]
        if not pid:
            continue
        first, middle, last = p.names(i)
        row = {
            "person_id": pid,
            "id_type": "DNR" if p.dnr[i] else "FNR",
            "first_name": first,
            "middle_name": middle,
            "last_name": last,
            "birth_date": cal.iso(int(p.birth[i])),
            "sex": "M" if p.male[i] else "F",
            "status": PERSON_STATUS[int(p.status[i])],
            "registered_date": cal.iso(int(p.registered[i])),
            "citizenship": p.country(i),
        }
        if p.abroad[i] or p.status[i] == 1:
            country = p.country(i) if p.country(i) != "NO" else "SE"
            row["country"] = country
            row["address"] = f"{FOREIGN_CITIES.get(country, '')}"
        else:
            stale = bool(p.unreported_move[i])
            a = p.stale_addr if stale else p.addr
            moved_in = int(p.moved_in[i]) - (700 if stale else 0)
            row.update(
                address=a.line(i),
                postcode=f"{int(a.postcode[i]):04d}",
                municipality_no=MUNICIPALITIES[int(a.muni[i])][0],
                country="NO",
                moved_in_date=cal.iso(max(moved_in, int(p.birth[i]))),
            )
        sink.write(row, persons=[(w.pkey(i), "subject")])
    w.done(sink)


def write_a_melding(w: Writer) -> None:
    """Employer reports: one row per employment and month, on a fast path of preformatted
    text (this is the largest file by far); rows drawn as bad rows take the general path."""
    e = w.world.employments
    sink = w.sink("skatteetaten/a_melding.csv", AMeldingLines.PREFIX)
    rng = w.rng("a_melding")
    month_days = [(m, cal.month_start(m), cal.month_end(m)) for m in MONTHS]
    first_day, last_day = month_days[0][1], month_days[-1][2]
    counter: dict[int, int] = defaultdict(int)
    fast = AMeldingLines(w, sink)
    for k in range(len(e)):
        if not e.reported[k] or e.end[k] < first_day or e.start[k] > last_day:
            continue
        employer = int(e.employer[k])
        counter[employer] += 1
        fast.employment(k, counter[employer], rng, month_days)
    fast.flush()
    w.done(sink)


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _field(value: str) -> str:
    """One CSV field, quoted only when RFC 4180 needs it (as the csv module does)."""
    if _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


class AMeldingLines:
    """Writes a-melding rows and their three truth mentions as preformatted lines."""

    PREFIX = "AM"

    def __init__(self, w: Writer, sink: RegisterSink) -> None:
        self.w = w
        self.sink = sink
        self.path = sink.rf.path
        assert sink.columns == BY_PATH[self.path].column_names
        self.rows: list[str] = []
        self.persons: list[str] = []
        self.companies: list[str] = []
        self.bad_rng = random.Random(f"{w.seed}:bad:{self.path}")

    def employment(
        self, k: int, number: int, rng: random.Random, months: list[tuple[str, int, int]]
    ) -> None:
        from akrim.synth.world import occupation_of

        w = self.w
        e = w.world.employments
        c = w.world.companies
        est = w.world.establishments
        person, employer, wp = int(e.person[k]), int(e.employer[k]), int(e.workplace[k])
        s_idx, o_idx = occupation_of(int(e.occupation[k]))
        base = person_fields(w.world.persons, rng, "a_melding", person, with_type=True)
        base.update(
            employer_orgnr=c.orgnr[employer],
            workplace_orgnr=est.orgnr[wp] if wp >= 0 else "",
            employment_id=str(number),
            occupation_code=SECTORS[s_idx].occupations[o_idx].code,
            employment_type="ordinary" if rng.random() < 0.97 else "freelance",
            start_date=cal.iso(int(e.start[k])),
            position_pct=hours(float(e.pct[k])),
            full_time_hours_week="37.5",
            pay_type="hourly" if e.pay_hourly[k] else "fixed",
        )
        cols = self.sink.columns
        mid = ",".join(_field(base.get(col, "")) for col in cols[2 : cols.index("end_date")])
        tail_static = ",".join(base[col] for col in ("position_pct", "full_time_hours_week"))
        pay_type = base["pay_type"]
        pkey = w.pkey(person)
        employer_key = c.orgnr[employer]
        workplace_key = est.orgnr[wp] if wp >= 0 else ""
        start, end = int(e.start[k]), int(e.end[k])
        pct, factor, hourly = float(e.pct[k]), float(e.hours[k]), float(e.hourly[k])
        by_hour = bool(e.pay_hourly[k])
        end_iso = cal.iso(end) if end < NO_END else ""
        full_paid = 162.5 * pct / 100 * factor
        full = (hours(round(full_paid, 1)), money(full_paid * hourly))
        path, sink, bad = self.path, self.sink, self.bad_rng.random
        rows, persons, companies = self.rows, self.persons, self.companies
        row_tail = f"{tail_static},"
        for month, m0, m1 in months:
            if end < m0 or start > m1:
                continue
            if by_hour or start > m0 or end < m1:
                share = (min(end, m1) - max(start, m0) + 1) / (m1 - m0 + 1)
                paid = full_paid * share * (rng.uniform(0.85, 1.12) if by_hour else 1.0)
                paid_s, gross = hours(round(paid, 1)), money(paid * hourly)
            else:  # a full month of fixed pay: the same every month
                paid_s, gross = full
            end_s = end_iso if end <= m1 else ""
            if bad() < BAD_ROW_SHARE:
                self._general(base, month, end_s, paid_s, gross, pkey, employer_key, workplace_key)
                continue
            sink.count += 1
            rid = f"{self.PREFIX}{sink.count:08d}"
            rows.append(f"{rid},{month},{mid},{end_s},{row_tail}{paid_s},{gross},{pay_type}\r\n")
            persons.append(f"{pkey},{path},{rid},employee\r\n")
            companies.append(f"{employer_key},{path},{rid},employer\r\n")
            if workplace_key:
                companies.append(f"{workplace_key},{path},{rid},workplace\r\n")
        if len(self.rows) > 50_000:
            self.flush()

    def _general(
        self,
        base: dict[str, str],
        month: str,
        end_s: str,
        paid_s: str,
        gross: str,
        pkey: str,
        employer_key: str,
        workplace_key: str,
    ) -> None:
        self.flush()
        row = dict(base, period=month, end_date=end_s, paid_hours=paid_s, gross_pay_nok=gross)
        companies = [(employer_key, "employer")] + (
            [(workplace_key, "workplace")] if workplace_key else []
        )
        self.sink.write(row, persons=[(pkey, "employee")], companies=companies, force_bad=True)

    def flush(self) -> None:
        self.sink.write_lines(self.rows)
        self.w.truth.persons.write_lines(self.persons, len(self.persons))
        self.w.truth.companies.write_lines(self.companies, len(self.companies))
        self.rows, self.persons, self.companies = [], [], []


def write_mva(w: Writer, revenue: np.ndarray) -> None:
    c = w.world.companies
    sink = w.sink("skatteetaten/mva.csv", "MV")
    rng = w.rng("mva")
    terms = [(y, t) for y in (2025, 2026) for t in range(1, 7) if (y, t) <= (2026, 4)]
    for i in range(len(c)):
        if not c.vat[i] or c.status[i] == 1:
            continue
        stop = w.act.vat_stops.get(i, NO_END)
        for y, t in terms:
            t0 = cal.day(f"{y}-{2 * t - 1:02d}-01")
            t1 = cal.month_end(f"{y}-{2 * t:02d}")
            if c.founded[i] > t1 or (c.status_date[i] > 0 and c.status_date[i] < t0):
                continue
            turnover = float(revenue[i]) / 6 * rng.uniform(0.7, 1.3) if t0 <= stop else 0.0
            out_vat = turnover * 0.25
            in_vat = out_vat * rng.uniform(0.2, 0.8) if turnover else rng.uniform(0, 4000)
            submitted = (
                t1 + 41 + (rng.randrange(-10, 3) if rng.random() < 0.9 else rng.randrange(5, 90))
            )
            if submitted > EXTRACT:
                continue
            sink.write(
                {
                    "orgnr": c.orgnr[i],
                    "term": f"{y}-T{t}",
                    "turnover_nok": money(round(turnover)),
                    "output_vat_nok": money(round(out_vat)),
                    "input_vat_nok": money(round(in_vat)),
                    "submitted_date": cal.iso(submitted),
                },
                companies=[(c.orgnr[i], "unit")],
            )
    w.done(sink, ("2025-01-01", "2026-08-31"))


def write_oppdrag(w: Writer) -> dict[int, str]:
    act = w.act
    c = w.world.companies
    sink = w.sink("skatteetaten/oppdrag.csv", "OP")
    ids: dict[int, str] = {}
    rng = w.rng("oppdrag")
    taken: set[str] = set()
    for k in range(len(act.contracts)):
        while (cid := f"K{rng.randrange(10**7, 10**8)}") in taken:
            pass
        taken.add(cid)
        ids[k] = cid
    for k in sorted(range(len(act.contracts)), key=lambda k: (act.contracts[k].start, ids[k])):
        ct = act.contracts[k]
        if not ct.reported:
            continue
        fc = w.world.foreign_companies[ct.contractor]
        sink.write(
            {
                "contract_id": ids[k],
                "client_orgnr": c.orgnr[ct.client],
                "parent_contract_id": ids[ct.parent] if ct.parent >= 0 else "",
                "contractor_orgnr": fc.orgnr,
                "contractor_foreign_id": fc.reg_no,
                "contractor_country": fc.country,
                "contractor_name": fc.name,
                "start_date": cal.iso(ct.start),
                "end_date": cal.iso(ct.end),
                "value_nok": money(ct.value),
                "site_postcode": f"{ct.site_postcode:04d}",
                "description": ct.description,
            },
            companies=[(c.orgnr[ct.client], "client"), (fc.key, "contractor")],
        )
    w.done(sink)
    return ids


def write_utsendte(w: Writer, contract_ids: dict[int, str]) -> None:
    act = w.act
    p = w.world.persons
    sink = w.sink("skatteetaten/utsendte.csv", "US")
    rng = w.rng("utsendte")
    for post in sorted(act.postings, key=lambda x: (x.first_day, x.person, x.contract)):
        if not post.reported:
            continue
        ct = act.contracts[post.contract]
        fc = w.world.foreign_companies[ct.contractor]
        row = person_fields(p, rng, "utsendte", post.person, prefer_foreign=0.6, with_type=True)
        row.update(
            contract_id=contract_ids[post.contract] if ct.reported else "",
            contractor_orgnr=fc.orgnr,
            contractor_foreign_id=fc.reg_no,
            first_work_day=cal.iso(post.first_day),
            last_work_day=cal.iso(post.last_day),
            a1_country=post.a1_country,
        )
        sink.write(
            row, persons=[(w.pkey(post.person), "employee")], companies=[(fc.key, "contractor")]
        )
    w.done(sink)


# ------------------------------------------------------------------ nav, politi


def write_ytelser(w: Writer) -> None:
    p = w.world.persons
    sink = w.sink("nav/ytelser.csv", "YT")
    for b in sorted(w.act.benefits, key=lambda b: (b.start, b.person, b.kind)):
        if not p.pid[b.person]:
            continue
        sink.write(
            {
                "person_id": p.pid[b.person],
                "benefit": b.kind,
                "from_date": cal.iso(b.start),
                "to_date": cal.iso(b.end),
                "amount_nok": money(b.amount),
                "declared_work_hours": "" if b.declared_hours is None else hours(b.declared_hours),
            },
            persons=[(w.pkey(b.person), "subject")],
        )
    w.done(sink)


def write_anmeldelser(w: Writer) -> None:
    p = w.world.persons
    c = w.world.companies
    sink = w.sink("politi/anmeldelser.csv", "AN")
    rng = w.rng("anmeldelser")
    for r in sorted(w.act.reports, key=lambda r: (r.date, r.company, r.person)):
        report_id = f"{cal.date_of(r.date).year}{rng.randrange(10**7, 10**8)}"
        if r.company >= 0:
            sink.write(
                {
                    "report_id": report_id,
                    "reported_date": cal.iso(r.date),
                    "offence": r.offence,
                    "subject_kind": "company",
                    "subject_orgnr": c.orgnr[r.company],
                    "subject_name": c.name[r.company],
                    "status": r.status,
                },
                companies=[(c.orgnr[r.company], "subject")],
            )
        else:
            name, birth, drop = full_name(p, rng, "politi", r.person)
            sink.write(
                {
                    "report_id": report_id,
                    "reported_date": cal.iso(r.date),
                    "offence": r.offence,
                    "subject_kind": "person",
                    "subject_person_id": "" if drop else p.pid[r.person],
                    "subject_name": name,
                    "subject_birth_date": birth,
                    "status": r.status,
                },
                persons=[(w.pkey(r.person), "subject")],
            )
    w.done(sink, ("2023-11-01", EXTRACT_DATE))


# ------------------------------------------------------------------ arbeidstilsynet


def write_tilsyn(w: Writer) -> None:
    c = w.world.companies
    est = w.world.establishments
    p = w.world.persons
    sink = w.sink("arbeidstilsynet/tilsyn.csv", "TS")
    psink = w.sink("arbeidstilsynet/tilsyn_personer.csv", "TP")
    rng = w.rng("tilsyn")
    cards = _card_numbers(w)
    for n, ins in enumerate(sorted(w.act.inspections, key=lambda x: (x.date, x.company))):
        inspection_id = f"T{cal.date_of(ins.date).year}-{n + 1:06d}"
        companies = [(c.orgnr[ins.company], "unit")]
        if ins.workplace >= 0:
            companies.append((est.orgnr[ins.workplace], "workplace"))
        sink.write(
            {
                "inspection_id": inspection_id,
                "date": cal.iso(ins.date),
                "orgnr": c.orgnr[ins.company],
                "workplace_orgnr": est.orgnr[ins.workplace] if ins.workplace >= 0 else "",
                "site_postcode": ins.site_postcode,
                "joint_with": ";".join(ins.joint_with),
                "sector": SECTORS[int(c.sector[ins.company])].nace[int(c.nace[ins.company])][0],
                "findings": ";".join(ins.findings),
                "reaction": ins.reaction,
                "fine_nok": money(ins.fine) if ins.fine else "0",
                "workers_checked": str(len(ins.met)),
            },
            companies=companies,
        )
        for person, employer, contractor, shows_card in ins.met:
            row = person_fields(p, rng, "tilsyn", person, prefer_foreign=0.5)
            row["inspection_id"] = inspection_id
            row["hms_card_no"] = cards.get(person, "") if shows_card else ""
            comp: list[tuple[str, str]] = []
            if employer >= 0:
                row["stated_employer_orgnr"] = c.orgnr[employer] if rng.random() < 0.75 else ""
                row["stated_employer_name"] = _spoken_name(rng, c.name[employer])
                comp = [(c.orgnr[employer], "stated_employer")]
            elif contractor >= 0:
                fc = w.world.foreign_companies[contractor]
                row["stated_employer_orgnr"] = fc.orgnr if rng.random() < 0.5 else ""
                row["stated_employer_name"] = _spoken_name(rng, fc.name)
                comp = [(fc.key, "stated_employer")]
            psink.write(row, persons=[(w.pkey(person), "subject")], companies=comp)
    w.done(sink, ("2023-11-01", EXTRACT_DATE))
    w.done(psink, ("2023-11-01", EXTRACT_DATE))


def _spoken_name(rng: random.Random, name: str) -> str:
    """A company name as a worker says it: often without the company form, in any case."""
    if rng.random() < 0.4:
        name = " ".join(
            x for x in name.split() if x not in ("AS", "ASA", "UAB", "SIA", "OÜ", "AB", "SRL")
        )
    return name.title() if rng.random() < 0.5 else name


def _card_numbers(w: Writer) -> dict[int, str]:
    if not hasattr(w, "_cards"):
        rng = w.rng("cardno")
        numbers: dict[int, str] = {}
        w._cards_list = []  # type: ignore[attr-defined]
        for card in w.act.cards:
            no = f"{rng.randrange(10**7, 10**8)}"
            w._cards_list.append(no)  # type: ignore[attr-defined]
            numbers[card.person] = no
        w._cards = numbers  # type: ignore[attr-defined]
    return w._cards  # type: ignore[attr-defined,no-any-return]


def write_hms_kort(w: Writer) -> None:
    c = w.world.companies
    p = w.world.persons
    _card_numbers(w)
    sink = w.sink("arbeidstilsynet/hms_kort.csv", "HK")
    rng = w.rng("hms")
    order = sorted(
        range(len(w.act.cards)), key=lambda k: (w.act.cards[k].issued, w.act.cards[k].person)
    )
    for k in order:
        card = w.act.cards[k]
        row = person_fields(p, rng, "hms", card.person)
        row.update(
            card_no=w._cards_list[k],  # type: ignore[attr-defined]
            employer_orgnr=c.orgnr[card.employer] if card.employer >= 0 else "",
            issued_date=cal.iso(card.issued),
            expiry_date=cal.iso(card.expiry),
            blocked_date=cal.iso(card.blocked) if card.blocked >= 0 else "",
        )
        comp = [(c.orgnr[card.employer], "employer")] if card.employer >= 0 else []
        sink.write(row, persons=[(w.pkey(card.person), "holder")], companies=comp)
    w.done(sink)


def write_godkjenninger(w: Writer) -> None:
    c = w.world.companies
    sink = w.sink("arbeidstilsynet/godkjenninger.csv", "GK")
    for a in sorted(w.act.approvals, key=lambda a: (a.start, a.company)):
        sink.write(
            {
                "scheme": a.scheme,
                "orgnr": c.orgnr[a.company],
                "status": a.status,
                "from_date": cal.iso(a.start),
                "to_date": cal.iso(a.end) if a.end >= 0 else "",
            },
            companies=[(c.orgnr[a.company], "unit")],
        )
    w.done(sink)


def write_tips(w: Writer) -> None:
    from akrim.synth.controls import tip_text

    c = w.world.companies
    sink = w.sink("arbeidstilsynet/tips.csv", "TI")
    rng = w.rng("tips")
    for n, t in enumerate(sorted(w.act.tips, key=lambda t: (t.date, t.company))):
        name = c.name[t.company]
        if rng.random() < 0.3:
            name = name.title()
        sink.write(
            {
                "tip_id": f"TIP-{n + 1:06d}",
                "received_date": cal.iso(t.date),
                "channel": t.channel,
                "source_kind": t.source,
                "language": t.language,
                "text": tip_text(rng, t, name),
                "mentioned_orgnr": "" if t.name_only else c.orgnr[t.company],
                "mentioned_name": name,
            },
            companies=[(c.orgnr[t.company], "mentioned")],
        )
    w.done(sink, ("2023-11-01", EXTRACT_DATE))


# ------------------------------------------------------------------ vegvesen, bank


def write_forerkort(w: Writer) -> None:
    p = w.world.persons
    sink = w.sink("vegvesen/forerkort.csv", "FK")
    rng = w.rng("forerkort")
    for lic in sorted(w.act.licences, key=lambda x: (x.first_issued, x.person, x.cls)):
        if lic.country == "NO":
            row = person_fields(p, rng, "forerkort", lic.person)
            row.pop("foreign_id", None)
            row.pop("foreign_id_country", None)
            if not row.get("person_id"):
                row["person_id"] = p.pid[lic.person]
        else:
            row = person_fields(p, rng, "forerkort", lic.person, prefer_foreign=1.0)
        row.update(
            licence_class=lic.cls,
            first_issued_date=cal.iso(lic.first_issued),
            code95_valid_to=cal.iso(lic.code95_to) if lic.code95_to >= 0 else "",
            issuing_country=lic.country,
        )
        sink.write(row, persons=[(w.pkey(lic.person), "holder")])
    w.done(sink)


def write_kjoretoy(w: Writer) -> None:
    c = w.world.companies
    p = w.world.persons
    sink = w.sink("vegvesen/kjoretoy.csv", "KJ")
    for v in sorted(w.act.vehicles, key=lambda x: (x.registered, x.reg_no)):
        if v.company >= 0:
            sink.write(
                {
                    "reg_no": v.reg_no,
                    "owner_orgnr": c.orgnr[v.company],
                    "vehicle_class": v.cls,
                    "registered_date": cal.iso(v.registered),
                },
                companies=[(c.orgnr[v.company], "owner")],
            )
        else:
            sink.write(
                {
                    "reg_no": v.reg_no,
                    "owner_person_id": p.pid[v.person],
                    "vehicle_class": v.cls,
                    "registered_date": cal.iso(v.registered),
                },
                persons=[(w.pkey(v.person), "owner")],
            )
    w.done(sink)


def write_utekontroller(w: Writer) -> None:
    c = w.world.companies
    p = w.world.persons
    sink = w.sink("vegvesen/utekontroller.csv", "UK")
    rng = w.rng("utekontroll")
    for n, chk in enumerate(sorted(w.act.checks, key=lambda x: (x.date, x.reg_no))):
        row = person_fields(p, rng, "utekontroll", chk.driver, prefer_foreign=0.6, prefix="driver_")
        row.update(
            check_id=f"UK-{n + 1:07d}",
            date=cal.iso(chk.date),
            reg_no=chk.reg_no,
            stated_employer_orgnr=c.orgnr[chk.employer] if chk.employer >= 0 else "",
            findings=";".join(chk.findings),
            reaction=chk.reaction,
        )
        comp = [(c.orgnr[chk.employer], "stated_employer")] if chk.employer >= 0 else []
        sink.write(row, persons=[(w.pkey(chk.driver), "driver")], companies=comp)
    w.done(sink, ("2023-11-01", EXTRACT_DATE))


def write_transaksjoner(w: Writer) -> None:
    c = w.world.companies
    p = w.world.persons
    sink = w.sink("bank/transaksjoner.csv", "BT")
    rng = w.rng("bank")
    txs = sorted(w.act.transactions, key=lambda t: (t.account, t.date, -t.amount))
    for t in txs:
        persons = []
        companies = []
        row = {
            "account_no": t.account,
            "date": cal.iso(t.date),
            "amount_nok": money(t.amount),
            "kind": t.kind,
            "counterparty_account": t.cp_account,
        }
        if t.owner_company >= 0:
            row["owner_orgnr"] = c.orgnr[t.owner_company]
            companies.append((c.orgnr[t.owner_company], "owner"))
        else:
            row["owner_person_id"] = p.pid[t.owner_person]
            persons.append((w.pkey(t.owner_person), "owner"))
        if t.cp_company >= 0:
            row["counterparty_orgnr"] = c.orgnr[t.cp_company]
            row["counterparty_name"] = c.name[t.cp_company]
            companies.append((c.orgnr[t.cp_company], "counterparty"))
        elif t.cp_person >= 0:
            name, _birth, drop = full_name(p, rng, "bank", t.cp_person)
            row["counterparty_name"] = name
            if not drop and p.pid[t.cp_person]:
                row["counterparty_person_id"] = p.pid[t.cp_person]
            persons.append((w.pkey(t.cp_person), "counterparty"))
        elif t.cp_name:
            row["counterparty_name"] = t.cp_name
        sink.write(row, persons=persons, companies=companies)
    w.done(sink, ("2025-05-01", EXTRACT_DATE))
