// -l PATH: a log file the worker starts is its owner's alone, whatever the
// umask; one that already exists keeps the mode its owner gave it.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <doctest/doctest.h>

#include "core/timed_rotating_file_sink.hpp"

namespace fs = std::filesystem;
using sf::detail::TimedRotatingFileSink;

namespace {

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("a log file the worker starts is 0600 under umask 000 - an existing one keeps its mode") {
  std::string templ = "/tmp/sflogmode-XXXXXX";
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  const fs::path dir = templ;
  const mode_t old_umask = ::umask(0);
  {
    TimedRotatingFileSink fresh((dir / "fresh.log").string(), 0);
    ::close(::open((dir / "kept.log").c_str(), O_WRONLY | O_CREAT, 0640));
    TimedRotatingFileSink kept((dir / "kept.log").string(), 0);
  }
  ::umask(old_umask);
  CHECK(mode_of(dir / "fresh.log") == 0600);
  CHECK(mode_of(dir / "kept.log") == 0640);
  fs::remove_all(dir);
}
