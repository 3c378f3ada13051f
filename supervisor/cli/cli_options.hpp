#pragma once
// sfsup's command line: one command word, its arguments, a few flags.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace sfsup::cli {

struct Options {
  std::string command;              // up, check, status, stop, start, restart, signal, logs, down, watch
  std::vector<std::string> args;    // the command's positional arguments
  bool detach = false;              // up -d
  bool watch = false;               // up --watch
  bool json = false;                // status --json
  bool follow = false;              // logs -f
  bool all = false;                 // stop/start/restart --all
  std::optional<std::size_t> tail;  // logs --tail N
  std::optional<std::string> since; // logs --since 10m
  std::optional<std::string> run_dir;
  std::optional<std::string> project_dir;  // --project-dir DIR: the run dir is DIR/.sfsup
  std::optional<std::string> file;         // -f topology.yaml (every command but logs)
  std::optional<std::string> worker;
  std::optional<std::string> plan;  // up --plan plan.json
  std::string kind = "replyer";     // new service --kind
  std::optional<std::string> dir;   // new service --dir
  std::optional<std::string> address;  // call/tap/state --address
  std::optional<int> timeout_ms;       // call/state --timeout-ms (default 5000); tap: none
  std::optional<std::size_t> count;    // tap --count N
  bool abort_on_exit = false;       // up --abort-on-exit
  std::optional<std::string> exit_code_from;  // up --exit-code-from SVC
  std::optional<std::string> output;     // export -o DIR
  std::optional<std::string> image;      // export --image IMAGE
  std::optional<std::string> namespace_name;  // export --namespace NS
  std::string sort = "name";        // top --sort KEY
  bool once = false;                // top --once
  std::optional<std::string> metrics;  // up --metrics HOST:PORT
  bool metrics_remote = false;      // up --metrics-remote: allow a non-loopback address
};

// Parsed options, or an exit code when there is nothing more to do (help
// printed: 0; usage error printed: 2).
struct ParseResult {
  std::optional<Options> options;
  int exit_code = 0;
};

ParseResult parse_options(int argc, char** argv);
std::string help_text();
// `sfsup <command> --help`: that command's usage, what it does, its options.
// nullopt for an unknown command.
std::optional<std::string> command_help(const std::string& command);

// docs/supervisor.md's exit code table.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitNotAllReady = 3;     // status: some service is not ready
inline constexpr int kExitNoSupervisor = 4;    // nothing is up in the run directory

}  // namespace sfsup::cli
