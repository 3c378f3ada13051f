// YAML syntax errors at the construct that is broken, tabs named as tabs,
// and plugin and topology paths that are directories.
#include "topology_fixtures.hpp"

using namespace topotest;

TEST_CASE("an unclosed flow mapping is reported at the brace that opened it") {
  Project project;
  // yaml-cpp gives up at 7:4; the mistake is the '{' on line 5.
  auto d = only(project, R"(name: x
services:
  echo:
    service: ../build/services/libecho.so
    config: {prefix: "a",
      other: 2
  pinger:
    service: ../build/services/libpinger.so
)",
                "is never closed");
  CHECK(d.line == 5);
  CHECK(d.column == 13);
  CHECK(d.message == "this '{' is never closed (YAML reached line 7 still inside it); add the matching '}'");
}

TEST_CASE("a bracket inside quotes or a comment is not taken for an opener") {
  Project project;
  auto d = only(project, "services:  # {not this\n  echo: {service: \"[x\", config: [1,\n", "is never closed");
  CHECK(d.line == 2);
  CHECK(d.column == 33);
}

TEST_CASE("a tab in the indentation is named as a tab") {
  Project project;
  SUBCASE("yaml-cpp says 'end of map not found'") {
    auto d = only(project, "services:\n  echo:\n\tservice: ../build/services/libecho.so\n", "tab");
    CHECK(d.line == 3);
    CHECK(d.column == 1);
    CHECK(d.message == "a tab is used for indentation; YAML indents with spaces only, so replace the tab "
                       "with spaces");
  }
  SUBCASE("after some spaces") {
    auto d = only(project, "services:\n  echo:\n  \t  service: ../build/services/libecho.so\n", "tab");
    CHECK(d.line == 3);
    CHECK(d.column == 3);
  }
}

TEST_CASE("a plugin path that is a directory says so") {
  Project project;
  auto d = only(project, "services:\n  echo:\n    service: ../build/services\n", "is a directory");
  CHECK(d.line == 3);
  CHECK(d.column == 14);
  CHECK(d.message.find("name the plugin file inside it, e.g. ") != std::string::npos);
  CHECK(d.message.find("services/libecho.so") != std::string::npos);
  CHECK(project.describe_calls == 0);
}

TEST_CASE("a topology path that is a directory says so") {
  Project project;
  const auto diagnostics = sfsup::check_topology(project.root(), project.describe());
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].line == 0);
  CHECK(diagnostics[0].message.find("is a directory, not a topology file") != std::string::npos);
}

TEST_CASE("a topology that is not UTF-8 text is one located line - found by fuzz_topology") {
  Project project;
  // 0x84 is a continuation byte with nothing to continue, in a comment on line 2.
  const auto d = only(project, "services:\n  # caf\x84\n  echo: {service: ../build/services/libecho.so}\n",
                      "is not UTF-8 text");
  CHECK(d.line == 2);
  CHECK(d.column == 8);
  CHECK(d.message.find("byte 0x84") != std::string::npos);
  // Well-formed multi-byte text is fine.
  CHECK(project.check("services:\n  # café ✓ 😀\n  echo: {service: ../build/services/libecho.so}\n").empty());
}
