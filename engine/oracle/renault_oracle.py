"""An independent solver for the Renault Megane benchmark, used to check the
engine's answers.

It reads the benchmark's own files (domains.txt and rules/*.pm), not the
engine's catalog JSON, so the engine's importer is checked as well. The model
is encoded to SAT: one Boolean per (variable, value) with exactly-one per
variable, and for each table one selector per row (the table holds when one
selector holds; a selector implies its row's values; a value of a table
variable implies one of the selectors of rows that have it).

Run it alone to check the benchmark's shape and time one query:

    python renault_oracle.py [--renault-dir DIR] [--select Var1=L64,Var3=MB]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from pysat.solvers import Solver

SOLVER_NAME = "glucose4"

_DOMAIN_LINE = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*:(.*)$")
_PAIR = re.compile(r"^([A-Za-z0-9_.-]+)\s*=\s*([A-Za-z0-9_.-]+)$")


class BenchmarkError(Exception):
    """The benchmark files are malformed (message names file and line)."""


def default_renault_dir() -> Path:
    """ATELIER_RENAULT_DIR, else engine/benchmarks/renault in the repository."""
    env = os.environ.get("ATELIER_RENAULT_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "benchmarks" / "renault"


def read_domains(path: Path) -> dict[str, list[str]]:
    """Variable -> values, in file order."""
    domains: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        match = _DOMAIN_LINE.match(line)
        if not match:
            raise BenchmarkError(f"{path.name}:{number}: not 'VAR : A, B': {line!r}")
        name = match.group(1)
        values = [v.strip() for v in match.group(2).split(",") if v.strip()]
        if name in domains or not values or len(set(values)) != len(values):
            raise BenchmarkError(f"{path.name}:{number}: bad declaration of {name}")
        domains[name] = values
    return domains


def read_table(path: Path, domains: dict[str, list[str]]) -> list[dict[str, str]]:
    """The allowed combinations of one table file (nested or-groups are
    unions), each as variable -> value."""
    rows: list[dict[str, str]] = []
    depth = 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        tokens = "".join(line.split())
        if tokens == "":
            continue
        if tokens == "or(":
            depth += 1
            continue
        if tokens == "or)":
            depth -= 1
            if depth < 0:
                raise BenchmarkError(f"{path.name}:{number}: unbalanced 'or)'")
            continue
        if depth == 0:
            raise BenchmarkError(f"{path.name}:{number}: row outside 'or('")
        row: dict[str, str] = {}
        for part in re.split(r"\s+and\s+", line.strip()):
            match = _PAIR.match(part.strip())
            if not match:
                raise BenchmarkError(f"{path.name}:{number}: not 'VAR = VALUE': {part!r}")
            var, value = match.groups()
            if var not in domains or value not in domains[var]:
                raise BenchmarkError(f"{path.name}:{number}: unknown {var} = {value}")
            if var in row:
                raise BenchmarkError(f"{path.name}:{number}: {var} named twice")
            row[var] = value
        rows.append(row)
    if depth != 0:
        raise BenchmarkError(f"{path.name}: unclosed 'or('")
    return rows


class RenaultOracle:
    """The benchmark as one incremental SAT instance."""

    def __init__(self, renault_dir: Path | None, solver_name: str = SOLVER_NAME,
                 model: tuple[dict[str, list[str]], dict[str, list[dict[str, str]]]] | None = None):
        """From a Renault-layout directory, or from `model` (domains and
        tables, e.g. xcsp_model.read_xcsp) when given."""
        if model is not None:
            self.domains, self.tables = model
        else:
            self.domains = read_domains(renault_dir / "domains.txt")
            self.tables = {}
            for path in sorted((renault_dir / "rules").glob("*.pm")):
                self.tables[path.stem] = read_table(path, self.domains)
        self._lit: dict[tuple[str, str], int] = {}
        self._value_of: dict[int, tuple[str, str]] = {}
        for var, values in self.domains.items():
            for value in values:
                lit = len(self._lit) + 1
                self._lit[(var, value)] = lit
                self._value_of[lit] = (var, value)
        self._next = len(self._lit) + 1
        self.solver = Solver(name=solver_name)
        self._encode()
        self.calls = 0

    def _new_var(self) -> int:
        self._next += 1
        return self._next - 1

    def _encode(self) -> None:
        add = self.solver.add_clause
        for var, values in self.domains.items():
            lits = [self._lit[(var, v)] for v in values]
            add(lits)
            for i, a in enumerate(lits):
                for b in lits[i + 1 :]:
                    add([-a, -b])
        for rows in self.tables.values():
            # distinct rows only: a selector per distinct combination
            distinct = {tuple(sorted(r.items())) for r in rows}
            selectors = []
            supports: dict[int, list[int]] = {}
            for row in sorted(distinct):
                sel = self._new_var()
                selectors.append(sel)
                for var, value in row:
                    lit = self._lit[(var, value)]
                    add([-sel, lit])
                    supports.setdefault(lit, []).append(sel)
            add(selectors)
            table_vars = {var for row in distinct for var, _ in row}
            for var in table_vars:
                for value in self.domains[var]:
                    lit = self._lit[(var, value)]
                    add([-lit] + supports.get(lit, []))

    def assumptions(self, selection: dict[str, str]) -> list[int]:
        """Literals fixing the selection; KeyError on unknown names."""
        return [self._lit[(var, value)] for var, value in selection.items()]

    def _solve(self, assumptions: list[int]) -> list[int] | None:
        self.calls += 1
        if self.solver.solve(assumptions=assumptions):
            return self.solver.get_model()
        return None

    def satisfiable(self, selection: dict[str, str]) -> bool:
        return self._solve(self.assumptions(selection)) is not None

    def possible(self, selection: dict[str, str]) -> dict[str, list[str]] | None:
        """Every variable -> its values that some valid complete
        configuration extending `selection` has (domain order), or None when
        the selection is unsatisfiable."""
        base = self.assumptions(selection)
        model = self._solve(base)
        if model is None:
            return None
        found: set[int] = set()

        def mark(model: list[int]) -> None:
            found.update(lit for lit in model if lit > 0 and lit in self._value_of)

        mark(model)
        for var, values in self.domains.items():
            if var in selection:
                continue
            for value in values:
                lit = self._lit[(var, value)]
                if lit in found:
                    continue
                model = self._solve(base + [lit])
                if model is not None:
                    mark(model)
        return {
            var: [v for v in values if self._lit[(var, v)] in found]
            for var, values in self.domains.items()
        }


def parse_select(text: str) -> dict[str, str]:
    selection: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        var, _, value = part.partition("=")
        selection[var.strip()] = value.strip()
    return selection


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renault-dir", type=Path, default=default_renault_dir())
    parser.add_argument("--select", default="", help="e.g. Var1=L64,Var3=MB")
    args = parser.parse_args()
    start = time.perf_counter()
    oracle = RenaultOracle(args.renault_dir)
    loaded = time.perf_counter()
    rows = sum(len(r) for r in oracle.tables.values())
    print(
        f"{len(oracle.domains)} variables, "
        f"{sum(len(v) for v in oracle.domains.values())} values, "
        f"{len(oracle.tables)} tables, {rows} rows; "
        f"loaded and encoded in {loaded - start:.2f} s",
        file=sys.stderr,
    )
    result = oracle.possible(parse_select(args.select))
    print(
        f"query: {oracle.calls} SAT calls in {time.perf_counter() - loaded:.2f} s",
        file=sys.stderr,
    )
    if result is None:
        print("unsatisfiable", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
