#pragma once
// A topology file as read: services, their settings and their declared
// wiring, each piece with the YAML position it came from so later checks
// (which need the plugins' models) can still point at the right line.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_plan.hpp"
#include "topology/diagnostic.hpp"

namespace sfsup {

enum class EndpointKind { connection, state };
enum class Direction { in, out };
enum class Transport { ipc, tcp };
enum class Security { none, curve };  // `security:`; curve: docs/hardening.md

std::string_view to_string(EndpointKind kind);  // "connection" / "state"
std::string_view to_string(Direction direction);  // "in" / "out"
Direction opposite(Direction direction);

// `from: ticker.ticks` / `to: broker.orders`.
struct PeerRef {
  std::string text;      // as written
  std::string service;
  std::string endpoint;
  SourceMark mark;
};

// A user-given endpoint; normalised to a full ZeroMQ endpoint (host:port -> tcp://host:port).
struct ExplicitAddress {
  std::string endpoint;
  SourceMark mark;
};

// One entry under `connections:` or `states:` -> `in:`/`out:`.
struct EndpointDecl {
  EndpointKind kind = EndpointKind::connection;
  Direction direction = Direction::in;
  std::string name;
  SourceMark mark;
  std::vector<PeerRef> peers;                    // `from:` (in) or `to:` (out)
  std::optional<ExplicitAddress> address;        // `address: "tcp://..."`: the only socket
  std::map<std::string, ExplicitAddress> socket_addresses;  // `address: {socket: ...}`

  // The explicit address of one socket: its own entry, else the plain
  // `address:` when the endpoint has just that one socket.
  const ExplicitAddress* address_of(const std::string& socket, std::size_t socket_count) const;
};

// How a service's worker is run; `defaults:` first, then the service's own keys.
struct ServiceSettings {
  RestartPolicy restart;
  std::chrono::milliseconds stop_timeout{10'000};
  std::chrono::milliseconds ready_timeout{30'000};
  std::map<std::string, std::string> env;
  std::optional<std::string> log_level;  // worker's -cl; unset: the worker's default
  Transport transport = Transport::ipc;
  int stop_signal = 0;  // `stop_signal:`; 0: the signal sfsup was given (SIGTERM for stop/down)
  std::optional<long long> max_message_bytes;   // worker's --sf-max-message-bytes; unset: its default
  std::optional<long long> max_log_line_bytes;  // worker's --sf-max-log-line-bytes, and sfsup's cut
  std::optional<long long> max_subscriptions;   // worker's --sf-max-subscriptions; unset: its default
};

// `args: {count: 5}` -> `--count 5`.
struct ExtraArg {
  std::string key;
  std::string value;
  SourceMark mark;
  SourceMark value_mark;
};

struct ServiceDecl {
  std::string name;
  SourceMark mark;                       // the service's key under `services:`
  std::string plugin_ref;                // `service:` as written: a path or a bare name
  std::filesystem::path plugin;          // absolute; empty when missing or not found
  std::string plugin_origin;             // where it was found (topology/plugin_search.hpp)
  SourceMark plugin_mark;
  bool main = false;
  SourceMark main_mark;
  nlohmann::json config = nlohmann::json::object();  // config_file, then inline over it
  std::map<std::string, SourceMark> config_marks;    // where each config key was given
  std::map<std::string, SourceMark> config_value_marks;  // where its value was (config_file: the path)
  SourceMark config_mark;                            // `config:` (or `config_file:`) if any
  std::filesystem::path config_file;                 // `config_file:` resolved; `sfsup watch` follows it
  std::vector<ExtraArg> args;
  std::vector<EndpointDecl> endpoints;
  ServiceSettings settings;

  const EndpointDecl* find(EndpointKind kind, Direction direction, std::string_view name) const;
};

struct PortRange {
  int first = 20000;
  int last = 29999;
};

struct Topology {
  std::filesystem::path file;            // absolute
  std::string name;                      // `name:`, else the file's stem
  PortRange tcp_ports;
  SourceMark tcp_ports_mark;
  std::vector<std::filesystem::path> service_path;  // `service_path:`, absolute, in order
  std::vector<ServiceDecl> services;     // in file order
  std::string metrics_address;           // `metrics:` (parse_metrics.hpp); empty: none
  bool metrics_remote = false;
  Security security = Security::none;    // `security: curve`: CURVE on every socket of the topology
  SourceMark security_mark;

  const ServiceDecl* find(std::string_view service) const;
  std::vector<std::string> service_names() const;
};

}  // namespace sfsup
