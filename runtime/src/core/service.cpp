// sf::Service: the seed's object API over ServiceRunner.
#include <sf/service.hpp>

#include "core/plugin_loader.hpp"
#include "core/service_runner.hpp"

namespace sf {

Service::Service(std::string service_path, ServiceOptions options) {
  if (options.name.empty()) options.name = detail::service_name_from_path(service_path);
  runner_ = std::make_unique<detail::ServiceRunner>(detail::load_plugin(service_path), std::move(options));
}

// Each service gets its own logger (ServiceRunner): a second Service in the
// process does not rename or re-level the first one's lines.
Service::Service(Definition definition, ServiceOptions options) {
  runner_ = std::make_unique<detail::ServiceRunner>(std::move(definition), std::move(options));
}

Service::~Service() { runner_->stop(); }

void Service::run_service() { runner_->start_background(false); }
void Service::run_service_as_main() { runner_->start_background(true); }
void Service::run_service_blocking() { runner_->run_blocking(false); }
void Service::run_service_as_main_blocking() { runner_->run_blocking(true); }

void Service::stop_service() { runner_->stop(); }
bool Service::is_running() const { return runner_->is_running(); }
Json Service::describe() const { return runner_->describe(); }

}  // namespace sf
