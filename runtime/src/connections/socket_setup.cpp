#include "connections/socket_setup.hpp"

#include "connections/curve_options.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include <sf/error.hpp>

#include "core/runtime.hpp"

namespace sf::detail {
namespace {

// tcp://HOST:PORT -> {HOST, PORT}; nullopt for other transports.
std::optional<std::pair<std::string, std::string>> tcp_host_port(const std::string& endpoint) {
  constexpr std::string_view kTcp = "tcp://";
  if (endpoint.compare(0, kTcp.size(), kTcp) != 0) return std::nullopt;
  const auto colon = endpoint.rfind(':');
  if (colon == std::string::npos || colon < kTcp.size()) return std::nullopt;
  return std::pair{endpoint.substr(kTcp.size(), colon - kTcp.size()), endpoint.substr(colon + 1)};
}

// The IPv4 addresses a host name resolves to, in resolver order, no repeats.
std::vector<std::string> resolve_ipv4(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return {};
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(found, &::freeaddrinfo);
  std::vector<std::string> addresses;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[INET_ADDRSTRLEN] = {};
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ai_addr);
    if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text) == nullptr) continue;
    if (std::find(addresses.begin(), addresses.end(), text) == addresses.end()) addresses.emplace_back(text);
  }
  return addresses;
}

// ZeroMQ binds an IP address or an interface name, not a host name
// ("localhost:5555" fails with ENODEV). The Python framework binds such an
// address on every interface; we bind what the name resolves to, which is
// where its peers connect, without opening the port on other interfaces.
void bind_by_host_name(zmq::socket_t& socket, const std::string& endpoint, const zmq::error_t& original) {
  auto host_port = tcp_host_port(endpoint);
  if (!host_port) throw original;
  const auto addresses = resolve_ipv4(host_port->first);
  if (addresses.empty()) throw original;
  for (const auto& address : addresses) socket.bind(fmt::format("tcp://{}:{}", address, host_port->second));
}

}  // namespace

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

std::vector<std::string> attach(zmq::socket_t& socket, const EndpointContext& ctx, const std::string& socket_name,
            bool bind) {
  CurveOptions(ctx, socket_name, bind).apply(socket);  // a no-op without CURVE keys
  socket.set(zmq::sockopt::linger, 1000);
  // Every socket here receives something (requests, replies, messages,
  // subscriptions); ZeroMQ drops a peer whose message is larger than this
  // before buffering it, so one hostile frame cannot cost the worker its size.
  std::int64_t max_inbound = ctx.runtime.max_message_bytes();
  // An XPUB receives only subscriptions, and keeps each in a trie at about
  // 30 bytes per prefix byte (a 1 MB random prefix cost a publisher 31 MiB):
  // real topics are short, so a longer subscription drops its sender.
  if (socket.get(zmq::sockopt::type) == ZMQ_XPUB) {
    max_inbound = std::min(max_inbound, kMaxSubscriptionBytes);
    // libzmq moves a subscriber's subscriptions into the trie as fast as its
    // I/O thread refills the pipe, ahead of the notices SubscriptionGuard
    // reads: with the default high-water mark of 1,000, a reconnecting
    // flooder's 100,000 subscriptions were all in before the first notice was
    // read (96 MiB). A pipe of 10 keeps the trie within a few thousand of the
    // notices. A small kernel buffer bounds what a dropped flooder had
    // already sent. Subscriptions are few and small; publishing is not affected.
    socket.set(zmq::sockopt::rcvhwm, kSubscriptionPipe);
    socket.set(zmq::sockopt::rcvbuf, kSubscriberReceiveBuffer);
  }
  socket.set(zmq::sockopt::maxmsgsize, max_inbound);
  std::vector<std::string> attached;
  for (const auto& endpoint : socket_endpoints(ctx, socket_name)) {
    try {
      if (bind) {
        try {
          socket.bind(endpoint);
        } catch (const zmq::error_t& e) {
          if (e.num() != ENODEV) throw;
          bind_by_host_name(socket, endpoint, e);
        }
      } else {
        socket.connect(endpoint);
      }
      attached.push_back(socket.get(zmq::sockopt::last_endpoint));
    } catch (const zmq::error_t& e) {
      throw Error(fmt::format("{} socket '{}': cannot {} {}: {}{}", ctx.label(), socket_name,
                              bind ? "bind" : "connect to", endpoint, e.what(),
                              bind ? " (is another process using it? is the directory there?)" : ""));
    }
  }
  return attached;
}

void wait_after_creation(const Json& options, const std::string& label) {
  const auto it = options.find("wait_after_creation_s");
  if (it == options.end() || !it->is_number()) return;
  const double seconds = it->get<double>();
  if (seconds < 0) throw Error(fmt::format("{} arguments: wait_after_creation_s must be >= 0 (got {})", label, seconds));
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

bool option_flag(const Json& options, const char* key) {
  auto it = options.find(key);
  return it != options.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace sf::detail
