"""Times python-igraph's bridges() and articulation_points() on an edge list: the reference
the resilience engine's `analyse` phase is compared with in `npm run bench`.

usage: python3 bench/igraph_cuts.py EDGES.txt   (first line: site count; then "u v" per section)
prints one JSON line: {"bridges_ms": …, "articulation_ms": …, "bridges": n, "articulation": n, "runs": 3},
the run with the median total of three.
"""
import json
import sys
import time

import igraph

REPEAT = 3


def main(path):
    with open(path) as f:
        n = int(f.readline())
        edges = [tuple(map(int, line.split())) for line in f]
    graph = igraph.Graph(n=n, edges=edges, directed=False)
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        bridges = graph.bridges()
        middle = time.perf_counter()
        articulation = graph.articulation_points()
        end = time.perf_counter()
        runs.append(((middle - start) * 1000, (end - middle) * 1000))
    runs.sort(key=sum)
    bridges_ms, articulation_ms = runs[len(runs) // 2]
    print(json.dumps({
        "bridges_ms": round(bridges_ms, 1),
        "articulation_ms": round(articulation_ms, 1),
        "bridges": len(bridges),
        "articulation": len(articulation),
        "runs": REPEAT,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
