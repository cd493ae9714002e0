#!/usr/bin/env bash
# Prints the path of a `temporal` CLI (which embeds the Temporal dev server and its Web UI) on stdout;
# everything else goes to stderr. Looks in this order and stops at the first hit:
#   $TEMPORAL_CLI, `temporal` on PATH, .tools/temporal, the per-user cache, then builds one with Go.
# A build goes to .tools/ (git-ignored) and is copied to ~/.cache/quickbooks-sync/ so that other
# checkouts of the project (CI's fresh clones) reuse it. Exit 3: none found and no Go to build one;
# the caller then falls back to the Temporal SDK's own download of the CLI.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/quickbooks-sync"
# v1.5.1 is the newest tag `go install` accepts; the others are fallbacks if its build breaks.
versions=(v1.5.1 v1.5.0 v1.4.1)

say() { echo "[temporal-cli] $*" >&2; }

works() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${TEMPORAL_CLI:-}" ]; then
  if works "$TEMPORAL_CLI"; then echo "$TEMPORAL_CLI"; exit 0; fi
  say "TEMPORAL_CLI=$TEMPORAL_CLI is not a working temporal binary"; exit 2
fi

if on_path=$(command -v temporal 2>/dev/null) && works "$on_path"; then echo "$on_path"; exit 0; fi

# Copies go through a .partial name and a rename, so an interrupted copy never looks like a binary.
copy() { mkdir -p "$(dirname "$2")" && cp "$1" "$2.partial" && mv "$2.partial" "$2"; }

if works "$tools/temporal"; then
  works "$cache/temporal" || copy "$tools/temporal" "$cache/temporal"
  echo "$tools/temporal"; exit 0
fi

if works "$cache/temporal"; then
  copy "$cache/temporal" "$tools/temporal"
  say "reusing $cache/temporal"
  echo "$tools/temporal"; exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  say "no temporal CLI found and no Go toolchain to build one"
  exit 3
fi

mkdir -p "$tools"
for version in "${versions[@]}"; do
  say "building the temporal CLI $version with $(go version | cut -d' ' -f3) (first run only; a few minutes)"
  build=$(mktemp -d)
  if GOBIN="$build" go install "github.com/temporalio/cli/cmd/temporal@$version" >&2; then
    mv "$build/temporal" "$tools/temporal"
    rm -rf "$build"
    copy "$tools/temporal" "$cache/temporal"
    say "built $tools/temporal (cached in $cache)"
    echo "$tools/temporal"; exit 0
  fi
  rm -rf "$build"
  say "building $version failed"
done
say "could not build the temporal CLI (tried ${versions[*]})"
exit 3
