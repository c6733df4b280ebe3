"""Read paths: confidential facts leave the analytical store only through the read gateway.

Any module of the web application or the command line that queries the store's `facts` or
`current` schemas must call the gateway (`read_facts`) or be listed here with the reason it
returns no facts to anyone. A new page, API route or export that reads facts directly fails
this test until it goes through the gateway, which audits it (see test_gateway.py)."""

from __future__ import annotations

import re
from pathlib import Path

import akrim

SRC = Path(akrim.__file__).parent
READS_FACTS = re.compile(r"""\b(facts|current)\.\\?"|\b(from|join)\s+(facts|current)\.\w""", re.I)
NOT_A_READ_PATH = {
    "web/dataprotection/store_retention.py": "deletes superseded versions; returns counts only",
}


def fact_readers() -> dict[str, bool]:
    found = {}
    for package in ("web", "cli"):
        for path in sorted((SRC / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if READS_FACTS.search(text):
                found[str(path.relative_to(SRC))] = "read_facts(" in text
    return found


def test_every_module_reading_facts_goes_through_the_gateway() -> None:
    bypassing = [
        module
        for module, uses_gateway in fact_readers().items()
        if not uses_gateway and module not in NOT_A_READ_PATH
    ]
    assert bypassing == [], "read confidential facts through akrim.web.sharing.gateway"


EXPORT_WRITERS = re.compile(r"\bexport_(priorities|companies|identities|quarantine|fairness)\b")


def test_exports_are_written_only_through_the_gated_export_verb() -> None:
    """The pipelines' CSV writers read the store without the gateway; only the export verb
    (which wraps each in `read_facts`) may call them; other verbs call its `export_file`."""
    callers = {
        str(path.relative_to(SRC))
        for package in ("web", "cli")
        for path in (SRC / package).rglob("*.py")
        if EXPORT_WRITERS.search(path.read_text(encoding="utf-8"))
    }
    assert callers == {"cli/export_cmd.py"}


def test_the_pattern_recognises_a_direct_read() -> None:
    assert READS_FACTS.search("SELECT * FROM current.skatteetaten__a_melding WHERE orgnr = ?")
    assert READS_FACTS.search("con.execute(f'SELECT 1 FROM facts.\"{table}\"')")
    assert not READS_FACTS.search("confidential facts. Every read")
    assert set(NOT_A_READ_PATH) <= set(fact_readers())  # the exemptions are still real
