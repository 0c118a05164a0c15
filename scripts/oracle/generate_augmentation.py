#!/usr/bin/env python3
"""Brute-force oracle of the minimum-cost augmentation (docs/proposals.md, `propose`).

Independent of the TypeScript code. For small random networks (a fibre-topology/1 document) and
a list of at most 16 candidate links with their costs, every subset of the candidates is tried
and, for each of three targets, whether the network plus that subset meets the target is
decided by definition with networkx:

* the head-ends are merged into one super head-end S (a networkx MultiGraph: parallel sections
  stay two edges; a section between two head-ends becomes a self-loop and is dropped);
* a site is *secured* when its edge connectivity to S is at least 2: it is connected to S and
  no single edge removed disconnects it (each edge of the MultiGraph removed in turn, then
  `node_connected_component`);
* `every-nro`: every NRO that can be secured (secured with every candidate built) is secured;
* `risk-groups`: moreover no risk group's edges removed all at once cut it off from S (an NRO
  that no subset can bring there is left out, as the engine's `unsecurable`);
* `every-site`: every site but the head-ends that can be secured is secured;
* `share` (networks of at most 12 candidates): the subscribers of the NROs not secured today
  that each subset secures, then the cheapest subset reaching a share of them, and with a
  budget the most subscribers within it.

For each target the fixture holds, for every subset (bit k of the mask = candidate k), whether
it is feasible (as hex digits, four masks a digit, bit j of digit i for mask 4i + j; a subset
holding a feasible one is feasible, since adding links never unsecures a site, and every other
subset is checked as above); the optimum: the least cost over feasible subsets, then the fewest
links, with every subset reaching both; and for each of those subsets and each of its links,
the NROs that meet the target with the subset and not without that link (and did not before),
and those of them the link alone brings there.

Usage:  /usr/bin/python3 scripts/oracle/generate_augmentation.py   (from anywhere; a few minutes)
        /usr/bin/python3 scripts/oracle/generate_augmentation.py --check < {"topology", "candidates", "chosen", "target"}
            prints the sites the network plus the chosen links brings to the target (a test's check)
Deterministic (fixed seeds); stdlib + networkx only.  Writes tests/fixtures/augmentation/networks.json.
"""

import json
import math
import os
import random
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "augmentation")
SUPER = "__S__"
NETWORKS = 36


def random_network(seed):
    """A small collection network: one or two head-ends, trees below them with some loops, parallel
    sections, an island, risk groups; and up to 16 candidate links between random sites."""
    rng = random.Random(seed)
    n_sites = rng.randint(7, 13)
    n_headends = 1 if rng.random() < 0.6 else 2
    sites = []
    for i in range(n_sites):
        kind = "headend" if i < n_headends else rng.choice(["pop", "nro", "nro", "nro", "junction"])
        site = {"id": f"{kind[:3].upper()}-{i}", "kind": kind, "lon": round(2 + rng.random(), 5), "lat": round(49 + rng.random(), 5)}
        if kind == "nro":
            site["subscribers"] = rng.randint(0, 40) * 50
        sites.append(site)
    ids = [s["id"] for s in sites]
    island = set()
    if rng.random() < 0.35 and n_sites >= 9:
        island = set(rng.sample(ids[n_headends:], rng.randint(1, 3)))
    sections = []

    def section(a, b, groups=None):
        s = {"id": f"S-{len(sections) + 1}", "from": a, "to": b, "lengthM": rng.randint(500, 9000), "owner": rng.choice(["SMSN", "Viatel", "Level 3"])}
        if groups:
            s["riskGroups"] = groups
        sections.append(s)

    mainland = [i for i in ids if i not in island]
    # A random tree over the mainland grown from the head-ends, then over the island.
    for part in (mainland, sorted(island)):
        order = part[:]
        head = order[:1] if part is mainland else order[:1]
        rest = [x for x in order if x not in head]
        rng.shuffle(rest)
        joined = list(head)
        if part is mainland:
            for h in ids[1:n_headends]:
                if h in rest:
                    rest.remove(h)
                    joined.append(h)
        for x in rest:
            section(rng.choice(joined), x)
            joined.append(x)
    for _ in range(rng.randint(0, 3)):
        a, b = rng.sample(mainland, 2)
        section(a, b)
    if rng.random() < 0.4:
        s = rng.choice(sections)
        section(s["from"], s["to"])  # a parallel conduit
    groups = ["trench-A", "bridge-B"]
    for g in groups[: rng.randint(0, 2)]:
        for s in rng.sample(sections, min(len(sections), rng.randint(1, 3))):
            s.setdefault("riskGroups", []).append(g)

    n_candidates = rng.choice([6, 8, 9, 10, 11, 12, 12, 13, 14, 15, 16])
    pairs = set()
    candidates = []
    tries = 0
    while len(candidates) < n_candidates and tries < 500:
        tries += 1
        a, b = rng.sample(ids, 2)
        if a.startswith("HEA") and b.startswith("HEA"):
            continue
        key = tuple(sorted((a, b)))
        if key in pairs and rng.random() < 0.8:
            continue
        pairs.add(key)
        # Costs from a coarse grid, so that equal costs (and ties broken by the number of links) occur.
        cost = rng.randint(1, 20) * 5000
        candidates.append({
            "id": f"C-{len(candidates) + 1}", "a": a, "b": b, "lengthM": cost // 25, "costEur": cost,
            "owner": "SMSN", "installation": "duct", "source": "geometry",
        })
    topology = {"format": "fibre-topology/1", "name": f"augmentation oracle {seed}", "sites": sites, "sections": sections}
    return topology, candidates


def merged_graph(topology, candidates, mask):
    headends = {s["id"] for s in topology["sites"] if s["kind"] == "headend"}
    name = lambda v: SUPER if v in headends else v
    g = nx.MultiGraph()
    g.add_node(SUPER)
    for s in topology["sites"]:
        if s["id"] not in headends:
            g.add_node(s["id"])
    for s in topology["sections"]:
        a, b = name(s["from"]), name(s["to"])
        if a != b:
            g.add_edge(a, b, key=s["id"], groups=set(s.get("riskGroups", [])))
    for k, c in enumerate(candidates):
        if mask >> k & 1:
            a, b = name(c["a"]), name(c["b"])
            if a != b:
                g.add_edge(a, b, key=c["id"], groups=set())
    return g


def secured_sites(g):
    """Sites whose edge connectivity to S is ≥ 2, by removing each edge in turn."""
    reach = nx.node_connected_component(g, SUPER)
    secured = set(reach) - {SUPER}
    for u, v, key in list(g.edges(keys=True)):
        data = g.edges[u, v, key]
        g.remove_edge(u, v, key)
        secured &= nx.node_connected_component(g, SUPER)
        g.add_edge(u, v, key=key, **data)
    return secured


def groups_safe(g, groups):
    """Sites that no single risk group cuts off from S."""
    safe = set(g.nodes) - {SUPER}
    for group in groups:
        h = nx.MultiGraph()
        h.add_nodes_from(g.nodes)
        h.add_edges_from((u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if group not in d["groups"])
        safe &= nx.node_connected_component(h, SUPER)
    return safe


def meets(topology, candidates, mask, target):
    g = merged_graph(topology, candidates, mask)
    ok = secured_sites(g)
    if target == "risk-groups":
        groups = sorted({x for s in topology["sections"] for x in s.get("riskGroups", [])})
        ok &= groups_safe(g, groups)
    return ok


def wanted(topology, target):
    kinds = {"every-nro": {"nro"}, "risk-groups": {"nro"}, "every-site": {"pop", "nro", "junction"}}[target]
    return {s["id"] for s in topology["sites"] if s["kind"] in kinds}


def solve(topology, candidates, target):
    n = len(candidates)
    want = wanted(topology, target)
    baseline = meets(topology, candidates, 0, target) & want
    reachable = meets(topology, candidates, (1 << n) - 1, target) & want
    required = reachable - baseline
    unsecurable = want - reachable
    # Adding links never unsecures a site: a subset holding a feasible one is feasible; only the
    # others are checked (masks come in increasing order, so every subset of a mask comes before it).
    feasible = []
    for mask in range(1 << n):
        holds = any(feasible[mask ^ (1 << k)] for k in range(n) if mask >> k & 1)
        feasible.append(holds or required <= meets(topology, candidates, mask, target))
    cost = lambda m: sum(c["costEur"] for k, c in enumerate(candidates) if m >> k & 1)
    count = lambda m: bin(m).count("1")
    best = min((cost(m), count(m)) for m in range(1 << n) if feasible[m])
    optimal = [m for m in range(1 << n) if feasible[m] and (cost(m), count(m)) == best]
    nros = {s["id"] for s in topology["sites"] if s["kind"] == "nro"}
    base_nros = meets(topology, candidates, 0, target) & nros
    figures = []
    for m in optimal:
        with_all = meets(topology, candidates, m, target) & nros
        per_link = {}
        for k in range(n):
            if m >> k & 1:
                lost = (with_all - base_nros) - meets(topology, candidates, m ^ (1 << k), target)
                alone = lost & meets(topology, candidates, 1 << k, target)
                per_link[candidates[k]["id"]] = {"securedNros": sorted(lost), "securedAlone": sorted(alone)}
        figures.append(per_link)
    return {
        "required": sorted(required),
        "unsecurable": sorted(unsecurable),
        "costEur": best[0],
        "links": best[1],
        "optimalSets": [[candidates[k]["id"] for k in range(n) if m >> k & 1] for m in optimal],
        "linkFigures": figures,
        "feasible": hex_bits(feasible),
    }


def hex_bits(flags):
    """Flags as hex digits, four masks a digit: bit j of digit i is mask 4i + j."""
    digits = []
    for i in range(0, len(flags), 4):
        digits.append("%x" % sum(1 << j for j in range(4) if i + j < len(flags) and flags[i + j]))
    return "".join(digits)


def share_queries(topology, candidates):
    """The share target on a network of at most 12 candidates: for every subset, the subscribers of
    the NROs not secured today that it secures; then the cheapest subset reaching a share (fewest
    links among equal costs), and with a budget the most subscribers within it (at least the
    share), then the cheapest, then the fewest links; a budget below the cheapest subset reaching
    the share is an error whose cheapest feasible budget the fixture gives."""
    n = len(candidates)
    nros = {s["id"]: s.get("subscribers", 0) for s in topology["sites"] if s["kind"] == "nro"}
    baseline = meets(topology, candidates, 0, "every-nro")
    not_secured = sum(x for v, x in nros.items() if v not in baseline)
    secured = []
    for mask in range(1 << n):
        ok = meets(topology, candidates, mask, "every-nro")
        secured.append(sum(x for v, x in nros.items() if v in ok and v not in baseline))
    cost = lambda m: sum(c["costEur"] for k, c in enumerate(candidates) if m >> k & 1)
    count = lambda m: bin(m).count("1")
    ids = lambda m: [candidates[k]["id"] for k in range(n) if m >> k & 1]
    queries = []
    for share in (0.3, 0.5, 0.8, 1.0):
        need = max(0, math.ceil(share * not_secured - 1e-9))
        able = [m for m in range(1 << n) if secured[m] >= need]
        if not able:
            queries.append({"share": share, "need": need, "unreachable": True, "reachable": max(secured)})
            continue
        best = min((cost(m), count(m)) for m in able)
        cheapest = [m for m in able if (cost(m), count(m)) == best]
        queries.append({"share": share, "need": need, "costEur": best[0], "links": best[1],
                        "subscribers": sorted({secured[m] for m in cheapest}), "optimalSets": [ids(m) for m in cheapest]})
        for budget in sorted({best[0] - 1, best[0] + 40000, best[0] + 120000}):
            if budget < 0:
                continue
            if budget < best[0]:
                queries.append({"share": share, "budgetEur": budget, "need": need, "tooSmall": True, "cheapestEur": best[0]})
                continue
            within = [m for m in able if cost(m) <= budget]
            most = max(secured[m] for m in within)
            top = min((cost(m), count(m)) for m in within if secured[m] == most)
            sets = [m for m in within if secured[m] == most and (cost(m), count(m)) == top]
            queries.append({"share": share, "budgetEur": budget, "need": need, "subscribers": most, "costEur": top[0], "links": top[1],
                            "optimalSets": [ids(m) for m in sets]})
    return {"subscribersNotSecured": not_secured, "queries": queries}


def main():
    if "--check" in sys.argv:
        # {topology, candidates, chosen: [ids], target} on stdin: the sites the network plus the chosen links brings to the target.
        question = json.load(sys.stdin)
        ids = set(question["chosen"])
        mask = sum(1 << k for k, c in enumerate(question["candidates"]) if c["id"] in ids)
        print(json.dumps(sorted(meets(question["topology"], question["candidates"], mask, question["target"]) - {SUPER})))
        return
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for seed in range(1, NETWORKS + 1):
        topology, candidates = random_network(seed)
        case = {"name": f"random-{seed}", "topology": topology, "candidates": candidates, "targets": {}}
        for target in ("every-nro", "risk-groups", "every-site"):
            case["targets"][target] = solve(topology, candidates, target)
        if len(candidates) <= 12:
            case["share"] = share_queries(topology, candidates)
        cases.append(case)
        t = case["targets"]
        print(f"{case['name']}: {len(topology['sites'])} sites, {len(topology['sections'])} sections, {len(candidates)} candidates;"
              f" every-nro {t['every-nro']['costEur']} ({len(t['every-nro']['required'])} required),"
              f" risk-groups {t['risk-groups']['costEur']}, every-site {t['every-site']['costEur']}")
    with open(os.path.join(OUT, "networks.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "scripts/oracle/generate_augmentation.py", "networkx": nx.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
