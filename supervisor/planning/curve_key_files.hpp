#pragma once
// Where `security: curve` keeps its keys: <run_dir>/keys/ (mode 0700), one
// <service>.json per service (mode 0600, whatever the umask) holding its key
// pair and its sockets' peer keys: the file the worker reads with --curve.
// A service keeps its key pair for the life of the run directory, so
// re-planning a running topology (`sfsup up` again, `watch`) leaves the keys
// of running workers valid. The directory and files are a PrivateDir's, under
// the run directory's rules: nothing here follows a symlink.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "control/private_dir.hpp"

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
  // Creates or opens <run_dir>/keys. Throws RunDirRefused (one line) when it
  // is not a directory of the caller's that only the caller can write.
  explicit CurveKeyStore(const PrivateDir& run_dir) : keys_(run_dir.subdir("keys")) {}

  // The service's key pair: the one in its file when that is sound (a
  // regular file of ours that nobody else can read or write, holding two
  // Z85 keys), else a fresh one.
  CurveKeyPair key_pair(const std::string& service);

  // Writes {"public_key", "secret_key", "sockets"} for the service (a new
  // 0600 file renamed over the old one, so a restarting worker reads one or
  // the other whole). Returns its path.
  std::filesystem::path write(const std::string& service, const CurveKeyPair& keys,
                              const nlohmann::json& sockets);

 private:
  PrivateDir keys_;
};

}  // namespace sfsup
