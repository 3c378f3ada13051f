#include "book_services.hpp"

#include <regex>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "wire/codec.hpp"

namespace statetest {

using sftest::Process;
using sftest::TempDir;

BookEndpoints::BookEndpoints(const TempDir& dir)
    : book_publisher("ipc://" + (dir / "book.pub").string()),
      book_replyer("ipc://" + (dir / "book.rep").string()),
      top_publisher("ipc://" + (dir / "top.pub").string()),
      top_replyer("ipc://" + (dir / "top.rep").string()),
      checksum("ipc://" + (dir / "checksum.rep").string()) {}

sf::Json publisher_addresses(const BookEndpoints& e) {
  return {{"states",
           {{"out",
             {{"book", {{"publisher", e.book_publisher}, {"replyer", e.book_replyer}}},
              {"top", {{"publisher", e.top_publisher}, {"replyer", e.top_replyer}}}}}}}};
}

sf::Json follower_addresses(const BookEndpoints& e, const std::string& book_subscriber) {
  return {{"states",
           {{"in",
             {{"book", {{"subscriber", book_subscriber}, {"requester", e.book_replyer}}},
              {"top", {{"subscriber", e.top_publisher}, {"requester", e.top_replyer}}}}}}},
          {"connections", {{"in", {{"book_checksum", {{"replyer", e.checksum}}}}}}}};
}

namespace {

Process start_worker(const TempDir& dir, const char* plugin, bool main_mode, const sf::Json& addresses,
                     const sf::Json& config, const std::string& tag) {
  const auto addresses_file = dir / (tag + ".addresses.json");
  const auto config_file = dir / (tag + ".config.json");
  sftest::write_json(addresses_file, addresses);
  sftest::write_json(config_file, config);
  std::vector<std::string> argv = {sftest::worker_binary().string(), "-s", sftest::plugin(plugin).string(),
                                   "-a", addresses_file.string(), "-c", config_file.string(),
                                   "--name", tag, "--ready-fd", "3"};
  if (main_mode) argv.push_back("-m");
  Process p = Process::spawn(argv, {.ready_pipe = true});
  if (!p.wait_ready()) FAIL(tag << " never became ready; its output:\n" << p.output());
  return p;
}

}  // namespace

Process start_publisher(const TempDir& dir, const BookEndpoints& e, const sf::Json& config, const std::string& tag) {
  return start_worker(dir, "book_publisher", true, publisher_addresses(e), config, tag);
}

Process start_follower(const TempDir& dir, const sf::Json& addresses, const sf::Json& config, const std::string& tag) {
  return start_worker(dir, "book_follower", false, addresses, config, tag);
}

std::optional<PublisherDone> wait_publisher_done(Process& publisher, std::initializer_list<Process*> also_drain) {
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (;;) {
    // Short slices only so the others' pipes are read between them.
    if (publisher.wait_for_output("book_publisher: done:", also_drain.size() ? 10ms : 60s)) break;
    if (!publisher.running() || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    for (Process* p : also_drain) p->output();
  }
  static const std::regex line(
      R"(book_publisher: done: (\d+) deltas, current_num (\d+), (\d+) levels, checksum ([0-9a-f]{16}))");
  std::smatch m;
  const std::string out = publisher.output();
  if (!std::regex_search(out, m, line)) return std::nullopt;
  return PublisherDone{std::stoll(m[1]), std::stoll(m[2]), std::stoll(m[3]), m[4]};
}

ChecksumClient::ChecksumClient(std::string endpoint) : endpoint_(std::move(endpoint)) { reset(); }

void ChecksumClient::reset() {
  socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::req);
  socket_->set(zmq::sockopt::linger, 0);
  socket_->connect(endpoint_);
}

std::optional<sf::Json> ChecksumClient::ask(std::chrono::milliseconds timeout) {
  std::vector<std::uint8_t> out;
  sf::detail::wire::encode_request(sf::Json::object(), fmt::format("test-{}", ++counter_), out);
  socket_->send(zmq::buffer(out), zmq::send_flags::none);
  zmq::pollitem_t item{socket_->handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) {
    reset();
    return std::nullopt;
  }
  zmq::message_t reply;
  if (!socket_->recv(reply)) return std::nullopt;
  sf::Json payload = sf::detail::wire::decode(reply.data(), reply.size());
  if (!payload.contains("return_args")) {
    FAIL_CHECK("book_checksum answered ", payload.dump());
    return std::nullopt;
  }
  return payload["return_args"];
}

std::optional<sf::Json> wait_follower_checksum(Process& follower, ChecksumClient& client, const std::string& checksum,
                                               std::chrono::milliseconds timeout) {
  if (!follower.wait_for_output("checksum " + checksum, timeout)) return std::nullopt;
  auto reply = client.ask();
  if (!reply || (*reply)["checksum"] != checksum) return std::nullopt;
  return reply;
}

}  // namespace statetest
