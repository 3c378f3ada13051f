#!/usr/bin/env bash
# README's first command: install what is missing, build, bring up the example
# dev cluster in the foreground (Ctrl-C brings it down gracefully).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/build.sh"
exec "$root/build/bin/sfsup" up "$root/topologies/dev.yaml" "$@"
