#!/usr/bin/env bash
# `cpack -G DEB` makes service-framework (programs, libsf, examples) and
# service-framework-dev (headers, CMake and pkg-config files); the first
# depends only on the Debian libraries it links.
# Usage: deb_package_test.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/sf-deb-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$work" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
runtime=$(ls "$work"/service-framework_*.deb)
dev=$(ls "$work"/service-framework-dev_*.deb)
echo "built $(basename "$runtime") and $(basename "$dev")"

# has PACKAGE FILE...: each file is in the package, installed under /usr.
has() {
  local deb=$1; shift
  local listing; listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
  for f in "$@"; do grep -qx "./usr/$f" <<<"$listing" || fail "$(basename "$deb") has no /usr/$f"; done
}
has "$runtime" bin/sfsup bin/service_framework lib/libsf.so.0.2 lib/libsf.so.0.2.0 \
  lib/service_framework/services/libecho.so lib/service_framework/services/libbook_publisher.so \
  share/service_framework/topologies/dev.yaml share/service_framework/topologies/market.yaml
has "$dev" include/sf/service.hpp include/sf/testing.hpp lib/libsf.so \
  lib/cmake/ServiceFramework/ServiceFrameworkConfig.cmake lib/pkgconfig/service-framework.pc
dpkg-deb -c "$runtime" | grep -q "include/" && fail "the runtime package carries headers"
dpkg-deb -c "$runtime" | grep -q "misbehaver" && fail "a test-only plugin is packaged"

depends=$(dpkg-deb -f "$runtime" Depends)
echo "service-framework Depends: $depends"
for lib in libzmq5 libyaml-cpp libspdlog libfmt libstdc++6 libc6; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done
# Nothing but the shared libraries the binaries link.
while read -r name; do
  [[ "$name" =~ ^(libc6|libgcc-s1|libstdc\+\+6|libzmq5|libyaml-cpp[0-9.]+|libspdlog[0-9.]+(-fmt[0-9]+)?|libfmt[0-9]+)$ ]] \
    || fail "unexpected dependency '$name'"
done < <(tr ',' '\n' <<<"$depends" | sed -E 's/^ *//; s/ .*//' | grep -v '^$')

dev_depends=$(dpkg-deb -f "$dev" Depends)
echo "service-framework-dev Depends: $dev_depends"
grep -q "service-framework (= " <<<"$dev_depends" || fail "the dev package does not pin the runtime package"
echo "deb packages: 1 passed, 0 failed"
