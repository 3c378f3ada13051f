#pragma once
// A service's log file in the run directory, rotated by size as spdlog's
// rotating sink does (svc.log -> svc.1.log -> svc.2.log ...). Not spdlog's
// sink itself: that one opens by path with fopen, which follows a symlink
// planted under the name and creates files with the umask's mode; this one
// opens through PrivateDir (O_NOFOLLOW, 0600, owner checked).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "control/private_dir.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

struct LogRotation {
  std::size_t max_bytes = 10 * 1024 * 1024;
  std::size_t keep_files = 3;  // rotated files kept besides the current one
};

// The name of a log's `index`th rotated file: svc.log, svc.1.log, svc.2.log
// ... (the extension kept: out.txt, out.1.txt). `sfsup logs` reads them back
// by the same names.
std::string rotated_log_name(const std::string& name, std::size_t index);

class PrivateLogFile {
 public:
  // Opens (appends to) `file`. Throws RunDirRefused with the line to show.
  PrivateLogFile(const std::filesystem::path& file, LogRotation rotation);

  // Queues one line (a newline is added); flush() writes what is queued.
  // Both throw std::runtime_error when the file cannot be written.
  void append(std::string_view line);
  void flush();

 private:
  void rotate();
  std::string rotated_name(std::size_t index) const { return rotated_log_name(name_, index); }

  // Only the file stays open (one descriptor per service, as spdlog's sink
  // had: a topology of many services runs close to its fd limit); the
  // folder is opened, and checked again, to rotate.
  std::filesystem::path dir_;
  std::string name_;
  LogRotation rotation_;
  UniqueFd fd_;
  std::size_t size_ = 0;  // bytes in the current file, queued ones included
  std::string pending_;
};

}  // namespace sfsup
