// bench_idle_cpu: the CPU an idle worker burns (DESIGN.md §7: ~0%; the
// original busy-polls a core).
//
// Starts the real worker, `service_framework -s libecho.so` with its replyer
// on an ipc:// endpoint, waits for --ready-fd, sends one echo request (so a
// client stays connected through the idle window, as in production), lets
// start-up settle, then reads /proc/<pid>/stat (utime + stime, all threads)
// over --seconds of idleness: % of one core. The baseline is a raw zmq REP
// (this binary re-exec'd) blocking in recv, measured the same way. Wakeups/s
// (context switches) are printed as well: a short poll timeout shows there
// even when its CPU time rounds to zero.
//
//   bench_idle_cpu [--seconds 5] [--settle-ms 500] [--worker PATH] [--plugin PATH]
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <zmq.hpp>

#include <sf/json.hpp>

#include "support/child_process.hpp"
#include "support/endpoints.hpp"
#include "support/bench_main.hpp"
#include "support/options.hpp"
#include "support/proc_stats.hpp"
#include "support/summary.hpp"

#ifndef SF_BENCH_WORKER
#define SF_BENCH_WORKER "build/bin/service_framework"
#endif
#ifndef SF_BENCH_ECHO_PLUGIN
#define SF_BENCH_ECHO_PLUGIN "build/services/libecho.so"
#endif

namespace {

using namespace sfbench;

constexpr double kTargetPercent = 1.0;  // "~0%": under 1% of one core
constexpr int kReadyFd = 3;

// ---- child role: the raw baseline -------------------------------------------

// What a user of plain libzmq writes: block in recv, echo. Ended by the
// parent's SIGTERM (or its death: PR_SET_PDEATHSIG); bounded in requests.
int run_raw_replyer(const Options& options) {
  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::rep);
  socket.set(zmq::sockopt::linger, 0);
  socket.bind(options.text("endpoint"));
  [[maybe_unused]] auto n = ::write(kReadyFd, "READY\n", 6);
  zmq::message_t request;
  for (int i = 0; i < 1000; ++i) {
    if (!socket.recv(request)) continue;
    socket.send(request, zmq::send_flags::none);
  }
  return 0;
}

// ---- the measuring side ------------------------------------------------------

// One request through `endpoint`; the socket stays open (a connected, silent
// client) while the caller measures.
void check_serving(zmq::socket_t& client, const std::string& endpoint, bool framework) {
  client.set(zmq::sockopt::linger, 0);
  client.set(zmq::sockopt::rcvtimeo, 5000);
  client.connect(endpoint);
  const sf::Json request = framework
                               ? sf::Json{{"args", {{"text", "idle-check"}}}, {"workflow_id", "bench-idle"}}
                               : sf::Json{{"text", "idle-check"}};
  const auto bytes = sf::Json::to_msgpack(request);
  client.send(zmq::buffer(bytes), zmq::send_flags::none);
  zmq::message_t reply;
  if (!client.recv(reply)) throw std::runtime_error(endpoint + ": no reply to the check request");
  const auto* data = reply.data<std::uint8_t>();
  const sf::Json answer = sf::Json::from_msgpack(data, data + reply.size());
  const sf::Json& text = framework ? answer.at("return_args").at("text") : answer.at("text");
  if (text != "idle-check") throw std::runtime_error(endpoint + ": unexpected reply " + answer.dump());
}

IdleUse measure_idle(ChildProcess& child, const std::string& endpoint, bool framework,
                     const Options& options) {
  if (!child.wait_ready()) throw std::runtime_error("the server did not get ready");
  zmq::context_t context(1);
  zmq::socket_t client(context, zmq::socket_type::req);
  check_serving(client, endpoint, framework);
  // Not a sync: the window starts after start-up's own work (logging, the
  // check request) so only idleness is measured.
  std::this_thread::sleep_for(std::chrono::milliseconds(options.number("settle-ms", 500)));
  const ProcSample before = sample_process(child.pid());
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(options.real("seconds", 5) * 1000)));
  const ProcSample after = sample_process(child.pid());
  child.terminate();
  return idle_use(before, after);
}

int run_driver(const Options& options) {
  TempDir dir;
  const std::string worker = options.text("worker", SF_BENCH_WORKER);
  const std::string plugin = options.text("plugin", SF_BENCH_ECHO_PLUGIN);

  const std::string raw_endpoint = make_endpoint(Transport::ipc, dir, "raw");
  auto raw = ChildProcess::spawn({self_executable(), "--role", "raw-replyer", "--endpoint", raw_endpoint});
  const IdleUse raw_use = measure_idle(raw, raw_endpoint, false, options);

  const std::string endpoint = make_endpoint(Transport::ipc, dir, "echo");
  const std::string addresses = (dir.path() / "echo.addresses.json").string();
  std::ofstream(addresses) << sf::Json{{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}}.dump();
  auto service = ChildProcess::spawn({worker, "-s", plugin, "-a", addresses, "--ready-fd",
                                      std::to_string(kReadyFd), "--console-loglevel", "warning"});
  const IdleUse framework_use = measure_idle(service, endpoint, true, options);

  std::printf("idle CPU over %.1f s: raw REP %.2f%% of a core (%.1f wakeups/s), "
              "service_framework+echo %.2f%% (%.1f wakeups/s)\n",
              options.real("seconds", 5), raw_use.core_percent, raw_use.wakeups_per_second,
              framework_use.core_percent, framework_use.wakeups_per_second);
  char raw_text[32];
  char framework_text[32];
  char target_text[32];
  std::snprintf(raw_text, sizeof raw_text, "%.2f%%", raw_use.core_percent);
  std::snprintf(framework_text, sizeof framework_text, "%.2f%%", framework_use.core_percent);
  std::snprintf(target_text, sizeof target_text, "<= %.1f%% core", kTargetPercent);
  print_summary("idle worker CPU (% of a core)", raw_text, framework_text, "-", target_text,
                framework_use.core_percent <= kTargetPercent ? "PASS" : "MISS");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return sfbench::run_bench("bench_idle_cpu", argc, argv, {{"raw-replyer", run_raw_replyer}}, run_driver);
}
