#include "control/unix_address.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

namespace sfsup {

UnixAddress::UnixAddress(const std::filesystem::path& path) {
  addr_.sun_family = AF_UNIX;
  std::string text = path.string();
  if (text.size() >= sizeof addr_.sun_path) {
    dir_.reset(::open(path.parent_path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir_)
      throw std::system_error(errno, std::generic_category(),
                              "cannot open " + path.parent_path().string());
    text = "/proc/self/fd/" + std::to_string(dir_.get()) + "/" + path.filename().string();
    if (text.size() >= sizeof addr_.sun_path)
      throw std::system_error(ENAMETOOLONG, std::generic_category(), path.filename().string());
  }
  std::memcpy(addr_.sun_path, text.c_str(), text.size() + 1);
}

UnixAddress::UnixAddress(int dir_fd, const std::string& name) {
  addr_.sun_family = AF_UNIX;
  const std::string text = "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name;
  if (text.size() >= sizeof addr_.sun_path) throw std::system_error(ENAMETOOLONG, std::generic_category(), name);
  std::memcpy(addr_.sun_path, text.c_str(), text.size() + 1);
}

}  // namespace sfsup
