// The network view: draws the actor's graph with Cytoscape.js, expands a node one hop
// (JSON from the expand endpoint, read through the sharing gateway on the server), and shows
// an edge's evidence in the side panel. The node and edge lists under the graph do the same
// by keyboard.
(function () {
  "use strict";
  const COLOURS = { company: "#0b5cad", person: "#8250df", address: "#57606a",
                    account: "#1a7f37", vehicle: "#bc4c00", contract: "#7d4e00" };

  function start() {
    const box = document.getElementById("graph");
    const data = JSON.parse(document.getElementById("graph-data").textContent);
    const status = document.getElementById("graph-status");
    const expandUrl = box.dataset.expandUrl;
    const edgeUrl = box.dataset.edgeUrl;
    const expanded = new Set();
    const cy = cytoscape({
      container: box,
      elements: data.nodes.concat(data.edges),
      style: [
        { selector: "node", style: {
            "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 110,
            "background-color": (n) => COLOURS[n.data("kind")] || "#999",
            "width": (n) => (n.data("member") ? 26 : 16), "height": (n) => (n.data("member") ? 26 : 16) } },
        { selector: "node[?member]", style: { "border-width": 3, "border-color": "#f0b400" } },
        { selector: "edge", style: { "width": 1.5, "line-color": "#b6bec8", "curve-style": "bezier",
            "label": "data(kind)", "font-size": 7, "color": "#57606a" } },
        { selector: ":selected", style: { "overlay-opacity": 0.2 } },
      ],
      layout: { name: "cose", animate: false },
    });
    window.akrimGraph = cy; // for the browser tests and the console

    function say(text) { status.textContent = text; }

    function addToLists(elements) {
      const nodes = document.getElementById("node-list");
      const edges = document.getElementById("edge-list");
      for (const el of elements.nodes) {
        if (nodes.querySelector(`[data-node="${CSS.escape(el.data.id)}"]`)) continue;
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button"; b.className = "expand"; b.dataset.node = el.data.id;
        b.dataset.testid = "expand-node"; b.setAttribute("data-testid", "expand-node");
        b.textContent = `${el.data.kind}: ${el.data.label}`;
        li.appendChild(b); nodes.appendChild(li);
      }
      for (const el of elements.edges) {
        if (edges.querySelector(`[data-edge="${CSS.escape(el.data.id)}"]`)) continue;
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button"; b.className = "edge"; b.dataset.edge = el.data.id;
        b.setAttribute("data-testid", "edge-button");
        b.textContent = `${el.data.kind}: ${el.data.source} — ${el.data.target} (${el.data.records})`;
        li.appendChild(b); edges.appendChild(li);
      }
    }

    async function expand(nodeId) {
      if (expanded.has(nodeId)) { say(`${nodeId} is already expanded.`); return; }
      say(`Expanding ${nodeId}…`);
      const response = await fetch(`${expandUrl}?node=${encodeURIComponent(nodeId)}`,
                                   { headers: { "Accept": "application/json" } });
      if (!response.ok) { say(`Could not expand ${nodeId} (${response.status}).`); return; }
      const more = await response.json();
      expanded.add(nodeId);
      const fresh = more.nodes.filter((n) => cy.getElementById(n.data.id).empty())
        .concat(more.edges.filter((e) => cy.getElementById(e.data.id).empty()));
      cy.add(fresh);
      addToLists(more);
      cy.layout({ name: "cose", animate: false, fit: true }).run();
      const hidden = more.withheld.length ? ` ${more.withheld.length} register(s) withheld.` : "";
      const capped = Object.keys(more.more || {}).length
        ? " Some kinds were cut to the strongest links; expand a neighbour to go further." : "";
      say(`${nodeId}: ${fresh.length} new element(s).${hidden}${capped}`);
      box.dataset.expanded = String(expanded.size);
    }

    function showEdge(edgeId) {
      htmx.ajax("GET", `${edgeUrl}?edge=${encodeURIComponent(edgeId)}`, "#edge-panel");
    }

    cy.on("tap", "node", (event) => expand(event.target.id()));
    cy.on("tap", "edge", (event) => showEdge(event.target.id()));
    document.addEventListener("click", (event) => {
      const target = event.target.closest("button.expand, button.edge");
      if (!target) return;
      if (target.dataset.node) expand(target.dataset.node);
      if (target.dataset.edge) showEdge(target.dataset.edge);
    });
    const waiting = Object.keys(data.more || {}).length;
    const note = waiting ? ` ${waiting} node(s) have more neighbours than shown: expand them.` : "";
    say(`${data.nodes.length} nodes, ${data.edges.length} edges.${note}`);
    box.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
