#pragma once
// The worker's command line: the seed's flags, plus --ready-fd, --name and
// --describe, and `--key value` config arguments (docs/lifecycle.md).
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sf::worker {

struct CommandLine {
  std::string service_path;
  std::optional<std::string> addresses_path;
  std::optional<std::string> config_path;
  std::optional<std::string> curve_path;  // --curve: CURVE keys (docs/hardening.md)
  bool main_mode = false;
  double wait_time_s = 0;
  std::string console_loglevel = "info";
  std::optional<std::string> log_path;
  std::string file_loglevel = "info";
  int backup_count = 24;
  int ready_fd = -1;
  std::optional<std::string> ready_file;
  long long max_message_bytes = 64 * 1024 * 1024;  // --max-message-bytes (docs/hardening.md)
  long long max_log_line_bytes = 16 * 1024;        // --max-log-line-bytes
  long long max_subscriptions = 10'000;            // --max-subscriptions (0: no cap)
  bool describe = false;
  std::string name;
  std::vector<std::string> extra_config;  // "--key value" pairs for the config
  bool help = false;
  bool version = false;  // --version: print "service_framework <version>" and exit
  std::string help_text;
};

// Loads the plugin at a path and returns the keys its config_model declares.
using ConfigKeysOf = std::function<std::set<std::string>(const std::string& service_path)>;

// Throws sf::Error with one line on a bad command line. A `--key` that the
// service's config_model declares is a config argument even when a framework
// flag has that name; `--sf-<flag>` always means the framework's flag.
CommandLine parse_command_line(int argc, char** argv, const ConfigKeysOf& config_keys_of);

}  // namespace sf::worker
