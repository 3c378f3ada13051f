// bench_req_rep: REQ/REP round trips per second, raw libzmq against the
// framework (DESIGN.md §7: the framework at >= 0.90x raw).
//
// Two processes, as users run them: children (this binary re-exec'd with
// --role) answer; this process sends the requests and times them.
//   raw:       zmq REQ, blocking send/recv    -> child: zmq REP, blocking recv/send
//   framework: sf::Service in main mode, main
//              calls to_send on a requester   -> child: sf::Service loop, a replyer
// Same payload (support/order_payload.hpp), msgpack on both sides, same
// transport (ipc:// in a temp dir, tcp://127.0.0.1). Within a round both
// replyers run and the two sides alternate in slices of --slice round trips
// (support/interleaved.hpp), so machine noise hits both alike. Per transport:
// each side's median rate over --rounds rounds, and the median of the
// per-round ratios. CPU per round trip (requester thread + replyer process)
// is printed as well, as information: it says how much of a gap is CPU work.
// Every timed round trip's latency is kept: p50 (information) and p99 (target:
// framework <= 1.20x raw) per round, the median of the per-round ratios. The
// replyer service logs at INFO, as deployed.
//
// Every process of the bench is pinned to one CPU (--cpu, -1: not pinned):
// see support/cpu_pinning.hpp. On one core a round trip costs the CPU work of
// both sides plus the context switches, so the ratio is a conservative one.
//
//   bench_req_rep [--rounds 5] [--count 20000] [--slice 500] [--warmup 1000]
//                 [--max-seconds 8] [--cpu 0] [--transports ipc,tcp] [--only raw|framework] [--curve]
// (--curve: both sides under CURVE, support/bench_curve.hpp.)
// (--only measures one side, e.g. under valgrind --tool=callgrind --trace-children=yes.)
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <zmq.hpp>

#include <sf/service.hpp>

#include "support/child_process.hpp"
#include "support/cpu_pinning.hpp"
#include "support/endpoints.hpp"
#include "support/interleaved.hpp"
#include "support/bench_curve.hpp"
#include "support/bench_main.hpp"
#include "support/options.hpp"
#include "support/order_payload.hpp"
#include "support/proc_stats.hpp"
#include "support/summary.hpp"

namespace {

using namespace sfbench;

constexpr double kTarget = 0.90;
constexpr double kP99Target = 1.20;  // framework p99 latency / raw p99, at most
constexpr int kReadyFd = 3;
constexpr auto kRawReplyTimeout = std::chrono::milliseconds(5000);

sf::Json replyer_addresses(const std::string& endpoint) {
  return {{"connections", {{"in", {{"orders", {{"replyer", endpoint}}}}}}}};
}

sf::Json requester_addresses(const std::string& endpoint) {
  return {{"connections", {{"out", {{"orders", {{"requester", endpoint}}}}}}}};
}

// ---- child roles -----------------------------------------------------------

// What a user of plain libzmq writes: decode, answer, encode. Bounded by
// --max-life seconds; normally the parent's SIGTERM ends it first.
int run_raw_replyer(const Options& options) {
  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::rep);
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::rcvtimeo, 1000);  // wakes now and then to check the life bound
  raw_curve_server(socket, bench_keys_of(options));
  socket.bind(options.text("endpoint"));
  [[maybe_unused]] auto n = ::write(kReadyFd, "READY\n", 6);

  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(options.number("max-life", 600));
  std::vector<std::uint8_t> out;
  zmq::message_t request;
  while (std::chrono::steady_clock::now() < end) {
    if (!socket.recv(request)) continue;
    const sf::Json order = decode_msgpack(request.data(), request.size());
    encode_msgpack(order_ack(order), out);
    socket.send(zmq::buffer(out), zmq::send_flags::none);
  }
  return 0;
}

// The same replyer as a service: validated args in, validated return out.
int run_sf_replyer(const Options& options) {
  sf::Definition definition;
  definition.connection_models.in["orders"] =
      sf::replyer([](const sf::Json& args, sf::ToSend&, const sf::Json&, const sf::Json&) {
        return order_ack(args);
      })
          .required_arguments(order_model())
          .required_return_arguments(ack_model());
  sf::ServiceOptions service_options;
  service_options.name = "bench_replyer";
  service_options.addresses = replyer_addresses(options.text("endpoint"));
  service_options.console_loglevel = "info";  // as deployed: the per-message path must not pay for it
  service_options.ready_fd = kReadyFd;
  make_runner(std::move(definition), std::move(service_options), bench_keys_of(options),
              "connections.in.orders.replyer", true)
      ->run_blocking(false);  // until the parent's SIGTERM
  return 0;
}

// ---- the measuring side ------------------------------------------------------

// CURVE, when on: the keys and the file the children read them from.
struct Curve {
  std::optional<BenchKeys> keys;
  std::string file;
};

ChildProcess start_replyer(const char* role, const std::string& endpoint, const Curve& curve) {
  std::vector<std::string> argv = {self_executable(), "--role", role, "--endpoint", endpoint};
  if (curve.keys) argv.insert(argv.end(), {"--curve-keys", curve.file});
  auto child = ChildProcess::spawn(argv);
  if (!child.wait_ready()) throw std::runtime_error(std::string(role) + " did not get ready");
  return child;
}

// One side of a round: its slices, and its replyer's CPU over the round (the
// replyer only works during its own side's slices).
struct Side {
  Tally tally;
  std::vector<double> latencies_us;  // every timed round trip
  double replyer_cpu_seconds = 0;
  // Requester thread + replyer process, per round trip.
  double cpu_us_per_round_trip() const {
    return tally.done > 0 ? 1e6 * (tally.thread_cpu_seconds + replyer_cpu_seconds) / static_cast<double>(tally.done)
                          : 0;
  }
  // The q-quantile (0..1) of the round trips' latencies, in microseconds.
  double latency_us(double q) const {
    if (latencies_us.empty()) return 0;
    std::vector<double> sorted = latencies_us;
    const auto at = sorted.begin() + static_cast<long>(q * static_cast<double>(sorted.size() - 1));
    std::nth_element(sorted.begin(), at, sorted.end());
    return *at;
  }
};

// Runs `op` and appends its wall time to `into` (the clock reads cost both sides alike).
template <typename Op>
void timed(std::vector<double>& into, Op&& op) {
  const auto start = std::chrono::steady_clock::now();
  op();
  into.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
}

struct Round {
  Side raw;
  Side framework;
};

// Both replyers run through the whole round; this process drives both from
// inside a framework service's main, alternating slices (support/interleaved.hpp).
// While a raw slice runs, the framework's loop is not running: main holds it.
Round measure_round(Transport transport, const TempDir& dir, const Load& load, bool do_raw, bool do_framework,
                    const Curve& curve) {
  const std::string raw_endpoint = make_endpoint(transport, dir, "raw");
  const std::string framework_endpoint = make_endpoint(transport, dir, "sf");
  std::optional<ChildProcess> raw_replyer;
  std::optional<ChildProcess> framework_replyer;
  if (do_raw) raw_replyer.emplace(start_replyer("raw-replyer", raw_endpoint, curve));
  if (do_framework) framework_replyer.emplace(start_replyer("sf-replyer", framework_endpoint, curve));

  zmq::context_t raw_context(1);
  zmq::socket_t raw_socket(raw_context, zmq::socket_type::req);
  raw_socket.set(zmq::sockopt::linger, 0);
  raw_socket.set(zmq::sockopt::rcvtimeo, static_cast<int>(kRawReplyTimeout.count()));
  raw_curve_client(raw_socket, curve.keys);
  if (do_raw) raw_socket.connect(raw_endpoint);

  const sf::Json order = order_args();
  std::vector<std::uint8_t> out;
  zmq::message_t reply;
  auto raw_round_trip = [&] {
    encode_msgpack(order, out);
    raw_socket.send(zmq::buffer(out), zmq::send_flags::none);
    if (!raw_socket.recv(reply)) throw std::runtime_error("raw: no reply within 5 s");
    if (!is_ack_of(decode_msgpack(reply.data(), reply.size()), order)) throw std::runtime_error("raw: wrong reply");
  };

  Round round;
  sf::Definition definition;
  definition.connection_models.out["orders"] =
      sf::requester().required_arguments(order_model()).required_return_arguments(ack_model());
  definition.main = [&](sf::ToSend& to_send, const sf::Json&, const sf::Json&) {
    auto framework_round_trip = [&] {
      if (!is_ack_of(to_send.connection("orders", order), order)) throw std::runtime_error("framework: wrong reply");
    };
    if (do_raw) warm_up(load, raw_round_trip);
    if (do_framework) warm_up(load, framework_round_trip);
    round.raw.latencies_us.reserve(static_cast<std::size_t>(load.count));
    round.framework.latencies_us.reserve(static_cast<std::size_t>(load.count));
    auto raw_timed = [&] { timed(round.raw.latencies_us, raw_round_trip); };
    auto framework_timed = [&] { timed(round.framework.latencies_us, framework_round_trip); };
    const double raw_cpu = do_raw ? sample_process(raw_replyer->pid()).cpu_seconds : 0;
    const double framework_cpu = do_framework ? sample_process(framework_replyer->pid()).cpu_seconds : 0;
    run_interleaved(load, do_raw, raw_timed, round.raw.tally, do_framework, framework_timed, round.framework.tally);
    if (do_raw) round.raw.replyer_cpu_seconds = sample_process(raw_replyer->pid()).cpu_seconds - raw_cpu;
    if (do_framework) {
      round.framework.replyer_cpu_seconds = sample_process(framework_replyer->pid()).cpu_seconds - framework_cpu;
    }
  };
  sf::ServiceOptions options;
  options.name = "bench_requester";
  options.addresses = requester_addresses(framework_endpoint);
  options.console_loglevel = "warning";
  make_runner(std::move(definition), std::move(options), curve.keys, "connections.out.orders.requester", false)
      ->run_blocking(true);
  return round;
}

std::string fmt_ratio(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2fx", ratio);
  return text;
}

std::string cpu_text(double us) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", us);
  return text;
}

int run_driver(const Options& options) {
  Load load;
  load.warmup = options.number("warmup", 1000);
  load.count = options.number("count", 20000);
  load.slice = options.number("slice", 500);
  load.max_time = std::chrono::milliseconds(static_cast<long>(options.real("max-seconds", 8) * 1000));
  const long rounds = options.number("rounds", 5);
  const std::string only = options.text("only");
  const bool do_raw = only != "framework";
  const bool do_framework = only != "raw";
  // Before any thread or child: the replyers and libzmq's threads inherit it.
  const std::string pinning = pin_to_cpu(static_cast<int>(options.number("cpu", 0)));
  TempDir dir;
  Curve curve;
  if (options.has("curve")) {
    curve.file = dir.path() / "curve_keys.json";
    curve.keys = make_bench_keys(curve.file);
  }
  const std::string security = curve.keys ? ", CURVE" : "";

  std::printf("REQ/REP round trips/s%s, payload %zu bytes msgpack; per round up to %ld round trips per side "
              "in slices of %ld, raw and framework alternating (max %.1f s); all processes %s\n",
              curve.keys ? " under CURVE (raw libzmq with CURVE too)" : "", sf::Json::to_msgpack(order_args()).size(), load.count, load.slice, load.max_time.count() / 1000.0,
              pinning.c_str());
  for (Transport transport : parse_transports(options.text("transports", "ipc,tcp"))) {
    std::vector<double> raw_rates, framework_rates, raw_cpu, framework_cpu;
    std::vector<double> raw_p50, framework_p50, raw_p99, framework_p99;
    for (long r = 0; r < rounds; ++r) {
      const Round round = measure_round(transport, dir, load, do_raw, do_framework, curve);
      raw_rates.push_back(round.raw.tally.per_second());
      framework_rates.push_back(round.framework.tally.per_second());
      raw_cpu.push_back(round.raw.cpu_us_per_round_trip());
      framework_cpu.push_back(round.framework.cpu_us_per_round_trip());
      raw_p50.push_back(round.raw.latency_us(0.50));
      framework_p50.push_back(round.framework.latency_us(0.50));
      raw_p99.push_back(round.raw.latency_us(0.99));
      framework_p99.push_back(round.framework.latency_us(0.99));
      std::printf("  %s round %ld: raw %s/s (%s us CPU/rt, p50 %s p99 %s us)  framework %s/s (%s us CPU/rt, "
                  "p50 %s p99 %s us)\n",
                  to_string(transport), r + 1, format_rate(raw_rates.back()).c_str(), cpu_text(raw_cpu.back()).c_str(),
                  cpu_text(raw_p50.back()).c_str(), cpu_text(raw_p99.back()).c_str(),
                  format_rate(framework_rates.back()).c_str(), cpu_text(framework_cpu.back()).c_str(),
                  cpu_text(framework_p50.back()).c_str(), cpu_text(framework_p99.back()).c_str());
      std::fflush(stdout);
    }
    if (!do_raw || !do_framework) continue;
    const std::string name = to_string(transport) + security;
    print_ratio_summary("req/rep round trips/s (" + name + ")", raw_rates, framework_rates, kTarget);
    print_info_summary("req/rep CPU us/round trip (" + name + ")", raw_cpu, framework_cpu, false);
    print_info_summary("req/rep p50 latency us (" + name + ")", raw_p50, framework_p50, false);
    // Latency: lower is better, so the target is a ceiling on framework / raw.
    const double p99_ratio = median_ratio(raw_p99, framework_p99);
    print_summary("req/rep p99 latency us (" + name + ")", cpu_text(median(raw_p99)), cpu_text(median(framework_p99)),
                  fmt_ratio(p99_ratio), "<= " + fmt_ratio(kP99Target), p99_ratio <= kP99Target ? "PASS" : "MISS");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return sfbench::run_bench("bench_req_rep", argc, argv,
                            {{"raw-replyer", run_raw_replyer}, {"sf-replyer", run_sf_replyer}}, run_driver);
}
