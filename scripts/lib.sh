# Shared helpers for scripts/run and scripts/test: install what is missing,
# from the package registries only (crates.io, npm, Debian). Idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# cargo-leptos 0.3.11 does not build on rustc 1.95 with --locked; 0.3.10 does.
CARGO_LEPTOS_VERSION="0.3.10"
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"

export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required: $2" >&2; exit 1; }
}

# Runs a command as root (directly, or through sudo when available).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "error: '$*' needs root; run it as root or install the package yourself" >&2; exit 1
  fi
}

ensure_build_tools() {
  need cargo "install Rust with rustup (https://rustup.rs)"
  need npm "install Node.js 20 or newer"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    # Its own lock file pins a crate the index no longer lists, so not --locked.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing wasm-opt (binaryen from npm)"
    npm ci --no-audit --no-fund
  fi
}

ensure_test_tools() {
  # The server tests' independent peers (a Standard Webhooks verifier, an
  # SMTP receiver), from PyPI, pinned with hashes.
  local peers=server/tests/peers/requirements.txt
  if [ ! -x target/peers/bin/python ] || [ "$peers" -nt target/peers/.installed ]; then
    say "Installing the test peers (PyPI: $peers) into target/peers"
    python3 -m venv target/peers
    target/peers/bin/pip install --quiet --disable-pip-version-check --require-hashes -r "$peers"
    touch target/peers/.installed
  fi
  if ! [ -x /usr/bin/chromium ]; then
    say "Installing Debian's chromium for the browser tests"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "Installing Playwright (npm; it uses the system Chromium)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

# cargo-fuzz for scripts/fuzz (libFuzzer; its C++ part builds with the
# machine's compiler).
CARGO_FUZZ_VERSION="0.13.2"
ensure_fuzz_tools() {
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    say "Installing cargo-fuzz $CARGO_FUZZ_VERSION (a few minutes, once)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
  fi
}
