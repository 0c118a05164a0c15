#!/usr/bin/env python3
"""Reference of the minimum-cost augmentation on the Somme network (docs/proposals.md, `propose`).

Independent of the TypeScript code, and of its formulation:

* the candidates are made again from their definition: every pair of analysed (existing)
  head-ends, POPs and NROs within 15 000 m by great-circle distance (haversine, mean Earth
  radius 6 371 008.8 m), not joined by an analysed section and not both head-ends, length =
  round(distance × 1.3), cost = round(length × 25 €); id `P-<a>-<b>` (ids in code-unit order);
  plus the topology's own redundancy links at their cost;
* the optimum is a flow MILP (scipy.optimize.milp) rather than cuts: head-ends merged into a
  super head-end S, binary x per candidate, and for each site to secure two units of flow from
  it to S on the undirected edges, each edge carrying at most 1 (a section of the network) or
  x (a candidate) in both directions together — two edge-disjoint paths by Menger's theorem.
  Against risk groups, also one unit for each group that cuts the site off, on the edges out
  of the group. Least cost, then (cost fixed) fewest links. For a share of the subscribers,
  one binary y per NRO whose flows carry 2·y, with and without a budget;
* which sites must be secured, and which set does what, by networkx (MultiGraph, each edge
  removed in turn, `node_connected_component`), as generate_augmentation.py does.

Usage:
  /usr/bin/python3 scripts/oracle/generate_augmentation_somme.py
      writes tests/fixtures/augmentation/somme.json (about a minute)
  /usr/bin/python3 scripts/oracle/generate_augmentation_somme.py --check < {"links": [...], "target": …}
      prints the NROs the Somme network with those candidate links brings to the target (the test's check)
"""

import json
import math
import os
import sys

import networkx as nx
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "augmentation")
SUPER = "__S__"


def haversine(p, q):
    rad = math.pi / 180
    d_lat = (q["lat"] - p["lat"]) * rad
    d_lon = (q["lon"] - p["lon"]) * rad
    h = math.sin(d_lat / 2) ** 2 + math.cos(p["lat"] * rad) * math.cos(q["lat"] * rad) * math.sin(d_lon / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1, math.sqrt(h)))


def analysed(topology):
    sites = {s["id"]: s for s in topology["sites"] if s.get("status", "existing") == "existing"}
    sections = [s for s in topology["sections"] if s.get("status", "existing") == "existing" and s["from"] in sites and s["to"] in sites]
    return sites, sections


def candidates_of(topology):
    sites, sections = analysed(topology)
    joined = {frozenset((s["from"], s["to"])) for s in sections}
    used = {x["id"] for kind in ("sites", "sections", "redundancyLinks", "desaturationWorks") for x in topology.get(kind, [])}
    out = []
    for link in topology.get("redundancyLinks", []):
        if link["a"] in sites and link["b"] in sites:
            out.append({"id": link["id"], "a": link["a"], "b": link["b"], "lengthM": link["lengthM"], "costEur": link["costEur"], "source": "topology"})
    eligible = sorted((v for v, s in sites.items() if s["kind"] in ("headend", "pop", "nro")))
    pairs = []
    for i, a in enumerate(eligible):
        for b in eligible[i + 1:]:
            if sites[a]["kind"] == "headend" and sites[b]["kind"] == "headend":
                continue
            if frozenset((a, b)) in joined:
                continue
            d = haversine(sites[a], sites[b])
            if d <= 15_000:
                pairs.append((a, b, d))
    for a, b, d in sorted(pairs):
        pid = f"P-{a}-{b}"
        k = 2
        while pid in used:
            pid = f"P-{a}-{b}-{k}"
            k += 1
        used.add(pid)
        length = max(1, round_half_up(d * 1.3))
        out.append({"id": pid, "a": a, "b": b, "lengthM": length, "costEur": round_half_up(length * 25), "source": "geometry"})
    return out


def round_half_up(x):
    """JavaScript's Math.round."""
    return math.floor(x + 0.5)


def graph(topology, links):
    sites, sections = analysed(topology)
    name = lambda v: SUPER if sites[v]["kind"] == "headend" else v
    g = nx.MultiGraph()
    g.add_node(SUPER)
    g.add_nodes_from(name(v) for v in sites)
    for s in sections:
        a, b = name(s["from"]), name(s["to"])
        if a != b:
            g.add_edge(a, b, key=s["id"], groups=set(s.get("riskGroups", [])))
    for c in links:
        a, b = name(c["a"]), name(c["b"])
        if a != b:
            g.add_edge(a, b, key=c["id"], groups=set())
    return g


def meeting(topology, links, target):
    """Sites (not head-ends) that the network plus the links brings to the target, by definition."""
    g = graph(topology, links)
    ok = set(nx.node_connected_component(g, SUPER)) - {SUPER}
    for u, v, key in list(g.edges(keys=True)):
        data = g.edges[u, v, key]
        g.remove_edge(u, v, key)
        ok &= nx.node_connected_component(g, SUPER)
        g.add_edge(u, v, key=key, **data)
    if target == "risk-groups":
        for group in sorted({x for s in topology["sections"] for x in s.get("riskGroups", [])}):
            h = nx.MultiGraph()
            h.add_nodes_from(g.nodes)
            h.add_edges_from((u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if group not in d["groups"])
            ok &= nx.node_connected_component(h, SUPER)
    return ok


def wanted(topology, target):
    sites, _ = analysed(topology)
    if target == "every-site":
        return {v for v, s in sites.items() if s["kind"] != "headend"}
    return {v for v, s in sites.items() if s["kind"] == "nro"}


def flow_milp(topology, candidates, required, target, cost_cap=None, share=None):
    """Least cost (or, with cost_cap, fewest links within it) by a flow formulation. With `share`
    ({"subscribers": {site: n}, "floor": n, "maximise": bool}): one binary y per site, whose flows
    carry 2·y, and Σ subscribers·y ≥ floor — or, with `maximise`, the most subscribers (within cost_cap)."""
    g_sites, sections = analysed(topology)
    name = lambda v: SUPER if g_sites[v]["kind"] == "headend" else v
    edges = []  # (u, v, candidate index or None for a section, its risk groups)
    for s in sections:
        a, b = name(s["from"]), name(s["to"])
        if a != b:
            edges.append((a, b, None, set(s.get("riskGroups", []))))
    for k, c in enumerate(candidates):
        a, b = name(c["a"]), name(c["b"])
        if a != b:
            edges.append((a, b, k, set()))
    nodes = sorted({u for u, _, _, _ in edges} | {v for _, v, _, _ in edges} | set(required) | {SUPER})
    groups = sorted({x for s in topology["sections"] for x in s.get("riskGroups", [])})
    # Commodities: (site, demand, excluded group or None).
    commodities = [(r, 2, None) for r in sorted(required)]
    if target == "risk-groups":
        for group in groups:
            cut_off = set(required) - meeting_without_group(topology, group)
            commodities += [(r, 1, group) for r in sorted(cut_off)]
    asked = sorted(required) if share else []
    y_of = {r: len(candidates) + i for i, r in enumerate(asked)}
    n_x = len(candidates)
    first_flow = n_x + len(asked)
    n_arcs = 2 * len(edges)
    n = first_flow + n_arcs * len(commodities)
    lower, upper = [], []
    A = lil_matrix((len(commodities) * (len(nodes) + len(edges)) + 2, n))
    row = 0
    for q, (r, demand, group) in enumerate(commodities):
        base = first_flow + q * n_arcs
        for node in nodes:
            for e, (u, v, _, _) in enumerate(edges):
                if u == node:
                    A[row, base + 2 * e] += 1
                    A[row, base + 2 * e + 1] -= 1
                if v == node:
                    A[row, base + 2 * e + 1] += 1
                    A[row, base + 2 * e] -= 1
            sign = 1 if node == r else -1 if node == SUPER else 0
            if share and sign:
                A[row, y_of[r]] = -sign * demand
                lower.append(0)
                upper.append(0)
            else:
                lower.append(sign * demand)
                upper.append(sign * demand)
            row += 1
        for e, (u, v, k, egroups) in enumerate(edges):
            A[row, base + 2 * e] = 1
            A[row, base + 2 * e + 1] = 1
            dead = group is not None and group in egroups
            if k is None:
                lower.append(0)
                upper.append(0 if dead else 1)
            else:
                A[row, k] = -1
                lower.append(-np.inf)
                upper.append(0)
            row += 1
    costs = np.array([c["costEur"] for c in candidates], dtype=float)
    subscribers = np.array([share["subscribers"][r] for r in asked], dtype=float) if share else None
    if cost_cap is not None:
        A[row, :n_x] = costs
        lower.append(-np.inf)
        upper.append(cost_cap)
        row += 1
    if share and share.get("floor") is not None:
        A[row, n_x:first_flow] = subscribers
        lower.append(share["floor"])
        upper.append(np.inf)
        row += 1
    A = A[:row].tocsr()
    objective = np.zeros(n)
    if share and share.get("maximise"):
        objective[n_x:first_flow] = -subscribers
    elif share and share.get("fewest"):
        objective[:n_x] = 1
    else:
        objective[:n_x] = costs if cost_cap is None or share else 1
    integrality = np.zeros(n)
    integrality[:first_flow] = 1
    result = milp(objective, constraints=LinearConstraint(A, lower, upper), integrality=integrality,
                  bounds=Bounds(np.zeros(n), np.ones(n)), options={"mip_rel_gap": 1e-9})
    if not result.success:
        raise RuntimeError(result.message)
    return [candidates[k]["id"] for k in range(n_x) if result.x[k] > 0.5]


def share_target(topology, candidates, share, budget=None):
    """The share target: the cheapest set securing that share of the subscribers of the NROs not
    secured today, then the fewest links; with a budget, the most subscribers within it, then the
    cheapest, then the fewest links. Subscribers secured counted by networkx."""
    sites, _ = analysed(topology)
    nros = {v for v, s in sites.items() if s["kind"] == "nro"}
    baseline = meeting(topology, [], "every-nro") & nros
    reachable = meeting(topology, candidates, "every-nro") & nros
    subs = {v: sites[v].get("subscribers", 0) for v in nros}
    not_secured = sum(subs[v] for v in nros - baseline)
    need = max(0, math.ceil(share * not_secured - 1e-9))
    asked = reachable - baseline
    by_id = {c["id"]: c for c in candidates}
    cost_of = lambda ids: sum(by_id[i]["costEur"] for i in ids)
    secured_of = lambda ids: sum(subs[v] for v in (meeting(topology, [by_id[i] for i in ids], "every-nro") & nros) - baseline)
    model = {"subscribers": subs, "floor": need}
    cheapest = flow_milp(topology, candidates, asked, "every-nro", share=model)
    answer = {"share": share, "need": need, "subscribersNotSecured": not_secured}
    if budget is None:
        cost = cost_of(cheapest)
        fewest = flow_milp(topology, candidates, asked, "every-nro", cost_cap=cost + 0.5, share={**model, "fewest": True})
        assert cost_of(fewest) == cost and secured_of(fewest) >= need
        return {**answer, "costEur": cost, "links": len(fewest)}
    answer["budgetEur"] = budget
    if cost_of(cheapest) > budget:
        return {**answer, "tooSmall": True, "cheapestEur": cost_of(cheapest)}
    most = flow_milp(topology, candidates, asked, "every-nro", cost_cap=budget, share={**model, "maximise": True})
    best = secured_of(most)
    least = flow_milp(topology, candidates, asked, "every-nro", cost_cap=budget, share={**model, "floor": best})
    cost = cost_of(least)
    fewest = flow_milp(topology, candidates, asked, "every-nro", cost_cap=cost + 0.5, share={**model, "floor": best, "fewest": True})
    assert secured_of(fewest) == best and cost_of(fewest) == cost
    return {**answer, "subscribers": best, "costEur": cost, "links": len(fewest)}


def meeting_without_group(topology, group):
    sites, sections = analysed(topology)
    name = lambda v: SUPER if sites[v]["kind"] == "headend" else v
    h = nx.MultiGraph()
    h.add_node(SUPER)
    h.add_nodes_from(name(v) for v in sites)
    h.add_edges_from((name(s["from"]), name(s["to"])) for s in sections if group not in s.get("riskGroups", []))
    return nx.node_connected_component(h, SUPER)


def solve(topology, candidates, target):
    want = wanted(topology, target)
    baseline = meeting(topology, [], target) & want
    reachable = meeting(topology, candidates, target) & want
    required = reachable - baseline
    cheapest = flow_milp(topology, candidates, required, target)
    by_id = {c["id"]: c for c in candidates}
    cost = sum(by_id[i]["costEur"] for i in cheapest)
    fewest = flow_milp(topology, candidates, required, target, cost_cap=cost + 0.5)
    assert sum(by_id[i]["costEur"] for i in fewest) == cost
    assert required <= meeting(topology, [by_id[i] for i in fewest], target)
    seed = [c for c in candidates if c["source"] == "topology"]
    with_seed = meeting(topology, seed, target)
    return {
        "required": sorted(required),
        "unsecurable": sorted(want - reachable),
        "costEur": cost,
        "links": len(fewest),
        "oneOptimalSet": sorted(fewest),
        "topologyLinks": {"links": len(seed), "costEur": sum(c["costEur"] for c in seed), "unmet": sorted(required - with_seed)},
    }


def main():
    with open(os.path.join(ROOT, "topology", "somme.json"), encoding="utf-8") as f:
        topology = json.load(f)
    if "--check" in sys.argv:
        question = json.load(sys.stdin)
        by_id = {c["id"]: c for c in candidates_of(topology)}
        links = [by_id[i] for i in question["links"]]
        print(json.dumps(sorted(meeting(topology, links, question["target"]))))
        return
    candidates = candidates_of(topology)
    out = {"generator": "scripts/oracle/generate_augmentation_somme.py", "networkx": nx.__version__, "candidates": candidates, "targets": {}}
    for target in ("every-nro", "risk-groups", "every-site"):
        out["targets"][target] = solve(topology, candidates, target)
        t = out["targets"][target]
        print(f"{target}: {len(t['required'])} required, {t['costEur']} € in {t['links']} links; the topology's list leaves {t['topologyLinks']['unmet']}")
    out["share"] = [share_target(topology, candidates, 0.5), share_target(topology, candidates, 0.5, 2_000_000),
                    share_target(topology, candidates, 0.9, 100_000)]
    for q in out["share"]:
        print(f"share: {q}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "somme.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
