#!/usr/bin/env python3
"""Generate the double-failure fixtures (docs/double-failures.md): every NRO's minimum 2-cuts.

Every expected figure is computed by brute force over ALL pairs of elements, by the
definition of docs/double-failures.md: the analysed network as a networkx.MultiGraph (one edge
per section, key = section id); the failing elements are sections, sites (a failed site takes
its sections with it, and a failed head-end is no longer a head-end) and risk groups (all their
analysed sections); for each pair {x, y} both fail, and an NRO counts the pair when it was
connected to a head-end, is not x or y itself, no longer reaches any surviving head-end, and
neither x alone nor y alone cut it off.  Nothing here is clever: no cycle equivalence, no
tree, just a search after removing the pair.  The pair loop searches the MultiGraph's
adjacency directly (a NetworkX subgraph view per pair would take an hour); a sample of pairs
is checked against NetworkX's own node_connected_component on a restricted_view.

Weights: each fixture carries seeded random weights per element (a few zero, a few equal);
a pair weighs the product (in the same order as the engine: weight(a) * weight(b), which
IEEE multiplication makes order-free).  Lists are ordered heaviest first, equal weights by
(kind, id) of the first element then of the second, kinds ordered section < site < riskGroup,
the first element of a pair being the smaller; pairs of weight 0 are not listed.

Usage:  /usr/bin/python3 scripts/oracle/generate_two_cuts.py        (from anywhere; a few minutes)

The generated networks come from bench/generate.ts (`fibreNetwork`) and from the tests' own
tests/support/random-network.ts (denser risk groups), run through `npx tsx`;
their documents are written into the fixtures, so the tests never run the generator.
Deterministic; stdlib + networkx (Debian's 2.8 or 3.x).  Writes tests/fixtures/two-cuts/*.json.
"""

import itertools
import json
import os
import random
import subprocess
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "tests", "fixtures", "two-cuts")
KIND_ORDER = {"section": 0, "site": 1, "riskGroup": 2}
TOP = 8


# --------------------------------------------------------------------------- the network

class Network:
    def __init__(self, topo, options):
        include = options.get("includePlanned", False)

        def analysed(x):
            return include or x.get("status", "existing") == "existing"

        self.sites = [s for s in topo["sites"] if analysed(s)]
        site_ids = {s["id"] for s in self.sites}
        self.sections = [e for e in topo["sections"]
                         if analysed(e) and e["from"] in site_ids and e["to"] in site_ids]
        for x in self.sites + self.sections:
            assert x["id"].isascii(), x["id"]
        G = nx.MultiGraph()
        G.add_nodes_from(site_ids)
        for e in self.sections:
            G.add_edge(e["from"], e["to"], key=e["id"])
        self.G = G
        heads = options.get("headends") or [s["id"] for s in self.sites if s["kind"] == "headend"]
        self.heads = sorted(set(heads))
        self.kind = {s["id"]: s["kind"] for s in self.sites}
        self.nros = sorted(s["id"] for s in self.sites if s["kind"] == "nro")
        groups = {}
        for e in self.sections:
            for g in e.get("riskGroups", []):
                groups.setdefault(g, set()).add(e["id"])
        self.groups = groups
        # Every failing element: (kind, id) -> (sections it takes down, sites it takes down).
        self.elements = []
        for e in self.sections:
            self.elements.append((("section", e["id"]), frozenset([e["id"]]), frozenset()))
        for s in self.sites:
            self.elements.append((("site", s["id"]), frozenset(), frozenset([s["id"]])))
        for g in sorted(groups):
            self.elements.append((("riskGroup", g), frozenset(groups[g]), frozenset()))
        self.adj = {v: [(w, k) for w, keys in G.adj[v].items() for k in keys] for v in G.nodes}
        self.connected = self.reached(frozenset(), frozenset())

    def reached(self, dead_sections, dead_sites):
        """Sites joined to a surviving head-end: a plain search of the MultiGraph's adjacency."""
        seen = set(h for h in self.heads if h not in dead_sites)
        stack = list(seen)
        while stack:
            v = stack.pop()
            for w, k in self.adj[v]:
                if w in seen or w in dead_sites or k in dead_sections:
                    continue
                seen.add(w)
                stack.append(w)
        return seen

    def reached_by_networkx(self, dead_sections, dead_sites):
        """The same by NetworkX: a restricted view, then the components of the head-ends."""
        edges = [(e["from"], e["to"], e["id"]) for e in self.sections if e["id"] in dead_sections]
        H = nx.restricted_view(self.G, list(dead_sites), edges)
        out = set()
        for h in self.heads:
            if h not in dead_sites:
                out |= nx.node_connected_component(H, h)
        return out

    def cut_off(self, dead_sections, dead_sites):
        """The connected NROs that the failure cuts off, the failed NROs themselves excepted."""
        after = self.reached(dead_sections, dead_sites)
        return [v for v in self.nros if v in self.connected and v not in after and v not in dead_sites]


def pair_key(a, b):
    ka = (KIND_ORDER[a[0]], a[1])
    kb = (KIND_ORDER[b[0]], b[1])
    return (ka, kb) if ka <= kb else (kb, ka)


def brute_force(net, weights):
    """Every pair of elements, failed together: per NRO the pairs that cut it off, neither alone."""
    alone = {}
    for key, secs, sites in net.elements:
        for v in net.cut_off(secs, sites):
            alone.setdefault(v, set()).add(key)
    pairs = {v: [] for v in net.nros}
    checked = 0
    rng = random.Random(7)
    for (ka, sa, va), (kb, sb, vb) in itertools.combinations(net.elements, 2):
        secs = sa | sb
        sites = va | vb
        cut = net.cut_off(secs, sites)
        if len(net.elements) <= 60 or rng.random() < 0.002:
            # A sample of pairs searched again by NetworkX itself.
            after = net.reached_by_networkx(secs, sites)
            expect = [v for v in net.nros if v in net.connected and v not in after and v not in sites]
            assert expect == cut, (ka, kb)
            checked += 1
        for v in cut:
            if ka in alone.get(v, ()) or kb in alone.get(v, ()):
                continue
            pairs[v].append((ka, kb))
    return pairs, checked


def records(net, pairs, weights):
    out = []
    for v in net.nros:
        found = pairs[v]
        kinds = {"sectionPairs": 0, "riskGroupPairs": 0, "mixedPairs": 0}
        by_kinds = {"%s-%s" % (x, y): 0 for x, y in itertools.combinations_with_replacement(("section", "site", "riskGroup"), 2)}
        by_kinds_weight = dict.fromkeys(by_kinds, 0.0)
        listed = []
        weight = 0.0
        for a, b in found:
            if a[0] == b[0] == "section":
                kinds["sectionPairs"] += 1
            elif a[0] == b[0] == "riskGroup":
                kinds["riskGroupPairs"] += 1
            else:
                kinds["mixedPairs"] += 1
            first, second = pair_key(a, b)
            kind = "%s-%s" % (KIND_BY_ORDER[first[0]], KIND_BY_ORDER[second[0]])
            wa = weights[a] if weights else 1.0
            wb = weights[b] if weights else 1.0
            w = wa * wb
            weight += w
            by_kinds[kind] += 1
            by_kinds_weight[kind] += w
            if w > 0:
                listed.append((-w, first, second))
        listed.sort()
        # The heaviest pairs without a site in them: what is found beyond the enumeration bound.
        no_sites = [p for p in listed if p[1][0] != KIND_ORDER["site"] and p[2][0] != KIND_ORDER["site"]]
        top = [{"a": {"kind": KIND_BY_ORDER[f[0]], "id": f[1]},
                "b": {"kind": KIND_BY_ORDER[s[0]], "id": s[1]},
                "weight": -w} for w, f, s in listed[:TOP]]
        top_no_sites = [{"a": {"kind": KIND_BY_ORDER[f[0]], "id": f[1]},
                         "b": {"kind": KIND_BY_ORDER[s[0]], "id": s[1]},
                         "weight": -w} for w, f, s in no_sites[:TOP]]
        out.append({"nro": v, **kinds, "pairWeight": weight, "top": top,
                    "byKinds": by_kinds, "byKindsWeight": by_kinds_weight, "topWithoutSites": top_no_sites})
    return out


KIND_BY_ORDER = {i: k for k, i in KIND_ORDER.items()}


def random_weights(net, seed):
    rng = random.Random(seed)
    weights = {}
    shared = round(rng.uniform(0.01, 0.2), 4)
    for key, _, _ in net.elements:
        u = rng.random()
        if u < 0.05:
            weights[key] = 0.0
        elif u < 0.15:
            weights[key] = shared  # equal weights: the ties go by ids
        else:
            weights[key] = round(rng.uniform(0.001, 0.3), 4)
    return weights


# --------------------------------------------------------------------------- the networks

def site(sid, kind, i, **extra):
    return {"id": sid, "kind": kind, "lon": round(2.0 + 0.01 * i, 4), "lat": round(49.9 + 0.007 * (i % 13), 4), **extra}


def topology(name, sites, sections):
    kinds = {"HE": "headend", "P": "pop", "N": "nro", "J": "junction"}
    site_list = []
    for i, s in enumerate(sites):
        sid = s if isinstance(s, str) else s[0]
        extra = {} if isinstance(s, str) else s[1]
        kind = next(k for p, k in kinds.items() if sid.startswith(p))
        site_list.append(site(sid, kind, i, subscribers=100 if kind == "nro" else 0, **extra))
    section_list = []
    for i, sec in enumerate(sections):
        a, b = sec[0], sec[1]
        extra = sec[2] if len(sec) > 2 else {}
        section_list.append({"id": "S%02d" % i, "from": a, "to": b, "lengthM": 1000 + 10 * i, "owner": "SMSN", **extra})
    return {"format": "fibre-topology/1", "name": name, "sites": site_list, "sections": section_list}


def handmade():
    nets = []
    # Parallel conduits: a double (a 2-cut) and a triple (no 2-cut), and a bridge.
    nets.append(("handmade-parallel", "two parallel sections are a 2-cut, three are not; a bridge is never in a pair",
                 topology("parallel", ["HE1", "N1", "N2", "N3", "N4"], [
                     ("HE1", "N1"), ("HE1", "N1"), ("N1", "N2"), ("N1", "N2"), ("N1", "N2"), ("N2", "N3"),
                     ("N3", "N4"), ("N3", "N4")]), {}))
    # Two head-ends joined by a path through NROs: the sections of the path pair up with the
    # head-ends' links to the source; the two head-ends are a site pair.
    nets.append(("handmade-headend-path", "a path between two head-ends: pairs of its sections, and the two head-ends",
                 topology("headend path", ["HE1", "N1", "J1", "N2", "HE2", "N3"], [
                     ("HE1", "N1"), ("N1", "J1"), ("J1", "N2"), ("N2", "HE2"), ("J1", "N3")]), {}))
    # A ring with a spur hanging by a bridge, a chord making a theta.
    nets.append(("handmade-ring-spur", "a ring, a theta chord and a spur below a bridge (single-homed NROs still have pairs)",
                 topology("ring spur", ["HE1", "P1", "N1", "N2", "P2", "N3", "N4", "J1"], [
                     ("HE1", "P1"), ("P1", "N1"), ("N1", "N2"), ("N2", "P2"), ("P2", "HE1"),
                     ("P1", "P2"), ("N2", "N3"), ("N3", "N4"), ("N1", "J1"), ("J1", "N2")]), {}))
    # A ladder: every rail pair is a 2-cut, the regions of many classes hold the same NRO.
    rails = 9
    top_rail = ["N%d" % i for i in range(rails)]
    bottom = ["J%d" % i for i in range(rails)]
    secs = [("HE1", top_rail[0]), ("HE1", bottom[0])]
    for i in range(rails - 1):
        secs += [(top_rail[i], top_rail[i + 1]), (bottom[i], bottom[i + 1])]
    for i in range(1, rails):
        secs.append((top_rail[i], bottom[i]))
    nets.append(("handmade-ladder", "a ladder of two rails and rungs: a 2-cut per rung interval",
                 topology("ladder", ["HE1"] + top_rail + bottom, secs), {}))
    # Risk groups: one holding both sections of a 2-cut (alone a cut), two equal groups, a
    # group that makes a 3-cut a pair with a section, a group holding a bridge, groups
    # spanning two cycles, and an NRO that is a head-end by request.
    nets.append(("handmade-risk-groups", "overlapping, equal and bridge-holding risk groups, a 3-cut as group + section",
                 topology("risk groups", ["HE1", "P1", "P2", "N1", "N2", "N3", "N4", "N5", "J1", "N6"], [
                     ("HE1", "P1", {"riskGroups": ["G-both"]}), ("HE1", "P2", {"riskGroups": ["G-both", "G-x"]}),
                     ("P1", "N1", {"riskGroups": ["G-three"]}), ("P2", "N1", {"riskGroups": ["G-three"]}),
                     ("J1", "N1"), ("P1", "J1", {"riskGroups": ["G-y"]}),
                     ("N1", "N2", {"riskGroups": ["G-bridge", "G-x"]}),
                     ("N2", "N3", {"riskGroups": ["G-same-a", "G-y"]}), ("N2", "N3", {"riskGroups": ["G-same-b"]}),
                     ("N3", "N4", {"riskGroups": ["G-same-a", "G-same-b"]}), ("N4", "N2"),
                     ("N4", "N5"), ("N5", "N6"), ("N6", "N4", {"riskGroups": ["G-y"]})]), {}))
    # An island, a planned site and section, and an NRO named as a head-end.
    t = topology("islands", ["HE1", "N1", "N2", "N3", "N4", ("N5", {"status": "planned"}), "J1"], [
        ("HE1", "N1"), ("N1", "N2"), ("N2", "HE1"), ("N2", "N3"), ("N3", "J1"), ("J1", "N2"),
        ("N4", "J1", {"status": "planned"}), ("N5", "N3", {"status": "planned"}), ("N5", "N1", {"status": "planned"})])
    nets.append(("handmade-islands", "an island NRO, planned elements left out", t, {}))
    nets.append(("handmade-islands-planned", "the same with planned elements", t, {"includePlanned": True}))
    nets.append(("handmade-nro-headend", "an NRO named as a head-end is never cut off; the other head-end pairs with it",
                 t, {"headends": ["HE1", "N3"]}))
    # A long ring with tails: one class of many sections.
    ring = ["HE1"] + ["N%02d" % i if i % 3 else "J%02d" % i for i in range(1, 24)]
    secs = [(ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))]
    secs += [("N01", "N10"), ("N10", "N20"), ("N05", "X1"), ("X1", "N07")]
    t = topology("ring", ring + ["N99"], [(a if a != "X1" else "N99", b if b != "X1" else "N99") for a, b in secs])
    nets.append(("handmade-ring", "a long ring with two chords and a loop", t, {}))
    return nets


def generated(sections, seed):
    code = ("import { fibreNetwork } from './bench/generate.ts';"
            "process.stdout.write(JSON.stringify(fibreNetwork({ sections: %d, seed: %d })));" % (sections, seed))
    out = subprocess.run(["npx", "tsx", "-e", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def random_network(seed, sites, chords, headends, groups):
    code = ("import { randomNetwork } from './tests/support/random-network.ts';"
            "process.stdout.write(JSON.stringify(randomNetwork(%d, { sites: %d, chords: %d, headends: %d, riskGroups: %d })));"
            % (seed, sites, chords, headends, groups))
    out = subprocess.run(["npx", "tsx", "-e", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    nets = handmade()
    with open(os.path.join(ROOT, "topology", "somme.json"), encoding="utf-8") as f:
        somme = json.load(f)
    nets.append(("somme", "the Somme network (topology/somme.json), existing elements", somme, {}))
    nets.append(("somme-planned", "the Somme network with its planned elements (a second head-end)", somme, {"includePlanned": True}))
    for sections, seed, planned in ((200, 3, False), (300, 11, True), (450, 5, False)):
        t = generated(sections, seed)
        nets.append(("generated-%d-seed-%d%s" % (sections, seed, "-planned" if planned else ""),
                     "bench/generate.ts fibreNetwork({ sections: %d, seed: %d })" % (sections, seed), t,
                     {"includePlanned": True} if planned else {}))

    for seed, sites, chords, headends, groups in ((4, 40, 22, 1, 14), (9, 70, 40, 2, 25)):
        t = random_network(seed, sites, chords, headends, groups)
        nets.append(("random-%d-sites-%d-groups-seed-%d" % (sites, groups, seed),
                     "tests/support/random-network.ts randomNetwork(%d, { sites: %d, chords: %d, headends: %d, riskGroups: %d })"
                     % (seed, sites, chords, headends, groups), t, {}))

    for seed, (name, description, topo, options) in enumerate(nets):
        net = Network(topo, options)
        weights = random_weights(net, 1000 + seed)
        pairs, checked = brute_force(net, weights)
        unweighted = records(net, pairs, None)
        weighted = records(net, pairs, weights)
        fixture = {
            "name": name,
            "description": description,
            "options": options,
            "topology": topo,
            "weights": {
                kind: {k[1]: w for k, w in weights.items() if k[0] == kind}
                for kind in ("section", "site", "riskGroup")
            },
            "top": TOP,
            "expected": {"unweighted": unweighted, "weighted": weighted},
        }
        with open(os.path.join(OUT_DIR, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(fixture, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        total = sum(r["sectionPairs"] + r["riskGroupPairs"] + r["mixedPairs"] for r in unweighted)
        print("%-36s %4d sites %4d sections %3d groups: %6d pairs (%d checked by NetworkX)" % (
            name, len(net.sites), len(net.sections), len(net.groups), total, checked), file=sys.stderr)


if __name__ == "__main__":
    main()
