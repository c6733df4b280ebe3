"""The workbench read model (akrim.pipelines.workbench) on a small analysed store: filters,
sorting and pages of the priorities, regions, fact readers that honour the allowed scopes,
row positions that fall back to record ids, search that ignores diacritics and word order,
and the store handle's behaviour when another process writes or the server idles."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from akrim.domain.access import FactScope
from akrim.domain.names import fold
from akrim.domain.registers import REGISTER_FILES, Classification
from akrim.engines.backend import open_store
from akrim.pipelines import workbench as wb

OPEN_FILES = [f for f in REGISTER_FILES if f.classification is Classification.OPEN]


@pytest.fixture(scope="module")
def store(analysed_tiny_store: Path) -> wb.WorkbenchStore:
    return wb.workbench_store(analysed_tiny_store)


def _everything(subject: str) -> list[FactScope]:
    return wb.scopes_for(REGISTER_FILES, subject)


def test_priority_pages_cover_every_actor_once(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        first = wb.priorities(backend, wb.PriorityQuery(per_page=10))
        seen = []
        for page in range(1, first.pages + 1):
            seen += [
                r.actor_id
                for r in wb.priorities(backend, wb.PriorityQuery(page=page, per_page=10)).rows
            ]
    assert len(seen) == len(set(seen)) == first.total > 10
    assert [r.rank for r in first.rows] == sorted(r.rank for r in first.rows)


def test_priority_rows_name_companies_as_the_open_register_does(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        rows = wb.priorities(backend, wb.PriorityQuery(per_page=50)).rows
        registered = {
            str(orgnr): str(name)
            for orgnr, name in backend.rows("SELECT orgnr, name FROM current.brreg__enheter")
        }
    pairs = [pair for row in rows for pair in row.named_companies]
    assert pairs and all(len(r.company_names) == len(r.companies) for r in rows)
    for orgnr, name in pairs:
        assert name == registered.get(orgnr, "")  # never another register's spelling
    assert any(name for _, name in pairs)


def test_sorting_by_score_descending(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        rows = wb.priorities(
            backend, wb.PriorityQuery(sort="score", descending=True, per_page=50)
        ).rows
    scores = [r.score for r in rows]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(ValueError, match="sort must be one of"):
        wb.PriorityQuery(sort="name")


def test_filters_keep_only_matching_actors(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        everyone = wb.priorities(backend, wb.PriorityQuery(per_page=200))
        code = everyone.rows[0].strongest[0].code
        by_indicator = wb.priorities(backend, wb.PriorityQuery(indicator=code, per_page=200))
        ids = {r.actor_id for r in by_indicator.rows}
        assert everyone.rows[0].actor_id in ids and 0 < by_indicator.total <= everyone.total
        for actor_id in ids:
            found = wb.actor(backend, actor_id)
            assert found is not None and code in {s.code for s in found.indicators}
        typology = wb.typologies()
        phoenix = wb.priorities(backend, wb.PriorityQuery(typology="phoenix", per_page=200))
        assert "phoenix" in typology and phoenix.total <= everyone.total
        sector = wb.sector_codes(backend)[0][0]
        in_sector = wb.priorities(backend, wb.PriorityQuery(nace=sector, per_page=200))
        assert 0 < in_sector.total <= everyone.total
        nobody = wb.priorities(backend, wb.PriorityQuery(indicator="NO_SUCH_CODE"))
        assert nobody.total == 0


def test_centres_cover_each_county_once() -> None:
    counties = [c for cs in wb.CENTRE_COUNTIES.values() for c in cs]
    assert len(counties) == len(set(counties)) == 15
    assert wb.centre_counties("") is None and wb.centre_counties("Bodø") == ("18",)
    with pytest.raises(ValueError, match="unknown centre"):
        wb.centre_counties("atlantis")


def test_fact_readers_read_only_the_allowed_registers(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        top = wb.priorities(backend, wb.PriorityQuery()).rows[0]
        company = wb.company(backend, top.companies[0])
        assert company is not None
        everything = wb.entity_facts(backend, company.entity_id, _everything(company.key))
        open_only = wb.entity_facts(
            backend, company.entity_id, wb.scopes_for(OPEN_FILES, company.key)
        )
        nothing = wb.entity_facts(backend, company.entity_id, [])
        graph = wb.actor_graph(backend, top.actor_id, wb.scopes_for(OPEN_FILES, top.actor_id))
    assert {r.classification for r in everything} > {"open"}
    assert {r.classification for r in open_only} == {"open"} and nothing == ()
    assert graph.edges and {e.source_file for e in graph.edges} <= {f.path for f in OPEN_FILES}
    record = everything[0].records[0]
    assert (
        record.provenance.agency and record.provenance.delivery_id and record.provenance.line >= 0
    )


def test_stale_row_positions_fall_back_to_record_ids(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        top = wb.priorities(backend, wb.PriorityQuery()).rows[0]
        orgnr = top.companies[0]
        allowed = _everything(orgnr)
        right = wb.records_by_id(backend, "brreg/enheter.json", [orgnr], allowed)
        wrong = wb.records_by_id(backend, "brreg/enheter.json", [orgnr], allowed, [0])
    assert [r.record_id for r in right] == [r.record_id for r in wrong] == [orgnr]


def test_edges_timeline_and_score_evidence(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        top = wb.actor(backend, wb.priorities(backend, wb.PriorityQuery()).rows[0].actor_id)
        assert top is not None
        allowed = _everything(top.actor_id)
        graph = wb.actor_graph(backend, top.actor_id, allowed)
        evidence = wb.edge_evidence(backend, graph.edges[0].id, allowed)
        expanded = wb.neighbours(backend, f"company:{top.members[0].orgnr}", allowed)
        events = wb.timeline(backend, [m.orgnr for m in top.members], allowed)
        explanation = wb.score_explanation(backend, top.members[0].orgnr)
        records = wb.company_evidence(
            backend, top.members[0].orgnr, _everything(top.members[0].orgnr)
        )
    assert evidence and evidence[0].source_file == graph.edges[0].source_file
    assert len(expanded.edges) >= 1 and any(n.member for n in graph.nodes)
    assert events and [e.date for e in events] == sorted((e.date for e in events), reverse=True)
    assert round(sum(line.points for line in explanation.lines), 6) == round(explanation.total, 6)
    refs = {ref for line in explanation.lines for ref in line.evidence}
    assert records and set(records) <= refs
    with pytest.raises(ValueError, match="not a node id"):
        wb.parse_node_id("planet:earth")


def test_search_ignores_diacritics_and_word_order(store: wb.WorkbenchStore) -> None:
    with store.reader() as backend:
        labelled = backend.rows(
            "SELECT key, label FROM workbench.labels WHERE entity_kind = 'person' "
            "AND label LIKE '% %' ORDER BY key LIMIT 1"
        )
        key, label = (str(v) for v in labelled[0])
        words = label.split()
        reordered = " ".join([words[-1], *words[:-1]])
        assert key in [h.key for h in wb.search(backend, fold(reordered).upper())]
        top = wb.priorities(backend, wb.PriorityQuery()).rows[0].companies[0]
        assert [h.key for h in wb.search(backend, top)] == [top]
        assert wb.search(backend, "x") == ()
    assert wb.classify("AB 12345") == "vehicle" and wb.classify("12345678901") == "person_id"


def test_link_decisions_are_checked_before_writing() -> None:
    ok = wb.parse_link_decision("person", "a.csv#1#x", "b.csv#2#y", "confirm", "ann")
    assert ok.verdict == "confirm"
    for args, message in [
        (("vehicle", "a#1#x", "b#2#y", "confirm"), "person or company"),
        (("person", "a#1#x", "b#2#y", "maybe"), "confirm or reject"),
        (("person", "a#1#x", "a#1#x", "reject"), "two different"),
        (("person", "nonsense", "b#2#y", "reject"), "source_file#record_id#role"),
    ]:
        with pytest.raises(ValueError, match=message):
            wb.parse_link_decision(*args, analyst="ann")


HOLD_FOR_WRITING = """
import sys, time
from pathlib import Path
from akrim.engines.backend import open_store
backend = open_store(Path(sys.argv[1]))
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_writer_elsewhere_makes_readers_busy_and_idle_readers_let_go(
    analysed_tiny_store: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(analysed_tiny_store, copy, ignore=shutil.ignore_patterns("*.sqlite3*"))
    handle = wb.WorkbenchStore(copy, idle_seconds=0.2)
    with handle.reader() as backend:
        assert backend.scalar("SELECT count(*) FROM workbench.labels")
    time.sleep(0.6)  # idle: the handle lets the file go, so another process may write
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_FOR_WRITING, str(copy), "5"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "holding"
        with pytest.raises(wb.StoreBusy, match="in use by another process"), handle.reader():
            pass
    finally:
        writer.kill()
        writer.wait()
    with handle.reader() as backend:  # the writer is gone: reading works again
        assert backend.scalar("SELECT 1") == 1
    handle.release()
    with pytest.raises(wb.StoreMissing), wb.WorkbenchStore(tmp_path / "nowhere").reader():
        pass


def test_cached_reads_last_until_the_store_changes(
    analysed_tiny_store: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(analysed_tiny_store, copy, ignore=shutil.ignore_patterns("*.sqlite3*"))
    handle = wb.WorkbenchStore(copy)
    with handle.reader():
        assert handle.cached(("answer",), lambda: 1) == 1
        assert handle.cached(("answer",), lambda: 2) == 1  # same file: remembered
    handle.release()  # idle: the file is free for another writer, as akrim analyse would be
    with handle.reader():
        assert handle.cached(("answer",), lambda: 3) == 1  # reopened, file unchanged
    handle.release()
    other = open_store(copy)
    other.execute("CREATE TABLE main.touched AS SELECT 1 AS a")
    other.close()
    with handle.reader():
        assert handle.cached(("answer",), lambda: 4) == 4  # the file changed: computed again
    handle.release()
