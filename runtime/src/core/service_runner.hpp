#pragma once
// The seed's "Running Workflow", step by step: config, addresses,
// connections, states, signal handlers, init_function, then main or the loop.
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <spdlog/logger.h>

#include <sf/definition.hpp>
#include <sf/service.hpp>

#include "core/runtime.hpp"

namespace sf::detail {

class ServiceRunner {
 public:
  ServiceRunner(Definition definition, ServiceOptions options);

  // Every socket uses CURVE with these keys (the worker's --curve); before setup().
  void use_curve(CurveKeys keys) { curve_ = std::move(keys); }

  // Every lifecycle step up to the loop; throws sf::Error with one line naming
  // the service, the step and the offending key.
  void setup(bool main_mode);
  // main or the service loop, then a clean close. Blocks.
  void run(bool main_mode);
  // setup then run, on this thread; throws sf::Error when already running.
  void run_blocking(bool main_mode);

  // Throws sf::Error when this service is already running.
  void start_background(bool main_mode);  // setup errors are rethrown here
  // Any thread: runs the service's sigterm_handler on its thread (as the
  // Python framework's stop does), then joins a background run.
  void stop();
  bool is_running() const { return running_; }
  // A supervisor's stats socket (see Runtime::set_stats_fd); before setup().
  void set_stats_fd(int fd) { stats_fd_ = fd; }
  // This service's own logger: get_logger() on its thread returns it.
  const std::shared_ptr<spdlog::logger>& logger() const { return logger_; }

  Json describe() const;
  const std::string& name() const { return options_.name; }

 private:
  void build_endpoints(Kind kind, bool main_mode);
  void signal_ready();
  void withdraw_ready_file() const;
  void refuse_if_running(const char* call) const;
  void setup_steps(bool main_mode);

  Definition definition_;
  ServiceOptions options_;
  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<Runtime> runtime_;
  std::optional<CurveKeys> curve_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  int stats_fd_ = -1;
};

// The models as JSON: what `service_framework --describe` prints and sfsup reads.
Json describe_definition(const Definition& definition, const std::string& name);

}  // namespace sf::detail
