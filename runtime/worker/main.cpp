// service_framework: runs one service plugin (the seed's CLI).
// Exit codes: 0 clean stop, 1 failure while running, 2 bad command line or setup.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include <sf/service.hpp>

#include "command_line.hpp"
#include "config/config_sources.hpp"
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

}  // namespace

int main(int argc, char** argv) {
  // Before ZeroMQ starts any thread: SIGINT/SIGTERM are read from a signalfd
  // on the loop thread, never by an async handler.
  sf::detail::signal_hub::block_signals();

  sf::worker::CommandLine cl;
  sf::Definition definition;
  sf::ServiceOptions options;
  try {
    cl = sf::worker::parse_command_line(argc, argv);
    if (cl.help) {
      std::cout << cl.help_text;
      return 0;
    }
    if (cl.version) {
      std::cout << "service_framework " << SF_VERSION << "\n";
      return 0;
    }
    definition = sf::detail::load_plugin(cl.service_path);
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
  } catch (const std::exception& e) {
    std::fprintf(stderr, "service_framework: %s\n", e.what());
    return 2;
  }

  // Setup and run are separate steps so the exit code tells them apart:
  // 2 = the user must fix something before it can start, 1 = it failed while running.
  sf::detail::configure_logging({.service_name = options.name,
                                 .console_level = options.console_loglevel,
                                 .file_path = options.log_path,
                                 .file_level = options.file_loglevel,
                                 .backup_count = options.backup_count});
  sf::detail::ServiceRunner runner(std::move(definition), options);
  try {
    runner.setup(cl.main_mode);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "service_framework: %s\n", e.what());
    return 2;
  }
  try {
    runner.run(cl.main_mode);
  } catch (const std::exception& e) {
    sf::get_logger()->critical("service '{}' failed: {}", options.name, e.what());
    return 1;
  }
  return 0;
}
