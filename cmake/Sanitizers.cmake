# Instrumented builds, each in its own build tree (tools/sanitize.sh, tools/fuzz/run.sh).
#
# SF_SANITIZE: AddressSanitizer + UndefinedBehaviorSanitizer over everything
# (libsf, plugins, sfsup, tests). UB aborts instead of printing and going on,
# so a finding fails the test that hit it rather than scrolling by.
# SF_FUZZ: clang only; libFuzzer targets in tools/fuzz/. The code under test
# gets coverage instrumentation (fuzzer-no-link), the targets link libFuzzer.
option(SF_SANITIZE "Build with -fsanitize=address,undefined (use a separate build tree)" OFF)
option(SF_FUZZ "Build the libFuzzer targets in tools/fuzz (clang only; a separate build tree)" OFF)

if(SF_SANITIZE OR SF_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(SF_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SF_FUZZ needs clang++ (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
