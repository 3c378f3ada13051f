#pragma once
// One function per sfsup command; each returns the process exit code.
#include "cli/cli_options.hpp"

namespace sfsup::cli {

int run_up(const Options& options);
int run_check(const Options& options);
int run_control_command(const Options& options);  // status, stop, start, restart, signal, down
int run_logs(const Options& options);
int run_new(const Options& options);   // new service NAME
int run_call(const Options& options);  // call SVC.CONNECTION ARGS
int run_watch(const Options& options);  // also behind `up --watch`
int run_tap(const Options& options);    // tap SVC.CONNECTION | SVC.states.NAME
int run_state(const Options& options);  // state SVC.states.NAME
int run_export(const Options& options);  // export kubernetes|compose TOPOLOGY
int run_top(const Options& options);    // top [--sort KEY] [--once]

}  // namespace sfsup::cli
