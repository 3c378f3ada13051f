// What must match between a plugin and this libsf: the plugin ABI, the C++
// standard library and sizeof(Definition), each named in its own message.
// The compiler must not matter (tests/packaging loads a clang++ plugin).
#include <doctest/doctest.h>

#include "core/plugin_loader.hpp"

using sf::StdLib;
using sf::detail::plugin_incompatibility;

namespace {
const auto kSize = static_cast<std::uint32_t>(sizeof(sf::Definition));
}

TEST_CASE("a plugin built against these headers with this standard library is accepted") {
  CHECK_FALSE(plugin_incompatibility(sf::kAbiVersion, sf::compiled_stdlib(), kSize).has_value());
  CHECK(sf::compiled_stdlib() == StdLib::libstdcxx);  // g++ or clang++ on Debian
}

TEST_CASE("another plugin ABI is refused naming both versions and the fix") {
  const auto problem = plugin_incompatibility(sf::kAbiVersion + 1, sf::compiled_stdlib(), kSize);
  REQUIRE(problem.has_value());
  CHECK(problem->find("plugin ABI " + std::to_string(sf::kAbiVersion + 1)) != std::string::npos);
  CHECK(problem->find("rebuild the plugin") != std::string::npos);
}

TEST_CASE("libc++ or the old string ABI is refused naming the standard library") {
  auto problem = plugin_incompatibility(sf::kAbiVersion, StdLib::libcxx, kSize);
  REQUIRE(problem.has_value());
  CHECK(problem->find("LLVM libc++") != std::string::npos);
  CHECK(problem->find("GNU libstdc++") != std::string::npos);
  CHECK(problem->find("-stdlib=libstdc++") != std::string::npos);

  problem = plugin_incompatibility(sf::kAbiVersion, StdLib::libstdcxx_old_abi, kSize);
  REQUIRE(problem.has_value());
  CHECK(problem->find("_GLIBCXX_USE_CXX11_ABI=0") != std::string::npos);
}

TEST_CASE("a Definition of another size is refused") {
  const auto problem = plugin_incompatibility(sf::kAbiVersion, sf::compiled_stdlib(), kSize + 8);
  REQUIRE(problem.has_value());
  CHECK(problem->find(std::to_string(kSize + 8) + " bytes") != std::string::npos);
}

TEST_CASE("the library reports the project's version") {
  CHECK(std::string(sf::library_version()) == SF_TEST_PROJECT_VERSION);
}
