"""Read paths: confidential facts leave the analytical store only through the read gateway.

Any module of the web application or the command line that queries the store's `facts` or
`current` schemas must call the gateway (`read_facts`) or be listed here with the reason it
returns no facts to anyone. A new page, API route or export that reads facts directly fails
this test until it goes through the gateway, which audits it (see test_gateway.py). The
workbench read model's fact-returning functions may likewise run only as a gateway loader."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import akrim
from akrim.pipelines.workbench import FACT_READERS

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


# The workbench read model's functions that return register facts take the allowed scopes as
# a parameter; a web or CLI module may call them only inside a loader it hands to the gateway:
# a lambda passed as ``load=`` to ``read_facts``, or to a function of the same module that
# passes that parameter on as ``load=`` to ``read_facts``.


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _gateway_wrappers(tree: ast.Module) -> dict[str, tuple[int, str]]:
    """Functions that pass one of their parameters as ``load=`` to read_facts."""
    wrappers = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        params = [a.arg for a in fn.args.args + fn.args.kwonlyargs]
        for call in ast.walk(fn):
            if isinstance(call, ast.Call) and _name(call.func) == "read_facts":
                for kw in call.keywords:
                    if (
                        kw.arg == "load"
                        and isinstance(kw.value, ast.Name)
                        and kw.value.id in params
                    ):
                        wrappers[fn.name] = (params.index(kw.value.id), kw.value.id)
    return wrappers


def _in_loader_position(arg: ast.AST, call: ast.Call, wrappers: dict[str, tuple[int, str]]) -> bool:
    callee = _name(call.func)
    if callee == "read_facts":
        return any(kw.arg == "load" and kw.value is arg for kw in call.keywords)
    if callee in wrappers:
        index, keyword = wrappers[callee]
        positional = index < len(call.args) and call.args[index] is arg
        return positional or any(kw.arg == keyword and kw.value is arg for kw in call.keywords)
    return False


def _is_loader(
    node: ast.AST,
    parents: dict[ast.AST, ast.AST],
    scope: ast.AST,
    wrappers: dict[str, tuple[int, str]],
) -> bool:
    """A lambda in a loader position, or a nested function passed by name in one."""
    if isinstance(node, ast.Lambda):
        parent = parents.get(node)
        if isinstance(parent, ast.keyword):  # a keyword argument's call is one level up
            parent = parents.get(parent)
        return isinstance(parent, ast.Call) and _in_loader_position(node, parent, wrappers)
    if isinstance(node, ast.FunctionDef):
        for call in ast.walk(scope):
            if not isinstance(call, ast.Call):
                continue
            args = list(call.args) + [kw.value for kw in call.keywords]
            for arg in args:
                named = isinstance(arg, ast.Name) and arg.id == node.name
                if named and _in_loader_position(arg, call, wrappers):
                    return True
    return False


def stray_fact_reads(source: str, wrappers: dict[str, tuple[int, str]] | None = None) -> list[str]:
    """Calls of a fact-returning read-model function that are not inside a gateway loader."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    known = {**(wrappers or {}), **_gateway_wrappers(tree)}
    stray = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _name(node.func) in FACT_READERS):
            continue
        ancestor: ast.AST | None = node
        inside_loader = False
        while ancestor is not None and not inside_loader:
            parent = parents.get(ancestor)
            inside_loader = _is_loader(ancestor, parents, parent or tree, known)
            ancestor = parent
        if not inside_loader:
            stray.append(f"line {node.lineno}: {_name(node.func)}")
    return stray


def _all_wrappers() -> dict[str, tuple[int, str]]:
    wrappers: dict[str, tuple[int, str]] = {}
    for package in ("web", "cli"):
        for path in sorted((SRC / package).rglob("*.py")):
            wrappers.update(_gateway_wrappers(ast.parse(path.read_text(encoding="utf-8"))))
    return wrappers


def test_fact_returning_read_model_functions_run_only_as_gateway_loaders() -> None:
    found = {}
    wrappers = _all_wrappers()
    for package in ("web", "cli"):
        for path in sorted((SRC / package).rglob("*.py")):
            stray = stray_fact_reads(path.read_text(encoding="utf-8"), wrappers)
            if stray:
                found[str(path.relative_to(SRC))] = stray
    assert found == {}, "call these only inside a read_facts loader"


def test_the_loader_check_recognises_a_stray_call() -> None:
    assert set(FACT_READERS) >= {"entity_facts", "actor_graph", "edge_evidence", "timeline"}
    direct = "def page(b, e, allowed):\n    return wb.entity_facts(b, e, allowed)\n"
    assert stray_fact_reads(direct) == ["line 2: entity_facts"]
    other_lambda = "f = sorted(xs, key=lambda a: wb.timeline(b, a, all_scopes))\n"
    assert stray_fact_reads(other_lambda) == ["line 1: timeline"]
    gateway = (
        "v = read_facts(user=u, request=r, load=lambda allowed: wb.entity_facts(b, e, allowed))\n"
    )
    assert stray_fact_reads(gateway) == []
    wrapped = (
        "def _read(u, files, load):\n    return read_facts(user=u, request=q, load=load)\n"
        "def page(u, b):\n"
        "    return _read(u, files, lambda allowed: wb.actor_graph(b, 'x', allowed))\n"
    )
    assert stray_fact_reads(wrapped) == []
    nested = (
        "def page(u, b):\n    def load(allowed):\n        return wb.entity_facts(b, 'x', allowed)\n"
        "    return read_facts(user=u, request=q, load=load)\n"
    )
    assert stray_fact_reads(nested) == []
    unused = (
        "def page(u, b):\n    def load(allowed):\n        return wb.entity_facts(b, 'x', allowed)\n"
    )
    assert stray_fact_reads(unused) == ["line 3: entity_facts"]
