#!/usr/bin/env bash
# A new user's path, as README.md tells it: install into a prefix, scaffold a
# service in a folder of their own, build it out of tree against the installed
# package (g++, and clang++ to prove the compiler does not matter), run its
# unit test, check and run it under the installed sfsup, and call it.
# Usage: out_of_tree_service_test.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/sf-oot-XXXXXX)
prefix=$work/prefix
running=()   # folders with a topology up, brought down on exit
cleanup() {
  for dir in "${running[@]}"; do (cd "$dir" && "$prefix/bin/sfsup" down >/dev/null 2>&1) || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "install into $prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
for f in bin/sfsup bin/service_framework lib/libsf.so include/sf/service.hpp include/sf/testing.hpp \
         lib/cmake/ServiceFramework/ServiceFrameworkConfig.cmake \
         lib/cmake/ServiceFramework/ServiceFrameworkConfigVersion.cmake \
         lib/cmake/ServiceFramework/ServiceFrameworkService.cmake \
         lib/pkgconfig/service-framework.pc \
         lib/service_framework/services/libecho.so lib/service_framework/services/libticker.so \
         share/service_framework/topologies/market.yaml; do
  [ -e "$prefix/$f" ] || fail "the install has no $f"
done
[ ! -e "$prefix/lib/service_framework/services/libmisbehaver.so" ] || fail "a test-only plugin was installed"
soname=$(objdump -p "$prefix"/lib/libsf.so | awk '/SONAME/ {print $2}')
[[ "$soname" =~ ^libsf\.so\.[0-9]+\.[0-9]+$ ]] || fail "libsf's SONAME is '$soname', not libsf.so.X.Y"
[ -e "$prefix/lib/$soname" ] || fail "no $prefix/lib/$soname"

export PATH="$prefix/bin:$PATH"
unset SF_WORKER SF_SERVICE_PATH SFSUP_RUN_DIR
# The installed programs use the installed libsf, not the build tree's.
ldd "$prefix/bin/sfsup" "$prefix/bin/service_framework" | grep -q "$build_dir" && fail "installed programs load libsf from the build tree"
sfsup --version | grep -q '^sfsup [0-9]' || fail "sfsup --version"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

# build_service FOLDER COMPILER: configure, build and unit-test a scaffolded service.
build_service() {
  cmake -S "$1" -B "$1/build" -DCMAKE_CXX_COMPILER="$2" -DCMAKE_PREFIX_PATH="$prefix" "${launcher[@]}" >/dev/null \
    || fail "$1: cmake configure with $2"
  cmake --build "$1/build" -j2 >/dev/null || fail "$1: build with $2"
  ctest --test-dir "$1/build" --output-on-failure >/dev/null || fail "$1: its unit test with $2"
}

cd "$work"
for compiler in g++ clang++; do
  name=greeter_${compiler//+/x}
  step "$name: scaffold, build with $compiler, test, check, up, call, down"
  sfsup new service "$name" --kind replyer >/dev/null
  build_service "$name" "$compiler"
  (cd "$name" && sfsup check topology.yaml) | tee "$work/check.out"
  grep -q "$name/build/lib$name.so (from service_path)" "$work/check.out" || fail "check did not say where $name was found"
  (cd "$name" && sfsup up -d topology.yaml >/dev/null) || fail "$name: sfsup up -d"
  running+=("$work/$name")
  reply=$(cd "$name" && sfsup call "$name.greet" '{"name": "Ada"}')
  echo "$reply"
  grep -q '"greeting": "Hello, Ada!"' <<<"$reply" || fail "$name: the reply was not the greeting"
  # A model mismatch is refused before sending (the model from the installed worker's
  # --describe of the running plugin): exit 1, the service keeps serving.
  if (cd "$name" && sfsup call "$name.greet" '{"name": 42}' 2>"$work/err.out"); then fail "a wrong type was accepted"; fi
  grep -q "nothing sent" "$work/err.out" || fail "no refusal line: $(cat "$work/err.out")"
  # Captured first: `| grep -q` under pipefail races the writer (SIGPIPE once grep has its line).
  reply=$(cd "$name" && sfsup call "$name.greet" '{name: Bob}') || fail "YAML args: sfsup call"
  grep -q "Hello, Bob!" <<<"$reply" || fail "YAML args"
  (cd "$name" && sfsup down >/dev/null)
  running=("${running[@]:0:${#running[@]}-1}")
done

step "bad names and existing folders are one line each, nothing written"
if sfsup new service Bad-Name 2>"$work/err.out"; then fail "a name that is not an identifier was accepted"; fi
grep -q "can't name a service" "$work/err.out" || fail "bad name: $(cat "$work/err.out")"
[ ! -e Bad-Name ] || fail "a folder was written for a refused name"
if sfsup new service greeter_gxx 2>"$work/err.out"; then fail "an existing service folder was overwritten"; fi
grep -q "already exists" "$work/err.out" || fail "existing folder: $(cat "$work/err.out")"
if sfsup new service ok_name --kind daemon 2>"$work/err.out"; then fail "an unknown --kind was accepted"; fi
grep -q "unknown --kind 'daemon'" "$work/err.out" || fail "bad kind: $(cat "$work/err.out")"

for kind in subscriber publisher main; do
  step "$kind: scaffold, build with g++, test, check (finds the installed examples by name)"
  sfsup new service "my_$kind" --kind "$kind" >/dev/null
  build_service "my_$kind" g++
  (cd "my_$kind" && sfsup check topology.yaml) | tee "$work/check.out"
  [ "$kind" = publisher ] || grep -q "(from installed)" "$work/check.out" || fail "$kind: no installed example found"
done

step "main: run against the installed echo until it finishes"
(cd my_main && sfsup up -d topology.yaml >/dev/null) || fail "my_main: sfsup up -d"
running+=("$work/my_main")
# `logs -f` streams the log as it grows: the line arrives, or 60 s pass.
grep -q -m1 "my_main: echo answered 'hello 4'" < <(cd my_main && timeout 60 sfsup logs -f my_main) \
  || fail "my_main never got its 5 replies: $(tail -5 my_main/.sfsup/logs/my_main.log)"

step "pkg-config: compile and load a plugin without CMake"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
g++ -shared -fPIC -fvisibility=hidden -o "$work/libpc_greeter.so" greeter_gxx/src/*.cpp \
  $(pkg-config --cflags --libs service-framework) || fail "pkg-config build"
described=$(service_framework --describe -s "$work/libpc_greeter.so") || fail "the pkg-config plugin does not load"
grep -q '"greet"' <<<"$described" || fail "the pkg-config plugin does not describe its greet connection"
echo "out-of-tree services: 1 passed, 0 failed"
