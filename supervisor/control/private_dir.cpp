#include "control/private_dir.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>  // renameat2
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

namespace sfsup {

namespace fs = std::filesystem;

namespace {

std::string error_text(int err) { return std::error_code(err, std::generic_category()).message(); }

std::string who(uid_t uid) {
  passwd entry{};
  passwd* found = nullptr;
  char buf[1024];
  if (::getpwuid_r(uid, &entry, buf, sizeof buf, &found) == 0 && found)
    return fmt::format("uid {} ({})", uid, found->pw_name);
  return fmt::format("uid {}", uid);
}

std::string mode_text(mode_t mode) { return fmt::format("{:04o}", mode & 07777); }

// Why opening `name` in `dir_fd` failed, as the one line to show.
[[noreturn]] void refuse_open(int dir_fd, std::string_view name, const fs::path& path, int err,
                              std::string_view what) {
  struct stat st {};
  const std::string n(name);
  const std::string_view or_another = what.empty() ? "" : ", or choose another with --run-dir";
  if (::fstatat(dir_fd, n.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
    char target[4096];
    const ssize_t len = ::readlinkat(dir_fd, n.c_str(), target, sizeof target - 1);
    throw RunDirRefused(fmt::format(
        "refusing {}{}: it is a symbolic link (to {}) and sfsup never follows links in its run "
        "directory; remove it: rm {}{}",
        what, path.string(), len > 0 ? std::string(target, static_cast<std::size_t>(len)) : "?",
        path.string(), or_another));
  }
  if (err == ENOTDIR || err == ELOOP)
    throw RunDirRefused(
        fmt::format("refusing {}{}: it is not a directory; remove it{}", what, path.string(), or_another));
  if (err == ENXIO)  // O_NONBLOCK on a FIFO without a reader (or a socket)
    throw RunDirRefused(fmt::format("refusing {}{}: it is not a regular file; remove it", what, path.string()));
  throw RunDirRefused(fmt::format("cannot open {}{}: {}", what, path.string(), error_text(err)));
}

// All of `content` into `file`; 0, or the errno that stopped it.
int write_content(int file, std::string_view content) {
  for (std::size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(file, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

// True when `file` is one of ours exactly as replace_file leaves it (a
// regular 0600 file of this user with one link) and holds `content`.
bool holds_exactly(int file, std::string_view content) {
  struct stat st {};
  if (::fstat(file, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || st.st_nlink != 1 ||
      (st.st_mode & 07777) != 0600 || static_cast<std::size_t>(st.st_size) != content.size())
    return false;
  std::string held(content.size(), '\0');
  std::size_t done = 0;
  while (done < held.size()) {
    const ssize_t n = ::read(file, held.data() + done, held.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return held == content;
}

// Clears O_NONBLOCK, set while opening so that a FIFO planted under a file's
// name fails the regular-file check instead of blocking sfsup.
void make_blocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
}

}  // namespace

PrivateDir PrivateDir::open_or_create(const fs::path& path, bool is_run_dir) {
  std::error_code ignored;
  // The parents are the user's own folders: created as any tool would.
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ignored);
  const std::string what = is_run_dir ? "the run directory " : "";
  const bool created = ::mkdir(path.c_str(), 0700) == 0;
  if (!created && errno != EEXIST)
    throw RunDirRefused(fmt::format("cannot create {}{}: {}{}", what, path.string(), error_text(errno),
                                    is_run_dir ? "; choose another with --run-dir" : ""));
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) refuse_open(AT_FDCWD, path.string(), path, errno, what);
  return checked(std::move(fd), path, what, created);
}

PrivateDir PrivateDir::subdir(std::string_view name) const {
  const std::string n(name);
  const bool created = ::mkdirat(fd(), n.c_str(), 0700) == 0;
  if (!created && errno != EEXIST)
    throw RunDirRefused(fmt::format("cannot create {}: {}", (path_ / n).string(), error_text(errno)));
  UniqueFd sub(::openat(fd(), n.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!sub) refuse_open(fd(), n, path_ / n, errno, "");
  // sfsup's own folders (logs/, workers/...): one an older sfsup made 0755 is tightened too.
  return checked(std::move(sub), path_ / n, "", /*tighten=*/true);
}

std::optional<PrivateDir> PrivateDir::open_existing_dir(const fs::path& path, bool is_run_dir) {
  const std::string what = is_run_dir ? "the run directory " : "";
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return std::nullopt;
    refuse_open(AT_FDCWD, path.string(), path, errno, what);
  }
  return checked(std::move(fd), path, what, /*tighten=*/false);
}

std::optional<PrivateDir> PrivateDir::existing_subdir(std::string_view name) const {
  const std::string n(name);
  UniqueFd sub(::openat(fd(), n.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!sub) {
    if (errno == ENOENT) return std::nullopt;
    refuse_open(fd(), n, path_ / n, errno, "");
  }
  return checked(std::move(sub), path_ / n, "", /*tighten=*/false);
}

PrivateDir PrivateDir::checked(UniqueFd fd, const fs::path& path, std::string_view what,
                               bool tighten) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw RunDirRefused(fmt::format("cannot inspect {}: {}", path.string(), error_text(errno)));
  const bool is_root = !what.empty();
  if (st.st_uid != ::geteuid())
    throw RunDirRefused(fmt::format("refusing {}{}: it belongs to {}, not to you (uid {}); remove it{}",
                                    what, path.string(), who(st.st_uid), ::geteuid(),
                                    is_root ? " or choose another with --run-dir" : ""));
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    throw RunDirRefused(fmt::format("refusing {}{}: its mode is {}, so other users can write into it; "
                                    "fix it with `chmod 700 {}` (or remove it{})",
                                    what, path.string(), mode_text(st.st_mode), path.string(),
                                    is_root ? ", or choose another with --run-dir" : ""));
  // mkdir's mode passes through the umask, which may take owner bits away.
  // A run directory that existed keeps its mode: it is the user's folder
  // (perhaps not only sfsup's), as is a plan's log folder.
  if (tighten && (st.st_mode & 07777) != 0700) ::fchmod(fd.get(), 0700);
  return PrivateDir(std::move(fd), path);
}

void PrivateDir::check_file(int file, std::string_view name, bool writing) const {
  const fs::path path = path_ / name;
  struct stat st {};
  if (::fstat(file, &st) != 0)
    throw RunDirRefused(fmt::format("cannot inspect {}: {}", path.string(), error_text(errno)));
  if (!S_ISREG(st.st_mode))
    throw RunDirRefused(fmt::format("refusing {}: it is not a regular file; remove it", path.string()));
  if (st.st_uid != ::geteuid())
    throw RunDirRefused(fmt::format("refusing {}: it belongs to {}, not to you (uid {}); remove it",
                                    path.string(), who(st.st_uid), ::geteuid()));
  if (st.st_nlink > 1)
    throw RunDirRefused(fmt::format("refusing {}: it has {} hard links, so {}; remove it", path.string(),
                                    st.st_nlink,
                                    writing ? "writing it would change another file too"
                                            : "it is another file too"));
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    throw RunDirRefused(fmt::format("refusing {}: its mode is {}, so other users can write it; fix it "
                                    "with `chmod 600 {}` (or remove it)",
                                    path.string(), mode_text(st.st_mode), path.string()));
  if (writing && (st.st_mode & 07777) != 0600) ::fchmod(file, 0600);
}

UniqueFd PrivateDir::open_for_append(std::string_view name) const {
  const std::string n(name);
  UniqueFd file(::openat(fd(), n.c_str(),
                         O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600));
  if (!file) refuse_open(fd(), n, path_ / n, errno, "");
  check_file(file.get(), n);
  make_blocking(file.get());
  return file;
}

UniqueFd PrivateDir::open_existing(std::string_view name, int flags) const {
  const std::string n(name);
  UniqueFd file(::openat(fd(), n.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!file) {
    if (errno == ENOENT) return file;
    refuse_open(fd(), n, path_ / n, errno, "");
  }
  check_file(file.get(), n);
  make_blocking(file.get());
  return file;
}

UniqueFd PrivateDir::open_for_reading(std::string_view name) const {
  const std::string n(name);
  UniqueFd file(::openat(fd(), n.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!file) {
    if (errno == ENOENT) return file;
    refuse_open(fd(), n, path_ / n, errno, "");
  }
  check_file(file.get(), n, /*writing=*/false);
  make_blocking(file.get());
  return file;
}

std::optional<std::string> PrivateDir::read(std::string_view name) const {
  const UniqueFd file = open_for_reading(name);
  if (!file) return std::nullopt;
  std::string content;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(file.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw RunDirRefused(fmt::format("cannot read {}: {}", (path_ / name).string(), error_text(errno)));
    if (n == 0) return content;
    content.append(buf, static_cast<std::size_t>(n));
  }
}

bool PrivateDir::has_own_socket(std::string_view name) const {
  const std::string n(name);
  const fs::path path = path_ / n;
  struct stat st {};
  if (::fstatat(fd(), n.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return false;
    throw RunDirRefused(fmt::format("cannot inspect {}: {}", path.string(), error_text(errno)));
  }
  if (S_ISLNK(st.st_mode)) refuse_open(fd(), n, path, ELOOP, "");
  if (!S_ISSOCK(st.st_mode))
    throw RunDirRefused(fmt::format("refusing {}: it is not a socket; remove it", path.string()));
  if (st.st_uid != ::geteuid())
    throw RunDirRefused(fmt::format("refusing {}: it belongs to {}, not to you (uid {}); remove it",
                                    path.string(), who(st.st_uid), ::geteuid()));
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    throw RunDirRefused(fmt::format("refusing {}: its mode is {}, so other users can connect to it; "
                                    "remove it (the supervisor makes it again)",
                                    path.string(), mode_text(st.st_mode)));
  return true;
}

UniqueFd PrivateDir::create_temp(std::string_view for_name, std::string& temp_name) const {
  for (unsigned attempt = 0;; ++attempt) {
    temp_name = fmt::format(".{}.{}.{}.tmp", for_name, ::getpid(), attempt);
    UniqueFd file(::openat(fd(), temp_name.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (file) {
      ::fchmod(file.get(), 0600);  // the umask may have taken owner bits away
      return file;
    }
    if (errno != EEXIST || attempt >= 100)
      throw RunDirRefused(fmt::format("cannot create a file in {}: {}", path_.string(), error_text(errno)));
  }
}

bool PrivateDir::publish(const std::string& temp_name, std::string_view name, bool replace) const {
  const std::string n(name);
  if (::renameat2(fd(), temp_name.c_str(), fd(), n.c_str(), replace ? 0 : RENAME_NOREPLACE) == 0)
    return true;
  const int err = errno;
  ::unlinkat(fd(), temp_name.c_str(), 0);
  if (err == EEXIST && !replace) return false;
  throw RunDirRefused(fmt::format("cannot write {}: {}", (path_ / n).string(), error_text(err)));
}

void PrivateDir::replace_file(std::string_view name, std::string_view content) const {
  std::string temp;
  UniqueFd file = create_temp(name, temp);
  if (const int err = write_content(file.get(), content)) {
    ::unlinkat(fd(), temp.c_str(), 0);
    throw RunDirRefused(fmt::format("cannot write {}: {}", (path_ / name).string(), error_text(err)));
  }
  file.reset();
  publish(temp, name);
}

bool PrivateDir::write_if_changed(std::string_view name, std::string_view content) const {
  const std::string n(name);
  UniqueFd existing(::openat(fd(), n.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (existing) {
    if (holds_exactly(existing.get(), content)) return false;
  } else if (errno == ENOENT) {
    UniqueFd file(::openat(fd(), n.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (file) {
      if (::fchmod(file.get(), 0600) != 0 || write_content(file.get(), content) != 0) {
        const int err = errno;
        ::unlinkat(fd(), n.c_str(), 0);
        throw RunDirRefused(fmt::format("cannot write {}: {}", (path_ / n).string(), error_text(err)));
      }
      return true;
    }
    // EEXIST: it appeared meanwhile; replaced below like any other.
  }
  replace_file(name, content);
  return true;
}

bool PrivateDir::rename(std::string_view from, std::string_view to) const {
  return ::renameat(fd(), std::string(from).c_str(), fd(), std::string(to).c_str()) == 0;
}

bool PrivateDir::names_file(std::string_view name, int file) const {
  struct stat named {}, held {};
  return ::fstatat(fd(), std::string(name).c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 &&
         ::fstat(file, &held) == 0 && named.st_dev == held.st_dev && named.st_ino == held.st_ino;
}

}  // namespace sfsup
