// The inbound message size limit (--sf-max-message-bytes, ZMQ_MAXMSGSIZE): a
// peer sending a larger request is disconnected by ZeroMQ before the worker
// buffers it, the worker keeps answering everyone else, and twenty pipelined
// 50 MB requests no longer cost the worker a gigabyte.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

constexpr std::size_t kLargeRequest = 50'000'000;
constexpr int kPipelined = 20;

// One echo request whose text is `size` bytes: a valid request, so without a
// limit the worker would read, decode and answer it.
const std::string& large_request_bytes() {
  static const std::string bytes =
      msgpack_bytes(sf::Json{{"args", {{"text", std::string(kLargeRequest, 'x')}}}, {"workflow_id", "big"}});
  return bytes;
}

// A DEALER (so requests can be pipelined) with a monitor that reports its
// connection being dropped by the other side.
class WatchedDealer {
 public:
  WatchedDealer(zmq::context_t& context, const std::string& endpoint, int index)
      : socket_(context, zmq::socket_type::dealer), monitor_(context, zmq::socket_type::pair) {
    socket_.set(zmq::sockopt::linger, 0);
    const std::string address = "inproc://dealer-monitor-" + std::to_string(index);
    REQUIRE(zmq_socket_monitor(socket_.handle(), address.c_str(), ZMQ_EVENT_DISCONNECTED) == 0);
    monitor_.connect(address);
    socket_.connect(endpoint);
  }

  // Sends the large request without copying it: the bytes outlive the socket.
  void send_large() {
    const std::string& bytes = large_request_bytes();
    socket_.send(zmq::message_t(), zmq::send_flags::sndmore);  // REP's empty delimiter
    socket_.send(zmq::message_t(const_cast<char*>(bytes.data()), bytes.size(), nullptr, nullptr),
                 zmq::send_flags::none);
  }

  // True once the peer dropped the connection; false at the deadline.
  bool wait_disconnected(std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{monitor_.handle(), 0, ZMQ_POLLIN, 0};
    return zmq::poll(&item, 1, timeout) > 0;
  }

 private:
  zmq::socket_t socket_;
  zmq::socket_t monitor_;
};

void check_still_serving(const std::string& endpoint, const std::string& text) {
  RawRequester client(endpoint);
  auto reply = client.request(sf::Json{{"args", {{"text", text}}}, {"workflow_id", "w"}});
  REQUIRE_MESSAGE(reply, "the echo stopped answering");
  CHECK(*reply == sf::Json({{"return_args", {{"text", text}}}, {"workflow_id", "w"}}));
}

}  // namespace

TEST_CASE("an oversize request disconnects its sender and the service keeps answering") {
  TempDir dir;
  const std::string endpoint = ipc_endpoint(dir, "echo");
  Process worker = start_worker(dir, {.service = "echo",
                                      .addresses = {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}},
                                      .extra_args = {"--sf-max-message-bytes", "1048576"}});
  REQUIRE_MESSAGE(worker.wait_ready(), worker.output());
  check_still_serving(endpoint, "before");

  zmq::context_t context(1);
  std::vector<std::unique_ptr<WatchedDealer>> senders;
  for (int i = 0; i < kPipelined; ++i) {
    senders.push_back(std::make_unique<WatchedDealer>(context, endpoint, i));
    senders.back()->send_large();
  }
  for (int i = 0; i < kPipelined; ++i) {
    CAPTURE(i);
    CHECK_MESSAGE(senders[static_cast<std::size_t>(i)]->wait_disconnected(30s),
                  "the worker kept a connection that sent a request above its limit");
  }
  check_still_serving(endpoint, "after");
  CHECK(worker.running());

  // Not a timing: the memory the worker ever held, with twenty 50 MB requests
  // refused at the door (about 1.2 GB when it read them all).
  const std::size_t peak = peak_rss_bytes(worker.pid());
  MESSAGE("worker VmHWM after " << kPipelined << " pipelined 50 MB requests with a 1 MiB limit: "
                                << peak / (1024 * 1024) << " MiB");
  CHECK(peak < 256u * 1024 * 1024);
  senders.clear();
}

TEST_CASE("a request within the limit is answered as before") {
  TempDir dir;
  const std::string endpoint = ipc_endpoint(dir, "echo");
  Process worker = start_worker(dir, {.service = "echo",
                                      .addresses = {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}},
                                      .extra_args = {"--sf-max-message-bytes", "4096"}});
  REQUIRE_MESSAGE(worker.wait_ready(), worker.output());
  check_still_serving(endpoint, std::string(3000, 'y'));
}

TEST_CASE("a limit that is not a positive number is refused in one line") {
  TempDir dir;
  for (const char* bad : {"0", "-5"}) {
    CAPTURE(bad);
    Process worker = start_worker(dir, {.service = "echo",
                                        .addresses = {{"connections", {{"in", {{"echo", {{"replyer", ipc_endpoint(dir, "e")}}}}}}}},
                                        .extra_args = {"--sf-max-message-bytes", bad}});
    auto status = worker.wait_exit();
    REQUIRE(status);
    CHECK(exited_with(*status, 2));
    CHECK_MESSAGE(worker.output().find("--max-message-bytes must be > 0") != std::string::npos, worker.output());
    CHECK(non_empty_lines(worker.output()).size() == 1);
  }
}
