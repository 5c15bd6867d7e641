"""Checks the oracle itself: on small made-up benchmarks against brute-force
enumeration, and on the real Renault files (shape, empty selection)."""

from __future__ import annotations

import itertools
import tempfile
import unittest
from pathlib import Path

from renault_oracle import BenchmarkError, RenaultOracle, default_renault_dir

DOMAINS = "Var1 : A, B, C\nVar2 : X, Y\n\nVar5 :  P, Q ,R,\nVar7 : Z\n"
RULES = {
    "t1.pm": "or(\nVar1 = A  and Var2 = X\nor(\n\tVar1=B and Var2 = Y\nor)\nVar1 = C and Var2 = X\nor)\n",
    "t2.pm": "or(\nVar2 = X and Var5 = P\nVar2 = Y and Var5 = Q\nVar2 = Y  and Var5 = R\nor)",
}


def write_benchmark(root: Path, domains: str, rules: dict[str, str]) -> Path:
    (root / "rules").mkdir()
    (root / "domains.txt").write_text(domains)
    for name, text in rules.items():
        (root / "rules" / name).write_text(text)
    return root


def brute_force(oracle: RenaultOracle, selection: dict[str, str]):
    names = list(oracle.domains)
    found = {v: set() for v in names}
    any_valid = False
    for values in itertools.product(*(oracle.domains[n] for n in names)):
        config = dict(zip(names, values))
        if any(config[k] != v for k, v in selection.items()):
            continue
        if all(any(all(config[k] == v for k, v in row.items()) for row in rows)
               for rows in oracle.tables.values()):
            any_valid = True
            for n in names:
                found[n].add(config[n])
    if not any_valid:
        return None
    return {n: [v for v in oracle.domains[n] if v in found[n]] for n in names}


class SmallBenchmark(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.oracle = RenaultOracle(write_benchmark(Path(self.tmp.name), DOMAINS, RULES))

    def tearDown(self):
        self.tmp.cleanup()

    def test_reads_irregular_files(self):
        self.assertEqual(list(self.oracle.domains), ["Var1", "Var2", "Var5", "Var7"])
        self.assertEqual(self.oracle.domains["Var5"], ["P", "Q", "R"])
        self.assertEqual(len(self.oracle.tables["t1"]), 3)

    def test_matches_brute_force_on_every_selection(self):
        names = list(self.oracle.domains)
        for size in range(3):
            for chosen in itertools.combinations(names, size):
                for values in itertools.product(*(self.oracle.domains[n] for n in chosen)):
                    selection = dict(zip(chosen, values))
                    self.assertEqual(self.oracle.possible(selection),
                                     brute_force(self.oracle, selection), selection)

    def test_rejects_malformed_files(self):
        for rules in ({"t.pm": "or(\nVar1 = A\n"}, {"t.pm": "Var1 = A\n"},
                      {"t.pm": "or(\nVar1 = D\nor)"}, {"t.pm": "or(\nVar9 = A\nor)"},
                      {"t.pm": "or(\nVar1 == A\nor)"}):
            with tempfile.TemporaryDirectory() as tmp:
                with self.assertRaises(BenchmarkError):
                    RenaultOracle(write_benchmark(Path(tmp), DOMAINS, rules))


class RealBenchmark(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.oracle = RenaultOracle(default_renault_dir())

    def test_shape(self):
        self.assertEqual(len(self.oracle.domains), 99)
        self.assertEqual(sum(len(v) for v in self.oracle.domains.values()), 396)
        self.assertEqual(max(len(v) for v in self.oracle.domains.values()), 42)
        self.assertEqual(len(self.oracle.tables), 111)
        self.assertEqual(sum(len(r) for r in self.oracle.tables.values()), 112_680)

    def test_empty_selection_is_satisfiable(self):
        possible = self.oracle.possible({})
        self.assertIsNotNone(possible)
        self.assertTrue(all(possible[v] for v in self.oracle.domains))


if __name__ == "__main__":
    unittest.main()
