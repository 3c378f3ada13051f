#include "command_line.hpp"

#include <cstdlib>
#include <map>

#include <cxxopts.hpp>
#include <fmt/format.h>

#include <sf/error.hpp>

#include "core/log_levels.hpp"
#include "values/printable_text.hpp"

namespace sf::worker {
namespace {

// The seed spells some short options with two letters, which getopt-style
// parsers read as two flags; map them to their long names first.
const std::map<std::string, std::string> kSeedShortForms = {
    {"-wt", "--wait-time"}, {"-cl", "--console-loglevel"}, {"-bc", "--backup-count"}};

// One-letter options that take a value: argparse also reads "-s=x" as "-s x".
constexpr std::string_view kShortWithValue = "sacfl";

const std::set<std::string> kFrameworkLong = {
    "service",  "addresses",        "config",   "main",          "wait-time",    "name", "describe",
    "ready-fd", "ready-file", "console-loglevel", "log-path", "file-loglevel", "backup-count", "help", "version",
    "max-message-bytes", "max-log-line-bytes", "max-subscriptions", "curve"};

constexpr std::string_view kFrameworkPrefix = "sf-";

cxxopts::Options make_options() {
  cxxopts::Options o("service_framework",
                     "Runs one service plugin: loads it, merges its config, binds and connects its "
                     "connections and states, then runs its main (-m) or its service loop.\n"
                     "Any other --key value pair is added to the config (converted to the type the "
                     "config_model declares). A --key the config_model declares is always a config "
                     "key; write the framework's flag of that name as --sf-key (--sf-name NAME).");
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
       cxxopts::value<int>())
      ("ready-file", "Create this file once sockets are bound, remove it on stop (container probes)",
       cxxopts::value<std::string>())
      ("max-message-bytes", "Largest inbound message; ZeroMQ drops a peer that sends a larger one",
       cxxopts::value<long long>()->default_value("67108864"))
      ("max-subscriptions", "Distinct subscription prefixes each publisher keeps (and 64 bytes of prefix "
       "per one); past it the connections that brought the most are dropped (0: no cap)",
       cxxopts::value<long long>()->default_value("10000"))
      ("curve", "CURVE keys JSON file (sfsup writes it for security: curve): the worker's key "
       "pair and each socket's peer keys", cxxopts::value<std::string>());
  o.add_options("Logging")
      ("console-loglevel", "-cl: console log level: DEBUG, INFO, WARNING, ERROR, CRITICAL (any case), "
       "trace or off", cxxopts::value<std::string>()->default_value("INFO"))
      ("l,log-path", "Log file, written as named and rotated hourly to PATH.YYYY-MM-DD_HH",
       cxxopts::value<std::string>())
      ("f,file-loglevel", "File log level (the same names)", cxxopts::value<std::string>()->default_value("INFO"))
      ("backup-count", "-bc: rotated hourly log files to keep (0: all)", cxxopts::value<int>()->default_value("24"))
      ("max-log-line-bytes", "Log messages longer than this are cut and end in \"... [truncated N bytes]\"",
       cxxopts::value<long long>()->default_value("16384"))
      ("h,help", "Show this help")
      ("version", "Print the version and exit");
  return o;
}

// "--name=x" -> "name"; "--sf-name" -> "sf-name".
std::string long_name(const std::string& arg) { return arg.substr(2, arg.find('=') - 2); }

// The seed's spellings made getopt-style: "-cl=INFO" -> "--console-loglevel=INFO",
// "-s=x.so" -> "-s" "x.so".
std::vector<std::string> seed_forms_expanded(int argc, char** argv) {
  std::vector<std::string> out;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    const std::size_t eq = arg.find('=');
    const std::string flag = arg.substr(0, eq);
    if (auto it = kSeedShortForms.find(flag); it != kSeedShortForms.end()) {
      out.push_back(it->second + (eq == std::string::npos ? "" : arg.substr(eq)));
    } else if (eq == 2 && arg[0] == '-' && kShortWithValue.find(arg[1]) != std::string_view::npos) {
      out.push_back(arg.substr(0, 2));
      out.push_back(arg.substr(3));
    } else {
      out.push_back(std::move(arg));
    }
  }
  return out;
}

// The plugin path, found before the plugin's config keys are known: -s wins
// over --sf-service, which wins over --service.
std::optional<std::string> find_service_path(const std::vector<std::string>& args) {
  std::optional<std::string> by_sf_long;
  std::optional<std::string> by_long;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_next = i + 1 < args.size();
    if (arg == "-s" && has_next) return args[i + 1];
    if (arg.size() > 2 && arg.rfind("-s", 0) == 0) return arg.substr(2);  // -sPATH
    for (auto [name, slot] : {std::pair{"--sf-service", &by_sf_long}, std::pair{"--service", &by_long}}) {
      if (slot->has_value()) continue;
      if (arg == name && has_next) *slot = args[i + 1];
      if (arg.rfind(std::string(name) + "=", 0) == 0) *slot = arg.substr(std::string(name).size() + 1);
    }
  }
  return by_sf_long ? by_sf_long : by_long;
}

bool asks_for_help(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "-h" || arg == "--help" || arg == "--sf-help") return true;
  }
  return false;
}

bool asks_for_version(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--version" || arg == "--sf-version") return true;
  }
  return false;
}

std::string checked_level(const std::string& name, const char* option) {
  sf::detail::parse_log_level(name, option);  // throws naming the option and the valid names
  return name;
}

}  // namespace

CommandLine parse_command_line(int argc, char** argv, const ConfigKeysOf& config_keys_of) {
  auto options = make_options();
  CommandLine cl;
  cl.help_text = options.help();
  std::vector<std::string> args = seed_forms_expanded(argc, argv);
  if (asks_for_version(args)) {
    cl.version = true;
    return cl;
  }

  const auto service_path = find_service_path(args);
  if (!service_path) {
    if (asks_for_help(args)) {
      cl.help = true;
      return cl;
    }
    throw Error("missing -s SERVICE.so: which service plugin to run (see --help)");
  }
  const std::set<std::string> config_keys = config_keys_of(*service_path);

  // Framework flags go to cxxopts; config arguments are kept aside.
  std::vector<std::string> kept = {argv[0]};
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
      const std::string name = long_name(arg);
      if (name.rfind(kFrameworkPrefix, 0) == 0 && kFrameworkLong.count(name.substr(kFrameworkPrefix.size()))) {
        kept.push_back("--" + arg.substr(2 + kFrameworkPrefix.size()));
        continue;
      }
      if (config_keys.count(name) || !kFrameworkLong.count(name)) {
        cl.extra_config.push_back(arg);
        const bool value_follows = arg.find('=') == std::string::npos && i + 1 < args.size() &&
                                   args[i + 1].rfind("--", 0) != 0;
        if (value_follows) cl.extra_config.push_back(args[++i]);
        continue;
      }
    }
    kept.push_back(std::move(arg));
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
  if (r.count("curve")) cl.curve_path = r["curve"].as<std::string>();
  cl.main_mode = r.count("main") > 0;
  cl.wait_time_s = r["wait-time"].as<double>();
  if (cl.wait_time_s < 0) throw Error("-wt must be >= 0 seconds");
  cl.console_loglevel = checked_level(r["console-loglevel"].as<std::string>(), "-cl");
  if (r.count("log-path")) cl.log_path = r["log-path"].as<std::string>();
  cl.file_loglevel = checked_level(r["file-loglevel"].as<std::string>(), "-f");
  cl.backup_count = r["backup-count"].as<int>();
  if (cl.backup_count < 0) throw Error("-bc must be >= 0 (0 keeps every rotated log file)");
  cl.max_message_bytes = r["max-message-bytes"].as<long long>();
  if (cl.max_message_bytes <= 0) throw Error("--max-message-bytes must be > 0 (the default is 67108864, 64 MiB)");
  cl.max_subscriptions = r["max-subscriptions"].as<long long>();
  if (cl.max_subscriptions < 0) throw Error("--max-subscriptions must be >= 0 (0: no cap; the default is 10000)");
  cl.max_log_line_bytes = r["max-log-line-bytes"].as<long long>();
  if (cl.max_log_line_bytes <= 0) throw Error("--max-log-line-bytes must be > 0 (the default is 16384)");
  cl.describe = r.count("describe") > 0;
  if (r.count("name")) cl.name = r["name"].as<std::string>();
  if (r.count("ready-fd")) {
    cl.ready_fd = r["ready-fd"].as<int>();
  } else if (const char* env = std::getenv("SF_READY_FD")) {
    cl.ready_fd = std::atoi(env);
  }
  if (r.count("ready-file")) cl.ready_file = r["ready-file"].as<std::string>();
  return cl;
}

}  // namespace sf::worker
