#include "worker_fixture.hpp"

#include <atomic>
#include <fstream>

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace sftest {

std::string ipc_endpoint(const TempDir& dir, std::string_view name) {
  return "ipc://" + (dir / name).string();
}

std::string loopback_host_port() {
  // Bound and released at once; nothing else on this machine races for it in practice.
  zmq::context_t context;
  zmq::socket_t probe(context, zmq::socket_type::rep);
  probe.bind("tcp://127.0.0.1:*");
  std::string endpoint = probe.get(zmq::sockopt::last_endpoint);  // tcp://127.0.0.1:NNNNN
  return endpoint.substr(std::string("tcp://").size());
}

std::vector<std::string> worker_argv(const TempDir& dir, const WorkerSpec& spec) {
  static std::atomic<int> serial{0};
  const std::string stem = fmt::format("{}-{}", spec.service, serial++);
  std::vector<std::string> argv = {worker_binary().string(), "-s", plugin(spec.service).string()};
  if (!spec.addresses.empty()) {
    auto file = dir / (stem + ".addresses.json");
    write_json(file, spec.addresses);
    argv.insert(argv.end(), {"-a", file.string()});
  }
  if (spec.config) {
    auto file = dir / (stem + ".config.json");
    write_json(file, *spec.config);
    argv.insert(argv.end(), {"-c", file.string()});
  }
  if (spec.main_mode) argv.push_back("-m");
  argv.insert(argv.end(), spec.extra_args.begin(), spec.extra_args.end());
  return argv;
}

Process start_worker(const TempDir& dir, const WorkerSpec& spec) {
  auto argv = worker_argv(dir, spec);
  argv.insert(argv.end(), {"--ready-fd", "3"});
  SpawnOptions options;
  options.ready_pipe = true;
  return Process::spawn(std::move(argv), options);
}

std::size_t peak_rss_bytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;  // "VmHWM:   123456 kB"
  }
  FAIL("no VmHWM in /proc/" << pid << "/status");
  return 0;
}

std::vector<std::string> non_empty_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

std::size_t count_occurrences(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

std::string msgpack_bytes(const sf::Json& value) {
  auto bytes = sf::Json::to_msgpack(value);
  return std::string(bytes.begin(), bytes.end());
}

RawRequester::RawRequester(const std::string& endpoint) : socket_(context_, zmq::socket_type::req) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.connect(endpoint);
}

std::optional<sf::Json> RawRequester::request_bytes(std::string_view frame, std::chrono::milliseconds timeout) {
  socket_.send(zmq::buffer(frame.data(), frame.size()), zmq::send_flags::none);
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
  zmq::message_t reply;
  if (!socket_.recv(reply, zmq::recv_flags::dontwait)) return std::nullopt;
  // Plain msgpack: what the replyer sends back for these tests is str/int/map,
  // plus binary for datetimes, which nlohmann reads as binary.
  return sf::Json::from_msgpack(reply.data<std::uint8_t>(), reply.data<std::uint8_t>() + reply.size());
}

std::optional<sf::Json> RawRequester::request(const sf::Json& payload, std::chrono::milliseconds timeout) {
  return request_bytes(msgpack_bytes(payload), timeout);
}

}  // namespace sftest
