#!/usr/bin/env bash
# Runs styrdok's fuzz targets (fuzz/, cargo-fuzz + libFuzzer) one after the other, each
# for SECONDS (default 600), with the seed corpus and dictionary in fuzz/. See
# docs/fuzzing.md. Not part of scripts/test.sh: fuzzing is open-ended and needs nightly.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]        targets: load_document render_single
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${1:-600}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(load_document render_single)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo-fuzz needs nightly flags (-Zsanitizer); with only a stable toolchain,
# RUSTC_BOOTSTRAP=1 lets stable accept them.
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi

status=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "== fuzzing $target for ${seconds}s"
  # -timeout: a unit slower than 30 s is a hang (the YAML budgets bound the slowest
  # legitimate input far below that, even under AddressSanitizer).
  "${fuzz[@]}" run -O "$target" "corpus/$target" seeds -- \
    -dict=styrdok.dict -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 || status=$?
done
exit $status
