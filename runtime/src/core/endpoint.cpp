#include "core/endpoint.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

namespace sf::detail {

const char* to_string(Side side) { return side == Side::in ? "in" : "out"; }
const char* to_string(Kind kind) { return kind == Kind::connection ? "connection" : "state"; }

Json Endpoint::send(const Json&, const Json&) {
  throw Error("this endpoint cannot be sent to");
}

bool Endpoint::wait_subscribers(int, Clock::time_point) {
  throw Error("wait_subscribers: only publishers and out-states see subscriptions");
}

std::string EndpointContext::label() const { return fmt::format("{} '{}'", to_string(kind), name); }

std::string EndpointContext::address(const std::string& socket) const {
  auto it = addresses.find(socket);
  if (it == addresses.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw Error(fmt::format("addresses: {}s.{}.{}.{} is missing; add it to the addresses file (-a) "
                            "or return it from setup_addresses",
                            to_string(kind), to_string(side), name, socket));
  }
  return it->get<std::string>();
}

}  // namespace sf::detail
