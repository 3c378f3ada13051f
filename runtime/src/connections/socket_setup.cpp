#include "connections/socket_setup.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

namespace sf::detail {

std::string normalize_endpoint(const std::string& address) {
  if (address.find("://") != std::string::npos) return address;
  auto colon = address.rfind(':');
  if (colon != std::string::npos && colon > 0 && colon + 1 < address.size()) return "tcp://" + address;
  throw Error(fmt::format("address '{}' is not an endpoint: use host:port or a full ZeroMQ endpoint "
                          "(tcp://host:port, ipc:///path, inproc://name)",
                          address));
}

std::vector<std::string> socket_endpoints(const EndpointContext& ctx, const std::string& socket) {
  std::vector<std::string> endpoints;
  auto it = ctx.addresses.find(socket);
  if (it != ctx.addresses.end() && it->is_array()) {
    for (const auto& a : *it) {
      if (!a.is_string()) {
        throw Error(fmt::format("addresses: {}s.{}.{}.{} must be a string or a list of strings",
                                to_string(ctx.kind), to_string(ctx.side), ctx.name, socket));
      }
      endpoints.push_back(normalize_endpoint(a.get<std::string>()));
    }
    if (!endpoints.empty()) return endpoints;
  }
  endpoints.push_back(normalize_endpoint(ctx.address(socket)));
  return endpoints;
}

void attach(zmq::socket_t& socket, const EndpointContext& ctx, const std::string& socket_name,
            bool bind) {
  socket.set(zmq::sockopt::linger, 1000);
  for (const auto& endpoint : socket_endpoints(ctx, socket_name)) {
    try {
      if (bind) {
        socket.bind(endpoint);
      } else {
        socket.connect(endpoint);
      }
    } catch (const zmq::error_t& e) {
      throw Error(fmt::format("{} socket '{}': cannot {} {}: {}{}", ctx.label(), socket_name,
                              bind ? "bind" : "connect to", endpoint, e.what(),
                              bind ? " (is another process using it? is the directory there?)" : ""));
    }
  }
}

bool option_flag(const Json& options, const char* key) {
  auto it = options.find(key);
  return it != options.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace sf::detail
