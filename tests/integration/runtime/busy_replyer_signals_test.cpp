// A replyer kept busy serves its socket without looking at the control fds
// (core/busy_serving.hpp), but only for a bounded run: signals sent during a
// flood of pipelined requests are still handled while the flood goes on, and
// a requester sending back to back (its replies waited for the same way) stops.
#include <atomic>
#include <thread>

#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

// Keeps `window` requests in flight on a DEALER (so the replyer always has the
// next one queued) until stopped; counts the replies that echo the text.
class Flood {
 public:
  explicit Flood(const std::string& endpoint) : thread_([this, endpoint] { run(endpoint); }) {}
  ~Flood() {
    stop_ = true;
    thread_.join();
  }
  long replies() const { return replies_; }
  long wrong() const { return wrong_; }

 private:
  void run(const std::string& endpoint) {
    zmq::context_t context(1);
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.connect(endpoint);
    const std::string request = msgpack_bytes({{"args", {{"text", "flood"}}}, {"workflow_id", nullptr}});
    constexpr int window = 32;
    int in_flight = 0;
    while (!stop_) {
      while (in_flight < window) {
        dealer.send(zmq::message_t(), zmq::send_flags::sndmore);  // REP's empty delimiter
        dealer.send(zmq::buffer(request), zmq::send_flags::none);
        ++in_flight;
      }
      zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
      if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) == 0) continue;
      zmq::message_t delimiter, reply;
      if (!dealer.recv(delimiter) || !dealer.recv(reply)) continue;
      --in_flight;
      const auto payload = sf::Json::from_msgpack(reply.to_string_view());
      if (payload.value("return_args", sf::Json::object()).value("text", "") == "flood") {
        ++replies_;
      } else {
        ++wrong_;
      }
    }
  }

  std::atomic<bool> stop_{false};
  std::atomic<long> replies_{0};
  std::atomic<long> wrong_{0};
  std::thread thread_;
};

// Reads the echo's output (it logs every request) until the flood has got
// `more` further replies; false if it stalls for 20 s.
bool flood_goes_on(Process& echo, const Flood& flood, long more) {
  const long target = flood.replies() + more;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (flood.replies() < target) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    echo.wait_for_output("text 'flood'", 100ms, echo.output().size());
  }
  return true;
}

Process start_echo(const TempDir& dir, const std::string& endpoint) {
  auto echo = start_worker(
      dir, {.service = "echo",
            .addresses = {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}}});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());
  return echo;
}

}  // namespace

TEST_CASE("signals during a request flood are handled while the replyer keeps serving") {
  TempDir dir;
  const std::string endpoint = ipc_endpoint(dir, "echo");
  auto echo = start_echo(dir, endpoint);
  Flood flood(endpoint);
  REQUIRE_MESSAGE(flood_goes_on(echo, flood, 2000), echo.output().substr(0, 4000));

  // SIGUSR2 (echo has no handler for it) is logged, and the flood is still served after it.
  const auto from = echo.output().size();
  echo.signal(SIGUSR2);
  CHECK_MESSAGE(echo.wait_for_output("received SIGUSR2: no sigusr2_handler", 20s, from),
                echo.output().substr(from, 4000));
  CHECK(flood_goes_on(echo, flood, 2000));

  // SIGTERM in the middle of the flood still stops it, with exit 0.
  echo.signal(SIGTERM);
  auto status = echo.wait_exit();
  REQUIRE(status);
  CHECK(exited_with(*status, 0));
  CHECK(flood.wrong() == 0);
}

TEST_CASE("a pinger sending back to back still stops on SIGTERM - and so does its echo") {
  TempDir dir;
  const std::string endpoint = ipc_endpoint(dir, "echo");
  auto echo = start_echo(dir, endpoint);
  auto pinger = start_worker(
      dir, {.service = "pinger",
            .addresses = {{"connections", {{"out", {{"echo", {{"requester", endpoint}}}}}}}},
            .config = sf::Json{{"count", 100000000}},
            .main_mode = true});
  REQUIRE_MESSAGE(pinger.wait_for_output("pinger: reply 2000 ok"), pinger.output().substr(0, 4000));
  REQUIRE(echo.wait_for_output("text 'ping 2000'"));
  pinger.signal(SIGTERM);
  echo.signal(SIGTERM);
  auto pinger_status = pinger.wait_exit();
  auto echo_status = echo.wait_exit();
  REQUIRE(pinger_status);
  REQUIRE(echo_status);
  CHECK(exited_with(*pinger_status, 0));
  CHECK(exited_with(*echo_status, 0));
  // The signal lands between two requests (main ends with its summary line)
  // or during one (the request is abandoned, as the framework does on stop):
  // either way main ends because of the signal, not an error.
  const std::string out = pinger.output();
  CHECK_MESSAGE(out.find("received SIGTERM: stopping") != std::string::npos, out.substr(0, 4000));
  CHECK_MESSAGE((out.find("of 100000000 replies ok") != std::string::npos ||
                 out.find("main ended while stopping: connection 'echo': request abandoned") != std::string::npos),
                out.substr(out.size() > 2000 ? out.size() - 2000 : 0));
}
