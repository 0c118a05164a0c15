#!/usr/bin/env python3
"""Generate the oracle of the plan (docs/analysis.md, "Planning"; src/planning/plan/).

Random small networks, each with redundancy links and desaturation works (at most 14
candidates together), some mandatory, and for each the best plan by brute force over every
affordable subset of the candidates, valued by definition with NetworkX:

* the analysed network: every site and section (all existing); a link chosen is one more
  section between its ends;
* an NRO is *secured* when its edge connectivity to a super head-end (joined to every head-end
  by an uncuttable edge) is at least 2: nx.maximum_flow_value on the graph where parallel
  sections add their capacities (two parallel sections are two paths);
* subscribers secured = the subscribers of the NROs secured with the links and not without, in
  service by the programme's last year (no deploymentYear: in service);
* the saturation model is the static proxy of docs/analysis.md ("Saturation", the tests' model):
  load = usedFibres, capacity = capacityFibres + addedCapacityFibres of the works done on the
  section; without fibre counts a section a work names is near until a work on it is done; a
  done work that adds no stated capacity relieves it; near at >= 80 %, saturated at >= 100 %;
  routes = each connected NRO's shortest path by length to the nearest head-end
  (nx.multi_source_dijkstra on the baseline); strained = near or saturated among the sections
  of the routes and of the works; a route is blocked when it crosses a strained section and
  unblocked by a set of works when it crosses none once they are done; a section is cleared
  when strained before and not after;
* score = subscribers secured + saturationWeight x subscribers unblocked (in service); the best
  plan has the highest score, then the most sections cleared, then the lowest cost, under the
  spendable budget (the budget, or the sum of the yearly caps when smaller), every mandatory
  work in.

Shortest routes are checked unique (within 1e-6 m): a network with a tie is drawn again.
Lengths are drawn to the millimetre.

Usage:  /usr/bin/python3 scripts/oracle/generate_plan_milp.py   (from anywhere)

Deterministic (fixed seeds), stdlib + networkx. Writes tests/fixtures/plan-milp/cases.json.
"""

import heapq
import json
import os
import random

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "plan-milp")
OWNERS = ["SMSN", "Viatel", "Level 3"]
SUPER = "__super_headend__"
CASES = 40


def draw_network(rng, case):
    sites = []
    heads = rng.randint(1, 3)
    count = rng.randint(7, 15)
    for i in range(count):
        kind = "headend" if i < heads else rng.choice(["pop", "nro", "nro", "nro", "junction"])
        site = {"id": f"V{i}", "kind": kind, "name": f"Site {i}", "lon": round(2 + rng.random(), 5), "lat": round(49.8 + rng.random() / 2, 5)}
        if kind == "nro":
            site["subscribers"] = rng.choice([0, rng.randint(50, 2000), rng.randint(50, 2000), rng.randint(50, 2000)])
        sites.append(site)
    ids = [s["id"] for s in sites]
    island = [i for i in range(heads, count) if rng.random() < 0.18]
    mainland = [i for i in range(count) if i not in island]
    sections = []

    def add(a, b, **extra):
        if a == b:
            return None
        s = {"id": f"E{len(sections)}", "from": ids[a], "to": ids[b], "lengthM": round(100 + rng.random() * 5000, 3), "owner": rng.choice(OWNERS)}
        if rng.random() < 0.6:
            cap = rng.choice([24, 48, 96])
            s["capacityFibres"] = cap
            s["usedFibres"] = rng.randint(cap // 2, cap)
        s.update(extra)
        sections.append(s)
        return s

    for k, i in enumerate(mainland):
        if i < heads:
            continue
        earlier = [j for j in mainland[:k]]
        add(i, rng.choice(earlier))
    for k, i in enumerate(island):
        if k > 0 and rng.random() < 0.7:
            add(i, island[rng.randrange(k)])
    for _ in range(rng.randint(0, 3)):
        if sections and rng.random() < 0.4:
            twin = rng.choice(sections)
            add(ids.index(twin["from"]), ids.index(twin["to"]))
        else:
            a, b = rng.sample(mainland, 2)
            add(a, b)

    links = []

    def link(a, b):
        if a == b:
            return
        links.append({"id": f"L{len(links)}", "priority": rng.randint(1, 3), "a": ids[a], "b": ids[b], "lengthM": round(500 + rng.random() * 8000, 3), "costEur": 1000 * rng.randint(1, 20), "owner": "SMSN"})

    # Synergies: an island joined by two links only secures with both; a leaf NRO joined to a
    # junction hanging on the same bridge needs a second link further up.
    if island and rng.random() < 0.8:
        i = rng.choice(island)
        a, b = rng.sample(mainland, 2)
        link(i, a)
        link(i, b)
    for _ in range(rng.randint(2, 6)):
        a, b = rng.sample(range(count), 2)
        link(a, b)

    works = []
    named = sections[:]
    rng.shuffle(named)
    for _ in range(rng.randint(1, 6)):
        if not named:
            break
        on = [named[rng.randrange(len(named))]["id"]]
        if rng.random() < 0.3:
            on.append(named[rng.randrange(len(named))]["id"])
        w = {"id": f"D{len(works)}", "urgency": rng.randint(1, 3), "label": f"work {len(works)}", "sections": sorted(set(on)), "owner": "SMSN", "lengthM": 1000, "costEur": 1000 * rng.randint(1, 20)}
        if rng.random() < 0.7:
            w["addedCapacityFibres"] = rng.choice([12, 24, 48])
        works.append(w)
    while len(links) + len(works) > 14:
        (links if len(links) > len(works) else works).pop()

    topology = {"format": "fibre-topology/1", "name": f"plan oracle {case}", "sites": sites, "sections": sections, "redundancyLinks": links, "desaturationWorks": works}
    return topology


def graph_of(topology, links):
    """The analysed network as an undirected graph whose edge capacities count parallel sections."""
    g = nx.Graph()
    g.add_nodes_from(s["id"] for s in topology["sites"])
    edges = [(s["from"], s["to"]) for s in topology["sections"]] + [(l["a"], l["b"]) for l in links]
    for a, b in edges:
        if g.has_edge(a, b):
            g[a][b]["capacity"] += 1
        else:
            g.add_edge(a, b, capacity=1)
    for s in topology["sites"]:
        if s["kind"] == "headend":
            g.add_edge(s["id"], SUPER, capacity=10**6)
    return g


def secured_nros(topology, links):
    g = graph_of(topology, links)
    out = set()
    for s in topology["sites"]:
        if s["kind"] == "nro" and nx.maximum_flow_value(g, s["id"], SUPER) >= 2:
            out.add(s["id"])
    return out


def routes_of(topology):
    """Each connected NRO's shortest path to the nearest head-end, sections by id; None on a tie."""
    adj = {s["id"]: [] for s in topology["sites"]}
    for sec in topology["sections"]:
        adj[sec["from"]].append((sec["to"], sec["lengthM"], sec["id"]))
        adj[sec["to"]].append((sec["from"], sec["lengthM"], sec["id"]))
    heads = [s["id"] for s in topology["sites"] if s["kind"] == "headend"]
    # The same distances as nx.multi_source_dijkstra; the path and its uniqueness by hand.
    dist = nx.multi_source_dijkstra_path_length(nx_multigraph(topology), heads, weight="lengthM")
    routes = []
    for s in topology["sites"]:
        if s["kind"] != "nro" or s["id"] not in dist:
            continue
        path, v = [], s["id"]
        while dist[v] > 0:
            tight = [(w, e) for (w, length, e) in adj[v] if w in dist and abs(dist[w] + length - dist[v]) < 1e-6]
            if len(tight) != 1:
                return None
            w, e = tight[0]
            path.append(e)
            v = w
        routes.append({"nro": s["id"], "subscribers": s.get("subscribers", 0), "sections": path})
    return routes


def nx_multigraph(topology):
    g = nx.MultiGraph()
    g.add_nodes_from(s["id"] for s in topology["sites"])
    for sec in topology["sections"]:
        g.add_edge(sec["from"], sec["to"], key=sec["id"], lengthM=sec["lengthM"])
    return g


def state(section, done_on_it, named):
    cap = section.get("capacityFibres")
    if cap is None or not cap > 0:
        if not named:
            return "unknown"
        return "near" if not done_on_it else "ok"
    if any("addedCapacityFibres" not in w for w in done_on_it):
        return "ok"
    total = cap + sum(w.get("addedCapacityFibres", 0) for w in done_on_it)
    ratio = section.get("usedFibres", 0) / total
    return "saturated" if ratio >= 1 else "near" if ratio >= 0.8 else "ok"


def relief_table(topology, routes):
    works = topology["desaturationWorks"]
    sections = {s["id"]: s for s in topology["sections"]}
    named = {s for w in works for s in w["sections"]}
    watched = sorted({e for r in routes for e in r["sections"]} | named)

    def strained(done):
        out = set()
        for e in watched:
            on = [w for w in done if e in w["sections"]]
            if state(sections[e], on, e in named) in ("near", "saturated"):
                out.add(e)
        return out

    before = strained([])
    blocked = [r for r in routes if any(e in before for e in r["sections"])]
    table = {}
    for mask in range(1 << len(works)):
        done = [w for k, w in enumerate(works) if mask >> k & 1]
        after = strained(done)
        unblocked = [r["nro"] for r in blocked if not any(e in after for e in r["sections"])]
        table[mask] = (len(before - after), unblocked)
    return table


def solve(topology, options):
    links = topology["redundancyLinks"]
    works = topology["desaturationWorks"]
    subs = {s["id"]: s.get("subscribers", 0) for s in topology["sites"]}
    years = {s["id"]: s["deploymentYear"] for s in topology["sites"] if "deploymentYear" in s}
    last = options.get("startYear", 0) + options.get("years", 1) - 1 if "startYear" in options else None
    counts = lambda n: last is None or years.get(n, -10**9) <= last
    weight = options.get("saturationWeight", 1)
    caps = options.get("years", 1) * options["yearlyCapEur"] if "yearlyCapEur" in options else options["budgetEur"]
    spendable = min(options["budgetEur"], caps)
    mandatory = set(options.get("mandatory", []))

    base = secured_nros(topology, [])
    secured = {}
    for mask in range(1 << len(links)):
        chosen = [l for k, l in enumerate(links) if mask >> k & 1]
        got = sorted(n for n in secured_nros(topology, chosen) - base if counts(n))
        secured[mask] = (sum(subs[n] for n in got), got)
    routes = routes_of(topology)
    relief = relief_table(topology, routes)

    best = None
    for lm in range(1 << len(links)):
        lcost = sum(l["costEur"] for k, l in enumerate(links) if lm >> k & 1)
        if lcost > spendable or any(l["id"] in mandatory and not lm >> k & 1 for k, l in enumerate(links)):
            continue
        for wm in range(1 << len(works)):
            cost = lcost + sum(w["costEur"] for k, w in enumerate(works) if wm >> k & 1)
            if cost > spendable or any(w["id"] in mandatory and not wm >> k & 1 for k, w in enumerate(works)):
                continue
            cleared, unblocked = relief[wm]
            counted = [n for n in unblocked if counts(n)]
            unb = sum(subs[n] for n in counted)
            score = secured[lm][0] + weight * unb
            key = (score, cleared, -cost)
            if best is None or key > best[0]:
                ids = [l["id"] for k, l in enumerate(links) if lm >> k & 1] + [w["id"] for k, w in enumerate(works) if wm >> k & 1]
                best = (key, {"score": score, "sectionsCleared": cleared, "costEur": cost, "subscribersSecured": secured[lm][0], "securedNros": secured[lm][1],
                              "subscribersUnblocked": unb, "unblockedNros": sorted(counted), "oneOptimalSet": sorted(ids)})
    return best[1] if best else None, spendable


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    seed = 0
    while len(cases) < CASES:
        seed += 1
        rng = random.Random(7000 + seed)
        topology = draw_network(rng, seed)
        if routes_of(topology) is None:
            continue
        k = len(cases)
        total = sum(x["costEur"] for x in topology["redundancyLinks"] + topology["desaturationWorks"])
        options = {"budgetEur": 1000 * rng.randint(1, max(1, total // 1000))}
        candidates = [x["id"] for x in topology["redundancyLinks"] + topology["desaturationWorks"]]
        if rng.random() < 0.35:
            options["mandatory"] = rng.sample(candidates, rng.randint(1, 2))
        if k % 5 == 3:
            options["saturationWeight"] = rng.choice([0.5, 2.5])
        if k % 6 == 4:
            options["years"] = 2
            options["yearlyCapEur"] = options["budgetEur"] // 3
        if k % 4 == 1:
            # Deployment years: NROs in service 2021-2025, a programme from 2021 over 1-3 years.
            for s in topology["sites"]:
                if s["kind"] == "nro" and rng.random() < 0.6:
                    s["deploymentYear"] = rng.randint(2021, 2025)
            options["startYear"] = 2021
            options["years"] = options.get("years", rng.randint(1, 3))
        expected, spendable = solve(topology, options)
        if expected is None:
            continue  # the mandatory works exceed what can be spent
        cases.append({"name": f"case-{k:02d} (seed {7000 + seed})", "topology": topology, "options": options, "spendableEur": spendable, "expected": expected})
        print(f"{cases[-1]['name']}: {len(topology['sites'])} sites, {len(topology['redundancyLinks'])} links + {len(topology['desaturationWorks'])} works, score {expected['score']}, cleared {expected['sectionsCleared']}, cost {expected['costEur']}")
    with open(os.path.join(OUT, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
