#include "bench_main.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

namespace sfbench {

int run_bench(const char* program, int argc, char** argv,
              std::initializer_list<std::pair<std::string_view, BenchRole>> roles, BenchRole driver) {
  try {
    const Options options(argc, argv);
    const std::string role = options.text("role");
    if (role.empty()) return driver(options);
    for (const auto& [name, run] : roles) {
      if (name == role) return run(options);
    }
    throw std::runtime_error("unknown --role " + role);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
    return 1;
  }
}

}  // namespace sfbench
