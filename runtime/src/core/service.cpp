// sf::Service: the seed's object API over ServiceRunner.
#include <sf/service.hpp>

#include "core/logging.hpp"
#include "core/plugin_loader.hpp"
#include "core/service_runner.hpp"

namespace sf {
namespace {

ServiceOptions with_logging(ServiceOptions options) {
  detail::configure_logging({.service_name = options.name,
                             .console_level = options.console_loglevel,
                             .file_path = options.log_path,
                             .file_level = options.file_loglevel,
                             .backup_count = options.backup_count});
  return options;
}

}  // namespace

Service::Service(std::string service_path, ServiceOptions options) {
  if (options.name.empty()) options.name = detail::service_name_from_path(service_path);
  options = with_logging(std::move(options));
  runner_ = std::make_unique<detail::ServiceRunner>(detail::load_plugin(service_path), std::move(options));
}

Service::Service(Definition definition, ServiceOptions options) {
  options = with_logging(std::move(options));
  runner_ = std::make_unique<detail::ServiceRunner>(std::move(definition), std::move(options));
}

Service::~Service() { runner_->stop(); }

void Service::run_service() { runner_->start_background(false); }
void Service::run_service_as_main() { runner_->start_background(true); }

void Service::run_service_blocking() {
  runner_->setup(false);
  runner_->run(false);
}

void Service::run_service_as_main_blocking() {
  runner_->setup(true);
  runner_->run(true);
}

void Service::stop_service() { runner_->stop(); }
bool Service::is_running() const { return runner_->is_running(); }
Json Service::describe() const { return runner_->describe(); }

}  // namespace sf
