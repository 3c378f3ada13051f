#pragma once
// Test fixtures for the topology checker: a scratch directory, topology
// files written into it, fake plugin files, and the describe JSON of the
// example services, served by an injected DescribeFn (no worker runs).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planning/plan_topology.hpp"

namespace topotest {

namespace fs = std::filesystem;
using nlohmann::json;

class TempDir {
 public:
  explicit TempDir(const char* prefix = "/tmp/sfsup-topo-XXXXXX") : pattern_(prefix) {
    if (!::mkdtemp(pattern_.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern_;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  std::string pattern_;
  fs::path path_;
};

inline void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

inline json read_json(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

inline json args(json required, json optional = json::object()) {
  return {{"required", std::move(required)}, {"optional", std::move(optional)}};
}

inline json sockets_of(const std::string& type) {
  const json bind = {{"role", "bind"}};
  auto connect = [](const char* peer) { return json{{"role", "connect"}, {"peer", peer}}; };
  if (type == "replyer") return {{"replyer", bind}};
  if (type == "publisher") return {{"publisher", bind}};
  if (type == "requester") return {{"requester", connect("replyer")}};
  if (type == "subscriber") return {{"subscriber", connect("publisher")}};
  if (type == "full_update_out" || type == "delta_update_out") {
    return {{"publisher", bind}, {"replyer", bind}};
  }
  if (type == "full_update_in" || type == "delta_update_in") {
    return {{"subscriber", connect("publisher")}, {"requester", connect("replyer")}};
  }
  return json::object();  // external_target
}

inline json endpoint(const std::string& type, json arguments, json returns = nullptr) {
  return {{"type", type},
          {"arguments", std::move(arguments)},
          {"returns", std::move(returns)},
          {"connection_arguments", json::object()},
          {"sockets", sockets_of(type)}};
}

inline json service(const std::string& name, bool has_main, json config_model,
                    json conn_in = json::object(), json conn_out = json::object(),
                    json state_in = json::object(), json state_out = json::object()) {
  return {{"service", name},
          {"abi", 1},
          {"has_main", has_main},
          {"config_model", std::move(config_model)},
          {"connections", {{"in", std::move(conn_in)}, {"out", std::move(conn_out)}}},
          {"states", {{"in", std::move(state_in)}, {"out", std::move(state_out)}}}};
}

inline json tick_args() {
  return args({{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}});
}

// The example services (services/), as their `--describe` would print them.
inline std::map<std::string, json> example_descriptions() {
  const json text = args({{"text", "str"}});
  std::map<std::string, json> d;
  d["libecho.so"] = service("echo", false, args(json::object(), {{"prefix", "str"}}),
                            {{"echo", endpoint("replyer", text, text)}});
  d["libpinger.so"] =
      service("pinger", true,
              args(json::object(), {{"count", "int"}, {"interval_ms", "int"}, {"expect_prefix", "str"}}),
              {}, {{"echo", endpoint("requester", text, text)}});
  d["libticker.so"] = service("ticker", true,
                              args({{"count", "int"}}, {{"rate_hz", "float | int"},
                                                        {"topic", "str"},
                                                        {"wait_subscribers", "int"},
                                                        {"wait_timeout_ms", "int"}}),
                              {}, {{"ticks", endpoint("publisher", tick_args())}});
  d["libtick_counter.so"] = service("tick_counter", false,
                                    args(json::object(), {{"topic", "str"}, {"expect", "int"}}),
                                    {{"ticks", endpoint("subscriber", tick_args())}});
  d["libquote.so"] =
      service("quote", false, args(json::object()),
              {{"quote", endpoint("replyer", args({{"symbol", "str"}}),
                                  args({{"symbol", "str"}, {"price", "decimal"}}))}},
              {{"price_source", endpoint("external_target", args({{"symbol", "str"}}),
                                         args({{"price", "decimal"}}))}});
  // State examples for wiring tests.
  const json book = args({{"bids", "map[decimal, decimal]"}, {"asks", "map[decimal,decimal]"}});
  const json order = args({{"side", "enum[buy, sell]"}, {"qty", "decimal"}});
  d["libbook_builder.so"] = service("book_builder", false, args(json::object()), {}, {}, {},
                                    {{"book", endpoint("full_update_out", book)}});
  d["libstrategy.so"] = service("strategy", false, args(json::object()), {},
                                {{"orders", endpoint("requester", order, args({{"id", "str"}}))}},
                                {{"book", endpoint("full_update_in", book)}});
  d["libbroker.so"] = service("broker", false, args(json::object()),
                              {{"orders", endpoint("replyer", order, args({{"id", "str"}}))}});
  return d;
}

// A scratch project: <root>/build/services/lib*.so (empty files standing in
// for plugins) and topologies written under <root>/topologies/.
class Project {
 public:
  Project() : descriptions_(example_descriptions()) {
    for (const auto& [file, doc] : descriptions_) write_file(dir_.path() / "build/services" / file, "");
  }

  const fs::path& root() const { return dir_.path(); }
  std::map<std::string, json>& descriptions() { return descriptions_; }

  fs::path topology(const std::string& yaml, const std::string& name = "t.yaml") {
    const fs::path path = root() / "topologies" / name;
    write_file(path, yaml);
    return path;
  }

  // Serves example_descriptions() by plugin file name; counts calls.
  sfsup::DescribeFn describe() {
    return [this](const fs::path& plugin) -> json {
      ++describe_calls;
      auto it = descriptions_.find(plugin.filename().string());
      if (it == descriptions_.end()) throw std::runtime_error("dlopen failed: not a plugin");
      return it->second;
    };
  }

  std::vector<sfsup::Diagnostic> check(const std::string& yaml) {
    return sfsup::check_topology(topology(yaml), describe());
  }

  int describe_calls = 0;

 private:
  TempDir dir_;
  std::map<std::string, json> descriptions_;
};

// Every diagnostic as text, for failure output.
inline std::string all(const std::vector<sfsup::Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.to_string() + "\n";
  return out;
}

// The one diagnostic whose message contains `needle`; fails the test otherwise.
inline sfsup::Diagnostic expect_one(const std::vector<sfsup::Diagnostic>& diagnostics,
                                    const std::string& needle) {
  std::vector<sfsup::Diagnostic> hits;
  for (const auto& d : diagnostics) {
    if (d.message.find(needle) != std::string::npos) hits.push_back(d);
  }
  INFO("looking for: " << needle << "\ngot:\n" << all(diagnostics));
  REQUIRE(hits.size() == 1);
  return hits.front();
}

// Checks `yaml` and returns the single diagnostic containing `needle`.
inline sfsup::Diagnostic only(Project& project, const std::string& yaml, const std::string& needle) {
  return expect_one(project.check(yaml), needle);
}

}  // namespace topotest
