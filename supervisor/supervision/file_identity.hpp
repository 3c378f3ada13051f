#pragma once
// A file's identity on disk (device, inode, size, mtime), which changes
// whenever the file is rewritten, so a result computed from the file's
// content (its hash, a plugin's description) can be kept under it. As git
// does with "racily clean" entries, a file modified in the last two seconds
// is not to be kept: mtimes are coarse (a kernel tick), so a second write
// that soon may leave all four unchanged.
#include <sys/types.h>
#include <time.h>

#include <optional>
#include <string>

namespace sfsup {

struct FileIdentity {
  std::string text;     // "dev:ino:size:mtime_sec.mtime_nsec"
  off_t size = 0;
  bool settled = false; // modified more than two seconds ago: a result may be kept under `text`
  timespec mtime{};
  ino_t inode = 0;
};

// std::nullopt when `path` is missing or not a regular file.
std::optional<FileIdentity> file_identity_of(const std::string& path);

}  // namespace sfsup
