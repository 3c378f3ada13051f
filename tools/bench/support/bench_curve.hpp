#pragma once
// --curve: every socket of a bench under CURVE, raw libzmq's and the
// framework's alike, so their ratio says what the framework adds on top of
// CURVE's own cost. The driver makes one key pair for the binding side and
// one for the connecting side and hands the file to its children
// (--curve-keys FILE). Raw servers run no ZAP handler (libzmq then lets any
// client in); the framework's replyer or publisher runs its own, which costs
// one request per connection, not per message.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <zmq.hpp>

#include <sf/service.hpp>

#include "core/curve_keys.hpp"
#include "core/service_runner.hpp"
#include "support/options.hpp"

namespace sfbench {

struct BenchKeys {
  std::string server_public, server_secret, client_public, client_secret;
};

// New key pairs, written to `file` for the children.
BenchKeys make_bench_keys(const std::filesystem::path& file);
// The keys a child was handed (--curve-keys), nullopt without CURVE.
std::optional<BenchKeys> bench_keys_of(const Options& options);

// Raw libzmq sockets: server or client options; nothing when `keys` is empty.
void raw_curve_server(zmq::socket_t& socket, const std::optional<BenchKeys>& keys);
void raw_curve_client(zmq::socket_t& socket, const std::optional<BenchKeys>& keys);

// The framework's keys for a service with one socket, `socket_key`
// ("connections.in.orders.replyer"); binding sockets accept the client key.
sf::detail::CurveKeys framework_keys(const BenchKeys& keys, const std::string& socket_key, bool binds);

// sf::Service's runner, with CURVE when `keys` is set (as the worker's --curve
// does); stopped (joined, when run in the background) before it is deleted.
struct StopRunner {
  void operator()(sf::detail::ServiceRunner* runner) const {
    runner->stop();
    delete runner;
  }
};
using Runner = std::unique_ptr<sf::detail::ServiceRunner, StopRunner>;
Runner make_runner(sf::Definition definition, sf::ServiceOptions options,
                   const std::optional<BenchKeys>& keys, const std::string& socket_key, bool binds);

}  // namespace sfbench
