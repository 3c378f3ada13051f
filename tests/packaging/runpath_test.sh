#!/usr/bin/env bash
# No built or installed program, library or plugin has an empty RPATH/RUNPATH
# entry (the loader reads one as the current directory, so whatever folder a
# program is started in could supply its libsf), and the installed ones find
# libsf relative to themselves: bin/ -> $ORIGIN/../lib, the example plugins ->
# $ORIGIN/../.. (lib/service_framework/services/ up to lib/), libsf itself none.
# Usage: runpath_test.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/sf-runpath-XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The RPATH and RUNPATH of an ELF file, one "TAG value" line each.
search_paths() {
  readelf -d "$1" | sed -nE 's/.*\((RPATH|RUNPATH)\)[^[]*\[(.*)\]$/\1 \2/p'
}

# check_no_empty_entry FILE: fails when a search path of FILE has an empty entry.
check_no_empty_entry() {
  local tag value
  while read -r tag value; do
    if [[ -z "$value" || "$value" == :* || "$value" == *: || "$value" == *::* ]]; then
      fail "$1: $tag [$value] has an empty entry (the loader would search the current directory)"
    fi
  done < <(search_paths "$1")
}

# expect_runpath FILE VALUE: FILE's RUNPATH is exactly VALUE ("" for none), and it has no RPATH.
expect_runpath() {
  local got; got=$(search_paths "$1" | sed -nE 's/^RUNPATH //p')
  [ "$got" = "$2" ] || fail "$1: RUNPATH is [$got], expected [$2]"
  ! search_paths "$1" | grep -q '^RPATH ' || fail "$1: has an RPATH (DT_RPATH)"
}

is_elf() { [ -f "$1" ] && [ ! -L "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

checked=0
for f in "$build_dir"/bin/* "$build_dir"/lib/* "$build_dir"/services/*.so; do
  is_elf "$f" || continue
  check_no_empty_entry "$f"
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || fail "no ELF files under $build_dir/{bin,lib,services}: is it built?"
for f in bin/sfsup bin/service_framework services/libecho.so; do
  [ -f "$build_dir/$f" ] || fail "the build has no $f"
done
echo "build tree: $checked ELF files checked"

prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
installed=0
while IFS= read -r f; do
  is_elf "$f" || continue
  check_no_empty_entry "$f"
  installed=$((installed + 1))
done < <(find "$prefix" -type f)
expect_runpath "$prefix/bin/sfsup" '$ORIGIN/../lib'
expect_runpath "$prefix/bin/service_framework" '$ORIGIN/../lib'
expect_runpath "$(readlink -f "$prefix/lib/libsf.so")" ''
plugins=0
for f in "$prefix"/lib/service_framework/services/*.so; do
  expect_runpath "$f" '$ORIGIN/../..'
  plugins=$((plugins + 1))
done
[ "$plugins" -gt 0 ] || fail "the install has no plugins"
echo "install: $installed ELF files checked, $plugins plugins"

[ "$failures" -eq 0 ] || { echo "runpath: $failures failure(s)"; exit 1; }
echo "runpath: 1 passed, 0 failed"
