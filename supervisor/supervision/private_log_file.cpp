#include "supervision/private_log_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

namespace sfsup {

PrivateLogFile::PrivateLogFile(const std::filesystem::path& file, LogRotation rotation)
    : dir_(file.parent_path()),
      name_(file.filename().string()),
      rotation_(rotation),
      fd_(PrivateDir::open_or_create(dir_, /*is_run_dir=*/false).open_for_append(name_)) {
  struct stat st {};
  if (::fstat(fd_.get(), &st) == 0) size_ = static_cast<std::size_t>(st.st_size);
}

void PrivateLogFile::append(std::string_view line) {
  // As spdlog's rotating sink: a line that would take a non-empty file past
  // the limit starts the next one.
  if (size_ > 0 && size_ + line.size() + 1 > rotation_.max_bytes) {
    flush();
    rotate();
  }
  pending_.append(line);
  pending_.push_back('\n');
  size_ += line.size() + 1;
}

void PrivateLogFile::flush() {
  std::size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t n = ::write(fd_.get(), pending_.data() + done, pending_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      pending_.erase(0, done);
      throw std::system_error(errno, std::generic_category(),
                              fmt::format("cannot write {}", (dir_ / name_).string()));
    }
    done += static_cast<std::size_t>(n);
  }
  pending_.clear();
}

std::string rotated_log_name(const std::string& name, std::size_t index) {
  if (index == 0) return name;
  const std::filesystem::path p(name);
  return fmt::format("{}.{}{}", p.stem().string(), index, p.extension().string());
}

void PrivateLogFile::rotate() {
  fd_.reset();
  // Not made again if it was deleted (the supervisor is stopping then).
  if (!std::filesystem::is_directory(dir_))
    throw std::runtime_error(fmt::format("{} is gone", dir_.string()));
  const PrivateDir dir = PrivateDir::open_or_create(dir_, /*is_run_dir=*/false);
  // renameat moves a name, never what a symlink points to; the oldest goes.
  for (std::size_t i = rotation_.keep_files; i > 0; --i) dir.rename(rotated_name(i - 1), rotated_name(i));
  fd_ = dir.open_for_append(name_);
  if (rotation_.keep_files == 0 && ::ftruncate(fd_.get(), 0) != 0)
    throw std::system_error(errno, std::generic_category(),
                            fmt::format("cannot truncate {}", (dir_ / name_).string()));
  size_ = 0;
}

}  // namespace sfsup
