"""Reads on data protection: records of processing and purge history."""

from __future__ import annotations

from akrim.web.dataprotection.models import ProcessingRecord, PurgeRun


def processing_records() -> list[ProcessingRecord]:
    return list(ProcessingRecord.objects.order_by("agency", "path"))


def purge_runs(*, limit: int = 20) -> list[PurgeRun]:
    return list(PurgeRun.objects.order_by("-started_at")[:limit])
