#include "planning/curve_key_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

#include <fmt/format.h>
#include <zmq.h>

namespace sfsup {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool is_z85_key(const json& value) {
  if (!value.is_string() || value.get_ref<const std::string&>().size() != 40) return false;
  std::array<std::uint8_t, 32> decoded{};
  return zmq_z85_decode(decoded.data(), value.get_ref<const std::string&>().c_str()) != nullptr;
}

}  // namespace

CurveKeyPair CurveKeyStore::key_pair(const std::string& service) {
  const std::string name = service + ".json";
  std::optional<std::string> text;
  try {
    // A secret others could read is no secret: such a file is not used.
    const UniqueFd file = keys_.open_for_reading(name);
    struct stat st {};
    if (file && ::fstat(file.get(), &st) == 0 && (st.st_mode & 077) == 0 && st.st_size < 1 << 20) {
      std::string content(static_cast<std::size_t>(st.st_size), '\0');
      if (::read(file.get(), content.data(), content.size()) == static_cast<ssize_t>(content.size())) text = content;
    }
  } catch (const RunDirRefused&) {
    // A link, another user's file or a hard-linked one: never read, and
    // replaced by write() below (renamed over, not written through).
  }
  if (text) {
    const json doc = json::parse(*text, nullptr, false);
    if (doc.is_object() && is_z85_key(doc.value("public_key", json())) && is_z85_key(doc.value("secret_key", json()))) {
      return {doc["public_key"], doc["secret_key"]};
    }
  }
  std::array<char, 41> public_key{};
  std::array<char, 41> secret_key{};
  if (zmq_curve_keypair(public_key.data(), secret_key.data()) != 0) {
    throw std::runtime_error(fmt::format("cannot make a CURVE key pair for '{}': {}", service,
                                         zmq_strerror(zmq_errno())));
  }
  return {public_key.data(), secret_key.data()};
}

fs::path CurveKeyStore::write(const std::string& service, const CurveKeyPair& keys, const json& sockets) {
  const std::string name = service + ".json";
  keys_.replace_file(
      name, json{{"public_key", keys.public_key}, {"secret_key", keys.secret_key}, {"sockets", sockets}}.dump(2) + "\n");
  return keys_ / name;
}

}  // namespace sfsup
