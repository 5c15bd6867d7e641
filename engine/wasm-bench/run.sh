#!/usr/bin/env bash
# Per-choice latency of the engine's wasm build in headless Chromium.
#
#   engine/wasm-bench/run.sh [--model PATH] [--steps N] [--warmup N] [--warmup-ms N]
#                            [--batch N] [--strict] [--no-build]
#
# 1. builds and runs the native `export` binary: compiles the Renault
#    benchmark and the demo catalog's products, writes each CompiledProduct
#    as JSON plus a manifest with native figures of the same choice sequence;
# 2. builds the wasm at opt-level 3 and "z" and runs `wasm-bindgen --target web`
#    (and wasm-opt -O3 on the opt-level 3 build if node_modules has wasm-opt);
# 3. runs bench.mjs: serves everything on 127.0.0.1, opens headless Chromium
#    and prints a markdown report to stdout (progress goes to stderr).
# --model PATH adds any model: a directory in the Renault layout, an XCSP 2.1
# document (.xml; decompress .xz first) or a catalog (target: p99 <= 5 ms).
# --no-build skips steps 1-2 and measures the site built last time.
# --strict exits 1 when a latency target is missed.
#
# Environment: CARGO_TARGET_DIR (default <repo>/target/wasm-bench),
# ATELIER_RENAULT_DIR (default <repo>/engine/benchmarks/renault),
# ATELIER_DEMO_CATALOG (default <repo>/catalog/catalog.json),
# CHROMIUM (default /usr/bin/chromium).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target/wasm-bench}"
renault="${ATELIER_RENAULT_DIR:-$repo/engine/benchmarks/renault}"
catalog="${ATELIER_DEMO_CATALOG:-$repo/catalog/catalog.json}"
site="$CARGO_TARGET_DIR/site"

steps=2000 warmup=200 warmup_ms=1000 batch=20 strict=() build=1 model=()
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=(--model "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --warmup-ms) warmup_ms="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --strict) strict=(--strict); shift ;;
    *) echo "usage: $0 [--model PATH] [--steps N] [--warmup N] [--warmup-ms N] [--batch N] [--strict] [--no-build]" >&2; exit 2 ;;
  esac
done

for tool in cargo wasm-bindgen node; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found on PATH" >&2; exit 2; }
done
want="$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$here/Cargo.toml")"
have="$(wasm-bindgen --version | awk '{print $2}')"
if [ "$want" != "$have" ]; then
  echo "run.sh: wasm-bindgen CLI $have does not match the crate's $want" >&2
  exit 2
fi

variants=()
if [ "$build" = 1 ]; then
  manifest=(--manifest-path "$here/Cargo.toml" --locked)
  rm -rf "$site"
  mkdir -p "$site/data"

  echo "run.sh: exporting compiled products" >&2
  cargo build "${manifest[@]}" --release --bin export >&2
  "$CARGO_TARGET_DIR/release/export" --out "$site/data" --renault "$renault" --catalog "$catalog" "${model[@]}" \
    --steps "$steps" --warmup "$warmup"

  for spec in o3:release oz:release-z; do
    name="${spec%%:*}" profile="${spec#*:}"
    echo "run.sh: building the wasm ($name, profile $profile)" >&2
    cargo build "${manifest[@]}" --lib --target wasm32-unknown-unknown --profile "$profile" >&2
    wasm-bindgen --target web --out-dir "$site/$name" \
      "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$profile/wasm_bench.wasm"
    variants+=("$name")
  done

  wasm_opt="$repo/node_modules/.bin/wasm-opt"
  if [ -x "$wasm_opt" ]; then
    echo "run.sh: wasm-opt -O3 on the o3 build" >&2
    mkdir -p "$site/o3-wasm-opt"
    cp "$site/o3/wasm_bench.js" "$site/o3-wasm-opt/"
    "$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$site/o3/wasm_bench_bg.wasm" -o "$site/o3-wasm-opt/wasm_bench_bg.wasm"
    variants+=("o3-wasm-opt")
  fi
else
  for name in o3 oz o3-wasm-opt; do
    [ -f "$site/$name/wasm_bench_bg.wasm" ] && variants+=("$name")
  done
  [ -f "$site/data/manifest.json" ] && [ ${#variants[@]} -gt 0 ] || { echo "run.sh: nothing built yet in $site" >&2; exit 2; }
fi

echo "run.sh: measuring in headless Chromium" >&2
joined="$(IFS=,; echo "${variants[*]}")"
node "$here/bench.mjs" --site "$site" --variants "$joined" --steps "$steps" --warmup "$warmup" \
  --warmup-ms "$warmup_ms" --batch "$batch" --json "$site/results.json" "${strict[@]}"
