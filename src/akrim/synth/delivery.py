"""Generate a complete synthetic delivery: world, actors, agencies' activity, files, truth."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from akrim.synth import writers as wr
from akrim.synth.activity import build_baseline, complete_baseline
from akrim.synth.actors import Actor, plant_actors
from akrim.synth.controls import baseline_tips, finances, inspections, open_bank_cases, road_checks
from akrim.synth.output import write_manifest
from akrim.synth.sizes import SIZES
from akrim.synth.world import build_world

Progress = Callable[[str], None]


@dataclass
class DeliverySummary:
    out: Path
    seed: int
    size: str
    rows: dict[str, int] = field(default_factory=dict)
    actors: int = 0
    typologies: dict[str, int] = field(default_factory=dict)
    companies: int = 0
    persons: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"delivery {self.out} (size {self.size}, seed {self.seed}) in {self.seconds:.1f} s",
            f"{self.companies} units, {self.persons} persons, {self.actors} planted actors",
        ]
        out += [f"  {path}: {n} rows" for path, n in sorted(self.rows.items())]
        out += [f"  actors {t}: {n}" for t, n in sorted(self.typologies.items())]
        return out


def generate_delivery(
    out: Path, *, seed: int, size: str, progress: Progress | None = None
) -> DeliverySummary:
    """Write a synthetic delivery for ``size`` and ``seed`` into ``out`` (new or empty)."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: choose one of {', '.join(SIZES)}")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    t0 = time.monotonic()
    say("building companies, persons and employment")
    world = build_world(seed, SIZES[size])
    say("contracts with foreign firms")
    act = build_baseline(world)
    say("planting threat actors and their look-alikes")
    actors = plant_actors(world, act)
    world.employments.sort()
    say("everyday activity: benefits, cards, approvals, licences, vehicles, police reports")
    complete_baseline(world, act)
    say("tips, inspections, roadside checks, bank cases")
    baseline_tips(world, act)
    inspections(world, act)
    road_checks(world, act)
    open_bank_cases(world, act)
    revenue, wages = finances(world, act)
    w = wr.Writer(out, seed, world, act)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("brreg/enheter.json", lambda: wr.write_enheter(w)),
        ("brreg/underenheter.json", lambda: wr.write_underenheter(w)),
        ("brreg/roller.jsonl", lambda: wr.write_roller(w)),
        ("brreg/regnskap.csv", lambda: wr.write_regnskap(w, revenue, wages)),
        ("skatteetaten/folkeregister.csv", lambda: wr.write_folkeregister(w)),
        ("skatteetaten/a_melding.csv", lambda: wr.write_a_melding(w)),
        ("skatteetaten/mva.csv", lambda: wr.write_mva(w, revenue)),
        (
            "skatteetaten/oppdrag.csv + utsendte.csv",
            lambda: wr.write_utsendte(w, wr.write_oppdrag(w)),
        ),
        ("nav/ytelser.csv", lambda: wr.write_ytelser(w)),
        ("politi/anmeldelser.csv", lambda: wr.write_anmeldelser(w)),
        ("arbeidstilsynet/tilsyn.csv + tilsyn_personer.csv", lambda: wr.write_tilsyn(w)),
        ("arbeidstilsynet/hms_kort.csv", lambda: wr.write_hms_kort(w)),
        ("arbeidstilsynet/godkjenninger.csv", lambda: wr.write_godkjenninger(w)),
        ("arbeidstilsynet/tips.csv", lambda: wr.write_tips(w)),
        ("vegvesen/forerkort.csv", lambda: wr.write_forerkort(w)),
        ("vegvesen/kjoretoy.csv", lambda: wr.write_kjoretoy(w)),
        ("vegvesen/utekontroller.csv", lambda: wr.write_utekontroller(w)),
        ("bank/transaksjoner.csv", lambda: wr.write_transaksjoner(w)),
    ]
    for label, step in steps:
        say(f"writing {label}")
        step()
    w.truth.close()
    _write_actors(out, actors)
    write_manifest(out, seed, size, w.entries)
    summary = DeliverySummary(out, seed, size, {e.rf.path: e.rows for e in w.entries})
    summary.actors = len(actors)
    for a in actors:
        summary.typologies[a.typology] = summary.typologies.get(a.typology, 0) + 1
    summary.companies = len(world.companies)
    summary.persons = len(world.persons)
    summary.seconds = time.monotonic() - t0
    return summary


def _write_actors(out: Path, actors: list[Actor]) -> None:
    path = out / "truth" / "actors.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(("actor_id", "typology", "orgnrs", "person_keys", "description"))
        for a in actors:
            writer.writerow(
                (a.actor_id, a.typology, " ".join(a.orgnrs), " ".join(a.person_keys), a.description)
            )
