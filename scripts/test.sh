#!/usr/bin/env bash
# Runs every test of styrdok: unit and integration tests (cargo), then the demo site
# build. Installs what it needs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test"
cargo test --all-targets 2>&1

echo "== demo site build"
cargo run --quiet --release -- build --root . 2>&1
