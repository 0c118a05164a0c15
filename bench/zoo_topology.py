"""A Topology Zoo GML file as a fibre-topology/1 document, by the conversion of the oracle
fixtures (scripts/oracle/generate_fixtures.py, `zoo_topology`): "multigraph 1" added before
parsing, parallel edges kept as parallel sections, self-loops dropped, nodes without
coordinates placed near their neighbours, great-circle lengths, synthetic kinds/owners/risk
groups, the highest-degree node(s) as head-end(s).

usage: python3 bench/zoo_topology.py DIR NAME [SEED] [HEADENDS]
  DIR holds NAME.gml and a SHA256SUMS file (the checksum is verified).
  SEED and HEADENDS default to the oracle fixture's choice for the five networks it converts,
  else 300 + the network's rank in DIR and 1 head-end (2 from 100 nodes).
prints the topology on stdout, or exits with status 3 and the reason on stderr when the
network cannot be placed on a map (more than half of its nodes without coordinates: Pern).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts", "oracle"))
import generate_fixtures as fixtures  # noqa: E402

# The oracle fixtures' (seed, head-ends) of the networks they convert.
FIXTURE_CHOICES = {"Renater2010": (201, 1), "Geant2012": (202, 2), "Colt": (203, 2),
                   "Interoute": (204, 2), "Kdl": (205, 1)}


def placeable(graph):
    """Why the network cannot be placed (None when it can)."""
    nodes = graph.number_of_nodes()
    located = sum(1 for _, d in graph.nodes(data=True) if "Longitude" in d and "Latitude" in d)
    if 2 * located < nodes:
        return "%d of its %d nodes have no coordinates" % (nodes - located, nodes)
    return None


def convert(directory, name, seed=None, headends=None):
    """(topology, None) or (None, reason)."""
    fixtures.ZOO_DIR = directory  # the conversion reads NAME.gml and SHA256SUMS there
    graph = fixtures.load_zoo(name, fixtures.read_sha256sums())
    reason = placeable(graph)
    if reason:
        return None, reason
    default_seed, default_heads = FIXTURE_CHOICES.get(name, (None, None))
    if seed is None:
        names = sorted(f[:-4] for f in os.listdir(directory) if f.endswith(".gml"))
        seed = default_seed or 300 + names.index(name)
    if headends is None:
        headends = default_heads or (2 if graph.number_of_nodes() >= 100 else 1)
    return fixtures.zoo_topology(name, seed, headends), None


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    seed = int(argv[3]) if len(argv) > 3 else None
    heads = int(argv[4]) if len(argv) > 4 else None
    topology, reason = convert(argv[1], argv[2], seed, heads)
    if topology is None:
        sys.stderr.write("%s: skipped, %s\n" % (argv[2], reason))
        return 3
    json.dump(topology, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
