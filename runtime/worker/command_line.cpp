#include "command_line.hpp"

#include <cstdlib>
#include <map>
#include <set>

#include <cxxopts.hpp>
#include <fmt/format.h>

#include <sf/error.hpp>

#include "values/printable_text.hpp"

namespace sf::worker {
namespace {

// The seed spells some short options with two letters, which getopt-style
// parsers read as two flags; map them to their long names first.
const std::map<std::string, std::string> kSeedShortForms = {
    {"-wt", "--wait-time"}, {"-cl", "--console-loglevel"}, {"-bc", "--backup-count"}};

cxxopts::Options make_options() {
  cxxopts::Options o("service_framework",
                     "Runs one service plugin: loads it, merges its config, binds and connects its "
                     "connections and states, then runs its main (-m) or its service loop.\n"
                     "Any other --key value pair is added to the config (converted to the type the "
                     "config_model declares).");
  o.custom_help("-s SERVICE.so [options] [--config_key value ...]");
  o.add_options("Service")
      ("s,service", "Service plugin to run (a .so built with SF_SERVICE())", cxxopts::value<std::string>())
      ("a,addresses", "Addresses JSON file: connections|states -> in|out -> name -> socket -> endpoint",
       cxxopts::value<std::string>())
      ("c,config", "Config JSON file: flat, or {\"required\": {...}, \"optional\": {...}}",
       cxxopts::value<std::string>())
      ("m,main", "Main mode: run the service's main (no in-connections or in-states allowed)")
      ("wait-time", "-wt: minimum seconds between two service-loop iterations (default 0)",
       cxxopts::value<double>()->default_value("0"))
      ("name", "Service name shown in logs (default: the plugin's file name)", cxxopts::value<std::string>())
      ("describe", "Print the service's models as JSON and exit")
      ("ready-fd", "Write READY to this fd once sockets are bound (supervisors); also SF_READY_FD",
       cxxopts::value<int>());
  o.add_options("Logging")
      ("console-loglevel", "-cl: console log level (trace, debug, info, warning, error, critical, off)",
       cxxopts::value<std::string>()->default_value("info"))
      ("l,log-path", "Log file path (rotated hourly)", cxxopts::value<std::string>())
      ("f,file-loglevel", "File log level", cxxopts::value<std::string>()->default_value("info"))
      ("backup-count", "-bc: hourly log files to keep", cxxopts::value<int>()->default_value("24"))
      ("h,help", "Show this help");
  return o;
}

}  // namespace

CommandLine parse_command_line(int argc, char** argv) {
  auto options = make_options();
  std::set<std::string> known_long = {"service", "addresses", "config",          "main",        "wait-time",
                                      "name",    "describe",  "ready-fd",        "console-loglevel",
                                      "log-path", "file-loglevel", "backup-count", "help"};
  CommandLine cl;
  std::vector<std::string> kept = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (auto it = kSeedShortForms.find(arg); it != kSeedShortForms.end()) arg = it->second;
    if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
      std::string name = arg.substr(2, arg.find('=') - 2);
      if (!known_long.count(name)) {
        cl.extra_config.push_back(arg);
        if (arg.find('=') == std::string::npos && i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
          cl.extra_config.push_back(argv[++i]);
        }
        continue;
      }
    }
    kept.push_back(arg);
  }
  std::vector<char*> kept_argv;
  for (auto& a : kept) kept_argv.push_back(a.data());

  cxxopts::ParseResult r;
  try {
    r = options.parse(static_cast<int>(kept_argv.size()), kept_argv.data());
  } catch (const std::exception& e) {
    // cxxopts quotes the offending argument as given: a newline in it would split the line.
    throw Error(fmt::format("{} (see service_framework --help)", sf::detail::printable_text(e.what())));
  }
  cl.help_text = options.help();
  if (r.count("help")) {
    cl.help = true;
    return cl;
  }
  if (!r.unmatched().empty()) {
    throw Error(fmt::format("unexpected argument '{}' (config keys are passed as --key value)",
                            sf::detail::printable_text(r.unmatched()[0])));
  }
  if (!r.count("service")) throw Error("missing -s SERVICE.so: which service plugin to run (see --help)");
  cl.service_path = r["service"].as<std::string>();
  if (r.count("addresses")) cl.addresses_path = r["addresses"].as<std::string>();
  if (r.count("config")) cl.config_path = r["config"].as<std::string>();
  cl.main_mode = r.count("main") > 0;
  cl.wait_time_s = r["wait-time"].as<double>();
  if (cl.wait_time_s < 0) throw Error("-wt must be >= 0 seconds");
  cl.console_loglevel = r["console-loglevel"].as<std::string>();
  if (r.count("log-path")) cl.log_path = r["log-path"].as<std::string>();
  cl.file_loglevel = r["file-loglevel"].as<std::string>();
  cl.backup_count = r["backup-count"].as<int>();
  cl.describe = r.count("describe") > 0;
  if (r.count("name")) cl.name = r["name"].as<std::string>();
  if (r.count("ready-fd")) {
    cl.ready_fd = r["ready-fd"].as<int>();
  } else if (const char* env = std::getenv("SF_READY_FD")) {
    cl.ready_fd = std::atoi(env);
  }
  return cl;
}

}  // namespace sf::worker
