#pragma once
// A directory only its owner can write, and the files sfsup keeps in it (the
// run directory, its logs/, workers/ and ipc/). As root, a path followed by
// name would let any user who can write there redirect sfsup's writes onto
// files of their choice (a symlink as sfsup.pid or a log); so every file is
// opened relative to a descriptor of its directory with O_NOFOLLOW, and a
// directory or file that is not the caller's, or that others can write, is
// refused with one line naming it and the fix. Modes are explicit and
// fchmod-ed (0700 directories, 0600 files), so the caller's umask never
// loosens them.
#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "supervision/unique_fd.hpp"

namespace sfsup {

// The one line saying what was refused, why and how to fix it.
class RunDirRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PrivateDir {
 public:
  // Opens `path` (the run directory, unless `is_run_dir` is false), creating
  // it 0700, and its missing parents, when it does not exist. Throws
  // RunDirRefused.
  static PrivateDir open_or_create(const std::filesystem::path& path, bool is_run_dir = true);
  // The subdirectory `name` (sfsup's own: logs/, workers/...), created if
  // missing, held to the same rules and made 0700.
  PrivateDir subdir(std::string_view name) const;

  // For the commands that only read (status, logs, call...): the same rules,
  // but nothing is created or chmod-ed; nullopt when it does not exist.
  static std::optional<PrivateDir> open_existing_dir(const std::filesystem::path& path,
                                                     bool is_run_dir = true);
  std::optional<PrivateDir> existing_subdir(std::string_view name) const;
  // `name` opened read-only and checked like any file here (never chmod-ed);
  // an empty UniqueFd when it does not exist.
  UniqueFd open_for_reading(std::string_view name) const;
  // The whole of `name`, read through open_for_reading; nullopt when missing.
  std::optional<std::string> read(std::string_view name) const;
  // True when `name` is a socket of the caller's that others cannot write
  // (control.sock), false when there is none; throws RunDirRefused otherwise.
  // Connect to it through fd() (UnixAddress), not by its path.
  bool has_own_socket(std::string_view name) const;

  // `name` opened for appending (created 0600): a log. Throws RunDirRefused.
  UniqueFd open_for_append(std::string_view name) const;
  // `name` opened with `flags` (O_NOFOLLOW added) if it exists, checked like
  // any file here; an empty UniqueFd when it does not.
  UniqueFd open_existing(std::string_view name, int flags) const;

  // A fresh 0600 file under a unique temporary name (O_EXCL: never one
  // somebody left there); publish() then renames it into place.
  UniqueFd create_temp(std::string_view for_name, std::string& temp_name) const;
  // renameat: the temp file becomes `name`, replacing whatever was there
  // (a planted symlink is replaced, never followed). With `replace` false,
  // false when `name` exists (and the temp file is removed).
  bool publish(const std::string& temp_name, std::string_view name, bool replace = true) const;
  // `content` written to a temp file and renamed over `name`.
  void replace_file(std::string_view name, std::string_view content) const;
  // `content` as `name`, unless `name` already is exactly that: one of our
  // own 0600 regular files, not hard-linked, holding those bytes (then it is
  // left alone and false is returned). A missing `name` is created in place
  // with O_EXCL (nothing to replace, nobody reads it before we return); any
  // other `name` (different bytes, a symlink, someone else's file) is
  // replaced as by replace_file.
  bool write_if_changed(std::string_view name, std::string_view content) const;
  // Renames within this directory (rotation); false if `from` is missing.
  bool rename(std::string_view from, std::string_view to) const;
  // True when `name` is the very file `fd` refers to (a lock still in place).
  bool names_file(std::string_view name, int fd) const;

  int fd() const { return fd_.get(); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  PrivateDir(UniqueFd fd, std::filesystem::path path) : fd_(std::move(fd)), path_(std::move(path)) {}
  // `what`: "the run directory " for the run directory itself, else empty.
  // `tighten`: make it exactly 0700 once it passed (one sfsup created).
  static PrivateDir checked(UniqueFd fd, const std::filesystem::path& path, std::string_view what,
                            bool tighten);
  // `writing`: sfsup is about to write it, so it is also made exactly 0600.
  void check_file(int fd, std::string_view name, bool writing = true) const;

  UniqueFd fd_;
  std::filesystem::path path_;
};

}  // namespace sfsup
