"""The script a network engineer would write instead of `fibre-resilience analyse`: read the
topology document, build the graph of the existing network, and compute with python-igraph
the bridges, the articulation sites and each NRO's status. `npm run bench` times it as a whole
process beside `analyse --json` on the same file (bench/run.ts).

Head-ends are joined to one virtual source by links that cannot fail, as docs/analysis.md says:
an NRO is isolated when the source does not reach it, single-homed when a bridge separates
them (it is not in the source's 2-edge-connected component), secured otherwise; bridges and
articulation sites are those of the part the source reaches.

usage: python3 bench/igraph_analyse.py TOPOLOGY.json
prints one JSON line of counts: nros by status, bridges, articulation sites.
"""
import json
import sys

import igraph


def main(path):
    with open(path) as f:
        doc = json.load(f)
    sites = [s for s in doc["sites"] if s.get("status", "existing") == "existing"]
    index = {s["id"]: i for i, s in enumerate(sites)}
    edges = [(index[s["from"]], index[s["to"]]) for s in doc["sections"]
             if s.get("status", "existing") == "existing" and s["from"] in index and s["to"] in index]
    source = len(sites)
    headends = [i for i, s in enumerate(sites) if s["kind"] == "headend"]
    # Two links from the source to each head-end: never a bridge, so never cut.
    graph = igraph.Graph(n=len(sites) + 1, edges=edges + [(source, h) for h in headends for _ in range(2)])
    # Only what the source reaches counts: a bridge or a cut site disconnects a connected site.
    reached = set(graph.subcomponent(source)) if headends else set()
    bridges = [e for e in graph.bridges() if e < len(edges) and edges[e][0] in reached]
    articulation = [v for v in graph.articulation_points() if v in reached and v != source and sites[v]["kind"] != "headend"]
    graph.delete_edges(bridges)
    secured = set(graph.subcomponent(source)) if headends else set()
    statuses = {"secured": 0, "single-homed": 0, "isolated": 0}
    for i, s in enumerate(sites):
        if s["kind"] == "nro":
            statuses["secured" if i in secured else "single-homed" if i in reached else "isolated"] += 1
    print(json.dumps({"nros": statuses, "bridges": len(bridges), "articulationSites": len(articulation)}))


if __name__ == "__main__":
    main(sys.argv[1])
