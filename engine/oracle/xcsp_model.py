"""Reads an XCSP 2.1 document (extensional constraints) into the oracle's
model: variable -> values (as written), and one list of allowed rows
(variable -> value) per constraint. Written apart from the engine's reader
(xml.etree, not the engine's XML code), so the import is checked too.

`conflicts` relations become the complement of their tuples over the scope;
tuples naming a value outside a domain never match and are dropped.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path


def _values(text: str) -> list[str]:
    out: list[str] = []
    for token in text.split():
        if ".." in token:
            low, high = (int(x) for x in token.split(".."))
            out.extend(str(v) for v in range(low, high + 1))
        else:
            out.append(str(int(token)))
    return out


def read_xcsp(path: Path) -> tuple[dict[str, list[str]], dict[str, list[dict[str, str]]]]:
    root = ET.parse(path).getroot()
    domains = {d.get("name"): _values(d.text or "") for d in root.find("domains")}
    variables = {v.get("name"): domains[v.get("domain")] for v in root.find("variables")}
    relations = {r.get("name"): r for r in root.find("relations")}
    tables: dict[str, list[dict[str, str]]] = {}
    for c in root.find("constraints"):
        scope = c.get("scope").split()
        relation = relations[c.get("reference")]
        tuples = {
            tuple(str(int(x)) for x in t.split())
            for t in (relation.text or "").split("|") if t.strip()
        }
        doms = [variables[v] for v in scope]
        if relation.get("semantics") == "supports":
            rows = [t for t in tuples if all(x in d for x, d in zip(t, doms))]
        elif relation.get("semantics") == "conflicts":
            rows = [t for t in itertools.product(*doms) if t not in tuples]
        else:
            raise ValueError(f"constraint {c.get('name')}: unsupported semantics")
        tables[c.get("name")] = [dict(zip(scope, row)) for row in sorted(rows)]
    return variables, tables
