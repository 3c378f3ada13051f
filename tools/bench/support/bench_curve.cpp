#include "support/bench_curve.hpp"

#include <array>
#include <fstream>
#include <stdexcept>

namespace sfbench {

namespace {

std::pair<std::string, std::string> key_pair() {
  std::array<char, 41> public_key{};
  std::array<char, 41> secret_key{};
  if (zmq_curve_keypair(public_key.data(), secret_key.data()) != 0) {
    throw std::runtime_error("zmq_curve_keypair failed: is this libzmq built with CURVE?");
  }
  return {public_key.data(), secret_key.data()};
}

}  // namespace

BenchKeys make_bench_keys(const std::filesystem::path& file) {
  BenchKeys keys;
  std::tie(keys.server_public, keys.server_secret) = key_pair();
  std::tie(keys.client_public, keys.client_secret) = key_pair();
  std::ofstream(file) << sf::Json{{"server_public", keys.server_public}, {"server_secret", keys.server_secret},
                                  {"client_public", keys.client_public}, {"client_secret", keys.client_secret}}
                             .dump();
  return keys;
}

std::optional<BenchKeys> bench_keys_of(const Options& options) {
  if (!options.has("curve-keys")) return std::nullopt;
  std::ifstream in(options.text("curve-keys"));
  const sf::Json doc = sf::Json::parse(in);
  return BenchKeys{doc.at("server_public"), doc.at("server_secret"), doc.at("client_public"),
                   doc.at("client_secret")};
}

void raw_curve_server(zmq::socket_t& socket, const std::optional<BenchKeys>& keys) {
  if (!keys) return;
  socket.set(zmq::sockopt::curve_server, true);
  socket.set(zmq::sockopt::curve_secretkey, keys->server_secret);
}

void raw_curve_client(zmq::socket_t& socket, const std::optional<BenchKeys>& keys) {
  if (!keys) return;
  socket.set(zmq::sockopt::curve_serverkey, keys->server_public);
  socket.set(zmq::sockopt::curve_publickey, keys->client_public);
  socket.set(zmq::sockopt::curve_secretkey, keys->client_secret);
}

sf::detail::CurveKeys framework_keys(const BenchKeys& keys, const std::string& socket_key, bool binds) {
  sf::detail::CurveKeys out;
  out.file = "(bench keys)";
  out.public_key = binds ? keys.server_public : keys.client_public;
  out.secret_key = binds ? keys.server_secret : keys.client_secret;
  sf::detail::CurveSocketKeys socket;
  socket.server = binds;
  if (binds) socket.accept = {keys.client_public};
  else socket.server_key = keys.server_public;
  out.sockets[socket_key] = socket;
  return out;
}

Runner make_runner(sf::Definition definition, sf::ServiceOptions options, const std::optional<BenchKeys>& keys,
                   const std::string& socket_key, bool binds) {
  Runner runner(new sf::detail::ServiceRunner(std::move(definition), std::move(options)));
  if (keys) runner->use_curve(framework_keys(*keys, socket_key, binds));
  return runner;
}

}  // namespace sfbench
