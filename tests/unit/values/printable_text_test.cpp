// Outside text quoted in an error stays on one line (found by
// tools/fuzz: fuzz_config_file, corpus found-newline-in-extra-argument).
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "config/config_sources.hpp"
#include "values/printable_text.hpp"

using namespace sf::detail;

namespace {

std::string error_of(std::vector<std::string> extras) {
  sf::ArgsModel model;
  model.optional = {{"count", "int"}};
  try {
    parse_extra_arguments(extras, ArgsSchema::compile(model, "config"));
  } catch (const sf::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("printable_text escapes controls and backslash - keeps UTF-8 and plain text") {
  CHECK(printable_text("plain --key=1") == "plain --key=1");
  CHECK(printable_text("a\nb\r\x1b[31m\x7f\\") == "a\\x0ab\\x0d\\x1b[31m\\x7f\\x5c");
  CHECK(printable_text(std::string_view("nul\0end", 7)) == "nul\\x00end");
  CHECK(printable_text("prix \xc3\xa9t\xc3\xa9") == "prix \xc3\xa9t\xc3\xa9");
}

TEST_CASE("extra argument errors quote a newline in the argument as an escape - one line") {
  for (const auto& extras : std::vector<std::vector<std::string>>{
           {"\n: 3"}, {"--a\nb"}, {"--count", "1\n2"}, {"stray\r\nline"}}) {
    const std::string error = error_of(extras);
    INFO(error);
    CHECK(error != "(no error)");
    CHECK(error.find_first_of("\r\n") == std::string::npos);
    CHECK(error.find("\\x0a") != std::string::npos);
  }
}
