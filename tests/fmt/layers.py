#!/usr/bin/python3
"""Which files of a directory of object files call each other in a circle.

usage: layers.py DIR

A file uses another when it refers to a symbol the other defines (nm). Prints
each circle (a strongly connected set of two or more files) on one line,
"N file file ...", with the calls that make it indented below; nothing when
the files form layers."""
import collections
import glob
import os
import subprocess
import sys

objs = sorted(glob.glob(sys.argv[1] + "/*.o"))
defs, uses = {}, collections.defaultdict(set)
for o in objs:
    n = os.path.basename(o)[:-2]
    out = subprocess.run(["nm", o], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            defs[parts[2]] = n
        elif len(parts) == 2 and parts[0] == "U":
            uses[n].add(parts[1])
graph = collections.defaultdict(set)
for n, us in uses.items():
    for u in us:
        if u in defs and defs[u] != n:
            graph[n].add(defs[u])

# Tarjan's strongly connected components.
index, low, stack, on, found = {}, {}, [], set(), []
counter = [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in sorted(graph[v]):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            found.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in sorted(graph):
    if v not in index:
        visit(v)
for comp in found:
    print(len(comp), " ".join(comp))
    members = set(comp)
    for n in comp:
        for u in sorted(uses[n]):
            if u in defs and defs[u] in members and defs[u] != n:
                print("   %s -> %s: %s" % (n, defs[u], u))
