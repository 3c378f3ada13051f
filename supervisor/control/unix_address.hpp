#pragma once
// An AF_UNIX address for a path of any length. sun_path holds 107 bytes; a
// longer path is reached through /proc/self/fd/<dirfd>/<name>, with the
// directory held open for as long as the address is used.
#include <sys/socket.h>
#include <sys/un.h>

#include <filesystem>
#include <string>

#include "supervision/unique_fd.hpp"

namespace sfsup {

class UnixAddress {
 public:
  // Throws std::system_error when the directory cannot be opened.
  explicit UnixAddress(const std::filesystem::path& path);
  // `name` in the directory open as `dir_fd` (kept open by the caller while
  // the address is used): reached through /proc/self/fd, so what is reached
  // is the entry in that very directory, however its path changes meanwhile.
  UnixAddress(int dir_fd, const std::string& name);
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&addr_); }
  socklen_t size() const { return sizeof addr_; }
  bool via_proc() const { return static_cast<bool>(dir_); }

 private:
  sockaddr_un addr_{};
  UniqueFd dir_;
};

}  // namespace sfsup
