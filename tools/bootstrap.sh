#!/usr/bin/env bash
# Installs the system packages this project builds and tests with.
# Idempotent: when everything is present it changes nothing and exits quickly.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  # ccache: README's two commands share one build; reruns and other trees reuse objects.
  ccache
  # Packaging tests: out-of-tree plugins are also built with clang++, and
  # cpack's .deb needs dpkg-shlibdeps (dpkg-dev) to compute its dependencies.
  clang dpkg-dev
  # readelf, for the RUNPATH test (g++ pulls binutils in too; named as it is used directly).
  binutils
  # tools/fuzz/run.sh: libFuzzer and clang's sanitizer runtimes (clang-14 only
  # recommends them, and recommends are not installed here).
  libclang-rt-14-dev
  libzmq3-dev cppzmq-dev nlohmann-json3-dev libyaml-cpp-dev
  libspdlog-dev libfmt-dev libcxxopts-dev doctest-dev
  # sf::Decimal's coefficient: Boost.Multiprecision (header-only).
  libboost-dev
  # Interop tests speak the Python framework's wire format with Debian's own
  # msgpack and pyzmq, through /usr/bin/python3.
  python3 python3-msgpack python3-zmq
  # The export's across-hosts test: network namespaces, veth pairs, a bridge.
  iproute2
  # sfsup --metrics tests: promtool (in Debian's prometheus, ~95 MB; no
  # smaller package ships it) validates /metrics, and headless chromium
  # (~280 MB) loads the status page as a browser would.
  prometheus chromium
)
# tools/bench/run.sh compares sfsup with Debian's supervisord: a bench-only
# package, installed on request.
if [ "${1:-}" = "--with-supervisord" ]; then packages+=(supervisor); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The export schema test (tests/export) validates manifests with Node. Debian's
# nodejs and npm, unless a node and npm are already there (e.g. NodeSource's
# nodejs, which bundles npm and conflicts with Debian's npm package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# kubernetes-models (pinned in tools/k8s-validate/package-lock.json) into the
# git-ignored tools/k8s-validate/node_modules.
k8s_validate=$(cd "$(dirname "$0")" && pwd)/k8s-validate
if [ ! -d "$k8s_validate/node_modules/kubernetes-models" ]; then
  echo "bootstrap: npm ci in $k8s_validate"
  # A registry out of reach must not stop the build and every other test: the
  # schema test then reports itself skipped (exit 77), loudly, in ctest's list.
  npm ci --prefix "$k8s_validate" --no-audit --no-fund --loglevel=error ||
    echo "bootstrap: WARNING: npm ci failed (registry unreachable?); export/validate_manifests will be skipped" >&2
fi
