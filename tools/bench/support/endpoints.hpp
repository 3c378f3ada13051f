#pragma once
// Where the benches' sockets meet: ipc:// in a private temp dir, or
// tcp://127.0.0.1 on a port the kernel just handed out. Nothing else.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sfbench {

enum class Transport { ipc, tcp };
const char* to_string(Transport transport);

// A fresh directory under /tmp (short, so ipc:// paths fit; $SFBENCH_TMPDIR
// instead when set), removed after.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// ipc://<dir>/<stem>, or tcp://127.0.0.1:<free port>. A new one per call, so
// a child from an earlier round still lingering can't be the one we reach.
std::string make_endpoint(Transport transport, const TempDir& dir, std::string_view stem);

// "ipc", "tcp" or "ipc,tcp" (--transports); throws std::runtime_error otherwise.
std::vector<Transport> parse_transports(std::string_view list);

}  // namespace sfbench
