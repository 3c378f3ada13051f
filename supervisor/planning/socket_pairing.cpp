#include "planning/socket_pairing.hpp"

#include <set>

#include <fmt/format.h>

namespace sfsup {

const SocketDescription* connect_target(const SocketDescription& connector,
                                        const EndpointDescription& other) {
  if (!connector.peer.empty()) {
    const SocketDescription* target = other.socket(connector.peer);
    return target && target->binds ? target : nullptr;
  }
  const SocketDescription* only = nullptr;
  for (const auto& s : other.sockets) {
    if (!s.binds) continue;
    if (only) return nullptr;  // ambiguous without a peer name
    only = &s;
  }
  return only;
}

std::optional<std::string> socket_pairing_problem(const EndpointDescription& out_side,
                                                  const EndpointDescription& in_side) {
  std::set<std::pair<const EndpointDescription*, std::string>> reached;
  for (const auto* side : {&out_side, &in_side}) {
    const EndpointDescription& other = side == &out_side ? in_side : out_side;
    for (const auto& s : side->sockets) {
      if (s.binds) continue;
      const SocketDescription* target = connect_target(s, other);
      if (!target) {
        return fmt::format("its {} socket '{}' finds no binding socket{} on the {} side to connect "
                           "to",
                           side->type, s.name, s.peer.empty() ? "" : " '" + s.peer + "'",
                           other.type);
      }
      reached.emplace(&other, target->name);
    }
  }
  for (const auto* side : {&out_side, &in_side}) {
    for (const auto& s : side->sockets) {
      if (s.binds && !reached.count({side, s.name})) {
        return fmt::format("the {} socket '{}' binds but nothing on the {} side connects to it "
                           "(both sides bind? set is_binder on one side only)",
                           side->type, s.name, side == &out_side ? in_side.type : out_side.type);
      }
    }
  }
  return std::nullopt;
}

}  // namespace sfsup
