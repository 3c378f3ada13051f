#pragma once
// Everything a service file needs, and the seed's object API.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <sf/decimal.hpp>
#include <sf/definition.hpp>
#include <sf/error.hpp>
#include <sf/json.hpp>
#include <sf/log.hpp>
#include <sf/model.hpp>
#include <sf/plugin.hpp>
#include <sf/to_send.hpp>

namespace sf {

namespace detail { class ServiceRunner; }

// The seed's optional Service arguments, plus what a supervisor needs.
struct ServiceOptions {
  Json config = Json::object();       // flat, or {"required": ..., "optional": ...}
  Json addresses = Json::object();    // seed's shape: connections|states -> in|out -> ...
  // Levels: DEBUG, INFO, WARNING, ERROR, CRITICAL in any case, trace, off.
  // Each Service logs through its own logger (name, levels, file).
  std::string console_loglevel = "info";
  std::optional<std::string> log_path;  // exactly this file, rotated hourly to PATH.YYYY-MM-DD_HH
  std::string file_loglevel = "info";
  int backup_count = 24;              // rotated files kept (0: all)
  std::chrono::milliseconds service_loop_min_wait_time{0};
  bool handle_signals = false;        // the CLI worker turns this on
  int ready_fd = -1;                  // written to once sockets are bound (sfsup readiness)
  // Created once sockets are bound, removed when the service stops: readiness
  // for probes that can only look at files (a Kubernetes exec probe, a compose healthcheck).
  std::optional<std::string> ready_file;
  std::string name;                   // shown in logs; defaults to the plugin's file name
  // Limits against a hostile or broken peer (docs/hardening.md, "Limits").
  // A larger inbound message makes ZeroMQ drop the connection that sent it.
  std::int64_t max_message_bytes = 64 * 1024 * 1024;
  // Distinct subscription prefixes a publisher keeps (and 64 bytes of prefix
  // per allowed one); past it the connections that brought the most are
  // dropped, so ZeroMQ frees them. 0: no cap.
  std::size_t max_subscriptions = 10'000;
  // Longer log lines keep their first bytes and end in "… [truncated N bytes]".
  std::size_t max_log_line_bytes = 16 * 1024;
};

class Service {
 public:
  Service(std::string service_path, ServiceOptions options = {});
  Service(Definition definition, ServiceOptions options = {});
  ~Service();  // stops and joins a background run
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Background (non-blocking) runs; setup errors are thrown from here, and
  // so is an sf::Error when the service is already running.
  void run_service();
  void run_service_as_main();
  // Blocking runs; return when the loop or main ends.
  void run_service_blocking();
  void run_service_as_main_blocking();
  // The clean stop SIGTERM makes: runs the service's sigterm_handler on its
  // thread (as the Python framework's stop does), stops, joins a background run.
  void stop_service();

  bool is_running() const;
  // Prints nothing; the models as JSON (what `service_framework --describe` prints).
  Json describe() const;

 private:
  std::unique_ptr<detail::ServiceRunner> runner_;
};

}  // namespace sf
