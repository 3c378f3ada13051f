#pragma once
// Where `security: curve` keeps its keys: <run_dir>/keys/ (mode 0700), one
// <service>.json per service (mode 0600, whatever the umask) holding its key
// pair and its sockets' peer keys: the file the worker reads with --curve.
// A service keeps its key pair for the life of the run directory, so
// re-planning a running topology (`sfsup up` again, `watch`) leaves the keys
// of running workers valid. Nothing here follows a symlink.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "supervision/unique_fd.hpp"

namespace sfsup {

// The key pair sfsup's own commands (call, tap, state) use: keys/talk.sfsup.json
// (no service name has a '.').
inline constexpr const char* kCurveTalkKey = "talk.sfsup";

struct CurveKeyPair {
  std::string public_key;  // Z85, 40 characters
  std::string secret_key;
};

class CurveKeyStore {
 public:
  // Creates or opens <run_dir>/keys. Throws std::runtime_error (one line)
  // when it is not a directory owned by the caller.
  explicit CurveKeyStore(const std::filesystem::path& run_dir);

  // The service's key pair: the one in its file when that is sound (a
  // regular file of ours that nobody else can read), else a fresh one.
  CurveKeyPair key_pair(const std::string& service);

  // Writes {"public_key", "secret_key", "sockets"} for the service (a new
  // file renamed over the old one, so a restarting worker reads one or the
  // other whole). Returns its path.
  std::filesystem::path write(const std::string& service, const CurveKeyPair& keys,
                              const nlohmann::json& sockets);

 private:
  std::filesystem::path dir_;
  UniqueFd fd_;
};

}  // namespace sfsup
