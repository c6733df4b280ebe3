"""The data-protection officer's overview: chain status, recent purges, records of processing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.html import format_html, format_html_join

from akrim.web.audit.selectors import audit_verify
from akrim.web.dataprotection.selectors import processing_records, purge_runs
from akrim.web.sharing.policy import current_policy


@login_required
def dpo_overview(request: HttpRequest) -> HttpResponse:
    decision = current_policy().may(request.user.actor(), "audit.read")
    if not decision.allowed:
        return HttpResponseForbidden(decision.reason)
    records = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (r.path, r.classification, r.legal_basis, ", ".join(r.categories), r.retention_days)
            for r in processing_records()
        ),
    )
    runs = format_html_join(
        "", "<li>{} by {}: {}</li>", ((r.started_at, r.by, r.removed) for r in purge_runs())
    )
    body = format_html(
        "<!doctype html><title>Data protection</title><h1>Data protection</h1>"
        "<p>{}</p><h2>Records of processing</h2><table><tr><th>register file</th>"
        "<th>classification</th><th>legal basis</th><th>categories</th><th>retention (days)"
        "</th></tr>{}</table><h2>Purge runs</h2><ul>{}</ul>",
        audit_verify().describe(),
        records,
        runs,
    )
    return HttpResponse(body)
