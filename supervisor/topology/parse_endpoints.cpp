#include "topology/parse_endpoints.hpp"

#include <charconv>

#include <fmt/format.h>

namespace sfsup {

std::optional<std::string> normalize_endpoint(const std::string& text, std::string& why) {
  const auto scheme_end = text.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : text.substr(0, scheme_end);
  if (scheme == "ipc") {
    const std::string path = text.substr(6);
    if (path.empty()) {
      why = "ipc:// needs a socket path; write ipc:///tmp/name.sock";
      return std::nullopt;
    }
    if (path.size() > kMaxIpcPathLength) {
      why = fmt::format("the ipc path is {} bytes, over the {}-byte unix socket limit; use a "
                        "shorter path",
                        path.size(), kMaxIpcPathLength);
      return std::nullopt;
    }
    return text;
  }
  if (!scheme.empty() && scheme != "tcp") {
    why = scheme == "inproc"
              ? "inproc:// only reaches threads of one process, not another worker; use tcp:// or "
                "ipc://"
              : fmt::format("'{}://' is not a transport sfsup wires; use tcp://host:port or "
                            "ipc:///path",
                            scheme);
    return std::nullopt;
  }
  const std::string host_port = scheme.empty() ? text : text.substr(6);
  const auto colon = host_port.rfind(':');
  int port = 0;
  const char* begin = host_port.data() + (colon == std::string::npos ? 0 : colon + 1);
  const char* end = host_port.data() + host_port.size();
  auto [ptr, ec] = std::from_chars(begin, end, port);
  if (colon == std::string::npos || colon == 0 || ec != std::errc() || ptr != end || port < 1 ||
      port > 65535) {
    why = "an address is host:port, tcp://host:port or ipc:///path; write e.g. "
          "tcp://127.0.0.1:5555";
    return std::nullopt;
  }
  return "tcp://" + host_port;
}

namespace {

// `from:`/`to:` values: one "service.endpoint" or a list of them.
std::vector<PeerRef> read_peers(const MapEntry& entry, EndpointKind kind, Diagnostics& diagnostics) {
  std::vector<std::pair<YAML::Node, SourceMark>> items;
  if (entry.value.IsSequence()) {
    for (const auto& item : entry.value) items.emplace_back(item, mark_of(item));
  } else {
    items.emplace_back(entry.value, entry.value_mark);
  }
  const std::string example = entry.key == "from" ? "from: ticker.ticks" : "to: broker.orders";
  std::vector<PeerRef> peers;
  for (const auto& [node, mark] : items) {
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    const auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
      diagnostics.add(mark, fmt::format("'{}: {}' is not a reference; write <service>.<{}>, e.g. {}",
                                        entry.key, text, to_string(kind), example));
      continue;
    }
    peers.push_back(PeerRef{text, text.substr(0, dot), text.substr(dot + 1), mark});
  }
  return peers;
}

void read_address(const MapEntry& entry, EndpointDecl& decl, Diagnostics& diagnostics) {
  auto accept = [&](const std::string& text, SourceMark mark) -> std::optional<ExplicitAddress> {
    std::string why;
    if (auto endpoint = normalize_endpoint(text, why)) return ExplicitAddress{*endpoint, mark};
    diagnostics.add(mark, fmt::format("bad address '{}': {}", text, why));
    return std::nullopt;
  };
  if (entry.value.IsScalar()) {
    decl.address = accept(entry.value.Scalar(), entry.value_mark);
    return;
  }
  if (!entry.value.IsMap()) {
    diagnostics.add(entry.value_mark,
                    "'address' must be an endpoint or a mapping of socket name to endpoint; write "
                    "address: \"tcp://127.0.0.1:5555\" or address: {replyer: ...}");
    return;
  }
  for (const auto& e : read_map(entry.value, entry.value_mark, "'address'", diagnostics)) {
    if (!e.value.IsScalar()) {
      diagnostics.add(e.value_mark, fmt::format("the address of socket '{}' must be one endpoint; "
                                                "write {}: \"tcp://127.0.0.1:5555\"",
                                                e.key, e.key));
    } else if (auto a = accept(e.value.Scalar(), e.value_mark)) {
      decl.socket_addresses[e.key] = *a;
    }
  }
}

void read_side(const MapEntry& side, EndpointKind kind, Direction direction,
               const std::string& service, std::vector<EndpointDecl>& out,
               Diagnostics& diagnostics) {
  const std::string what = fmt::format("{}s.{} of service '{}'", to_string(kind),
                                       to_string(direction), service);
  for (const auto& e : read_map(side.value, side.value_mark, what, diagnostics)) {
    EndpointDecl decl{kind, direction, e.key, e.key_mark, {}, {}, {}};
    const std::string owner = fmt::format("{} {}-{} '{}'", service, to_string(direction),
                                          to_string(kind), e.key);
    for (const auto& key : read_map(e.value, e.value_mark, owner, diagnostics,
                                    {"from", "to", "address"})) {
      if (key.key == "address") {
        read_address(key, decl, diagnostics);
        continue;
      }
      // An in-side names where it gets data from, an out-side where it sends to.
      const bool right_way = (key.key == "from") == (direction == Direction::in);
      if (!right_way) {
        diagnostics.add(
            key.key_mark,
            direction == Direction::in
                ? fmt::format("'to' on in-{} '{}' points the wrong way; an in-{} names its source: "
                              "from: <service>.<out-{}>",
                              to_string(kind), e.key, to_string(kind), to_string(kind))
                : fmt::format("'from' on out-{} '{}' points the wrong way; an out-{} names its "
                              "destination: to: <service>.<in-{}>",
                              to_string(kind), e.key, to_string(kind), to_string(kind)));
        continue;
      }
      auto peers = read_peers(key, kind, diagnostics);
      decl.peers.insert(decl.peers.end(), peers.begin(), peers.end());
    }
    out.push_back(std::move(decl));
  }
}

}  // namespace

void read_endpoints(const MapEntry& block, EndpointKind kind, const std::string& service,
                    std::vector<EndpointDecl>& out, Diagnostics& diagnostics) {
  const std::string what = fmt::format("'{}s' of service '{}'", to_string(kind), service);
  for (const auto& side : read_map(block.value, block.value_mark, what, diagnostics, {"in", "out"})) {
    read_side(side, kind, side.key == "in" ? Direction::in : Direction::out, service, out,
              diagnostics);
  }
}

}  // namespace sfsup
