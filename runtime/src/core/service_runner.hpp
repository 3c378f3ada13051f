#pragma once
// The seed's "Running Workflow", step by step: config, addresses,
// connections, states, signal handlers, init_function, then main or the loop.
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <sf/definition.hpp>
#include <sf/service.hpp>

#include "core/runtime.hpp"

namespace sf::detail {

class ServiceRunner {
 public:
  ServiceRunner(Definition definition, ServiceOptions options);

  // Every lifecycle step up to the loop; throws sf::Error with one line naming
  // the service, the step and the offending key.
  void setup(bool main_mode);
  // main or the service loop, then a clean close. Blocks.
  void run(bool main_mode);

  void start_background(bool main_mode);  // setup errors are rethrown here
  void stop();                            // any thread; joins a background run
  bool is_running() const { return running_; }

  Json describe() const;
  const std::string& name() const { return options_.name; }

 private:
  void build_endpoints(Kind kind, bool main_mode);
  void signal_ready();

  Definition definition_;
  ServiceOptions options_;
  std::unique_ptr<Runtime> runtime_;
  std::thread thread_;
  std::atomic<bool> running_{false};
};

// The models as JSON: what `service_framework --describe` prints and sfsup reads.
Json describe_definition(const Definition& definition, const std::string& name);

}  // namespace sf::detail
