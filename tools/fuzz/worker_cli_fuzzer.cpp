// The worker's command line (service_framework's argv): the input is split at
// NUL bytes into arguments after argv[0]. A bad command line must be one
// sf::Error line; nothing else may escape (cxxopts' own exceptions included).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <sf/error.hpp>

#include "command_line.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args = {"service_framework"};
  std::size_t start = 0;
  while (start < input.size()) {
    const std::size_t end = std::min(input.find('\0', start), input.size());
    args.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  try {
    // The plugin is not loaded: it declares config keys that collide with
    // worker flags, so the key-wins / --sf-<flag> rule is exercised too.
    (void)sf::worker::parse_command_line(static_cast<int>(args.size()), argv.data(), [](const std::string&) {
      return std::set<std::string>{"name", "describe", "count", "prefix"};
    });
  } catch (const sf::Error& e) {
    sffuzz::expect_one_line("parse_command_line", e.what());
  }
  return 0;
}
