// bench_pub_sub: PUB/SUB throughput, messages per second delivered to the
// subscriber, raw libzmq against the framework (DESIGN.md §7: the framework
// at >= 0.75x raw).
//
// Two processes each, as users run them: a child (this binary re-exec'd with
// --role) publishes as fast as it can for --publish-ms; this process
// subscribes and counts.
//   raw:       child: zmq XPUB, waits for the subscription notice, sends
//              -> zmq SUB, blocking recv + msgpack decode
//   framework: child: sf::Service main mode, wait_subscribers() then to_send
//              on a publisher in a loop -> sf::Service loop, a subscriber
// No sleeps for sync: both publishers start once the subscription reached them.
// Same payload (support/order_payload.hpp), same transport.
// A saturating publisher outruns any subscriber, and PUB drops at its
// high-water mark, so the figure is the rate delivered, first to last message
// at the subscriber: the subscriber's sustained throughput (the delivered
// share and the subscriber's CPU per message are printed too). Rounds
// alternate raw and framework; per transport: each side's median rate and the
// median of the per-round ratios.
//
// The subscriber (this process) is pinned to --subscriber-cpu and the
// publisher to --publisher-cpu (-1: not pinned; support/cpu_pinning.hpp): on
// cores of their own a saturating publisher cannot take CPU from the
// subscriber it is measured through, and rounds agree with each other.
//
//   bench_pub_sub [--rounds 5] [--publish-ms 1500] [--count 5000000]
//                 [--subscriber-cpu 0] [--publisher-cpu 1]
//                 [--transports ipc,tcp] [--only raw|framework] [--curve]
// (--curve: both sides under CURVE, support/bench_curve.hpp.)
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <zmq.hpp>

#include <sf/service.hpp>

#include "support/child_process.hpp"
#include "support/cpu_pinning.hpp"
#include "support/endpoints.hpp"
#include "support/bench_curve.hpp"
#include "support/bench_main.hpp"
#include "support/options.hpp"
#include "support/proc_stats.hpp"
#include "support/order_payload.hpp"
#include "support/summary.hpp"

namespace {

using namespace sfbench;
using Clock = std::chrono::steady_clock;

constexpr double kTarget = 0.75;
constexpr int kReadyFd = 3;
constexpr auto kSubscriptionTimeout = std::chrono::seconds(10);
constexpr auto kFirstMessageTimeout = std::chrono::seconds(15);
// Quiet this long after traffic: the publisher is done (or what is missing was dropped).
constexpr auto kIdleGap = std::chrono::milliseconds(1000);

// What the subscriber saw: how many, and when the first and last arrived.
struct Delivery {
  long received = 0;
  double subscriber_cpu_seconds = 0;  // this process, all threads, over the round
  long sent = 0;                      // the publisher's report
  double publish_seconds = 0;
  Clock::time_point first{};
  Clock::time_point last{};

  void on_message() {
    const auto now = Clock::now();
    if (received == 0) first = now;
    last = now;
    ++received;
  }
  double per_second() const {
    const double seconds = std::chrono::duration<double>(last - first).count();
    return received > 1 && seconds > 0 ? static_cast<double>(received - 1) / seconds : 0;
  }
  double sent_per_second() const { return publish_seconds > 0 ? static_cast<double>(sent) / publish_seconds : 0; }
  double cpu_us_per_message() const {
    return received > 0 ? 1e6 * subscriber_cpu_seconds / static_cast<double>(received) : 0;
  }
};

// ---- child roles -----------------------------------------------------------

// How long a publisher publishes: --publish-ms, and at most --count messages.
// The clock is read every 256 messages, the same for raw and framework. At
// the end it writes "<sent> <seconds>" to --report, so the parent can tell a
// publisher-bound round from a subscriber-bound one.
class PublishBound {
 public:
  explicit PublishBound(const Options& options)
      : count_(options.number("count", 5000000)),
        report_(options.text("report")),
        start_(Clock::now()),
        end_(start_ + std::chrono::milliseconds(options.number("publish-ms", 1500))) {}
  bool done(long sent) const { return sent >= count_ || ((sent & 255) == 0 && Clock::now() >= end_); }
  void report(long sent) const {
    if (report_.empty()) return;
    std::ofstream(report_) << sent << " " << std::chrono::duration<double>(Clock::now() - start_).count() << "\n";
  }

 private:
  long count_;
  std::string report_;
  Clock::time_point start_;
  Clock::time_point end_;
};

int run_raw_publisher(const Options& options) {
  pin_to_cpu(static_cast<int>(options.number("cpu", -1)));
  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::xpub);
  socket.set(zmq::sockopt::xpub_verbose, 1);  // as the framework's publisher
  socket.set(zmq::sockopt::linger, 5000);     // flush what is queued, within a bound
  raw_curve_server(socket, bench_keys_of(options));
  socket.bind(options.text("endpoint"));
  [[maybe_unused]] auto n = ::write(kReadyFd, "READY\n", 6);

  // The subscription notice, not a sleep, says the subscriber is there.
  zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, std::chrono::duration_cast<std::chrono::milliseconds>(kSubscriptionTimeout)) == 0) {
    throw std::runtime_error("raw publisher: no subscriber within 10 s");
  }
  zmq::message_t notice;
  (void)socket.recv(notice, zmq::recv_flags::dontwait);

  const PublishBound bound(options);
  const sf::Json order = order_args();
  std::vector<std::uint8_t> out;
  long sent = 0;
  for (; !bound.done(sent); ++sent) {
    encode_msgpack(order, out);
    socket.send(zmq::buffer(out), zmq::send_flags::dontwait);
  }
  bound.report(sent);
  return 0;
}

int run_sf_publisher(const Options& options) {
  pin_to_cpu(static_cast<int>(options.number("cpu", -1)));
  sf::Definition definition;
  definition.connection_models.out["orders"] = sf::publisher().required_arguments(order_model());
  definition.main = [&options](sf::ToSend& to_send, const sf::Json&, const sf::Json&) {
    if (!to_send.wait_subscribers("orders", 1, kSubscriptionTimeout)) {
      throw std::runtime_error("framework publisher: no subscriber within 10 s");
    }
    const PublishBound bound(options);
    const sf::Json order = order_args();
    long sent = 0;
    for (; !bound.done(sent); ++sent) to_send.connection("orders", order);
    bound.report(sent);
  };
  sf::ServiceOptions service_options;
  service_options.name = "bench_publisher";
  service_options.addresses = {{"connections", {{"out", {{"orders", {{"publisher", options.text("endpoint")}}}}}}}};
  service_options.console_loglevel = "warning";
  service_options.ready_fd = kReadyFd;
  make_runner(std::move(definition), std::move(service_options), bench_keys_of(options),
              "connections.out.orders.publisher", true)
      ->run_blocking(true);
  return 0;
}

// ---- the measuring side ------------------------------------------------------

// How each round publishes, handed on to the publisher child.
struct Publishing {
  long count = 0;
  long publish_ms = 0;
  long cpu = -1;  // the publisher's
  std::string report;  // where the child writes what it sent
  std::optional<BenchKeys> curve;  // --curve: the keys, and the file the child reads them from
  std::string curve_file;
};

ChildProcess start_publisher(const char* role, const std::string& endpoint, const Publishing& p) {
  std::filesystem::remove(p.report);
  std::vector<std::string> argv = {self_executable(), "--role", role, "--endpoint", endpoint, "--count",
                                   std::to_string(p.count), "--publish-ms", std::to_string(p.publish_ms),
                                   "--report", p.report, "--cpu", std::to_string(p.cpu)};
  if (p.curve) argv.insert(argv.end(), {"--curve-keys", p.curve_file});
  auto child = ChildProcess::spawn(argv);
  if (!child.wait_ready()) throw std::runtime_error(std::string(role) + " did not get ready");
  return child;
}

// Once the publisher exited: what it says it sent, and how fast.
void read_report(const Publishing& p, ChildProcess& publisher, Delivery& d) {
  if (!publisher.wait_exit(std::chrono::seconds(10))) return;
  std::ifstream(p.report) >> d.sent >> d.publish_seconds;
}

Delivery measure_raw(const std::string& endpoint, const Publishing& publishing) {
  auto publisher = start_publisher("raw-publisher", endpoint, publishing);
  const long count = publishing.count;
  const double cpu_start = sample_process(::getpid()).cpu_seconds;
  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::sub);
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::rcvtimeo, static_cast<int>(kIdleGap.count()));
  socket.set(zmq::sockopt::subscribe, "");
  raw_curve_client(socket, publishing.curve);
  socket.connect(endpoint);

  Delivery delivery;
  const auto give_up = Clock::now() + kFirstMessageTimeout;
  zmq::message_t frame;
  while (delivery.received < count) {
    if (!socket.recv(frame)) {
      if (delivery.received > 0 || Clock::now() >= give_up) break;
      continue;
    }
    delivery.on_message();
    const sf::Json order = decode_msgpack(frame.data(), frame.size());
    if (!order.at("qty").is_number_integer()) throw std::runtime_error("raw: wrong message");
  }
  delivery.subscriber_cpu_seconds = sample_process(::getpid()).cpu_seconds - cpu_start;
  read_report(publishing, publisher, delivery);
  return delivery;
}

Delivery measure_framework(const std::string& endpoint, const Publishing& publishing) {
  auto publisher = start_publisher("sf-publisher", endpoint, publishing);
  const long count = publishing.count;
  const double cpu_start = sample_process(::getpid()).cpu_seconds;
  // The handler runs on the service thread; this thread only waits for it.
  struct Shared {
    Delivery delivery;
    std::atomic<long> received{0};
    std::mutex mutex;
    std::condition_variable all_in;
  } shared;

  sf::Definition definition;
  definition.connection_models.in["orders"] =
      sf::subscriber([&shared, count](const sf::Json& args, sf::ToSend&, const sf::Json&, const sf::Json&) {
        shared.delivery.on_message();
        if (!args.at("qty").is_number_integer()) throw std::runtime_error("framework: wrong message");
        if (shared.received.fetch_add(1) + 1 == count) {
          std::lock_guard lock(shared.mutex);
          shared.all_in.notify_all();
        }
        return sf::Json();
      }).required_arguments(order_model());
  sf::ServiceOptions options;
  options.name = "bench_subscriber";
  options.addresses = {{"connections", {{"in", {{"orders", {{"subscriber", endpoint}}}}}}}};
  options.console_loglevel = "warning";
  auto service = make_runner(std::move(definition), std::move(options), publishing.curve,
                             "connections.in.orders.subscriber", false);
  service->start_background(false);

  const auto give_up = Clock::now() + kFirstMessageTimeout;
  long seen = 0;
  std::unique_lock lock(shared.mutex);
  while (!shared.all_in.wait_for(lock, kIdleGap, [&] { return shared.received >= count; })) {
    const long now_received = shared.received;
    if (now_received > 0 && now_received == seen) break;  // quiet after traffic
    if (now_received == 0 && Clock::now() >= give_up) break;
    seen = now_received;
  }
  lock.unlock();
  const double cpu_end = sample_process(::getpid()).cpu_seconds;
  service->stop();  // joins the service thread: its writes to `delivery` are visible
  shared.delivery.subscriber_cpu_seconds = cpu_end - cpu_start;
  read_report(publishing, publisher, shared.delivery);
  return shared.delivery;
}

std::string describe(const Delivery& d) {
  char text[192];
  std::snprintf(text, sizeof text, "%s/s (sent %s/s, %s of %s delivered, %.2f us CPU/msg)",
                format_rate(d.per_second()).c_str(), format_rate(d.sent_per_second()).c_str(),
                format_rate(static_cast<double>(d.received)).c_str(), format_rate(static_cast<double>(d.sent)).c_str(),
                d.cpu_us_per_message());
  return text;
}

int run_driver(const Options& options) {
  Publishing publishing;
  publishing.count = options.number("count", 5000000);
  publishing.publish_ms = options.number("publish-ms", 1500);
  publishing.cpu = options.number("publisher-cpu", 1);
  // Before any thread: libzmq's and the service's threads inherit it.
  const std::string pinning = pin_to_cpu(static_cast<int>(options.number("subscriber-cpu", 0)));
  TempDir dir;
  publishing.report = (dir.path() / "published").string();
  if (options.has("curve")) {
    publishing.curve_file = (dir.path() / "curve_keys.json").string();
    publishing.curve = make_bench_keys(publishing.curve_file);
  }
  const std::string security = publishing.curve ? ", CURVE" : "";
  const long rounds = options.number("rounds", 5);
  const std::string only = options.text("only");
  const bool do_raw = only != "framework";
  const bool do_framework = only != "raw";

  std::printf("PUB/SUB delivered msgs/s%s, payload %zu bytes msgpack, publishing for %ld ms per round; "
              "subscriber %s, publisher on CPU %ld\n",
              publishing.curve ? " under CURVE (raw libzmq with CURVE too)" : "", sf::Json::to_msgpack(order_args()).size(), publishing.publish_ms, pinning.c_str(), publishing.cpu);
  for (Transport transport : parse_transports(options.text("transports", "ipc,tcp"))) {
    std::vector<double> raw, framework, raw_cpu, framework_cpu, raw_sent, framework_sent;
    for (long round = 0; round < rounds; ++round) {
      std::string raw_text = "-";
      std::string framework_text = "-";
      // Alternate who goes first: a slow patch of the machine then hits both.
      for (int turn = 0; turn < 2; ++turn) {
        const bool raw_turn = (turn == 0) == (round % 2 == 0);
        if (raw_turn && do_raw) {
          const Delivery d = measure_raw(make_endpoint(transport, dir, "raw"), publishing);
          raw.push_back(d.per_second());
          raw_cpu.push_back(d.cpu_us_per_message());
          raw_sent.push_back(d.sent_per_second());
          raw_text = describe(d);
        } else if (!raw_turn && do_framework) {
          const Delivery d = measure_framework(make_endpoint(transport, dir, "sf"), publishing);
          framework.push_back(d.per_second());
          framework_cpu.push_back(d.cpu_us_per_message());
          framework_sent.push_back(d.sent_per_second());
          framework_text = describe(d);
        }
      }
      std::printf("  %s round %ld: raw %s  framework %s\n", to_string(transport), round + 1, raw_text.c_str(),
                  framework_text.c_str());
      std::fflush(stdout);
    }
    if (!do_raw || !do_framework) continue;
    const std::string name = to_string(transport) + security;
    print_ratio_summary("pub/sub msgs/s (" + name + ")", raw, framework, kTarget);
    print_info_summary("pub/sub publisher sends/s (" + name + ")", raw_sent, framework_sent, true);
    print_info_summary("pub/sub subscriber CPU us/msg (" + name + ")", raw_cpu, framework_cpu, false);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return sfbench::run_bench("bench_pub_sub", argc, argv,
                            {{"raw-publisher", run_raw_publisher}, {"sf-publisher", run_sf_publisher}}, run_driver);
}
