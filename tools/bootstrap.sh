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
  # sfsup --metrics tests: promtool (in Debian's prometheus, ~95 MB; no
  # smaller package ships it) validates /metrics, and headless chromium
  # (~280 MB) loads the status page as a browser would.
  prometheus chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
