#include "supervision/file_identity.hpp"

#include <sys/stat.h>

#include <ctime>

#include <fmt/format.h>

namespace sfsup {

std::optional<FileIdentity> file_identity_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileIdentity id;
  id.text = fmt::format("{}:{}:{}:{}.{}", st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  id.size = st.st_size;
  id.settled = ::time(nullptr) - st.st_mtim.tv_sec >= 2;
  id.mtime = st.st_mtim;
  id.inode = st.st_ino;
  return id;
}

}  // namespace sfsup
