#!/usr/bin/env python3
"""Generate the oracle of the site-diverse collection routes (docs/analysis.md, "Saturation").

For each network below and each analysed NRO (sampled on the larger ones), the pair of routes
to the head-ends is worked out by definition, as a minimum-cost flow of 2 units with NetworkX
(nx.max_flow_min_cost) on a directed graph built from the analysed network:

* a super-source joined to the NRO (capacity 2), every head-end joined to a super-sink
  (capacity 2: both routes may end at the same head-end);
* every section, both ways, as an arc of capacity 1 and weight lengthM (through a node of its
  own, so that parallel sections stay distinct);
* section level: every site one node;
* site level, the node-split graph: every site other than the NRO and the head-ends is v_in ->
  v_out with capacity 1 at weight 0, plus a second unit at weight M (M = 1 + the sum of every
  section length, more than any pair of routes), so that the flow shares a site only when no
  site-disjoint pair exists, and then shares as few as it can.

Written per NRO: `flow` (2 when a section-disjoint pair exists, 1 a single route, 0 none),
`sectionTotalM` (the shortest section-disjoint pair's total length), and at site level
`sharedSites` (cost // M) and `siteTotalM` (cost % M).  Lengths are whole metres in every
network here, so the costs are exact integers.

The generated networks come from bench/generate.ts (`fibreNetwork({sections, seed})`),
printed by scripts/oracle/fibre_network_json.ts through tsx; they are not committed: the test
builds them again from the same call and checks their size.

Usage:  /usr/bin/python3 scripts/oracle/generate_diverse_routes.py        (from anywhere)

Deterministic (fixed seeds, sorted ids), stdlib + networkx only.  Writes
tests/fixtures/diverse-routes/site-pairs.json.
"""

import json
import os
import subprocess
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "diverse-routes", "site-pairs.json")

# (source, network options, most NROs checked)
NETWORKS = [
    ({"file": "topology/somme.json"}, {"includePlanned": False}, None),
    ({"file": "topology/somme.json"}, {"includePlanned": True}, None),
    ({"file": "tests/fixtures/oracle/zoo-colt.json"}, {"includePlanned": False}, None),
    ({"file": "tests/fixtures/oracle/rand-n300-2he.json"}, {"includePlanned": False}, None),
    ({"generate": {"sections": 100, "seed": 7}}, {"includePlanned": False}, None),
    ({"generate": {"sections": 500, "seed": 11}}, {"includePlanned": False}, None),
    ({"generate": {"sections": 2000, "seed": 42}}, {"includePlanned": False}, 150),
]


def read_topology(source):
    if "file" in source:
        with open(os.path.join(ROOT, source["file"]), encoding="utf-8") as f:
            document = json.load(f)
        return document.get("topology", document)
    g = source["generate"]
    text = subprocess.run(
        ["npx", "tsx", "scripts/oracle/fibre_network_json.ts", str(g["sections"]), str(g["seed"])],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(text)


def analysed(topology, options):
    """The analysed sites (id -> kind) and sections, as docs/analysis.md says."""
    def kept(item):
        return options["includePlanned"] or item.get("status", "existing") == "existing"
    sites = {s["id"]: s["kind"] for s in topology["sites"] if kept(s)}
    sections = [s for s in topology["sections"] if kept(s) and s["from"] in sites and s["to"] in sites]
    return sites, sections


def flow_graph(sites, sections, source, split, big):
    headends = {v for v, kind in sites.items() if kind == "headend"}
    D = nx.DiGraph()

    def node(v, end):
        return (v, end) if split and v != source and v not in headends else (v, "")

    for v in sites:
        if split and v != source and v not in headends:
            D.add_edge(node(v, "in"), node(v, "out"), capacity=1, weight=0)
            D.add_edge(node(v, "in"), (v, "shared"), capacity=1, weight=big)
            D.add_edge((v, "shared"), node(v, "out"), capacity=1, weight=0)
    for s in sections:
        for a, b in ((s["from"], s["to"]), (s["to"], s["from"])):
            mid = ("section", s["id"], a)
            D.add_edge(node(a, "out"), mid, capacity=1, weight=int(s["lengthM"]))
            D.add_edge(mid, node(b, "in"), capacity=1, weight=0)
    D.add_edge("S", node(source, "out"), capacity=2, weight=0)
    for h in headends:
        D.add_edge(node(h, "in"), "T", capacity=2, weight=0)
    return D


def pair(sites, sections, source, split, big):
    D = flow_graph(sites, sections, source, split, big)
    if "T" not in D:
        return 0, 0
    flow = nx.max_flow_min_cost(D, "S", "T")
    value = sum(flow["S"].values())
    return value, nx.cost_of_flow(D, flow)


def main():
    cases = []
    for source, options, most in NETWORKS:
        topology = read_topology(source)
        sites, sections = analysed(topology, options)
        assert all(float(s["lengthM"]).is_integer() for s in sections)
        big = 1 + sum(int(s["lengthM"]) for s in sections)
        nros = sorted(v for v, kind in sites.items() if kind == "nro")
        if most is not None and len(nros) > most:
            step = len(nros) / most
            nros = [nros[int(k * step)] for k in range(most)]
        rows = []
        for nro in nros:
            value, cost = pair(sites, sections, nro, False, big)
            split_value, split_cost = pair(sites, sections, nro, True, big)
            assert split_value == value, (nro, value, split_value)
            row = {"nro": nro, "flow": value}
            if value == 2:
                row["sectionTotalM"] = cost
                row["sharedSites"] = split_cost // big
                row["siteTotalM"] = split_cost % big
                assert row["siteTotalM"] >= cost
            rows.append(row)
        cases.append({"source": source, "network": options, "sites": len(sites), "sections": len(sections), "nros": rows})
        pairs = [r for r in rows if r["flow"] == 2]
        print("%-60s %5d sections %4d NROs: %4d pairs, %3d longer site-disjoint, %3d sharing a site" % (
            json.dumps(source), len(sections), len(rows), len(pairs),
            sum(1 for r in pairs if r["sharedSites"] == 0 and r["siteTotalM"] > r["sectionTotalM"]),
            sum(1 for r in pairs if r["sharedSites"] > 0)))
    document = {
        "description": "Site-diverse pairs by NetworkX min-cost flow on the node-split graph "
                       "(scripts/oracle/generate_diverse_routes.py).",
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print("%d cases -> %s (python %s, networkx %s)" % (
        len(cases), os.path.relpath(OUT, ROOT), sys.version.split()[0], nx.__version__))


if __name__ == "__main__":
    main()
