#!/usr/bin/env bash
# The chaos test's long mode: 1,000 SIGKILLs (or SF_CHAOS_KILLS) of random
# workers under traffic, against README's build/ (tools/build.sh first).
#   tools/chaos.sh                 # 1000 kills, a fresh seed
#   SF_CHAOS_SEED=123 tools/chaos.sh   # replay a run's victims and pauses
# CI runs the short mode as part of the suite (ctest -L chaos).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cmake --build "$root/build" -j2 --target integration_chaos >/dev/null
export SF_CHAOS_KILLS="${SF_CHAOS_KILLS:-1000}"
exec "$root/build/bin/integration_chaos" --success=false "$@"
