// Where the build put the binaries and plugins the integration tests run.
// SF_BUILD_DIR / SF_SOURCE_DIR come from tests/CMakeLists.txt.
#include "process.hpp"

namespace sftest {

std::filesystem::path build_dir() { return SF_BUILD_DIR; }
std::filesystem::path source_dir() { return SF_SOURCE_DIR; }
std::filesystem::path worker_binary() { return build_dir() / "bin" / "service_framework"; }
std::filesystem::path sfsup_binary() { return build_dir() / "bin" / "sfsup"; }

std::filesystem::path plugin(std::string_view name) {
  return build_dir() / "services" / ("lib" + std::string(name) + ".so");
}

}  // namespace sftest
