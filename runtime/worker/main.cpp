// service_framework: runs one service plugin (the seed's CLI).
// Exit codes: 0 clean stop, 1 failure while running, 2 bad command line or setup.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include <sf/service.hpp>

#include "command_line.hpp"
#include "config/config_sources.hpp"
#include "core/curve_keys.hpp"
#include "core/logging.hpp"
#include "core/plugin_loader.hpp"
#include "core/service_runner.hpp"
#include "core/signal_hub.hpp"
#include "model/schema.hpp"

namespace {

sf::Json read_json_file(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw sf::Error(fmt::format("{} file '{}': cannot open it", what, path));
  try {
    return sf::Json::parse(in);
  } catch (const sf::Json::parse_error& e) {
    throw sf::Error(fmt::format("{} file '{}': {}", what, path, e.what()));
  }
}

// sfsup hands each worker one end of a SOCK_SEQPACKET pair as SF_STATS_FD and
// asks it for its counters there. Taken out of the environment so processes
// the service starts neither see nor inherit it.
int stats_fd_from_environment() {
  const char* text = std::getenv("SF_STATS_FD");
  if (text == nullptr) return -1;
  const int fd = std::atoi(text);
  ::unsetenv("SF_STATS_FD");
  if (fd < 3 || ::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) return -1;
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  // Before ZeroMQ starts any thread: the signals the worker handles are read
  // from a signalfd on the loop thread, never by an async handler.
  sf::detail::signal_hub::block_signals();

  sf::worker::CommandLine cl;
  sf::Definition definition;
  sf::ServiceOptions options;
  std::unique_ptr<sf::detail::ServiceRunner> runner;
  try {
    // The plugin is loaded first: its config keys decide what a --key means.
    cl = sf::worker::parse_command_line(argc, argv, [&](const std::string& path) {
      definition = sf::detail::load_plugin(path);
      std::set<std::string> keys;
      for (const sf::Json* group : {&definition.config_model.required, &definition.config_model.optional}) {
        for (const auto& [key, type] : group->items()) keys.insert(key);
      }
      return keys;
    });
    if (cl.version) {
      std::cout << "service_framework " << sf::library_version() << "\n";
      return 0;
    }
    if (cl.help) {
      std::cout << cl.help_text;
      return 0;
    }
    options.name = cl.name.empty() ? sf::detail::service_name_from_path(cl.service_path) : cl.name;
    if (cl.describe) {
      std::cout << sf::detail::describe_definition(definition, options.name).dump(2) << "\n";
      return 0;
    }
    sf::Json config = cl.config_path ? sf::detail::load_config_file(*cl.config_path) : sf::Json::object();
    auto model = sf::detail::ArgsSchema::compile(definition.config_model, "config_model");
    config = sf::detail::merge_over(std::move(config), sf::detail::parse_extra_arguments(cl.extra_config, model));
    options.config = std::move(config);
    if (cl.addresses_path) options.addresses = read_json_file(*cl.addresses_path, "addresses");
    options.console_loglevel = cl.console_loglevel;
    options.log_path = cl.log_path;
    options.file_loglevel = cl.file_loglevel;
    options.backup_count = cl.backup_count;
    options.service_loop_min_wait_time =
        std::chrono::milliseconds(static_cast<long long>(cl.wait_time_s * 1000.0));
    options.handle_signals = true;
    options.ready_fd = cl.ready_fd;
    options.ready_file = cl.ready_file;
    options.max_message_bytes = cl.max_message_bytes;
    options.max_subscriptions = static_cast<std::size_t>(cl.max_subscriptions);
    options.max_log_line_bytes = static_cast<std::size_t>(cl.max_log_line_bytes);
    runner = std::make_unique<sf::detail::ServiceRunner>(std::move(definition), options);
    runner->set_stats_fd(stats_fd_from_environment());
    if (cl.curve_path) {
      runner->use_curve(sf::detail::read_curve_keys(read_json_file(*cl.curve_path, "CURVE keys"),
                                                    *cl.curve_path));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "service_framework: %s\n", e.what());
    return 2;
  }
  // The one service's logger is the process's: lines from any thread carry its name.
  sf::detail::set_process_logger(runner->logger());

  // Setup and run are separate steps so the exit code tells them apart:
  // 2 = the user must fix something before it can start, 1 = it failed while running.
  try {
    runner->setup(cl.main_mode);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "service_framework: %s\n", e.what());
    return 2;
  }
  try {
    runner->run(cl.main_mode);
  } catch (const std::exception& e) {
    runner->logger()->critical("service '{}' failed: {}", options.name, e.what());
    return 1;
  }
  return 0;
}
