#!/usr/bin/env python3
"""Generate the oracle of the route between two sites (docs/cli.md `route`, docs/api.md).

For each network below, build a networkx.MultiGraph of the analysed network (existing sites
and sections; planned ones too with includePlanned; the redundancy links named in withLinks as
sections; one edge per section, key = section id, weight = lengthM) and, for pairs of sites
drawn with a fixed seed, write the length of the shortest route (nx.shortest_path_length with
weight="lengthM": NetworkX takes the lightest of parallel edges) and its number of sections
(unweighted).  null where no path joins the two sites.  Only lengths are written: on ties
the TypeScript route may take another path of the same length, which the tests check is a
valid path of that length.

Usage:  /usr/bin/python3 scripts/oracle/generate_routes.py        (from anywhere)

Deterministic (fixed seeds, sorted ids), stdlib + networkx only; the same output with
Debian's python3-networkx (2.8) and networkx 3.x.  Writes tests/fixtures/routes/routes.json.
"""

import json
import os
import random
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "routes", "routes.json")

# (topology file relative to the repository, network options, seed, random pairs)
NETWORKS = [
    ("topology/somme.json", {"includePlanned": False, "withLinks": []}, 1, 60),
    ("topology/somme.json", {"includePlanned": True, "withLinks": ["R-01", "R-05"]}, 2, 40),
    ("tests/fixtures/oracle/handmade-existing.json", {"includePlanned": False, "withLinks": []}, 3, 30),
    ("tests/fixtures/oracle/rand-n30-islands.json", {"includePlanned": False, "withLinks": []}, 4, 40),
    ("tests/fixtures/oracle/rand-n60-planned-he.json", {"includePlanned": True, "withLinks": []}, 5, 30),
    ("tests/fixtures/oracle/rand-n150-sparse.json", {"includePlanned": False, "withLinks": []}, 6, 30),
    ("tests/fixtures/oracle/zoo-interoute.json", {"includePlanned": False, "withLinks": []}, 7, 30),
    ("tests/fixtures/oracle/zoo-colt.json", {"includePlanned": False, "withLinks": []}, 8, 30),
]


def read_topology(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        document = json.load(f)
    return document.get("topology", document)


def analysed_graph(topology, options):
    """The analysed network (docs/analysis.md) as a MultiGraph keyed by section id."""
    def kept(item):
        return options["includePlanned"] or item.get("status", "existing") == "existing"

    G = nx.MultiGraph()
    for site in topology["sites"]:
        if kept(site):
            G.add_node(site["id"])
    for section in topology["sections"]:
        if kept(section) and section["from"] in G and section["to"] in G:
            G.add_edge(section["from"], section["to"], key=section["id"], lengthM=section["lengthM"])
    links = {link["id"]: link for link in topology.get("redundancyLinks", [])}
    for link_id in options["withLinks"]:
        link = links[link_id]
        assert link["a"] in G and link["b"] in G, link_id
        G.add_edge(link["a"], link["b"], key=link_id, lengthM=link["lengthM"])
    return G


def route(G, a, b):
    """Shortest length and fewest hops from a to b, or None for both when no path."""
    if not nx.has_path(G, a, b):
        return None, None
    length = nx.shortest_path_length(G, a, b, weight="lengthM")
    hops = nx.shortest_path_length(G, a, b)
    # Check against a plain Dijkstra over the lightest parallel edge, and the path's own sum.
    path = nx.dijkstra_path(G, a, b, weight="lengthM")
    total = sum(min(d["lengthM"] for d in G.get_edge_data(u, v).values()) for u, v in zip(path, path[1:]))
    assert total == length, (a, b, total, length)
    assert hops == len(nx.shortest_path(G, a, b)) - 1
    return length, hops


def pairs(G, seed, count):
    """Random pairs of distinct sites, a site with itself, and, where the graph has several
    connected parts, pairs across parts (no path)."""
    rng = random.Random(seed)
    nodes = sorted(G.nodes())
    chosen = []
    for _ in range(count):
        a, b = rng.sample(nodes, 2)
        chosen.append((a, b))
    chosen.append((nodes[0], nodes[0]))
    parts = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    for small in parts[1:4]:
        chosen.append((parts[0][0], small[0]))
    return chosen


def main():
    cases = []
    for path, options, seed, count in NETWORKS:
        topology = read_topology(path)
        G = analysed_graph(topology, options)
        rows = []
        for a, b in pairs(G, seed, count):
            length, hops = route(G, a, b)
            rows.append({"from": a, "to": b, "lengthM": length, "hops": hops})
        cases.append({"topology": path, "network": options, "sites": G.number_of_nodes(),
                      "sections": G.number_of_edges(), "routes": rows})
        missing = sum(1 for r in rows if r["lengthM"] is None)
        print("%-48s %-48s %4d sites %4d sections %3d routes (%d without a path)" % (
            path, json.dumps(options), G.number_of_nodes(), G.number_of_edges(), len(rows), missing))
    document = {
        "description": "Shortest routes between two sites by NetworkX (scripts/oracle/generate_routes.py): "
                       "lengthM by weight=lengthM, hops unweighted, null when no path.",
        "cases": cases,
    }
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("%d cases, %d routes -> %s (python %s, networkx %s)" % (
        len(cases), sum(len(c["routes"]) for c in cases), os.path.relpath(OUT, ROOT),
        sys.version.split()[0], nx.__version__))


if __name__ == "__main__":
    main()
