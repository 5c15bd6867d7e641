"""Compares `atelier-engine possible` on the Renault Megane benchmark with the
independent SAT oracle (renault_oracle.py).

Random choice sequences (fixed seed): at each step the oracle's possible
values of every variable must equal the engine's exactly; then a random
unfixed variable gets a random value the oracle calls possible, until all are
fixed or --max-steps. Impossible selections (a value the oracle rules out,
added to a reachable selection) must be unsatisfiable for both, and unknown
names must be rejected with exit code 2.

With --xcsp FILE the model is an XCSP 2.1 document instead (e.g. the BR4CP
Renault model, decompressed): the engine imports it with `import-xcsp`, the
oracle reads it with its own reader (xcsp_model.py).

Prints "N passed, M failed" and exits 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from renault_oracle import RenaultOracle, default_renault_dir
from xcsp_model import read_xcsp

REPO = Path(__file__).resolve().parents[2]
PRODUCT = "renault-megane"


def build_binary() -> Path:
    """Builds the release binary and returns its path (from cargo's report)."""
    command = [
        "cargo", "build", "--release", "-p", "atelier-engine",
        "--bin", "atelier-engine", "--message-format=json-render-diagnostics",
    ]
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit("cargo build failed")
    for line in done.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            if message["target"]["name"] == "atelier-engine":
                return Path(message["executable"])
    sys.exit("cargo did not report the atelier-engine executable")


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


class Engine:
    """Runs the engine binary on one catalog file."""

    def __init__(self, binary: Path, catalog: Path, product: str = PRODUCT):
        self.product = product
        self.binary = binary
        self.catalog = catalog
        self.seconds = 0.0
        self.calls = 0

    def possible(self, selection: dict[str, str]) -> tuple[int, object, str]:
        """(exit code, parsed stdout or None, stderr)."""
        select = ",".join(f"{var}={value}" for var, value in selection.items())
        start = time.perf_counter()
        done = subprocess.run(
            [str(self.binary), "possible", str(self.catalog),
             "--product", self.product, "--select", select],
            capture_output=True, text=True,
        )
        self.seconds += time.perf_counter() - start
        self.calls += 1
        parsed = None
        if done.returncode == 0:
            try:
                parsed = json.loads(done.stdout)
            except json.JSONDecodeError:
                parsed = None
        return done.returncode, parsed, done.stderr.strip()


class Tally:
    def __init__(self, verbose: bool):
        self.passed = 0
        self.failed = 0
        self.verbose = verbose

    def ok(self, what: str) -> None:
        self.passed += 1
        if self.verbose:
            print(f"ok   {what}")

    def fail(self, what: str, detail: str) -> None:
        self.failed += 1
        print(f"FAIL {what}\n     {detail}")


def differences(expected: dict[str, list[str]], got: object) -> list[str]:
    """Human-readable differences between the oracle's and the engine's sets."""
    if not isinstance(got, dict):
        return [f"engine output is not a JSON object: {got!r:.200}"]
    problems = []
    for var in sorted(set(got) - set(expected)):
        problems.append(f"engine names unknown attribute {var}")
    for var, values in expected.items():
        if var not in got:
            problems.append(f"{var} missing from the engine output")
            continue
        engine_values = got[var]
        if not isinstance(engine_values, list) or len(set(engine_values)) != len(engine_values):
            problems.append(f"{var}: not a list of distinct values: {engine_values!r}")
            continue
        missing = [v for v in values if v not in engine_values]
        extra = [v for v in engine_values if v not in values]
        if missing or extra:
            problems.append(f"{var}: engine lacks {missing}, engine adds {extra}")
    return problems


def describe(selection: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in selection.items()) or "(empty)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=20)
    parser.add_argument("--max-steps", type=int, default=15)
    parser.add_argument("--impossible", type=int, default=5,
                        help="impossible selections to test (default 5)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--binary", type=Path, help="engine binary (default: cargo build)")
    parser.add_argument("--catalog", type=Path,
                        help="catalog JSON (default: made with import-renault)")
    parser.add_argument("--renault-dir", type=Path, default=default_renault_dir())
    parser.add_argument("--xcsp", type=Path,
                        help="an XCSP 2.1 document (.xml) to check instead of the Renault directory")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    binary = args.binary or build_binary()
    catalog = args.catalog
    product = "xcsp-model" if args.xcsp else PRODUCT
    if catalog is None:
        catalog = target_dir() / "oracle" / ("xcsp.json" if args.xcsp else "renault.json")
        catalog.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        command = ([str(binary), "import-xcsp", str(args.xcsp), "--product", product]
                   if args.xcsp else [str(binary), "import-renault", str(args.renault_dir)])
        with catalog.open("w") as out:
            done = subprocess.run(command, stdout=out)
        if done.returncode != 0:
            sys.exit(f"atelier-engine {command[1]} failed")
        print(f"{command[1]}: {time.perf_counter() - start:.2f} s -> {catalog}")

    start = time.perf_counter()
    if args.xcsp:
        oracle = RenaultOracle(None, model=read_xcsp(args.xcsp))
    else:
        oracle = RenaultOracle(args.renault_dir)
    print(f"oracle: {len(oracle.domains)} variables, {len(oracle.tables)} tables, "
          f"encoded in {time.perf_counter() - start:.2f} s")
    engine = Engine(binary, catalog, product)
    tally = Tally(args.verbose)
    rng = random.Random(args.seed)
    oracle_seconds = 0.0
    oracle_queries = 0
    ruled_out: list[dict[str, str]] = []

    def compare(selection: dict[str, str]) -> dict[str, list[str]] | None:
        nonlocal oracle_seconds, oracle_queries
        start = time.perf_counter()
        expected = oracle.possible(selection)
        oracle_seconds += time.perf_counter() - start
        oracle_queries += 1
        code, got, stderr = engine.possible(selection)
        what = f"possible {describe(selection)}"
        if expected is None:
            tally.fail(what, "the oracle finds a reachable selection unsatisfiable")
        elif code != 0:
            tally.fail(what, f"engine exit code {code}: {stderr}")
        else:
            problems = differences(expected, got)
            if problems:
                tally.fail(what, "; ".join(problems[:5]))
            else:
                tally.ok(what)
        return expected

    for sequence in range(args.sequences):
        selection: dict[str, str] = {}
        for _step in range(args.max_steps + 1):
            expected = compare(selection)
            if expected is None:
                break
            free = [v for v in oracle.domains if v not in selection]
            ruled_out.extend(
                {**selection, var: value}
                for var in free for value in oracle.domains[var]
                if value not in expected[var]
            )
            if not free or len(selection) >= args.max_steps:
                break
            var = rng.choice(free)
            selection[var] = rng.choice(expected[var])
        print(f"sequence {sequence + 1}/{args.sequences}: {len(selection)} choices; "
              f"{tally.passed} passed, {tally.failed} failed so far", flush=True)

    for selection in rng.sample(ruled_out, min(args.impossible, len(ruled_out))):
        what = f"unsatisfiable {describe(selection)}"
        if oracle.satisfiable(selection):
            tally.fail(what, "the oracle finds it satisfiable")
            continue
        code, _got, stderr = engine.possible(selection)
        if code == 1:
            tally.ok(what)
        else:
            tally.fail(what, f"engine exit code {code} (expected 1): {stderr}")

    first = next(iter(oracle.domains))
    for selection, what in [({"Var9999": "X"}, "unknown attribute"),
                            ({first: "NO-SUCH-VALUE"}, "unknown option")]:
        code, _got, stderr = engine.possible(selection)
        if code == 2:
            tally.ok(what)
        else:
            tally.fail(what, f"engine exit code {code} (expected 2): {stderr}")

    if oracle_queries:
        print(f"oracle: {oracle_seconds / oracle_queries * 1000:.0f} ms per step "
              f"({oracle.calls} SAT calls in all); engine: "
              f"{engine.seconds / max(engine.calls, 1) * 1000:.0f} ms per call "
              f"(process start and catalog load included)")
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
