#!/usr/bin/env bash
# Checks the engine on the Renault Megane benchmark against the independent
# SAT oracle. Creates (once) a Python venv under target/oracle-venv, runs the
# oracle's own tests, then compare_renault.py with the given arguments
# (e.g. --sequences 5, --binary PATH).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/target/oracle-venv"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
stamp="$venv/.requirements"
if ! cmp -s "$here/requirements.txt" "$stamp"; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi

cd "$here"
"$venv/bin/python" -m unittest --quiet test_oracle
exec "$venv/bin/python" compare_renault.py "$@"
