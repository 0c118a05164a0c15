#!/usr/bin/env python3
"""Monte Carlo oracle of the availability figures (docs/availability.md).

Independent of the TypeScript code: the failure model's rules are implemented again here from
docs/availability.md, every element (section, site, risk group) is drawn down with its own
steady-state unavailability p = λ·MTTR / (8760 + λ·MTTR), and each NRO is cut off, by
definition, when no path of surviving sections (a section survives when it, both its sites and
every risk group it belongs to are up) joins it to a surviving head-end (networkx MultiGraph,
connected components).

The published failure rates make a cut a rare event (an NRO is down of the order of 1e-4 of the
time): to see the states of one, two and three elements down in a sample of reasonable size,
every rate (cuts per 1 000 km per year, events per year of sites and risk groups) is multiplied
by SCALE, in the failure model given to both sides; repair times are unchanged. The model is
written into the fixture as the request's `failureModel`, so the TypeScript test computes its
figures with exactly those rates.

For each NRO the fixture holds, out of N samples: how many cut it off, how many of those had
exactly one element of the network down, exactly two, and how many samples had three or more
down. The test checks that the exact single-failure and double-failure masses (states of the
whole network, `states: network`) lie within the estimates' confidence intervals, and that the
estimated unavailability lies in [lower, upper] (both `states` modes) widened by the interval.
`z` is the normal quantile of a 99 % family-wise confidence over every check (Bonferroni).

Drawing: for each element, the samples where it is down are drawn as a Bernoulli process by
geometric gaps (exact, and N·p draws rather than N); identical sets of elements down are
classified once.

Usage:  /usr/bin/python3 scripts/oracle/availability_montecarlo.py   (from anywhere; about a minute)
Deterministic (fixed seeds); stdlib + networkx only.  Writes tests/fixtures/availability/*.json.
"""

import copy
import json
import math
import os
import random
from statistics import NormalDist

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "availability")
HOURS = 8760.0

# The built-in failure model as docs/availability.md states it.
DEFAULTS = {
    "defaultInstallation": "duct",
    "installations": {
        "duct": {"cutsPer1000KmYear": 3, "mttrHours": 12},
        "buried": {"cutsPer1000KmYear": 4, "mttrHours": 24},
        "aerial": {"cutsPer1000KmYear": 6, "mttrHours": 8},
        "bridge": {"cutsPer1000KmYear": 3, "mttrHours": 48},
        "facade": {"cutsPer1000KmYear": 5, "mttrHours": 8},
    },
    "owners": {},
    "sections": {},
    "siteKinds": {
        "headend": {"ratePerYear": 0.1, "mttrHours": 4},
        "pop": {"ratePerYear": 0.1, "mttrHours": 4},
        "nro": {"ratePerYear": 0.1, "mttrHours": 4},
        "junction": {"ratePerYear": 0.01, "mttrHours": 12},
    },
    "sites": {},
    "riskGroups": {},
}


def resolve(*models):
    """Defaults, then each model over it, field by field."""
    out = copy.deepcopy(DEFAULTS)
    for model in models:
        if not model:
            continue
        if "defaultInstallation" in model:
            out["defaultInstallation"] = model["defaultInstallation"]
        for part in ("installations", "siteKinds", "owners", "sections", "sites", "riskGroups"):
            for key, fields in (model.get(part) or {}).items():
                out[part].setdefault(key, {}).update(fields)
    return out


def scaled(model, factor):
    """Every rate of a resolved model multiplied by `factor`, as a request's failure model."""
    out = copy.deepcopy(model)
    for part in ("installations", "owners", "sections"):
        for fields in out[part].values():
            if "cutsPer1000KmYear" in fields:
                fields["cutsPer1000KmYear"] *= factor
    for part in ("siteKinds", "sites", "riskGroups"):
        for fields in out[part].values():
            if "ratePerYear" in fields:
                fields["ratePerYear"] *= factor
    return out


def unavailability(rate, mttr):
    return rate * mttr / (HOURS + rate * mttr)


def analysed(topology):
    sites = [s for s in topology["sites"] if s.get("status", "existing") == "existing"]
    ids = {s["id"] for s in sites}
    sections = [s for s in topology["sections"]
                if s.get("status", "existing") == "existing" and s["from"] in ids and s["to"] in ids]
    return sites, sections


def elements(topology, model):
    """Every element of the analysed network with its p, by the rules of docs/availability.md."""
    sites, sections = analysed(topology)

    def figures(section, installation):
        own = model["sections"].get(section["id"], {})
        owner = model["owners"].get(section["owner"], {})
        base = model["installations"][installation]
        cuts = own.get("cutsPer1000KmYear", owner.get("cutsPer1000KmYear", base["cutsPer1000KmYear"]))
        mttr = own.get("mttrHours", owner.get("mttrHours", base["mttrHours"]))
        return cuts, mttr

    out = []
    mttr_of = {}
    for s in sections:
        installation = s.get("installation", model["defaultInstallation"])
        cuts, mttr = figures(s, installation)
        mttr_of[s["id"]] = mttr
        out.append({"kind": "section", "id": s["id"], "p": unavailability(cuts * s["lengthM"] / 1e6, mttr)})
    for s in sites:
        kind = model["siteKinds"][s["kind"]]
        own = model["sites"].get(s["id"], {})
        out.append({"kind": "site", "id": s["id"],
                    "p": unavailability(own.get("ratePerYear", kind["ratePerYear"]), own.get("mttrHours", kind["mttrHours"]))})
    groups = {}
    for s in sections:
        for g in s.get("riskGroups", []):
            groups.setdefault(g, []).append(s)
    for g in sorted(groups):
        members = groups[g]
        longest = members[0]
        for s in members:
            if s["lengthM"] > longest["lengthM"]:
                longest = s
        own = model["riskGroups"].get(g, {})
        installation = own.get("installation", longest.get("installation", model["defaultInstallation"]))
        cuts, shared_mttr = figures(longest, installation)
        length = own.get("lengthM", longest["lengthM"])
        rate = own.get("ratePerYear", cuts * length / 1e6)
        mttr = own.get("mttrHours", max([mttr_of[s["id"]] for s in members] + [shared_mttr]))
        out.append({"kind": "riskGroup", "id": g, "p": unavailability(rate, mttr), "sections": [s["id"] for s in members]})
    return out


def cut_off(topology, down):
    """The NROs cut off when the elements in `down` (a set of (kind, id)) are down: by definition."""
    sites, sections = analysed(topology)
    down_sites = {i for k, i in down if k == "site"}
    down_groups = {i for k, i in down if k == "riskGroup"}
    G = nx.MultiGraph()
    G.add_nodes_from(s["id"] for s in sites if s["id"] not in down_sites)
    for s in sections:
        if ("section", s["id"]) in down or s["from"] in down_sites or s["to"] in down_sites:
            continue
        if any(g in down_groups for g in s.get("riskGroups", [])):
            continue
        G.add_edge(s["from"], s["to"], key=s["id"])
    reached = set()
    for s in sites:
        if s["kind"] == "headend" and s["id"] in G and s["id"] not in reached:
            reached |= nx.node_connected_component(G, s["id"])
    return frozenset(s["id"] for s in sites if s["kind"] == "nro" and s["id"] not in reached)


def simulate(topology, model, samples, seed):
    rng = random.Random(seed)
    items = elements(topology, model)
    down_at = {}
    for k, x in enumerate(items):
        p = x["p"]
        if p <= 0:
            continue
        log_q = math.log1p(-p)
        i = -1
        while True:
            # Gap to the next sample where this element is down: geometric with success p.
            i += 1 + int(math.log(1.0 - rng.random()) / log_q)
            if i >= samples:
                break
            down_at.setdefault(i, []).append(k)
    nros = [s["id"] for s in analysed(topology)[0] if s["kind"] == "nro"]
    counts = {n: {"cut": 0, "cutOne": 0, "cutTwo": 0} for n in nros}
    three_or_more = 0
    cache = {}
    for ks in down_at.values():
        key = frozenset(ks)
        if key not in cache:
            cache[key] = cut_off(topology, {(items[k]["kind"], items[k]["id"]) for k in key})
        if len(key) >= 3:
            three_or_more += 1
        for n in cache[key]:
            c = counts[n]
            c["cut"] += 1
            if len(key) == 1:
                c["cutOne"] += 1
            elif len(key) == 2:
                c["cutTwo"] += 1
    # With nothing down, an NRO with no path to a head-end is cut off too.
    base = cut_off(topology, set())
    if base:
        untouched = samples - len(down_at)
        for n in base:
            counts[n]["cut"] += untouched
    return items, counts, three_or_more, len(cache)


def small_network():
    """A small network with every kind of installation, parallel sections, two head-ends,
    shared trenches and a bridge, a spur and an NRO with no path; its own failure model."""
    def site(i, kind, subscribers=0):
        return {"id": i, "kind": kind, "lon": 2.0, "lat": 49.9, "subscribers": subscribers}

    def section(i, a, b, length, owner="SMSN", installation=None, groups=None):
        s = {"id": i, "from": a, "to": b, "lengthM": length, "owner": owner}
        if installation:
            s["installation"] = installation
        if groups:
            s["riskGroups"] = groups
        return s

    return {
        "format": "fibre-topology/1",
        "name": "Small network for the availability Monte Carlo",
        "sites": [
            site("HE-A", "headend"), site("HE-B", "headend"), site("POP-1", "pop"), site("POP-2", "pop"),
            site("J-1", "junction"), site("J-2", "junction"), site("NRO-1", "nro", 1200), site("NRO-2", "nro", 800),
            site("NRO-3", "nro", 2500), site("NRO-4", "nro", 400), site("NRO-5", "nro", 1500), site("NRO-6", "nro", 300),
            site("NRO-7", "nro", 900), site("NRO-8", "nro", 650),
        ],
        "sections": [
            section("S-01", "HE-A", "POP-1", 12000, installation="duct", groups=["trench-1"]),
            section("S-02", "HE-A", "POP-1", 12500, owner="Viatel", installation="duct", groups=["trench-1"]),
            section("S-03", "POP-1", "NRO-1", 8000, installation="aerial"),
            section("S-04", "NRO-1", "NRO-2", 6000, installation="buried"),
            section("S-05", "NRO-2", "POP-2", 9000, owner="Level 3"),
            section("S-06", "POP-2", "HE-B", 15000, installation="bridge", groups=["bridge-x"]),
            section("S-07", "HE-A", "HE-B", 20000, owner="Level 3"),
            section("S-08", "POP-2", "J-1", 4000, installation="facade", groups=["bridge-x"]),
            section("S-09", "J-1", "NRO-3", 7000),
            section("S-10", "J-1", "NRO-3", 7200, owner="Viatel"),
            section("S-11", "NRO-3", "J-2", 5000, installation="buried"),
            section("S-12", "J-2", "POP-1", 11000),
            section("S-13", "POP-2", "NRO-4", 10000, installation="aerial"),
            section("S-14", "NRO-4", "NRO-5", 3000),
            section("S-15", "POP-1", "NRO-6", 14000, installation="buried"),
            section("S-16", "NRO-5", "HE-B", 18000, owner="Level 3", groups=["bridge-x"]),
        ],
        "failureModel": {
            "owners": {"Level 3": {"cutsPer1000KmYear": 5, "mttrHours": 10}},
            "sections": {"S-12": {"mttrHours": 30}},
            "sites": {"POP-2": {"ratePerYear": 0.3}},
            "riskGroups": {"bridge-x": {"lengthM": 600, "installation": "bridge"}},
        },
    }


def run(name, topology, scale, samples, seed, source=None):
    model = scaled(resolve(topology.get("failureModel")), scale)
    items, counts, three, classified = simulate(topology, resolve(topology.get("failureModel"), model), samples, seed)
    nros = [{"nro": n, **c} for n, c in sorted(counts.items())]
    checks = 3 * len(nros) + 2 * len(nros)
    document = {
        "name": name,
        "generator": "scripts/oracle/availability_montecarlo.py",
        **({"source": source} if source else {"topology": topology}),
        "scale": scale,
        "failureModel": model,
        "samples": samples,
        "seed": seed,
        "classifiedStates": classified,
        "threeOrMoreDown": three,
        "z": NormalDist().inv_cdf(1 - 0.01 / (2 * checks)),
        "elements": [{"kind": x["kind"], "id": x["id"], "p": x["p"]} for x in items],
        "nros": nros,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{name}: {len(items)} elements, {samples} samples, {classified} states classified, {three} with ≥ 3 down")


def main():
    with open(os.path.join(ROOT, "topology", "somme.json"), encoding="utf-8") as f:
        somme = json.load(f)
    run("somme-x20", somme, 20, 3_000_000, 15, source="topology/somme.json")
    run("small-x200", small_network(), 200, 1_000_000, 16)


if __name__ == "__main__":
    main()
