#pragma once
// Shared by the runtime integration tests: start a service_framework worker on
// a plugin from build/services with addresses/config files in the seed's
// shape, and talk to a running service over a raw ZeroMQ socket.
#include <csignal>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <zmq.hpp>

#include "process.hpp"
#include "python_peer.hpp"

namespace sftest {

// "ipc:///tmp/sft-xxxx/<name>": short enough for a unix socket path.
std::string ipc_endpoint(const TempDir& dir, std::string_view name);
// "127.0.0.1:<port>" for a port the kernel just handed out (the seed's host:port form).
std::string loopback_host_port();

struct WorkerSpec {
  std::string service{};                // plugin name: build/services/lib<service>.so
  sf::Json addresses = sf::Json::object();
  std::optional<sf::Json> config{};     // written to a -c file when set
  std::vector<std::string> extra_args{};  // appended as-is (e.g. "--count", "3")
  bool main_mode = false;
};

// Writes <dir>/<service>-<n>.addresses.json (and .config.json), then runs the
// worker with --ready-fd 3. Use wait_ready() before talking to it.
Process start_worker(const TempDir& dir, const WorkerSpec& spec);

// The worker's argv without running it, for tests that only check a setup error.
std::vector<std::string> worker_argv(const TempDir& dir, const WorkerSpec& spec);


// The most memory process `pid` ever had resident (VmHWM), in bytes.
std::size_t peak_rss_bytes(pid_t pid);

// Lines of `text` that are not blank.
std::vector<std::string> non_empty_lines(std::string_view text);
// How often `needle` occurs in `text`.
std::size_t count_occurrences(std::string_view text, std::string_view needle);

// A raw REQ socket, to send exactly the bytes a test wants.
class RawRequester {
 public:
  explicit RawRequester(const std::string& endpoint);
  // Sends one frame; the decoded reply (msgpack -> JSON), or nullopt when no
  // reply arrived within `timeout` (the socket is then unusable).
  std::optional<sf::Json> request_bytes(std::string_view frame, std::chrono::milliseconds timeout = 10s);
  std::optional<sf::Json> request(const sf::Json& payload, std::chrono::milliseconds timeout = 10s);

 private:
  zmq::context_t context_;
  zmq::socket_t socket_;
};

std::string msgpack_bytes(const sf::Json& value);

}  // namespace sftest
