// Config files and the merges of the config and addresses steps.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <sf/error.hpp>

#include "config/config_sources.hpp"

using sf::Json;
using namespace sf::detail;

namespace {

// A file under the system temp dir, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& text)
      : path_((std::filesystem::temp_directory_path() /
               ("sf_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".json"))
                  .string()) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

}  // namespace

TEST_CASE("a flat config file loads as it is") {
  TempFile f(R"({"symbol": "BTC-USD", "rate_hz": 100})");
  CHECK(load_config_file(f.path()) == Json{{"symbol", "BTC-USD"}, {"rate_hz", 100}});
}

TEST_CASE("the seed's required/optional config file is flattened") {
  TempFile f(R"({
    "required": {"config_property_1": 12345, "config_property_3": {"key_1": "value_1"}},
    "optional": {"config_property_4": "TestTestTest"}
  })");
  CHECK(load_config_file(f.path()) == Json{{"config_property_1", 12345},
                                           {"config_property_3", {{"key_1", "value_1"}}},
                                           {"config_property_4", "TestTestTest"}});
}

TEST_CASE("invalid JSON names the file - line and column") {
  TempFile f("{\n  \"a\": 1,\n    x\n}");
  std::string message;
  try {
    load_config_file(f.path());
  } catch (const sf::Error& e) {
    message = e.what();
  }
  CHECK(message.rfind("config file '" + f.path() + "': parse error at line 3, column 5: ", 0) == 0);
  CHECK(message.find("json.exception") == std::string::npos);
}

TEST_CASE("a missing file or a non-object config is one line naming the fix") {
  CHECK_THROWS_WITH_AS(load_config_file("/nonexistent/dir/config.json"),
                       "config file '/nonexistent/dir/config.json': cannot read it (No such file or directory); "
                       "check the -c path",
                       sf::Error);
  TempFile f("[1, 2]");
  CHECK_THROWS_WITH(load_config_file(f.path()),
                    doctest::Contains("': expected a JSON object of config keys, got array"));
}

TEST_CASE("flatten_config refuses a key that is both required and optional") {
  CHECK_THROWS_WITH_AS(flatten_config({{"required", {{"a", 1}}}, {"optional", {{"a", 2}}}}, "service 'x' config"),
                       "service 'x' config: key 'a' is under both \"required\" and \"optional\"; keep one", sf::Error);
  // Not the split form: "required" beside other keys is an ordinary key.
  const Json flat = {{"required", {{"a", 1}}}, {"b", 2}};
  CHECK(flatten_config(flat, "x") == flat);
  CHECK(flatten_config(nullptr, "x") == Json::object());
}

TEST_CASE("merge_over replaces whole keys") {
  const Json base = {{"a", 1}, {"nested", {{"x", 1}, {"y", 2}}}};
  CHECK(merge_over(base, {{"nested", {{"x", 9}}}, {"b", 2}}) == Json{{"a", 1}, {"nested", {{"x", 9}}}, {"b", 2}});
  CHECK(merge_over(base, nullptr) == base);
  CHECK_THROWS_AS(merge_over(base, Json::array()), sf::Error);
}

TEST_CASE("deep_merge merges objects at every level and replaces the rest") {
  const Json file = {{"connections",
                      {{"in", {{"orders", {{"replyer", "127.0.0.1:5000"}}}}},
                       {"out", {{"fills", {{"requester", "127.0.0.1:5001"}}}}}}}};
  const Json setup = {{"connections", {{"in", {{"orders", {{"replyer", "127.0.0.1:6000"}}}}}}}};
  CHECK(deep_merge(file, setup) == Json{{"connections",
                                         {{"in", {{"orders", {{"replyer", "127.0.0.1:6000"}}}}},
                                          {"out", {{"fills", {{"requester", "127.0.0.1:5001"}}}}}}}});
  CHECK(deep_merge({{"a", {1, 2}}}, {{"a", {3}}}) == Json{{"a", {3}}});
  CHECK(deep_merge(file, nullptr) == file);
}

// Found by tools/fuzz (fuzz_config_file, corpus found-number-overflow): a
// number past a double's range is nlohmann's out_of_range, not a parse_error,
// and escaped as a library error that named no file.
TEST_CASE("a number too large for a double names the file like any parse error") {
  TempFile f("{\"count\": 123e4567}");
  std::string message = "(no sf::Error)";
  try {
    load_config_file(f.path());
  } catch (const sf::Error& e) {
    message = e.what();
  }
  CHECK_MESSAGE(message.rfind("config file '" + f.path() + "': number overflow parsing '123e4567'", 0) == 0, message);
}
