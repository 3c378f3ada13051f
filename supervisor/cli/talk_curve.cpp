#include "cli/talk_curve.hpp"

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "control/private_dir.hpp"
#include "control/run_dir.hpp"
#include "cli/run_dir_choice.hpp"

namespace sfsup::cli {

using nlohmann::json;

namespace {

// The Z85 key under `field`, "" when the file or the field is not there.
std::string key_in(const std::optional<std::string>& text, const char* field) {
  if (!text) return {};
  const json doc = json::parse(*text, nullptr, false);
  if (!doc.is_object()) return {};
  const std::string key = doc.value(field, std::string());
  return key.size() == 40 ? key : std::string();
}

}  // namespace

void use_talk_curve_keys(zmq::socket_t& socket, const Options& options, const std::string& service) {
  if (options.address) return;
  // Read under `up`'s rules: a secret key another user could plant or swap
  // would let them impersonate sfsup to the service.
  const auto run = PrivateDir::open_existing_dir(run_dir_for(options).root);
  const auto keys = run ? run->existing_subdir("keys") : std::nullopt;
  if (!keys) return;
  const std::string server = key_in(keys->read(service + ".json"), "public_key");
  const auto talk = keys->read("talk.sfsup.json");
  const std::string mine = key_in(talk, "public_key");
  const std::string secret = key_in(talk, "secret_key");
  if (server.empty() || mine.empty() || secret.empty()) return;
  socket.set(zmq::sockopt::curve_serverkey, server);
  socket.set(zmq::sockopt::curve_publickey, mine);
  socket.set(zmq::sockopt::curve_secretkey, secret);
}

}  // namespace sfsup::cli
