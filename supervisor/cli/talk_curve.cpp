#include "cli/talk_curve.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "control/run_dir.hpp"

namespace sfsup::cli {

using nlohmann::json;

namespace {

// The Z85 key under `field`, "" when the file or the field is not there.
std::string key_in(const std::filesystem::path& file, const char* field) {
  std::ifstream in(file);
  if (!in) return {};
  const json doc = json::parse(in, nullptr, false);
  if (!doc.is_object()) return {};
  const std::string key = doc.value(field, std::string());
  return key.size() == 40 ? key : std::string();
}

}  // namespace

void use_talk_curve_keys(zmq::socket_t& socket, const Options& options, const std::string& service) {
  if (options.address) return;
  const auto keys = resolve_run_dir(options.run_dir).root / "keys";
  const std::string server = key_in(keys / (service + ".json"), "public_key");
  const std::string mine = key_in(keys / "talk.sfsup.json", "public_key");
  const std::string secret = key_in(keys / "talk.sfsup.json", "secret_key");
  if (server.empty() || mine.empty() || secret.empty()) return;
  socket.set(zmq::sockopt::curve_serverkey, server);
  socket.set(zmq::sockopt::curve_publickey, mine);
  socket.set(zmq::sockopt::curve_secretkey, secret);
}

}  // namespace sfsup::cli
