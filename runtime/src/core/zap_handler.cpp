#include "core/zap_handler.hpp"

#include <array>
#include <iterator>

#include <zmq_addon.hpp>

#include <sf/log.hpp>

namespace sf::detail {
namespace {

constexpr std::size_t kLoggedRefusalsMax = 256;  // bounded under a flood of strangers

std::string z85_text(const std::string& binary_key) {
  std::array<char, 41> text{};
  zmq_z85_encode(text.data(), reinterpret_cast<const std::uint8_t*>(binary_key.data()), binary_key.size());
  return text.data();
}

}  // namespace

ZapHandler::ZapHandler(zmq::context_t& context,
                       const std::map<std::string, std::set<std::string>>& allowed)
    : socket_(context, zmq::socket_type::rep) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("inproc://zeromq.zap.01");
  for (const auto& [domain, keys] : allowed) {
    auto& binary = allowed_[domain];
    for (const auto& key : keys) {
      std::array<std::uint8_t, 32> decoded{};
      if (zmq_z85_decode(decoded.data(), key.c_str()) != nullptr) {
        binary.emplace(reinterpret_cast<const char*>(decoded.data()), decoded.size());
      }
    }
  }
}

void ZapHandler::serve() {
  for (;;) {
    std::vector<zmq::message_t> request;
    if (!zmq::recv_multipart(socket_, std::back_inserter(request), zmq::recv_flags::dontwait)) return;
    answer(request);
  }
}

// RFC 27: version, request id, domain, address, routing id, mechanism,
// credentials (CURVE: the client's 32-byte public key).
void ZapHandler::answer(std::vector<zmq::message_t>& request) {
  const auto frame = [&](std::size_t i) {
    return i < request.size() ? request[i].to_string() : std::string();
  };
  const std::string request_id = frame(1);
  const std::string domain = frame(2);
  const std::string mechanism = frame(5);
  const std::string key = frame(6);
  bool ok = false;
  if (request.size() >= 7 && frame(0) == "1.0" && mechanism == "CURVE" && key.size() == 32) {
    auto it = allowed_.find(domain);
    ok = it != allowed_.end() && it->second.count(key) > 0;
  }
  if (!ok) {
    const std::string who = key.size() == 32 ? z85_text(key) : "no key";
    const std::string seen = domain + " " + who;
    const bool first = refusals_logged_.size() < kLoggedRefusalsMax && refusals_logged_.insert(seen).second;
    get_logger()->log(first ? spdlog::level::warn : spdlog::level::debug,
                      "CURVE: refused a {} client of socket {} from {} with key {}: not a service "
                      "wired to it in the topology",
                      mechanism, domain, frame(3).empty() ? "a local socket" : frame(3), who);
  }
  std::array<zmq::const_buffer, 6> reply = {
      zmq::str_buffer("1.0"), zmq::buffer(request_id),
      ok ? zmq::str_buffer("200") : zmq::str_buffer("400"),
      ok ? zmq::str_buffer("OK") : zmq::str_buffer("key not allowed"),
      zmq::str_buffer(""), zmq::str_buffer("")};
  zmq::send_multipart(socket_, reply, zmq::send_flags::dontwait);
}

}  // namespace sf::detail
