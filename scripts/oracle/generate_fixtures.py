#!/usr/bin/env python3
"""Generate the oracle fixtures of the analysis engine (docs/format.md, docs/analysis.md and docs/cli.md).

Every expected result is computed by brute force with NetworkX, by the definitions of
docs/analysis.md: build a MultiGraph of the analysed network (one edge per section, key =
section id), remove the element(s) of a cut and look at which sites still reach a
head-end.  Nothing here is clever on purpose: the TypeScript engine is clever, this is
the reference it is compared with.

Usage:  python3 scripts/oracle/generate_fixtures.py        (from anywhere)

Deterministic (fixed seeds, no set iteration without sorting), stdlib + networkx only;
works with Debian's python3-networkx (2.8) and networkx 3.x.  Writes
tests/fixtures/oracle/*.json.  Reads the Topology Zoo GML files from
tests/fixtures/topology-zoo/ and checks them against its SHA256SUMS.
"""

import hashlib
import json
import math
import os
import random
import sys

import networkx as nx
from networkx.algorithms.flow import edmonds_karp

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "tests", "fixtures", "oracle")
ZOO_DIR = os.path.join(ROOT, "tests", "fixtures", "topology-zoo")

FORMAT = "fibre-topology/1"
OWNERS = ["SMSN", "Viatel", "Level 3", "Global Crossing", "divers"]
OWNER_WEIGHTS = [6, 2, 2, 1, 1]
KINDS = ("headend", "pop", "nro", "junction")
TOWNS = [
    "Abbeville", "Albert", "Amiens", "Ault", "Bray-sur-Somme", "Cayeux-sur-Mer",
    "Corbie", "Crecy-en-Ponthieu", "Doullens", "Feuquieres-en-Vimeu", "Friville-Escarbotin",
    "Ham", "Hornoy-le-Bourg", "Longueau", "Montdidier", "Moreuil", "Nesle", "Oisemont",
    "Péronne", "Poix-de-Picardie", "Roye", "Rue", "Saint-Valery-sur-Somme", "Villers-Bocage",
    "Flixecourt", "Conty", "Ailly-sur-Noye", "Chaulnes", "Combles", "Gamaches",
    "Boves", "Camon", "Rivery", "Picquigny", "Acheux-en-Amienois", "Domart-en-Ponthieu",
]
# Somme bounding box used for the synthetic networks.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 1.4, 3.2, 49.6, 50.4
SUPER_SOURCE = ("__super_source__",)  # a tuple: can never collide with a string site id


# --------------------------------------------------------------------------- helpers

def haversine_m(lon1, lat1, lon2, lat2):
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def length_between(a, b, detour=1.0):
    return max(1, int(round(haversine_m(a["lon"], a["lat"], b["lon"], b["lat"]) * detour)))


def clamp(x, lo, hi):
    return min(hi, max(lo, x))


def is_ascii(s):
    try:
        s.encode("ascii")
        return True
    except UnicodeEncodeError:
        return False


# --------------------------------------------------------------------------- validation (docs/format.md)

TOP_KEYS = {"format", "name", "description", "provenance", "sites", "sections",
            "redundancyLinks", "desaturationWorks", "declaredTotals"}


def validate_topology(t):
    """Assert the document is valid per docs/format.md (the fixtures must be valid input)."""
    assert set(t) <= TOP_KEYS, set(t) - TOP_KEYS
    assert t["format"] == FORMAT
    assert isinstance(t["name"], str) and t["name"]
    sites = {}
    for s in t["sites"]:
        sid = s["id"]
        assert isinstance(sid, str) and sid and is_ascii(sid), sid
        assert sid not in sites, "duplicate site " + sid
        assert s["kind"] in KINDS, s
        assert -180 <= s["lon"] <= 180 and -90 <= s["lat"] <= 90, s
        if "subscribers" in s:
            assert isinstance(s["subscribers"], int) and s["subscribers"] >= 0, s
        assert s.get("status", "existing") in ("existing", "planned"), s
        assert isinstance(s.get("name", ""), str)
        sites[sid] = s
    seen = set()
    for e in t["sections"]:
        eid = e["id"]
        assert isinstance(eid, str) and eid and is_ascii(eid), eid
        assert eid not in seen, "duplicate section " + eid
        seen.add(eid)
        assert e["from"] in sites and e["to"] in sites, e
        assert e["from"] != e["to"], "self-loop " + eid
        assert e["lengthM"] > 0, e
        assert isinstance(e["owner"], str) and e["owner"] and is_ascii(e["owner"]), e
        st = e.get("status", "existing")
        assert st in ("existing", "planned"), e
        if st == "existing":
            for end in (e["from"], e["to"]):
                assert sites[end].get("status", "existing") == "existing", \
                    "existing section %s ends at planned site %s" % (eid, end)
        if "capacityFibres" in e:
            assert isinstance(e["capacityFibres"], int) and e["capacityFibres"] > 0
        if "usedFibres" in e:
            assert isinstance(e["usedFibres"], int) and e["usedFibres"] >= 0
            if "capacityFibres" in e:
                assert e["usedFibres"] <= e["capacityFibres"], e
        for g in e.get("riskGroups", []):
            assert isinstance(g, str) and g and is_ascii(g)
        assert len(set(e.get("riskGroups", []))) == len(e.get("riskGroups", []))
    seen = set()
    for r in t.get("redundancyLinks", []):
        assert r["id"] not in seen and is_ascii(r["id"])
        seen.add(r["id"])
        assert r["a"] in sites and r["b"] in sites and r["a"] != r["b"]
        assert r["lengthM"] > 0
    seen = set()
    section_ids = {e["id"] for e in t["sections"]}
    for d in t.get("desaturationWorks", []):
        assert d["id"] not in seen
        seen.add(d["id"])
        assert all(s in section_ids for s in d["sections"])


# --------------------------------------------------------------------------- the oracle (docs/analysis.md)

def reach(G, heads):
    """Sites joined to some head-end in G (head-ends themselves included)."""
    out = set()
    for h in heads:
        if h in G and h not in out:
            out |= nx.node_connected_component(G, h)
    return out


class Oracle:
    def __init__(self, topo, options):
        include = options["includePlanned"]

        def analysed(x):
            return x.get("status", "existing") == "existing" or include

        self.sites = {s["id"]: s for s in topo["sites"] if analysed(s)}
        self.sections = {e["id"]: e for e in topo["sections"]
                         if analysed(e) and e["from"] in self.sites and e["to"] in self.sites}
        G = nx.MultiGraph()
        G.add_nodes_from(self.sites)
        for e in self.sections.values():
            G.add_edge(e["from"], e["to"], key=e["id"])
        self.G = G
        if options["headends"] is not None:
            heads = list(options["headends"])
            for h in heads:
                assert h in self.sites, "head-end override %s is not an analysed site" % h
        else:
            heads = [sid for sid, s in self.sites.items() if s["kind"] == "headend"]
        self.heads = sorted(set(heads))
        self.headset = set(self.heads)
        self.base = reach(G, self.heads)
        groups = {}
        owners = {}
        for eid in sorted(self.sections):
            e = self.sections[eid]
            for g in e.get("riskGroups", []):
                groups.setdefault(g, []).append(eid)
            owners.setdefault(e["owner"], []).append(eid)
        self.groups = groups  # risk group -> its analysed sections
        self.owners = owners  # owner -> its analysed sections

    def subs(self, sid):
        return self.sites[sid].get("subscribers", 0)

    def impact(self, sections=(), sites=(), groups=(), owners=()):
        """Brute force: remove the elements, see what no longer reaches a head-end."""
        cut_sections = set(sections)
        for g in groups:
            cut_sections |= set(self.groups.get(g, []))
        for o in owners:
            cut_sections |= set(self.owners.get(o, []))
        H = self.G.copy()
        for eid in sorted(cut_sections):
            e = self.sections[eid]
            H.remove_edge(e["from"], e["to"], key=eid)
        H.remove_nodes_from(sorted(sites))
        after = reach(H, self.heads)
        iso = sorted(s for s in self.base if s not in after and s not in self.headset)
        return {
            "isolatedSites": iso,
            "isolatedNros": [s for s in iso if self.sites[s]["kind"] == "nro"],
            "subscribersCut": sum(self.subs(s) for s in iso),
        }

    def paths(self, nro):
        """min(2, number of section-disjoint paths from nro to the set of head-ends)."""
        if nro in self.headset:
            return 2  # a head-end is trivially secured (documented convention)
        D = nx.DiGraph()
        D.add_nodes_from(self.G.nodes)
        D.add_node(SUPER_SOURCE)
        for u, v, _k in self.G.edges(keys=True):
            for a, b in ((u, v), (v, u)):
                if D.has_edge(a, b):
                    D[a][b]["capacity"] += 1  # parallel sections = separate unit capacities
                else:
                    D.add_edge(a, b, capacity=1)
        for h in self.heads:
            D.add_edge(SUPER_SOURCE, h)  # no capacity attribute = infinite capacity
        value = nx.maximum_flow_value(D, SUPER_SOURCE, nro, flow_func=edmonds_karp, cutoff=2)
        return min(2, int(value))

    def analyse(self):
        cut_impact = {}
        for eid in sorted(self.sections):
            cut_impact[eid] = self.impact(sections=[eid])
        site_impact = {}
        for sid in sorted(self.sites):
            if sid not in self.headset:
                site_impact[sid] = self.impact(sites=[sid])
        group_impact = {g: self.impact(groups=[g]) for g in sorted(self.groups)}

        nros = []
        for sid in sorted(self.sites):
            s = self.sites[sid]
            if s["kind"] != "nro":
                continue
            p = self.paths(sid)
            crit_sec = sorted(e for e, imp in cut_impact.items() if sid in imp["isolatedSites"])
            crit_sites = sorted(v for v, imp in site_impact.items()
                                if v != sid and sid in imp["isolatedSites"])
            srg = sorted(g for g, imp in group_impact.items() if sid in imp["isolatedSites"])
            entry = {"id": sid}
            if s.get("name") is not None:
                entry["name"] = s["name"]
            entry.update({
                "subscribers": self.subs(sid),
                "paths": p,
                "status": ["isolated", "single-homed", "secured"][p],
                "criticalSections": crit_sec,
                "criticalSites": crit_sites,
                "sharedRiskGroups": srg,
                "exposedBy": sorted({self.sections[e]["owner"] for e in crit_sec}),
            })
            nros.append(entry)

        bridges = sorted(e for e, imp in cut_impact.items() if imp["isolatedSites"])
        arts = sorted(v for v, imp in site_impact.items()
                      if any(x != v for x in imp["isolatedSites"]))

        def table(d, key):
            rows = []
            for k, imp in d.items():
                rows.append({key: k, "isolatedNros": imp["isolatedNros"],
                             "subscribersCut": imp["subscribersCut"],
                             "isolatedSites": imp["isolatedSites"]})
            rows.sort(key=lambda r: (-r["subscribersCut"], r[key]))
            return rows

        expected = {
            "headends": list(self.heads),
            "nros": nros,
            "bridges": bridges,
            "articulationSites": arts,
            "cutImpact": table(cut_impact, "section"),
            "siteImpact": table(site_impact, "site"),
        }
        self.check(expected, cut_impact, site_impact, group_impact)
        return expected

    # ----------------------------------------------------------------- consistency checks

    def check(self, ex, cut_impact, site_impact, group_impact):
        base, heads = self.base, self.headset
        for imp in list(cut_impact.values()) + list(site_impact.values()) + list(group_impact.values()):
            iso = imp["isolatedSites"]
            assert iso == sorted(set(iso))
            assert set(iso) <= base and not (set(iso) & heads)
            assert set(imp["isolatedNros"]) <= set(iso)
            assert imp["subscribersCut"] == sum(self.subs(s) for s in iso)
        for sid, imp in site_impact.items():
            assert (sid in imp["isolatedSites"]) == (sid in base)
        for n in ex["nros"]:
            sid, p = n["id"], n["paths"]
            assert (p == 0) == (sid not in base), n
            # Menger: exactly one disjoint path <=> some single section disconnects it
            assert (p == 1) == bool(n["criticalSections"]), n
            if p == 0:
                assert not n["criticalSites"] and not n["sharedRiskGroups"], n
            if sid in heads:
                assert p == 2 and not n["criticalSites"] and not n["sharedRiskGroups"]
            assert set(n["criticalSections"]) <= set(ex["bridges"])
            assert set(n["criticalSites"]) <= set(ex["articulationSites"])
            assert not (set(n["criticalSites"]) & heads) and sid not in n["criticalSites"]
            # a critical section lies in every risk group... no: but a risk group holding a
            # critical section is necessarily a shared risk group of that NRO
            for g, secs in self.groups.items():
                if set(secs) & set(n["criticalSections"]):
                    assert g in n["sharedRiskGroups"], (n, g)
            # ends of a critical section other than the NRO and head-ends are critical
            # sites, unless the section hangs from the NRO's far side (cannot: connectivity)
            for e in n["criticalSections"]:
                for end in (self.sections[e]["from"], self.sections[e]["to"]):
                    if end != sid and end not in heads:
                        assert end in n["criticalSites"], (n, e, end)
        assert ex["bridges"] == sorted(e for e, i in cut_impact.items() if i["isolatedSites"])
        # Independent cross-check with NetworkX's own algorithms.  Contract all head-ends
        # into one node (this preserves "reaches a head-end" for every removal of non-head
        # elements), then: a section is a bridge iff it is a graph bridge of the contracted
        # multigraph (no parallel twin) in the head-end's component; a site is an
        # articulation site iff it is a cut vertex there; an NRO is secured iff it lies in
        # the head-end's 2-edge-connected component (Menger).
        if not self.heads:
            assert not base and not ex["bridges"] and not ex["articulationSites"]
            assert all(n["paths"] == 0 for n in ex["nros"])
            return
        star = SUPER_SOURCE

        def m(v):
            return star if v in heads else v
        simple = nx.Graph()
        simple.add_nodes_from(m(v) for v in self.G.nodes)
        mult = {}
        ends = {}
        for u, v, k in self.G.edges(keys=True):
            a, b = m(u), m(v)
            if a == b:
                continue  # a section between two head-ends
            simple.add_edge(a, b)
            key = frozenset((a, b))
            mult[key] = mult.get(key, 0) + 1
            ends[k] = key
        comp = nx.node_connected_component(simple, star)
        assert comp - {star} == base - heads
        true_bridges = {frozenset(e) for e in nx.bridges(simple) if mult[frozenset(e)] == 1}
        want_b = sorted(k for k, key in ends.items() if key in true_bridges and set(key) <= comp)
        assert ex["bridges"] == want_b, (ex["bridges"], want_b)
        aps = set(nx.articulation_points(simple))
        want_a = sorted(v for v in aps if v in comp and v != star)
        assert ex["articulationSites"] == want_a, (ex["articulationSites"], want_a)
        two = simple.copy()
        two.remove_edges_from([tuple(b) for b in true_bridges])
        secured = nx.node_connected_component(two, star)
        for n in ex["nros"]:
            if n["id"] in heads:
                continue
            want = 2 if n["id"] in secured else (1 if n["id"] in comp else 0)
            assert n["paths"] == want, (n, want)


# --------------------------------------------------------------------------- random cuts

def random_cuts(rng, orc, count=5):
    secs = sorted(orc.sections)
    sites = sorted(s for s in orc.sites if s not in orc.headset)
    groups = sorted(orc.groups)
    owners = sorted(orc.owners)
    minor = [o for o in owners if len(orc.owners[o]) <= max(1, len(secs) // 3)] or owners
    reqs = []

    def pick(pool, lo, hi):
        if not pool:
            return []
        return sorted(rng.sample(pool, min(len(pool), rng.randint(lo, hi))))

    reqs.append({"sections": pick(secs, 2, 3), "sites": [], "riskGroups": [], "owners": []})
    reqs.append({"sections": pick(secs, 1, 1), "sites": pick(sites, 1, 2), "riskGroups": [],
                 "owners": []})
    reqs.append({"sections": [], "sites": [], "riskGroups": pick(groups, 1, 2), "owners": []})
    reqs.append({"sections": [], "sites": [], "riskGroups": [], "owners": pick(minor, 1, 1)})
    reqs.append({"sections": pick(secs, 1, 2), "sites": pick(sites, 1, 1),
                 "riskGroups": pick(groups, 1, 1), "owners": pick(minor, 1, 1)})
    if count > 5:
        reqs.append({"sections": pick(secs, 3, 6), "sites": pick(sites, 2, 3),
                     "riskGroups": [], "owners": []})
    out = []
    for r in reqs:
        if not (r["sections"] or r["sites"] or r["riskGroups"] or r["owners"]):
            continue
        exp = orc.impact(r["sections"], r["sites"], r["riskGroups"], r["owners"])
        out.append({"request": r, "expected": exp})
    return out


# --------------------------------------------------------------------------- synthetic networks

class Builder:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.sites = []
        self.sections = []
        self.by_id = {}
        self.counters = {}
        self.n_sec = 0

    def next_id(self, prefix):
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return "%s-%d" % (prefix, self.counters[prefix])

    def site(self, kind, lon, lat, planned=False, prefix=None, subscribers=None):
        rng = self.rng
        prefix = prefix or {"headend": "HE", "pop": "POP", "nro": "NRO", "junction": "J"}[kind]
        sid = self.next_id(prefix)
        town = TOWNS[rng.randrange(len(TOWNS))]
        label = {"headend": "Head-end", "pop": "POP", "nro": "NRO", "junction": "Junction"}[kind]
        s = {"id": sid, "kind": kind, "name": "%s %s %s" % (label, town, sid.split("-")[-1]),
             "lon": round(clamp(lon, LON_MIN, LON_MAX), 6),
             "lat": round(clamp(lat, LAT_MIN, LAT_MAX), 6)}
        if subscribers is None:
            if kind == "nro":
                x = rng.random()
                if x < 0.08:
                    pass  # omitted: defaults to 0
                elif x < 0.13:
                    s["subscribers"] = 0
                else:
                    s["subscribers"] = rng.randint(50, 5000)
            elif kind == "pop" and rng.random() < 0.25:
                s["subscribers"] = rng.randint(1, 300)
        elif subscribers is not False:
            s["subscribers"] = subscribers
        if planned:
            s["status"] = "planned"
        elif rng.random() < 0.3:
            s["status"] = "existing"
        self.sites.append(s)
        self.by_id[sid] = s
        return sid

    def near(self, sid, spread=0.08):
        s = self.by_id[sid]
        return (s["lon"] + self.rng.gauss(0, spread), s["lat"] + self.rng.gauss(0, spread * 0.6))

    def section(self, a, b, planned=False, owner=None, groups=None, length=None):
        rng = self.rng
        assert a != b
        if rng.random() < 0.5:
            a, b = b, a  # orientation is meaningless; mix it
        self.n_sec += 1
        eid = "S-%d" % self.n_sec if not planned else "SP-%d" % self.n_sec
        sa, sb = self.by_id[a], self.by_id[b]
        e = {"id": eid, "from": a, "to": b,
             "lengthM": length or length_between(sa, sb, rng.uniform(1.05, 1.5)),
             "owner": owner or rng.choices(OWNERS, OWNER_WEIGHTS)[0]}
        if planned:
            e["status"] = "planned"
        elif rng.random() < 0.3:
            e["status"] = "existing"
        if rng.random() < 0.5:
            cap = rng.choice([24, 48, 72, 144, 288])
            e["capacityFibres"] = cap
            if rng.random() < 0.7:
                e["usedFibres"] = rng.randint(0, cap)
        if groups:
            e["riskGroups"] = list(groups)
        if rng.random() < 0.1:
            mid = [round((sa["lon"] + sb["lon"]) / 2 + rng.uniform(-0.01, 0.01), 6),
                   round((sa["lat"] + sb["lat"]) / 2 + rng.uniform(-0.01, 0.01), 6)]
            pa, pb = (sa, sb) if e["from"] == sa["id"] else (sb, sa)
            e["geometry"] = [[pa["lon"], pa["lat"]], mid, [pb["lon"], pb["lat"]]]
        self.sections.append(e)
        return eid

    def add_group(self, eid, g):
        e = next(x for x in self.sections if x["id"] == eid)
        gs = e.setdefault("riskGroups", [])
        if g not in gs:
            gs.append(g)


def gen_random(seed, n, heads=1, link_heads=True, chord_frac=0.15, islands=1,
               planned=0, planned_headend=False, only_planned_headend=False, extras=False):
    """A fibre-like network of about n sites (all kinds, planned ones included)."""
    b = Builder(seed)
    rng = b.rng
    anchors = [(2.30, 49.89), (1.83, 50.10), (2.93, 49.93)]
    main = []
    if not only_planned_headend:
        for i in range(heads):
            lon, lat = anchors[i]
            main.append(b.site("headend", lon + rng.uniform(-0.03, 0.03),
                               lat + rng.uniform(-0.02, 0.02), subscribers=False))
        if heads == 2 and link_heads:
            b.section(main[0], main[1], owner="SMSN")
    else:
        # the only head-end is planned; the existing network hangs from a POP
        main.append(b.site("pop", anchors[0][0], anchors[0][1]))
    n_island_sites = 0
    island_sizes = []
    for _ in range(islands):
        k = rng.randint(1, 4) if n >= 12 else 1
        island_sizes.append(k)
        n_island_sites += k
    n_core = max(len(main) + 2, n - n_island_sites - planned - (1 if planned_headend else 0))
    roots = list(main)
    while len(main) < n_core:
        weights = [{"headend": 3, "pop": 3, "junction": 2, "nro": 1}[b.by_id[x]["kind"]]
                   for x in main]
        parent = rng.choices(main, weights)[0]
        if heads == 2 and not link_heads and len(main) < 4:
            parent = roots[len(main) % len(roots)]
        kind = rng.choices(["pop", "junction", "nro"], [15, 12, 73])[0]
        lon, lat = b.near(parent)
        child = b.site(kind, lon, lat)
        b.section(parent, child)
        main.append(child)
    existing_sections = lambda: [e["id"] for e in b.sections if "status" not in e or e["status"] == "existing"]
    # chords (cycles)
    for _ in range(int(round(chord_frac * n_core))):
        x, y = rng.sample(main, 2)
        b.section(x, y)
    # parallel sections
    for i in range(max(1, n_core // 15)):
        e = rng.choice(b.sections)
        g = ["trench-%d" % (i + 1)] if rng.random() < 0.5 else None
        b.section(e["from"], e["to"], length=e["lengthM"] + rng.randint(0, 30),
                         groups=g)
        if g:
            b.add_group(e["id"], g[0])
    # risk groups: walks of 2-4 adjacent sections, or 2-3 unrelated ones (a bridge crossing)
    adj = {}
    for e in b.sections:
        adj.setdefault(e["from"], []).append(e)
        adj.setdefault(e["to"], []).append(e)
    for i in range(max(1, n_core // 12)):
        g = "RG-%d" % (i + 1)
        if rng.random() < 0.7:
            e = rng.choice(b.sections)
            walk = [e["id"]]
            node = rng.choice([e["from"], e["to"]])
            for _ in range(rng.randint(1, 3)):
                nxt = [x for x in adj[node] if x["id"] not in walk]
                if not nxt:
                    break
                x = rng.choice(nxt)
                walk.append(x["id"])
                node = x["to"] if x["from"] == node else x["from"]
            if len(walk) < 2:
                walk.append(rng.choice([x["id"] for x in b.sections if x["id"] not in walk]))
        else:
            walk = rng.sample([x["id"] for x in b.sections], min(len(b.sections), rng.randint(2, 3)))
        for eid in walk:
            b.add_group(eid, g)
    # islands: sites with no way to a head-end
    island_nodes = []
    for k in island_sizes:
        lon = rng.uniform(LON_MIN + 0.1, LON_MAX - 0.1)
        lat = rng.uniform(LAT_MIN + 0.05, LAT_MAX - 0.05)
        first = b.site(rng.choice(["pop", "nro"]), lon, lat)
        nodes = [first]
        for _ in range(k - 1):
            x = rng.choice(nodes)
            lon2, lat2 = b.near(x, 0.03)
            y = b.site(rng.choice(["nro", "nro", "junction"]), lon2, lat2)
            b.section(x, y)
            nodes.append(y)
        if k >= 3:
            b.section(nodes[0], nodes[-1])  # a cycle inside the island
        island_nodes.append(nodes)
    # planned elements
    planned_sites = []
    for i in range(planned):
        anchor = rng.choice(main + planned_sites)
        lon, lat = b.near(anchor)
        p = b.site(rng.choice(["nro", "nro", "pop"]), lon, lat, planned=True)
        b.section(anchor, p, planned=True)
        if rng.random() < 0.4:
            other = rng.choice([x for x in main if x != anchor])
            b.section(other, p, planned=True)
        planned_sites.append(p)
    if planned or planned_headend:
        # planned redundancy sections between existing sites
        for _ in range(max(1, n_core // 10)):
            x, y = rng.sample(main, 2)
            pe = b.section(x, y, planned=True)
            if rng.random() < 0.3:
                # a risk group mixing an existing and a planned section
                b.add_group(pe, "RG-mixed")
                b.add_group(rng.choice(existing_sections()), "RG-mixed")
        if island_nodes and planned:
            b.section(rng.choice(island_nodes[0]), rng.choice(main), planned=True)
    if planned_headend or only_planned_headend:
        h = b.site("headend", 2.30 + rng.uniform(0.05, 0.1), 49.89 + rng.uniform(0.02, 0.05),
                   planned=True, subscribers=False)
        targets = rng.sample(main, min(2, len(main)))
        for x in targets:
            b.section(h, x, planned=True, owner="SMSN")
    topo = {"format": FORMAT, "name": "", "sites": b.sites, "sections": b.sections}
    if extras:
        nros = [s["id"] for s in b.sites if s["kind"] == "nro" and s.get("status") != "planned"]
        links = []
        for i in range(min(3, len(nros) // 2)):
            x, y = rng.sample(nros, 2)
            lm = length_between(b.by_id[x], b.by_id[y], 1.3)
            links.append({"id": "R-%02d" % (i + 1), "priority": i + 1, "a": x, "b": y,
                          "lengthM": lm, "costEur": lm * 25, "owner": "SMSN"})
        topo["redundancyLinks"] = links
        e = rng.choice(b.sections)
        topo["desaturationWorks"] = [{"id": "D-01", "urgency": 1, "label": "desaturation",
                                      "sections": [e["id"]], "owner": e["owner"],
                                      "lengthM": e["lengthM"], "costEur": e["lengthM"] * 15,
                                      "addedCapacityFibres": 144}]
        topo["declaredTotals"] = {
            "redundancyLinks": {"lengthM": sum(l["lengthM"] for l in links),
                                "costEur": sum(l["costEur"] for l in links)}}
    return topo, b


def handmade():
    """A small hand-checkable network covering the corner cases of docs/analysis.md."""
    def S(i, k, name, lon, lat, **kw):
        d = {"id": i, "kind": k, "name": name, "lon": lon, "lat": lat}
        d.update(kw)
        return d
    sites = [
        S("HE-A", "headend", "Head-end Amiens", 2.30, 49.89),
        S("HE-B", "headend", "Head-end Abbeville", 1.83, 50.10),
        S("NRO-A", "nro", "NRO Corbie", 2.51, 49.91, subscribers=1200),
        S("NRO-B", "nro", "NRO Rue", 1.67, 50.27, subscribers=800),
        S("POP-1", "pop", "POP Doullens", 2.34, 50.15, subscribers=10),
        S("NRO-C", "nro", "NRO Acheux", 2.53, 50.07, subscribers=900),
        S("J-1", "junction", "Junction Flixecourt", 2.08, 50.01),
        S("NRO-D", "nro", "NRO Domart", 2.12, 50.06, subscribers=450),
        S("POP-2", "pop", "POP Ham", 3.07, 49.75),
        S("NRO-E", "nro", "NRO Nesle", 2.91, 49.76, subscribers=300),
        S("NRO-F", "nro", "NRO Conty (planned)", 2.16, 49.74, subscribers=700, status="planned"),
        S("NRO-G", "nro", "NRO Picquigny", 2.14, 49.94, subscribers=650),
        S("NRO-H", "nro", "NRO Oisemont (no section)", 1.77, 49.95, subscribers=120),
        S("NRO-10", "nro", "NRO Boves", 2.39, 49.85),
        S("NRO-9", "nro", "NRO Camon", 2.35, 49.89, subscribers=0, status="existing"),
    ]

    def E(i, a, b, m, owner, **kw):
        d = {"id": i, "from": a, "to": b, "lengthM": m, "owner": owner}
        d.update(kw)
        return d
    sections = [
        E("S-1", "HE-A", "HE-B", 38000, "SMSN"),
        E("S-2", "HE-A", "NRO-A", 16000, "SMSN", riskGroups=["trench-1"]),
        E("S-3", "NRO-A", "HE-A", 16050, "Viatel", riskGroups=["trench-1"]),
        E("S-4", "HE-B", "NRO-B", 21000, "SMSN"),
        E("S-5", "NRO-B", "HE-B", 21400, "Level 3"),
        E("S-6", "HE-A", "POP-1", 30000, "Global Crossing", capacityFibres=144, usedFibres=140),
        E("S-7", "POP-1", "NRO-C", 16000, "SMSN"),
        E("S-8", "HE-A", "J-1", 17000, "Viatel"),
        E("S-9", "J-1", "HE-B", 19000, "Level 3"),
        E("S-10", "J-1", "NRO-D", 6500, "divers"),
        E("S-11", "POP-2", "NRO-E", 12000, "SMSN"),
        E("S-12", "HE-A", "NRO-F", 19000, "SMSN", status="planned"),
        E("S-13", "NRO-F", "NRO-D", 35000, "SMSN", status="planned"),
        E("S-14", "HE-A", "NRO-G", 12500, "SMSN", riskGroups=["RG-X"]),
        E("S-15", "NRO-G", "HE-B", 21000, "Viatel", riskGroups=["RG-X", "RG-Y"]),
        E("S-16", "HE-A", "NRO-10", 7000, "SMSN"),
        E("S-17", "NRO-10", "NRO-9", 4000, "SMSN", riskGroups=["RG-Y"]),
        E("S-18", "NRO-9", "HE-A", 3500, "Viatel", status="existing"),
        E("S-19", "POP-1", "NRO-E", 40000, "SMSN", status="planned"),
    ]
    return {"format": FORMAT, "name": "handmade", "sites": sites, "sections": sections}


# --------------------------------------------------------------------------- Topology Zoo

def read_sha256sums():
    sums = {}
    with open(os.path.join(ZOO_DIR, "SHA256SUMS"), encoding="ascii") as f:
        for line in f:
            if line.strip():
                h, name = line.split()
                sums[name] = h
    return sums


def load_zoo(name, sums):
    path = os.path.join(ZOO_DIR, name + ".gml")
    with open(path, "rb") as f:
        raw = f.read()
    assert hashlib.sha256(raw).hexdigest() == sums[name + ".gml"], "checksum " + name
    lines = raw.decode("utf-8").splitlines()
    # Several Zoo files repeat edges without declaring "multigraph 1" (see NOTICE.txt).
    if not any(l.strip() == "multigraph 1" for l in lines):
        i = next(i for i, l in enumerate(lines) if l.strip() == "graph [")
        lines = lines[:i + 1] + ["  multigraph 1"] + lines[i + 1:]
    G = nx.parse_gml(lines, label=None)
    assert G.is_multigraph() and not G.is_directed()
    return G


def zoo_topology(name, seed, n_heads):
    sums = read_sha256sums()
    G = load_zoo(name, sums)
    rng = random.Random(seed)
    nodes = sorted(G.nodes)
    loops = [(u, v) for u, v in G.edges() if u == v]
    deg = {v: sum(1 for a, b in G.edges(v) if a != b) for v in nodes}
    heads = sorted(nodes, key=lambda v: (-deg[v], v))[:n_heads]
    coords = {}
    for v in nodes:
        d = G.nodes[v]
        if "Longitude" in d and "Latitude" in d:
            coords[v] = (float(d["Longitude"]), float(d["Latitude"]))
    known = sorted(coords)
    c_lon = sum(coords[v][0] for v in known) / len(known)
    c_lat = sum(coords[v][1] for v in known) / len(known)
    missing = [v for v in nodes if v not in coords]
    n_missing = len(missing)
    while missing:
        progress = []
        for v in missing:
            nb = sorted({u for u in G.neighbors(v) if u != v and u in coords})
            if nb:
                progress.append((v, nb))
        if not progress:
            # no neighbour with coordinates: centre of the network, deterministic offset
            v = missing[0]
            progress = [(v, [])]
        for v, nb in progress:
            if nb:
                lon = sum(coords[u][0] for u in nb) / len(nb)
                lat = sum(coords[u][1] for u in nb) / len(nb)
            else:
                lon, lat = c_lon, c_lat
            coords[v] = (lon + rng.uniform(-0.05, 0.05), lat + rng.uniform(-0.05, 0.05))
        done = {v for v, _ in progress}
        missing = [v for v in missing if v not in done]
    sites = []
    sid = {v: "N%d" % v for v in nodes}
    for v in nodes:
        d = G.nodes[v]
        lon, lat = coords[v]
        if v in heads:
            kind = "headend"
        elif deg[v] >= 4 and rng.random() < 0.7:
            kind = "pop"
        elif deg[v] == 2 and rng.random() < 0.1:
            kind = "junction"
        else:
            kind = "nro"
        label = d.get("label")
        s = {"id": sid[v], "kind": kind,
             "name": str(label) if label not in (None, "") else "Node %d" % v,
             "lon": round(clamp(lon, -180, 180), 6), "lat": round(clamp(lat, -90, 90), 6)}
        if kind == "nro":
            s["subscribers"] = rng.randint(0, 4000)
        elif kind == "pop" and rng.random() < 0.3:
            s["subscribers"] = rng.randint(1, 200)
        sites.append(s)
    by = {s["id"]: s for s in sites}
    sections = []
    i = 0
    for u, v, _k in G.edges(keys=True):
        if u == v:
            continue
        i += 1
        a, b = by[sid[u]], by[sid[v]]
        sections.append({"id": "E%d" % i, "from": a["id"], "to": b["id"],
                         "lengthM": length_between(a, b),
                         "owner": rng.choices(OWNERS, OWNER_WEIGHTS)[0]})
    # synthetic risk groups: a few walks of 2-3 adjacent sections
    adj = {}
    for e in sections:
        adj.setdefault(e["from"], []).append(e)
        adj.setdefault(e["to"], []).append(e)
    for gi in range(max(2, len(sections) // 25)):
        e = rng.choice(sections)
        walk = [e]
        node = e["to"]
        for _ in range(rng.randint(1, 2)):
            nxt = [x for x in adj[node] if x not in walk]
            if not nxt:
                break
            x = rng.choice(nxt)
            walk.append(x)
            node = x["to"] if x["from"] == node else x["from"]
        for x in walk:
            x.setdefault("riskGroups", []).append("RG-%d" % (gi + 1))
    desc = ("Topology Zoo %s.gml (%d nodes, %d edges): node N<k> is GML node id k, section "
            "E<i> the i-th non-loop edge; %d head-end(s) = highest degree; parallel edges kept "
            "as parallel sections" % (name, G.number_of_nodes(), G.number_of_edges(),
                                      n_heads))
    if loops:
        desc += "; %d self-loop(s) dropped" % len(loops)
    if n_missing:
        desc += "; %d node(s) without coordinates placed near their neighbours" % n_missing
    topo = {"format": FORMAT, "name": "Topology Zoo %s (oracle fixture)" % name,
            "description": desc + ".",
            "provenance": ("Graph and coordinates: Internet Topology Zoo (CC BY 4.0), "
                           "Knight et al., IEEE JSAC 2011. Kinds, subscribers, owners, risk "
                           "groups: synthetic (seed %d). Lengths: great-circle distance." % seed),
            "sites": sites, "sections": sections}
    return topo


# --------------------------------------------------------------------------- output

def dumps(obj, depth=0):
    """Readable, diffable JSON: one site/section/result per line, compact inside."""
    def compact(o):
        return json.dumps(o, ensure_ascii=False, separators=(",", ":"))

    if isinstance(obj, dict) and depth < 2 and any(
            isinstance(v, (dict, list)) and not is_flat(v) for v in obj.values()):
        items = ["%s:%s" % (compact(k), dumps(v, depth + 1)) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n}"
    if isinstance(obj, list) and obj and any(isinstance(x, dict) for x in obj):
        return "[\n" + ",\n".join(dumps(x, 3) for x in obj) + "\n]"
    return compact(obj)


def is_flat(v):
    if isinstance(v, dict):
        return all(not isinstance(x, (dict, list)) or (isinstance(x, list) and all(
            not isinstance(y, (dict, list)) for y in x)) for x in v.values())
    if isinstance(v, list):
        return all(not isinstance(x, (dict, list)) for x in v)
    return True


def make_fixture(name, topo, options, seed, n_cuts=5):
    topo = dict(topo)
    topo["name"] = topo.get("name") or name
    validate_topology(topo)
    orc = Oracle(topo, options)
    expected = orc.analyse()
    cuts = random_cuts(random.Random(seed * 7919 + 1), orc, n_cuts)
    return {"name": name, "options": options, "topology": topo, "expected": expected,
            "cuts": cuts}


def fixtures():
    """Yields (name, topology, options, seed)."""
    def opts(include, heads=None):
        return {"headends": heads, "includePlanned": include}

    # hand-made corner cases, with and without the planned elements
    t = handmade()
    t["description"] = ("Hand-made corner cases: parallel sections with and without a shared "
                        "risk group, a section between two head-ends, an island, a site with "
                        "no section, planned sections, ids that sort as strings (NRO-10 < NRO-9).")
    yield "handmade-existing", t, opts(False), 1
    yield "handmade-planned", t, opts(True), 2

    specs = [
        # name, seed, n, kwargs, options(include, override-kind)
        ("rand-n5", 101, 5, dict(islands=0), False, None),
        ("rand-n6-planned", 102, 6, dict(islands=1, planned=1), True, None),
        ("rand-n8-2he", 103, 8, dict(heads=2), False, None),
        ("rand-n10-planned-off", 104, 10, dict(planned=2, extras=True), False, None),
        ("rand-n12-override-pop", 122, 12, dict(), False, "pop"),
        ("rand-n15", 106, 15, dict(chord_frac=0.3), False, None),
        ("rand-n20-2he-planned", 107, 20, dict(heads=2, planned=3), True, None),
        ("rand-n25-override-nro", 108, 25, dict(heads=1), False, "nro+he"),
        ("rand-n30-islands", 109, 30, dict(islands=3, chord_frac=0.1), False, None),
        ("rand-n50-2he-unlinked", 111, 50, dict(heads=2, link_heads=False, chord_frac=0.08),
         False, None),
        ("rand-n60-planned-he", 112, 60, dict(planned=5, planned_headend=True, extras=True),
         True, None),
        ("rand-n80", 113, 80, dict(chord_frac=0.1, islands=2), False, None),
        ("rand-n100-2he", 114, 100, dict(heads=2, chord_frac=0.12), False, None),
        ("rand-n120-planned", 115, 120, dict(planned=8, chord_frac=0.1), True, None),
        ("rand-n150-sparse", 116, 150, dict(chord_frac=0.04, islands=2), False, None),
        ("rand-n200-2he-planned-off", 117, 200, dict(heads=2, planned=10, chord_frac=0.1),
         False, None),
        ("rand-n250-planned", 118, 250, dict(planned=12, chord_frac=0.08, islands=3), True, None),
        ("rand-n300-2he", 119, 300, dict(heads=2, chord_frac=0.06, islands=2), False, None),
    ]
    for name, seed, n, kw, include, override in specs:
        topo, b = gen_random(seed, n, **kw)
        heads = None
        if override:
            rng = random.Random(seed + 5000)
            analysed = [s for s in topo["sites"] if s.get("status", "existing") == "existing"]
            g = nx.MultiGraph()
            g.add_nodes_from(s["id"] for s in analysed)
            g.add_edges_from((e["from"], e["to"]) for e in topo["sections"]
                             if e.get("status", "existing") == "existing")
            main_part = nx.node_connected_component(g, "HE-1")
            if override == "pop":
                # a POP of the main network replaces HE-1, which becomes an ordinary site
                pops = []
                for kind in ("pop", "junction", "nro"):
                    pops = pops or sorted(s["id"] for s in analysed if s["kind"] == kind
                                          and s["id"] in main_part)
                heads = [rng.choice(pops)]
            else:
                # HE-1 plus an NRO outside the main network (an island gets its own head-end)
                nros = sorted(s["id"] for s in analysed if s["kind"] == "nro"
                              and s["id"] not in main_part)
                nros = nros or sorted(s["id"] for s in analysed if s["kind"] == "nro")
                heads = sorted(["HE-1", rng.choice(nros)])
        topo["description"] = "Synthetic fibre-like network, seed %d, %d sites." % (seed, len(topo["sites"]))
        yield name, topo, opts(include, heads), seed
    # the same network seen without and with its planned elements
    topo, b = gen_random(110, 40, planned=4, planned_headend=True, chord_frac=0.1)
    topo["description"] = "Synthetic fibre-like network, seed 110; twin of rand-n40-planned-on."
    yield "rand-n40-planned-off", topo, opts(False), 110
    yield "rand-n40-planned-on", topo, opts(True), 1110
    # the only head-end is planned: without planned elements nothing is connected
    topo, b = gen_random(120, 20, only_planned_headend=True, planned=2)
    topo["description"] = "Synthetic network whose only head-end is planned (seed 120)."
    yield "rand-n20-planned-headend-off", topo, opts(False), 120
    yield "rand-n20-planned-headend-on", topo, opts(True), 1120

    for name, seed, nh in [("Renater2010", 201, 1), ("Geant2012", 202, 2), ("Colt", 203, 2),
                           ("Interoute", 204, 2), ("Kdl", 205, 1)]:
        yield "zoo-" + name.lower(), zoo_topology(name, seed, nh), opts(False), seed


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    total = 0
    count = 0
    for name, topo, options, seed in fixtures():
        fx = make_fixture(name, topo, options, seed, n_cuts=6 if len(topo["sites"]) > 50 else 5)
        text = dumps(fx) + "\n"
        assert json.loads(text) == fx
        path = os.path.join(OUT_DIR, name + ".json")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        size = len(text.encode("utf-8"))
        total += size
        count += 1
        ex = fx["expected"]
        st = [sum(1 for n in ex["nros"] if n["paths"] == p) for p in (0, 1, 2)]
        print("%-32s %4d sites %4d sections  nros iso/single/sec %3d/%3d/%3d  bridges %3d  "
              "arts %3d  %7.1f KB" % (name, len(fx["topology"]["sites"]),
                                       len(fx["topology"]["sections"]), st[0], st[1], st[2],
                                       len(ex["bridges"]), len(ex["articulationSites"]),
                                       size / 1024.0))
    print("%d fixtures, %.1f KB (python %s, networkx %s)" % (
        count, total / 1024.0, sys.version.split()[0], nx.__version__))


if __name__ == "__main__":
    main()
