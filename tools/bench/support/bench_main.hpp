#pragma once
// The shared main() of every bench program: each one re-runs itself as a
// child in another --role (a replyer, a publisher), or drives the bench.
#include <initializer_list>
#include <string_view>
#include <utility>

#include "options.hpp"

namespace sfbench {

using BenchRole = int (*)(const Options&);

// Runs the role named by --role (or `driver` without one); an unknown role or
// any exception is one line on stderr prefixed by `program`, and exit 1.
int run_bench(const char* program, int argc, char** argv,
              std::initializer_list<std::pair<std::string_view, BenchRole>> roles, BenchRole driver);

}  // namespace sfbench
