"""The workbench in a real browser against `akrim serve`: a Tax Administration analyst signs
in, opens the top priority, opens its network and expands a node on the graph, reads an
edge's evidence, opens a member company, reads its score explanation, confirms a link of
its resolved identity, and is refused another agency's facts with the reason and how to
get access. Screenshots of each step go to test-artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

from .conftest import AkrimServer, screenshot, signed_in

ANALYST = "wb-skatt-analyst"


def _expand_on_canvas(page: Any) -> None:
    """Click the first member company's node where Cytoscape drew it (a position inside the
    graph's box; Playwright scrolls the box into view first)."""
    page.wait_for_selector("#graph[data-ready=true]")
    page.locator("#graph").scroll_into_view_if_needed()
    x, y = page.evaluate(
        "() => { const n = window.akrimGraph.nodes('[?member]')[0];"
        " const p = n.renderedPosition(); return [p.x, p.y]; }"
    )
    page.locator("#graph").click(position={"x": x, "y": y})
    page.wait_for_selector("#graph[data-expanded='1']")


def _expand_until_new(page: Any, before: int) -> None:
    """Expand further nodes from the keyboard list until one brings new elements: a member
    whose neighbours are all on the graph already brings none."""
    ids = page.evaluate("() => window.akrimGraph.nodes().map((n) => n.id())")
    for node_id in ids[:12]:
        if page.evaluate("() => window.akrimGraph.nodes().length") > before:
            return
        page.locator(f"button.expand[data-node='{node_id}']").dispatch_event("click")
        page.wait_for_function(
            "(id) => { const s = document.querySelector('[data-testid=graph-status]').innerText;"
            " return s.includes(id) && !s.includes('Expanding'); }",
            arg=node_id,
        )


def test_workbench_flow(page: Any, akrim_server: AkrimServer) -> None:
    server = akrim_server
    server.create_user(ANALYST, "skatteetaten", ("analyst",), centre="")
    signed_in(page, server, ANALYST)

    page.goto(f"{server.url}/priorities/")
    rows = page.locator("[data-testid=priority-row]")
    assert rows.count() > 0
    screenshot(page, "workbench-01-priorities")
    rows.first.locator("[data-testid=actor-link]").click()
    page.wait_for_selector("[data-testid=actor-title]")

    # Declare a purpose: the Tax Administration's own registers open, others stay withheld.
    page.select_option("[data-testid=context-purpose]", "detect")
    page.click("[data-testid=context-apply]")
    page.wait_for_selector("[data-testid=context-now]:has-text('purpose detect')")
    page.wait_for_selector("#graph[data-ready=true]")
    nodes_before = page.evaluate("() => window.akrimGraph.nodes().length")
    _expand_on_canvas(page)
    _expand_until_new(page, nodes_before)
    assert page.evaluate("() => window.akrimGraph.nodes().length") > nodes_before
    assert "new element" in page.inner_text("[data-testid=graph-status]")
    screenshot(page, "workbench-02-network-expanded")

    page.click("details:has([data-testid=edge-list]) > summary")  # the keyboard lists
    page.locator("[data-testid=edge-button]").first.click()
    page.wait_for_selector("[data-testid=edge-evidence]")
    assert page.locator("#edge-panel [data-testid=fact-record]").count() > 0
    screenshot(page, "workbench-03-edge-evidence")

    page.locator("[data-testid=member-link]").first.click()
    page.wait_for_selector("[data-testid=entity-title]")
    assert page.locator("[data-testid=register]").count() > 0
    assert page.locator("[data-testid=provenance]").count() > 0
    screenshot(page, "workbench-04-company")

    page.click("[data-testid=score-link]")
    page.wait_for_selector("[data-testid=score-title]")
    assert page.locator("[data-testid=contribution]").count() > 0
    assert page.locator("[data-testid=rationale]").first.inner_text().strip()
    screenshot(page, "workbench-05-score-explanation")
    page.go_back()

    page.wait_for_selector("[data-testid=identity-link]")
    page.locator("[data-testid=link-confirm]").first.click()
    page.wait_for_selector(".messages:has-text('confirmed')")
    assert page.locator("[data-testid=link-decision]").count() > 0
    screenshot(page, "workbench-06-link-confirmed")

    # Another agency's facts: withheld, with the policy's reason and how to ask for access.
    withheld = page.locator("[data-testid=withheld-item]")
    assert withheld.count() > 0
    reasons = " ".join(withheld.locator("[data-testid=withheld-reason]").all_inner_texts())
    assert "open a case on this subject" in reasons
    assert page.locator("[data-testid=withheld-open-case]").count() > 0
    page.locator("[data-testid=withheld]").scroll_into_view_if_needed()
    screenshot(page, "workbench-07-withheld")
