// A service's config as the worker reads it: the -c file (flat, or the
// seed's {"required", "optional"} form), then `--key value` extras converted
// against the config model, merged over the file. The input is the file's
// text, then after the first NUL byte the extras, NUL-separated. Bad input
// must be an sf::Error of one line; nothing else may escape.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sf/error.hpp>

#include "config/config_sources.hpp"
#include "fuzz_support.hpp"
#include "model/schema.hpp"

using sf::Json;
using namespace sf::detail;

namespace {

const ArgsSchema& config_model() {
  static const ArgsSchema schema = ArgsSchema::compile(
      sf::ArgsModel{.required = {{"count", "int"}},
                    .optional = {{"rate_hz", "float | int"},
                                 {"topic", "str"},
                                 {"enabled", "bool"},
                                 {"limit", "decimal"},
                                 {"mode", "enum[fast, slow]"},
                                 {"maybe", "int | none"},
                                 {"id", "uuid"},
                                 {"since", "datetime"},
                                 {"levels", "list[int]"}}},
      "fuzz config");
  return schema;
}

std::vector<std::string> split_nul(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\0', start), text.size());
    parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view file_text = input.substr(0, nul);
  std::vector<std::string> extras;
  if (nul != std::string_view::npos) extras = split_nul(input.substr(nul + 1));

  Json config = Json::object();
  try {
    const auto path = sffuzz::write_scratch("config.json", data, file_text.size());
    config = load_config_file(path.string());
  } catch (const sf::Error& e) {
    sffuzz::expect_one_line("load_config_file", e.what());
  }
  try {
    config = merge_over(std::move(config), parse_extra_arguments(extras, config_model()));
  } catch (const sf::Error& e) {
    sffuzz::expect_one_line("parse_extra_arguments", e.what());
    return 0;
  }
  // Whatever the sources gave, validation answers in one line or accepts.
  const std::string problem = config_model().check(config, "config");
  if (!problem.empty()) sffuzz::expect_one_line("config check", problem);
  return 0;
}
