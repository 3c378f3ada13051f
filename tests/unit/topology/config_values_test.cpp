// `check` types every config and args value against the plugin's
// config_model with the runtime's own checker, at the value's line and
// column, naming the key, the expected type and the fix.
#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

// A plugin whose config_model has one key of each kind the examples need.
Project& with_typed_plugin(Project& project) {
  project.descriptions()["libtyped.so"] =
      service("typed", false,
              args({{"count", "int"}},
                   {{"flag", "bool"}, {"ratio", "float | int"}, {"price", "decimal"},
                    {"levels", "list[int]"}, {"side", "enum[buy, sell]"}, {"note", "str | none"}}));
  write_file(project.root() / "build/services/libtyped.so", "");
  return project;
}

std::string typed(const std::string& body) {
  return "services:\n  t:\n    service: ../build/services/libtyped.so\n" + body;
}

}  // namespace

TEST_CASE("config values of the wrong type are refused at the value") {
  Project project;
  with_typed_plugin(project);
  SUBCASE("a word for an int") {
    auto d = only(project, typed("    config: {count: lots}\n"), "config 'count'");
    CHECK(d.line == 4);
    CHECK(d.column == 21);
    CHECK(d.message == "config 'count' of service 't' must be int (config_model of libtyped.so), got "
                       "str 'lots'; write a whole number, e.g. count: 5");
  }
  SUBCASE("a float for an int") {
    auto d = only(project, typed("    config:\n      count: 2.5\n"), "config 'count'");
    CHECK(d.line == 5);
    CHECK(d.column == 14);
    CHECK(d.message.find("must be int") != std::string::npos);
    CHECK(d.message.find("got float 2.5") != std::string::npos);
  }
  SUBCASE("a quoted true for a bool") {
    auto d = only(project, typed("    config: {count: 1, flag: \"true\"}\n"), "config 'flag'");
    CHECK(d.line == 4);
    CHECK(d.message.find("must be bool") != std::string::npos);
    CHECK(d.message.find("got str 'true'; remove the quotes: flag: true") != std::string::npos);
  }
  SUBCASE("an integer beyond int64") {
    auto d = only(project, typed("    config: {count: 99999999999999999999}\n"), "config 'count'");
    CHECK(d.message.find("beyond the 64-bit integer range") != std::string::npos);
    CHECK(d.message.find("9223372036854775807") != std::string::npos);
  }
  SUBCASE("a bad element inside a list names its path") {
    auto d = only(project, typed("    config: {count: 1, levels: [1, 2, x]}\n"), "config 'levels'");
    CHECK(d.message.find("levels[2]: expected int, got str") != std::string::npos);
  }
  SUBCASE("a decimal that is not one, and an enum member that is not listed") {
    const auto all_of = project.check(typed("    config: {count: 1, price: abc, side: hold}\n"));
    CHECK(expect_one(all_of, "config 'price'").message.find("must be decimal") != std::string::npos);
    CHECK(expect_one(all_of, "config 'side'").message.find("write one of enum[buy, sell]") !=
          std::string::npos);
  }
  SUBCASE("values the worker accepts pass") {
    const auto none = project.check(typed(
        "    config: {count: 3, flag: false, ratio: 2, price: 1.25, levels: [1, 2], side: buy, note: null}\n"));
    CHECK_MESSAGE(none.empty(), all(none));
  }
}

TEST_CASE("args values are converted as the worker converts them then checked") {
  Project project;
  with_typed_plugin(project);
  SUBCASE("a word for an int") {
    auto d = only(project, typed("    args: {count: lots}\n"), "args 'count'");
    CHECK(d.line == 4);
    CHECK(d.column == 19);
    CHECK(d.message.find("must be int") != std::string::npos);
    CHECK(d.message.find("got 'lots'; write a whole number") != std::string::npos);
  }
  SUBCASE("a type no command-line argument can carry") {
    auto d = only(project, typed("    args: {count: 1, levels: \"[1, 2]\"}\n"), "args 'levels'");
    CHECK(d.message.find("move it under config:") != std::string::npos);
  }
  SUBCASE("args win over config as in the worker") {
    const auto none = project.check(typed("    config: {count: lots}\n    args: {count: 7}\n"));
    CHECK_MESSAGE(none.empty(), all(none));
  }
}

TEST_CASE("a required key given nowhere is still named with its type") {
  Project project;
  with_typed_plugin(project);
  auto d = only(project, typed("    config: {flag: true}\n"), "lacks required config");
  CHECK(d.message.find("count (int)") != std::string::npos);
}

TEST_CASE("config_file values are checked at the config_file line") {
  Project project;
  with_typed_plugin(project);
  write_file(project.root() / "topologies/t.json", R"({"count": "five"})");
  auto d = only(project, typed("    config_file: t.json\n"), "config 'count'");
  CHECK(d.line == 4);
  CHECK(d.message.find("got str 'five'") != std::string::npos);
}
