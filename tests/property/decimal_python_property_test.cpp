// sf::Decimal against Python's own decimal module: 10,000 random operations,
// generated here, evaluated by /usr/bin/python3 in the same run
// (tools/interop/decimal_oracle.py), every result and every operand's str()
// compared. SF_DECIMAL_SEED=<n> replays or varies the draw.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "decimal_operations.hpp"

namespace {

constexpr int kOperations = 10000;
constexpr std::uint64_t kDefaultSeed = 20240601;

class ScratchDir {
 public:
  ScratchDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "sf-decimal-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = templ;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::uint64_t seed() {
  const char* text = std::getenv("SF_DECIMAL_SEED");
  return text != nullptr ? std::stoull(text) : kDefaultSeed;
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("sf::Decimal gives Python's decimal results for 10000 random operations") {
  const std::uint64_t draw = seed();
  const auto ops = sfprop::generate_operations(draw, kOperations);
  ScratchDir dir;
  const auto ops_file = dir.path() / "ops.tsv";
  const auto python_file = dir.path() / "python.tsv";
  {
    std::ofstream out(ops_file);
    for (const auto& op : ops) out << sfprop::to_line(op) << '\n';
  }
  const std::string command = fmt::format("/usr/bin/python3 '{}/tools/interop/decimal_oracle.py' '{}' '{}'",
                                          SF_SOURCE_DIR, ops_file.string(), python_file.string());
  const int status = std::system(command.c_str());
  REQUIRE_MESSAGE((WIFEXITED(status) && WEXITSTATUS(status) == 0), "python3 failed: " << command);
  const auto python = read_lines(python_file);
  REQUIRE(python.size() == ops.size());

  int compared = 0;
  int mismatches = 0;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const std::string ours = sfprop::evaluate(ops[i]);
    ++compared;
    if (ours == python[i]) continue;
    if (++mismatches <= 20) {
      MESSAGE("mismatch: " << sfprop::to_line(ops[i]) << "\n  sf::Decimal: " << ours << "\n  Python:      "
                           << python[i]);
    }
  }
  std::printf("decimal property test: %d operations compared with Python's decimal (seed %llu), %d mismatches\n",
              compared, static_cast<unsigned long long>(draw), mismatches);
  CHECK(compared == kOperations);
  CHECK(mismatches == 0);
}
