#!/usr/bin/env bash
# Runs every test of styrdok: formatting and lints (cargo fmt, clippy), unit and
# integration tests (cargo), then the demo site build, then the quality gates on the
# built site (tests/browser/run.mjs): axe-core in Debian's chromium on every kind of
# page, the Nu HTML Checker over all HTML, an independent link and fragment check,
# keyboard checks, reflow at 320 px on every page, and a printed risk analysis; and
# every document's PDF checked against PDF/UA-1 and PDF/A-2a (tests/pdf/check.py).
#
# Installs what it needs on a fresh machine: Debian's chromium, a headless Java
# runtime and poppler-utils (apt, only when missing), the pinned npm dev dependencies
# of tests/browser, the pinned PDF checker (pip, in tests/pdf/.venv).
# Every stage runs even when an earlier one failed (so CI shows every failure at once);
# the exit status is non-zero when any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
stage() { echo; echo "== $*"; }

# --- What the gates need -------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# pdftotext and pdfinfo read back the print gate's PDF (tests/browser/print.test.mjs).
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if ((${#missing[@]})); then
  stage "installing ${missing[*]} (apt)"
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "error: ${missing[*]} missing and not root; install them with apt-get" >&2
    failed+=("install")
  else
    sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
    $sudo apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
      failed+=("apt-get install ${missing[*]}")
  fi
fi

# npm ci only when the lockfile changed since the last install: it deletes and
# reinstalls node_modules, which takes a minute or more. --ignore-scripts: vnu-jar's
# install script would download a Java runtime, which this network does not allow (the
# system's java runs the checker).
lock_stamp=tests/browser/node_modules/.styrdok-lock.sha256
lock_sum=$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$lock_stamp" 2>/dev/null)" != "$lock_sum" ]; then
  stage "npm ci (tests/browser)"
  if (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error); then
    echo "$lock_sum" >"$lock_stamp"
  else
    failed+=("npm ci")
  fi
fi

# The PDF/UA-1 and PDF/A-2a checker (tests/pdf/check.py): `page`, from PyPI, in its own
# virtual environment, installed once per pinned version.
pdf_venv=tests/pdf/.venv
pdf_checker="page-validation==0.11.0"
if [ "$(cat "$pdf_venv/.styrdok-pin" 2>/dev/null)" != "$pdf_checker" ]; then
  stage "pip install $pdf_checker (tests/pdf/.venv)"
  if python3 -m venv "$pdf_venv" && "$pdf_venv/bin/pip" install -q "$pdf_checker"; then
    echo "$pdf_checker" >"$pdf_venv/.styrdok-pin"
  else
    failed+=("pip install $pdf_checker")
  fi
fi

# --- Habits: formatting and lints ---------------------------------------------------
stage "cargo fmt --all --check"
cargo fmt --all --check 2>&1 || failed+=("cargo fmt --check")
stage "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --quiet --workspace --all-targets -- -D warnings 2>&1 || failed+=("cargo clippy")
stage "no library function over 100 lines"
python3 scripts/long-functions.py 2>&1 || failed+=("long functions")

# --- Rust tests ----------------------------------------------------------------------
stage "cargo test"
cargo test --workspace --all-targets 2>&1 || failed+=("cargo test")

# --- The demo site -------------------------------------------------------------------
# The test profile's binary: its dependencies (Typst among them) are optimised already
# (Cargo.toml), and a release build of them would double the test command's compile time.
stage "demo site build (test profile binary)"
if cargo build --quiet 2>&1 && ./target/debug/styrdok build --root . 2>&1; then
  stage "gates: axe-core, Nu HTML Checker, links and fragments, keyboard, reflow, print (tests/browser)"
  node tests/browser/run.mjs public 2>&1 || failed+=("browser and output gates (tests/browser)")
  stage "PDF/UA-1 and PDF/A-2a of every document's PDF (page, tests/pdf/check.py)"
  "$pdf_venv/bin/python" tests/pdf/check.py --archive public 2>&1 || failed+=("PDF/UA-1 and PDF/A-2a checks")
  stage "gates on the public extract (styrdok build --audience public): axe-core, Nu HTML Checker, links"
  if ./target/debug/styrdok build --root . --audience public 2>&1; then
    STYRDOK_GATES=a11y,html,links node tests/browser/run.mjs public-extern 2>&1 ||
      failed+=("gates on the public extract")
    "$pdf_venv/bin/python" tests/pdf/check.py --archive public-extern 2>&1 ||
      failed+=("PDF/UA-1 and PDF/A-2a checks of the public extract")
  else
    failed+=("public extract build")
  fi
  # The demo's lists fit on one page each; this fixture's run on over several (pager,
  # "listed on page N", no in-place filter), which the same gates check.
  stage "gates on long list pages over several pages (tests/fixtures/paging): axe-core, Nu HTML Checker, links, keyboard, reflow"
  paging_out=$(mktemp -d)
  if ./target/debug/styrdok build --root tests/fixtures/paging --today 2025-01-15 --output "$paging_out" 2>&1; then
    STYRDOK_GATES=a11y,html,links,keyboard,reflow node tests/browser/run.mjs "$paging_out" 2>&1 ||
      failed+=("gates on the paging fixture")
  else
    failed+=("paging fixture build")
  fi
  rm -rf "$paging_out"
else
  failed+=("demo site build")
fi

echo
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all tests and gates passed"
