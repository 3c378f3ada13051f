#include "core/curve_keys.hpp"

#include <array>

#include <fmt/format.h>
#include <zmq.h>

#include <sf/error.hpp>

namespace sf::detail {
namespace {

// A Z85 text of a 32-byte key, or an error naming where it was found.
std::string z85_key(const Json& value, const std::string& where, const std::string& file) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    std::array<std::uint8_t, 32> decoded{};
    if (text.size() == 40 && zmq_z85_decode(decoded.data(), text.c_str()) != nullptr) return text;
  }
  throw Error(fmt::format("CURVE keys file '{}': {} must be a 40-character Z85 key (as sfsup "
                          "writes it); run `sfsup up` again to rewrite the file",
                          file, where));
}

}  // namespace

std::string curve_socket_key(const char* kind, const char* side, const std::string& name,
                             const std::string& socket) {
  return fmt::format("{}s.{}.{}.{}", kind, side, name, socket);
}

bool curve_available() { return zmq_has("curve") != 0; }

const CurveSocketKeys& CurveKeys::socket(const std::string& key) const {
  auto it = sockets.find(key);
  if (it == sockets.end()) {
    throw Error(fmt::format("CURVE keys file '{}' has no entry for socket '{}'; every socket needs "
                            "one under \"sockets\" (sfsup writes them: run `sfsup up` again)",
                            file, key));
  }
  return it->second;
}

CurveKeys read_curve_keys(const Json& document, const std::string& file) {
  if (!document.is_object()) {
    throw Error(fmt::format("CURVE keys file '{}' must hold a JSON object", file));
  }
  CurveKeys keys;
  keys.file = file;
  keys.public_key = z85_key(document.value("public_key", Json()), "public_key", file);
  keys.secret_key = z85_key(document.value("secret_key", Json()), "secret_key", file);
  const Json sockets = document.value("sockets", Json::object());
  if (!sockets.is_object()) throw Error(fmt::format("CURVE keys file '{}': sockets must be an object", file));
  for (const auto& [name, entry] : sockets.items()) {
    const std::string where = fmt::format("sockets.{}", name);
    CurveSocketKeys socket;
    if (entry.is_object() && entry.contains("accept") && entry["accept"].is_array()) {
      socket.server = true;
      for (std::size_t i = 0; i < entry["accept"].size(); ++i) {
        socket.accept.push_back(z85_key(entry["accept"][i], fmt::format("{}.accept[{}]", where, i), file));
      }
    } else if (entry.is_object() && entry.contains("server_key")) {
      socket.server_key = z85_key(entry["server_key"], where + ".server_key", file);
    } else {
      throw Error(fmt::format("CURVE keys file '{}': {} must be {{\"accept\": [keys]}} (a binding "
                              "socket) or {{\"server_key\": key}} (a connecting one)",
                              file, where));
    }
    keys.sockets.emplace(name, std::move(socket));
  }
  return keys;
}

}  // namespace sf::detail
