#include "planning/curve_key_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <zmq.h>

namespace sfsup {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::runtime_error failure(const std::string& what, const fs::path& path) {
  return std::runtime_error(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
}

bool is_z85_key(const json& value) {
  if (!value.is_string() || value.get_ref<const std::string&>().size() != 40) return false;
  std::array<std::uint8_t, 32> decoded{};
  return zmq_z85_decode(decoded.data(), value.get_ref<const std::string&>().c_str()) != nullptr;
}

}  // namespace

CurveKeyStore::CurveKeyStore(const fs::path& run_dir) : dir_(run_dir / "keys") {
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) throw failure("create", dir_);
  fd_.reset(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd_) throw failure("open the key directory", dir_);
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) throw failure("inspect", dir_);
  if (st.st_uid != ::geteuid()) {
    throw std::runtime_error(fmt::format("{} belongs to uid {}, not to you (uid {}); remove it",
                                         dir_.string(), st.st_uid, ::geteuid()));
  }
  // Ours, so its mode is ours to fix; the umask must not decide who reads keys.
  if ((st.st_mode & 07777) != 0700 && ::fchmod(fd_.get(), 0700) != 0) throw failure("chmod", dir_);
}

CurveKeyPair CurveKeyStore::key_pair(const std::string& service) {
  const std::string name = service + ".json";
  UniqueFd file(::openat(fd_.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (file && ::fstat(file.get(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
      (st.st_mode & 077) == 0 && st.st_size < 1 << 20) {
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    if (::read(file.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size())) {
      const json doc = json::parse(text, nullptr, false);
      if (doc.is_object() && is_z85_key(doc.value("public_key", json())) &&
          is_z85_key(doc.value("secret_key", json()))) {
        return {doc["public_key"], doc["secret_key"]};
      }
    }
  }
  std::array<char, 41> public_key{};
  std::array<char, 41> secret_key{};
  if (zmq_curve_keypair(public_key.data(), secret_key.data()) != 0) {
    throw std::runtime_error(fmt::format("cannot make a CURVE key pair for '{}': {}", service,
                                         zmq_strerror(zmq_errno())));
  }
  return {public_key.data(), secret_key.data()};
}

fs::path CurveKeyStore::write(const std::string& service, const CurveKeyPair& keys,
                              const json& sockets) {
  const std::string name = service + ".json";
  const std::string temporary = name + ".new";
  const fs::path path = dir_ / name;
  // A leftover of an interrupted write (or anything planted there) goes; the
  // new file is created, never opened through a link.
  if (::unlinkat(fd_.get(), temporary.c_str(), 0) != 0 && errno != ENOENT) throw failure("remove", dir_ / temporary);
  UniqueFd file(::openat(fd_.get(), temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                         0600));
  if (!file) throw failure("create", dir_ / temporary);
  if (::fchmod(file.get(), 0600) != 0) throw failure("chmod", dir_ / temporary);
  const std::string text =
      json{{"public_key", keys.public_key}, {"secret_key", keys.secret_key}, {"sockets", sockets}}.dump(2) + "\n";
  if (::write(file.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw failure("write", dir_ / temporary);
  }
  file.reset();
  if (::renameat(fd_.get(), temporary.c_str(), fd_.get(), name.c_str()) != 0) throw failure("rename", path);
  return path;
}

}  // namespace sfsup
