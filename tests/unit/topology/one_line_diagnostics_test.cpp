// A diagnostic quoting a value that holds a newline stays one line
// (found by tools/fuzz: fuzz_topology, corpus found-newline-in-quoted-value).
#include "topology_fixtures.hpp"

using namespace topotest;

TEST_CASE("a quoted value with a blank line inside is quoted as one diagnostic line") {
  Project project;
  // A blank line inside a double-quoted scalar is a newline in its value.
  const auto diagnostics = project.check(
      "services:\n"
      "  echo:\n"
      "    service: echo\n"
      "    restart: \"never\n"
      "\n"
      "      sometimes\"\n");
  const auto d = expect_one(diagnostics, "'restart'");
  INFO(d.to_string());
  CHECK(d.to_string().find_first_of("\r\n") == std::string::npos);
  CHECK(d.message.find("never\\x0asometimes") != std::string::npos);
}
