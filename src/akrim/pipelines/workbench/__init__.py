"""The workbench read model: typed reads over the analysed store for the web pages and the API.

Open a `WorkbenchStore` once per process (`workbench_store(directory)`) and take a cursor per
request with ``with store.reader() as backend:``; every read function takes that backend first.

Two kinds of reads:

- the joint analysis product (scores, ranks, indicator codes, actor membership, resolved
  identities): plain functions, e.g. `priorities(backend, PriorityQuery(...))`;
- facts (register rows, indicator evidence, edges from confidential registers): functions
  that take ``allowed`` (the fact scopes the read gateway allowed) and return only rows of
  those registers. Call them only as the ``load`` of ``akrim.web.sharing.gateway.read_facts``;
  `tests/web/test_read_paths.py` fails for a web module that calls one anywhere else.
"""

from __future__ import annotations

from akrim.pipelines.workbench.connection import (
    StoreBusy,
    StoreMissing,
    WorkbenchStore,
    workbench_store,
)
from akrim.pipelines.workbench.priorities import (
    IndicatorStrength,
    PriorityPage,
    PriorityQuery,
    PriorityRow,
    priorities,
    sector_codes,
)
from akrim.pipelines.workbench.regions import CENTRE_COUNTIES, centre_counties

__all__ = [
    "CENTRE_COUNTIES",
    "IndicatorStrength",
    "PriorityPage",
    "PriorityQuery",
    "PriorityRow",
    "StoreBusy",
    "StoreMissing",
    "WorkbenchStore",
    "centre_counties",
    "priorities",
    "sector_codes",
    "workbench_store",
]
