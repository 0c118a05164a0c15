#!/usr/bin/env python3
"""Generate the oracle of the failure sweep (docs/sweeps.md, src/saturation/failure-sweep.ts).

For each case below: the analysed network (existing sites and sections; planned ones too with
includePlanned; the redundancy links named in withLinks as sections), the base collection
routes exported from our own routing (`collectionRoutes`, run through tsx: the base routing is
not what is tested here, the sweep is), and then, by definition, with NetworkX:

* the failures in the fixed order: every section, every site, every risk group, every owner
  (the kinds asked for), less the excluded ones; a section takes itself down, a site every
  section at it (it is removed from the graph: a failed head-end is no head-end), a risk group
  or an owner its sections less the excluded sections;
* for each failure, each NRO whose routes use a failed section is re-routed on what survives:
  one route lost and the other intact -> the intact one stays and the lost one is replaced by
  the shortest route avoiding the failed sections and the intact route's sections
  (nx.multi_source_dijkstra from the live head-ends), or none; every route lost -> the shortest
  section-disjoint pair (min-cost flow of 2 units, nx.network_simplex, each section one unit in
  either direction) when the NRO had a backup, else / failing that the shortest route, else
  nothing: the NRO is cut off.  An NRO whose own site fails is cut off;
* every section's load (usedFibres + fibresPerRoute per route through it) after the failure,
  and per section the `worst` highest loads above its base load over the failures that leave
  it in service, ties by the failure order; per NRO the failures that cut it off (it had a
  route, it has none) and those that leave it unprotected (it had a backup, it keeps a route
  and has no backup).

Lengths are compared in integer millimetres.  Every shortest route searched is checked to be
the only shortest one (the number of shortest routes counted over the tight sections), and on
the cases marked so every pair to be the only optimal flow (each of its sections forbidden in
turn costs more): on a tie the TypeScript search could take the other route, and the loads
would differ, so a tie stops the script.  Generated networks have lengths drawn to the
millimetre, which makes ties vanishingly rare.

Usage:  /usr/bin/python3 scripts/oracle/generate_failure_sweep.py [CASE…]   (from anywhere; default every case)

Deterministic (fixed seeds), stdlib + networkx (+ node_modules/.bin/tsx for the base routes).
Writes tests/fixtures/failure-sweep/<case>.json.
"""

import json
import os
import random
import subprocess
import sys
import time

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "failure-sweep")
TSX = os.path.join(ROOT, "node_modules", ".bin", "tsx")

KINDS = ["section", "site", "riskGroup", "owner"]
OWNERS = ["SMSN", "Viatel", "Level 3", "Global Crossing", "divers"]

NO_EXCLUSIONS = {"sections": [], "sites": [], "riskGroups": [], "owners": []}


def read_topology(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        document = json.load(f)
    return document.get("topology", document)


# ---------------------------------------------------------------------------------------------
# Generated networks: head-ends on a ring of POPs, a tree of junctions and NROs under each POP
# with some branches closed into rings, parallel conduits, shared trenches, an island, planned
# elements; lengths to the millimetre.


def generated_topology(seed, sections_wanted, headends=2):
    rng = random.Random(seed)
    sites = []
    sections = []

    def site(kind, status="existing"):
        s = {"id": "%s-%d" % (kind.upper()[:3], len(sites)), "kind": kind,
             "lon": round(1.0 + rng.random() * 2, 5), "lat": round(49.0 + rng.random(), 5)}
        if kind == "nro":
            s["subscribers"] = rng.randrange(100, 5000)
        if status != "existing":
            s["status"] = status
        sites.append(s)
        return s

    def section(a, b, status="existing", capacity=True):
        cap = 24 * rng.randrange(2, 9)
        s = {"id": "S-%d" % len(sections), "from": a["id"], "to": b["id"],
             "lengthM": round(rng.uniform(100.0, 15000.0), 3),
             "owner": OWNERS[min(len(OWNERS) - 1, int(rng.random() ** 2 * len(OWNERS)))]}
        if capacity:
            s["capacityFibres"] = cap
            s["usedFibres"] = rng.randrange(0, int(cap * 0.6))
        if status != "existing":
            s["status"] = status
        sections.append(s)
        return s

    hes = [site("headend") for _ in range(headends)]
    pop_count = max(4, sections_wanted // 40)
    pops = [site("pop") for _ in range(pop_count)]
    for i, p in enumerate(pops):
        section(p, pops[(i + 1) % pop_count])
    for _ in range(pop_count // 3):
        a, b = rng.sample(pops, 2)
        section(a, b)
    for i, h in enumerate(hes):
        for p in rng.sample(pops, 2):
            section(h, p)
    # Trees under the POPs until the size is reached.
    trees = {p["id"]: [p] for p in pops}
    while len(sections) < sections_wanted * 0.82:
        p = rng.choice(pops)
        tree = trees[p["id"]]
        parent = rng.choice(tree)
        child = site("nro" if rng.random() < 0.55 else "junction")
        section(parent, child, capacity=rng.random() > 0.05)
        tree.append(child)
    # Rings: a third of the branches closed onto another site of the tree or of a neighbour.
    nodes = [s for s in sites if s["kind"] in ("nro", "junction")]
    while len(sections) < sections_wanted * 0.95:
        a = rng.choice(nodes)
        b = rng.choice(nodes if rng.random() < 0.5 else pops)
        if a is not b:
            section(a, b)
    # Parallel conduits.
    for s in rng.sample(sections, max(2, sections_wanted // 60)):
        twin = section({"id": s["from"]}, {"id": s["to"]})
        twin["lengthM"] = round(s["lengthM"] * rng.uniform(1.0, 1.3) + 0.001, 3)
    # An island with no head-end, and planned elements (not analysed by default).
    island = [site("nro"), site("junction"), site("nro")]
    section(island[0], island[1])
    section(island[1], island[2])
    planned = site("nro", status="planned")
    section(planned, rng.choice(nodes), status="planned")
    section(rng.choice(nodes), rng.choice(pops), status="planned")
    # Shared trenches: groups of 2-4 sections, a few sections in two groups.
    for g in range(max(3, sections_wanted // 50)):
        for s in rng.sample(sections[: len(sections) - 2], rng.randrange(2, 5)):
            s.setdefault("riskGroups", []).append("trench-%d" % g)
    return {"format": "fibre-topology/1", "name": "generated %d (seed %d)" % (sections_wanted, seed),
            "sites": sites, "sections": sections}


# ---------------------------------------------------------------------------------------------
# The analysed network, in the order of the compiled network.


class Network:
    def __init__(self, topology, network):
        def kept(item):
            return network["includePlanned"] or item.get("status", "existing") == "existing"

        self.sites = [s["id"] for s in topology["sites"] if kept(s)]
        self.site_index = {s: i for i, s in enumerate(self.sites)}
        kinds = {s["id"]: s["kind"] for s in topology["sites"]}
        self.nros = [s for s in self.sites if kinds[s] == "nro"]
        self.sections = []  # (id, u, v, length mm, owner, groups, usedFibres)
        for s in topology["sections"]:
            if kept(s) and s["from"] in self.site_index and s["to"] in self.site_index:
                self.sections.append((s["id"], s["from"], s["to"], mm(s["lengthM"]), s["owner"],
                                      list(s.get("riskGroups", [])), s.get("usedFibres", 0)))
        links = {link["id"]: link for link in topology.get("redundancyLinks", [])}
        for link_id in network["withLinks"]:
            link = links[link_id]
            self.sections.append((link_id, link["a"], link["b"], mm(link["lengthM"]), link["owner"], [], 0))
        self.section_index = {s[0]: e for e, s in enumerate(self.sections)}
        self.groups = first_appearance(g for s in self.sections for g in s[5])
        self.owners = first_appearance(s[4] for s in self.sections)
        named = network["headends"]
        self.headends = set(named) if named else {s for s in self.sites if kinds[s] == "headend"}
        self.G = nx.MultiGraph()
        self.G.add_nodes_from(self.sites)
        for e, (sid, u, v, length, *_rest) in enumerate(self.sections):
            self.G.add_edge(u, v, key=e, L=length)
        # The flow network: each section one unit, either way, through a node of its own per way.
        self.F = nx.DiGraph()
        self.F.add_nodes_from(self.sites)
        self.F.add_node("T")
        for e, (sid, u, v, length, *_rest) in enumerate(self.sections):
            self.F.add_edge(u, ("a", e), weight=length, capacity=1)
            self.F.add_edge(("a", e), v, weight=0, capacity=1)
            self.F.add_edge(v, ("b", e), weight=length, capacity=1)
            self.F.add_edge(("b", e), u, weight=0, capacity=1)
        for h in self.headends:
            self.F.add_edge(h, "T", weight=0, capacity=2)

    def code_base(self):
        m, n, g = len(self.sections), len(self.sites), len(self.groups)
        return {"section": 0, "site": m, "riskGroup": m + n, "owner": m + n + g}


def mm(length):
    return int(round(length * 1000))


def first_appearance(values):
    seen = []
    index = set()
    for v in values:
        if v not in index:
            index.add(v)
            seen.append(v)
    return seen


def failures(net, kinds, exclude):
    """(code, kind, id, dead section indices, failed site or None), in the fixed order."""
    out = []
    base = net.code_base()
    safe = {net.section_index[s] for s in exclude["sections"]}
    if "section" in kinds:
        for e, s in enumerate(net.sections):
            if e not in safe:
                out.append((base["section"] + e, "section", s[0], {e}, None))
    if "site" in kinds:
        for v, site in enumerate(net.sites):
            if site in exclude["sites"]:
                continue
            dead = {e for e, s in enumerate(net.sections) if site in (s[1], s[2])}
            out.append((base["site"] + v, "site", site, dead, site))
    if "riskGroup" in kinds:
        for g, group in enumerate(net.groups):
            if group in exclude["riskGroups"]:
                continue
            dead = {e for e, s in enumerate(net.sections) if group in s[5] and e not in safe}
            out.append((base["riskGroup"] + g, "riskGroup", group, dead, None))
    if "owner" in kinds:
        for o, owner in enumerate(net.owners):
            if owner in exclude["owners"]:
                continue
            dead = {e for e, s in enumerate(net.sections) if s[4] == owner and e not in safe}
            out.append((base["owner"] + o, "owner", owner, dead, None))
    return out


class Tie(Exception):
    pass


def shortest_route(net, source, banned, failed_site):
    """The sections of the only shortest route from source to a live head-end avoiding `banned`;
    None when there is none.  Raises Tie when two routes are equally short."""
    sources = [h for h in net.headends if h != failed_site]
    if not sources:
        return None

    def weight(u, v, d):
        best = min((a["L"] for k, a in d.items() if k not in banned), default=None)
        return best

    dist = nx.multi_source_dijkstra_path_length(net.G, sources, weight=weight)
    if source not in dist:
        return None
    # Walk the tight sections from the source, counting the shortest routes.
    order = sorted((d, v) for v, d in dist.items() if d <= dist[source])
    count = {}
    for d, v in order:
        if d == 0 and v in net.headends:
            count[v] = 1
            continue
        c = 0
        for w, keys in net.G[v].items():
            if w not in dist:
                continue
            for k, a in keys.items():
                if k not in banned and dist[w] + a["L"] == d:
                    c += count.get(w, 0)
        count[v] = c
    if count[source] != 1:
        raise Tie("%d shortest routes from %s" % (count[source], source))
    route = []
    v = source
    while not (dist[v] == 0 and v in net.headends):
        step = [(k, w) for w, keys in net.G[v].items() if w in dist for k, a in keys.items()
                if k not in banned and dist[w] + a["L"] == dist[v]]
        k, w = step[0]
        route.append(k)
        v = w
    return route


def shortest_pair(net, source, banned, failed_site, check_ties):
    """The sections of the shortest section-disjoint pair (min-cost flow of 2), or None."""
    F = net.F
    sinks = [h for h in net.headends if h != failed_site]
    if not sinks:
        return None

    def solve(extra):
        closed = []
        for e in banned | extra:
            _, u, v, *_rest = net.sections[e]
            for a, b in ((u, ("a", e)), (v, ("b", e))):
                closed.append((a, b, F[a][b]["capacity"]))
                F[a][b]["capacity"] = 0
        if failed_site in net.headends:
            closed.append((failed_site, "T", F[failed_site]["T"]["capacity"]))
            F[failed_site]["T"]["capacity"] = 0
        F.nodes[source]["demand"] = -2
        F.nodes["T"]["demand"] = 2
        try:
            cost, flow = nx.network_simplex(F)
        except nx.NetworkXUnfeasible:
            cost, flow = None, None
        finally:
            F.nodes[source]["demand"] = 0
            F.nodes["T"]["demand"] = 0
            for a, b, c in closed:
                F[a][b]["capacity"] = c
        return cost, flow

    cost, flow = solve(set())
    if cost is None:
        return None
    used = set()
    for e, (sid, u, v, *_rest) in enumerate(net.sections):
        forward = flow[u][("a", e)]
        backward = flow[v][("b", e)]
        assert forward + backward <= 1, (sid, forward, backward)
        if forward or backward:
            used.add(e)
    if check_ties:
        for e in sorted(used):
            other, _ = solve({e})
            if other == cost:
                raise Tie("two shortest pairs from %s (with and without %s)" % (source, net.sections[e][0]))
    return used


def sweep(net, routes, options, check_pair_ties):
    fibres = options["fibresPerRoute"]
    worst = options["worst"]
    exclude = options["exclude"]
    m = len(net.sections)
    base = [s[6] for s in net.sections]
    for r in routes.values():
        for route in (r["primary"], r["backup"]):
            for e in route or []:
                base[e] += fibres
    candidates = [[] for _ in range(m)]
    cut_off = {}
    unprotected = {}
    listed = failures(net, options["kinds"], exclude)
    searches = 0
    for code, kind, fid, dead, failed_site in listed:
        delta = {}

        def add(route, fibres_each):
            for e in route:
                delta[e] = delta.get(e, 0) + fibres_each

        for nro in net.nros:
            r = routes.get(nro)
            if r is None or r["primary"] is None:
                continue
            primary, backup = r["primary"], r["backup"]
            if failed_site == nro:
                add(primary, -fibres)
                if backup:
                    add(backup, -fibres)
                cut_off.setdefault(nro, []).append((code, kind, fid))
                continue
            primary_lost = any(e in dead for e in primary)
            backup_lost = backup is not None and any(e in dead for e in backup)
            if not primary_lost and not backup_lost:
                continue
            searches += 1
            if primary_lost and backup is not None and not backup_lost:
                route = shortest_route(net, nro, dead | set(backup), failed_site)
                add(primary, -fibres)
                if route is not None:
                    add(route, fibres)
                after = (route if route is not None else backup, backup if route is not None else None)
            elif backup_lost and not primary_lost:
                route = shortest_route(net, nro, dead | set(primary), failed_site)
                add(backup, -fibres)
                if route is not None:
                    add(route, fibres)
                after = (primary, route)
            else:
                add(primary, -fibres)
                if backup is not None:
                    add(backup, -fibres)
                pair = shortest_pair(net, nro, dead, failed_site, check_pair_ties) if backup is not None else None
                if pair is not None:
                    add(pair, fibres)
                    after = (pair, pair)
                else:
                    route = shortest_route(net, nro, dead, failed_site)
                    if route is not None:
                        add(route, fibres)
                    after = (route, None)
            if after[0] is None:
                cut_off.setdefault(nro, []).append((code, kind, fid))
            elif after[1] is None and backup is not None:
                unprotected.setdefault(nro, []).append((code, kind, fid))
        for e, d in delta.items():
            if e in dead:
                continue
            load = base[e] + d
            if load > base[e]:
                candidates[e].append((-load, code, kind, fid))
    sections = []
    for e, s in enumerate(net.sections):
        best = sorted(candidates[e])[:worst]
        sections.append({"section": s[0], "base": base[e],
                         "worst": [{"kind": k, "id": i, "load": -load} for load, _c, k, i in best]})
    nros = []
    for nro in net.nros:
        if nro in cut_off or nro in unprotected:
            nros.append({"nro": nro,
                         "cutOffBy": [{"kind": k, "id": i} for _c, k, i in sorted(cut_off.get(nro, []))],
                         "unprotectedBy": [{"kind": k, "id": i} for _c, k, i in sorted(unprotected.get(nro, []))]})
    counts = {k: sum(1 for f in listed if f[1] == k) for k in KINDS}
    return {"failures": counts, "sections": sections, "nros": nros}, searches


# ---------------------------------------------------------------------------------------------
# The base routes: our routing, exported by tsx.

EXPORT = r"""
import { readFileSync } from 'node:fs';
import { compileNetwork } from './src/graph/compile.ts';
import { collectionRoutes } from './src/routing/collection-routes.ts';
const [file, network] = process.argv.slice(-2);
const document = JSON.parse(readFileSync(file, 'utf8'));
const net = compileNetwork(document.topology ?? document, JSON.parse(network));
const routing = collectionRoutes(net, { diversity: 'section' } as never);
const ids = (route: { sections: Int32Array } | null) => route && Array.from(route.sections, (e) => net.sectionIds[e]);
process.stdout.write(JSON.stringify(Array.from(routing.nros, (v, k) => ({
  nro: net.siteIds[v], primary: ids(routing.primary[k]), backup: ids(routing.backup[k]),
}))));
"""


def base_routes(topology_file, network):
    out = subprocess.run([TSX, "-e", EXPORT, topology_file, json.dumps(network)], cwd=ROOT,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


# (case, topology: a file of the repository or generated (seed, sections, head-ends), network,
#  options, check the pairs for ties)
CASES = [
    ("somme", "topology/somme.json", {"headends": [], "includePlanned": False, "withLinks": []},
     {"fibresPerRoute": 2, "worst": 3, "kinds": KINDS, "exclude": NO_EXCLUSIONS}, True),
    ("somme-excluded", "topology/somme.json", {"headends": [], "includePlanned": False, "withLinks": []},
     {"fibresPerRoute": 4, "worst": 4, "kinds": KINDS,
      "exclude": {"sections": ["S-001", "S-040", "S-083"], "sites": ["POP-ABBEVILLE", "J-LONGUEAU"],
                  "riskGroups": ["duct-amiens-ouest"], "owners": ["SMSN"]}}, True),
    ("somme-planned-links", "topology/somme.json",
     {"headends": [], "includePlanned": True, "withLinks": ["R-01", "R-05"]},
     {"fibresPerRoute": 2, "worst": 3, "kinds": KINDS, "exclude": NO_EXCLUSIONS}, True),
    ("gen-200", (11, 200, 2), {"headends": [], "includePlanned": False, "withLinks": []},
     {"fibresPerRoute": 2, "worst": 3, "kinds": KINDS, "exclude": NO_EXCLUSIONS}, True),
    ("gen-500-nro-headend", (12, 500, 2), None,
     {"fibresPerRoute": 4, "worst": 5, "kinds": KINDS, "exclude": NO_EXCLUSIONS}, False),
    ("gen-1000", (13, 1000, 3), {"headends": [], "includePlanned": False, "withLinks": []},
     {"fibresPerRoute": 2, "worst": 3, "kinds": ["site", "riskGroup", "owner"], "exclude": NO_EXCLUSIONS}, False),
    ("gen-1000-sections", (13, 1000, 3), {"headends": [], "includePlanned": False, "withLinks": []},
     {"fibresPerRoute": 2, "worst": 2, "kinds": ["section"], "exclude": NO_EXCLUSIONS}, False),
    ("gen-700-excluded", (14, 700, 1), {"headends": [], "includePlanned": True, "withLinks": []},
     {"fibresPerRoute": 2, "worst": 3, "kinds": KINDS, "exclude": None}, False),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])
    for name, source, network, options, check_pair_ties in CASES:
        if only and name not in only:
            continue
        start = time.time()
        if isinstance(source, str):
            topology = read_topology(source)
            topology_file = source
            embedded = None
        else:
            seed, size, headends = source
            topology = generated_topology(seed, size, headends)
            topology_file = os.path.join(OUT, name + ".topology.tmp.json")
            embedded = topology
            with open(topology_file, "w", encoding="utf-8") as f:
                json.dump(topology, f)
        rng = random.Random(name)
        if network is None:
            # Two head-ends named, one of them an NRO: that NRO is collected where it stands.
            nros = [s["id"] for s in topology["sites"] if s["kind"] == "nro" and s.get("status", "existing") == "existing"]
            real = [s["id"] for s in topology["sites"] if s["kind"] == "headend"]
            network = {"headends": sorted([real[0], rng.choice(nros)]), "includePlanned": False, "withLinks": []}
        net = Network(topology, network)
        if options["exclude"] is None:
            options = dict(options, exclude={
                "sections": sorted(rng.sample([s[0] for s in net.sections], 25)),
                "sites": sorted(rng.sample(net.sites, 12)),
                "riskGroups": sorted(rng.sample(net.groups, 3)),
                "owners": ["Viatel"],
            })
        exported = base_routes(topology_file, network)
        if embedded is not None:
            os.remove(topology_file)
        routes = {r["nro"]: {"primary": idx(net, r["primary"]), "backup": idx(net, r["backup"])} for r in exported}
        expected, searches = sweep(net, routes, options, check_pair_ties)
        document = {
            "description": "Failure sweep by definition with NetworkX (scripts/oracle/generate_failure_sweep.py): "
                           "the base routes are our routing's; each failure re-routes what it breaks "
                           "(shortest route / min-cost flow of 2 on what survives).",
            "topology": embedded if embedded is not None else source,
            "network": network,
            "options": options,
            "routes": exported,
            "expected": expected,
        }
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
        raised = sum(1 for s in expected["sections"] if s["worst"])
        print("%-22s %4d sites %5d sections %3d NROs  %s failures, %d re-routes, %d sections raised, %d NROs listed  %.1f s" % (
            name, len(net.sites), len(net.sections), len(net.nros), sum(expected["failures"].values()), searches,
            raised, len(expected["nros"]), time.time() - start))
    print("python %s, networkx %s -> %s" % (sys.version.split()[0], nx.__version__, os.path.relpath(OUT, ROOT)))


def idx(net, ids):
    return None if ids is None else [net.section_index[s] for s in ids]


if __name__ == "__main__":
    main()
