#!/usr/bin/env python3
"""Generate tests/fixtures/augmentation-zoo/*.json: NetworkX's k_edge_augmentation(k=2) and the
optimum of the every-site augmentation on small Topology Zoo networks and a generated one.

Usage:  python3 scripts/oracle/generate_augmentation_zoo.py        (from anywhere; needs node)

For each network: the topology (Zoo: bench/zoo_topology.py, the oracle fixtures' conversion of
tests/fixtures/topology-zoo/; generated: bench/generate.ts fibreNetwork), the candidate list
of the benchmark (bench/augmentation-candidates.ts, run with node), then, by
bench/networkx_augmentation.py on the graph whose head-ends are merged into one node:
* `networkx`: nx.k_edge_augmentation(G, k=2, avail=…) (a 2-approximation: 3 on a disconnected
  graph), its cost and links, checked with nx.is_k_edge_connected;
* `lightestArcs`: the same algorithm keeping the lightest arc of its metagraph (NetworkX keeps
  the last one written: bench/networkx_augmentation.py, lightest_arc_augmentation), within
  twice the optimum on a connected graph as Khuller and Thurimella prove;
* `optimum`: the minimum cost, by scipy.optimize.milp with cut generation, each round checked
  by networkx (bridges, components) — proved optimal when no cut is violated;
  checked by brute force over every subset of candidates on the networks with at most 16.
Deterministic (fixed seeds, sorted iteration).
"""
import itertools
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import networkx as nx  # noqa: E402
import networkx_augmentation as nxa  # noqa: E402
import zoo_topology  # noqa: E402

OUT_DIR = os.path.join(ROOT, "tests", "fixtures", "augmentation-zoo")
ZOO_DIR = os.path.join(ROOT, "tests", "fixtures", "topology-zoo")
ZOO = ["Geant2012", "Renater2010", "Interoute", "Colt"]
GENERATED = [(200, 7), (12, 1), (12, 5)]  # (sections, seed); the two small ones are brute-forced


def candidates_of(args):
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "input.json")
        subprocess.run(["node", "--import", "tsx", os.path.join(ROOT, "bench", "augmentation-candidates.ts")] + args
                       + ["--out", out], check=True, cwd=ROOT)
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def brute_force(G, avail):
    """Cheapest subset of avail making G 2-edge-connected, by trying every subset."""
    best = None
    for r in range(len(avail) + 1):
        for subset in itertools.combinations(avail, r):
            cost = sum(w for _, _, w in subset)
            if best is not None and cost >= best:
                continue
            if nxa.two_edge_connected(G, [(u, v) for u, v, _ in subset]):
                best = cost
    return best


def fixture(name, description, data):
    topology, candidates = data["topology"], data["candidates"]
    G, avail, by_pair, info = nxa.merged_graph(topology, candidates)
    pairs = list(nx.k_edge_augmentation(G, k=2, avail=avail))
    links = sorted(by_pair[nxa_pair(u, v)]["id"] for u, v in pairs)
    assert nxa.two_edge_connected(G, pairs), name
    exact = nxa.exact_optimum(G, avail, 600)
    assert exact["status"] == "optimal", (name, exact)
    optimum_links = sorted(by_pair[nxa_pair(u, v)]["id"] for u, v in exact["pairs"])
    assert nxa.two_edge_connected(G, exact["pairs"]), name
    cost = lambda ids: sum(c["costEur"] for c in candidates if c["id"] in set(ids))  # noqa: E731
    assert cost(optimum_links) == exact["cost"] <= cost(links), name
    lightest = nxa.lightest_arc_augmentation(G, avail)
    assert nxa.two_edge_connected(G, lightest), name
    lightest_links = sorted(by_pair[nxa_pair(u, v)]["id"] for u, v in lightest)
    assert exact["cost"] <= cost(lightest_links) <= 2 * exact["cost"] or info["components"] > 1, name
    checked = "scipy.optimize.milp with cut generation"
    if len(avail) <= 16:
        assert brute_force(G, avail) == exact["cost"], name
        checked += ", equal to the brute force over every subset"
    return {
        "name": name,
        "description": description,
        "graph": info,
        "networkx": {"costEur": cost(links), "links": links, "networkxVersion": nx.__version__,
                     "check": "nx.is_k_edge_connected(G + links, 2)"},
        "lightestArcs": {"costEur": cost(lightest_links), "links": lightest_links,
                         "what": "NetworkX's weighted_bridge_augmentation keeping the lightest arc of its metagraph "
                                 "(bench/networkx_augmentation.py lightest_arc_augmentation)"},
        "optimum": {"costEur": exact["cost"], "links": optimum_links, "method": checked},
        "topology": topology,
        "candidates": candidates,
    }


def nxa_pair(u, v):
    return (u, v) if str(u) <= str(v) else (v, u)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    jobs = []
    for name in ZOO:
        topology, reason = zoo_topology.convert(ZOO_DIR, name)
        assert topology is not None, reason
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
            json.dump(topology, f)
        data = candidates_of(["--topology", f.name])
        os.unlink(f.name)
        jobs.append(("zoo-" + name.lower(), "Topology Zoo %s, converted as tests/fixtures/oracle/ does (bench/zoo_topology.py)." % name, data))
    for sections, seed in GENERATED:
        data = candidates_of(["--generated", str(sections), "--seed", str(seed)])
        jobs.append(("generated-%d-seed-%d" % (sections, seed), "bench/generate.ts fibreNetwork({ sections: %d, seed: %d })." % (sections, seed), data))
    for name, description, data in jobs:
        fx = fixture(name, description, data)
        path = os.path.join(OUT_DIR, name + ".json")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(fx, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        print("%-22s %4d candidates  networkx %12d  lightest arcs %12d  optimum %12d  (%.3f, %.3f)" % (
            name, len(fx["candidates"]), fx["networkx"]["costEur"], fx["lightestArcs"]["costEur"],
            fx["optimum"]["costEur"], fx["networkx"]["costEur"] / fx["optimum"]["costEur"],
            fx["lightestArcs"]["costEur"] / fx["optimum"]["costEur"]))


if __name__ == "__main__":
    main()
