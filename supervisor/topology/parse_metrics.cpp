#include "topology/parse_metrics.hpp"

#include <regex>

#include <fmt/format.h>

namespace sfsup {

namespace {

constexpr const char* kFix = "write metrics: 127.0.0.1:9464, or metrics: {address: HOST:PORT, remote: true}";

}  // namespace

void read_metrics_setting(const MapEntry& entry, Topology& topology, Diagnostics& diagnostics) {
  static const std::regex host_port(R"(([A-Za-z0-9.\-]*):([0-9]{1,5}))");
  auto take_address = [&](const MapEntry& e) {
    auto text = read_string(e, diagnostics);
    if (!text) return;
    if (!std::regex_match(*text, host_port) || std::stoi(text->substr(text->rfind(':') + 1)) > 65535) {
      diagnostics.add(e.value_mark, fmt::format("metrics address '{}' is not HOST:PORT; {}", *text, kFix));
      return;
    }
    topology.metrics_address = *text;
  };
  if (entry.value.IsNull()) return;  // `metrics:` left empty: no server
  if (entry.value.IsScalar()) {
    take_address(entry);
    return;
  }
  if (!entry.value.IsMap()) {
    diagnostics.add(entry.value_mark, fmt::format("'metrics' is an address or a map; {}", kFix));
    return;
  }
  for (const auto& e : read_map(entry.value, entry.value_mark, "'metrics'", diagnostics, {"address", "remote"})) {
    if (e.key == "address") take_address(e);
    if (e.key == "remote") topology.metrics_remote = read_bool(e, diagnostics).value_or(false);
  }
  if (topology.metrics_address.empty() && !entry.value["address"])
    diagnostics.add(entry.value_mark, fmt::format("'metrics' needs an address; {}", kFix));
}

}  // namespace sfsup
