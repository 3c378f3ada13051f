// PrivateDir::write_if_changed: a file that already holds the content is
// left alone (same inode, same mtime), one that differs is written, and
// anything planted under the name is replaced, never written through.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "control/private_dir.hpp"
#include "scratch_files.hpp"

using namespace sfsup;
using namespace scratch;
namespace fs = std::filesystem;

namespace {

struct FileStamp {
  ino_t inode = 0;
  timespec mtime{};
  bool operator==(const FileStamp& o) const {
    return inode == o.inode && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
  }
};

FileStamp stamp_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return {st.st_ino, st.st_mtim};
}

}  // namespace

TEST_CASE("write_if_changed leaves a file holding the content alone and writes one that differs") {
  ScratchDir scratch;
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  const fs::path file = scratch.path / "run" / "config.json";

  CHECK(run.write_if_changed("config.json", "{\"prefix\": \"one\"}\n"));
  CHECK(slurp(file) == "{\"prefix\": \"one\"}\n");
  CHECK(mode_of(file) == 0600);
  const FileStamp first = stamp_of(file);

  CHECK_FALSE(run.write_if_changed("config.json", "{\"prefix\": \"one\"}\n"));
  CHECK(stamp_of(file) == first);

  // Same length, other bytes: compared by content, not by size.
  CHECK(run.write_if_changed("config.json", "{\"prefix\": \"two\"}\n"));
  CHECK(slurp(file) == "{\"prefix\": \"two\"}\n");
  CHECK(run.write_if_changed("config.json", "{}\n"));
  CHECK(slurp(file) == "{}\n");
  CHECK(mode_of(file) == 0600);
}

TEST_CASE("write_if_changed replaces a symlink - a hard link - or a loose mode even when the bytes match") {
  OpenUmask open_umask;
  ScratchDir scratch;
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  const fs::path target = scratch.path / "target";
  std::ofstream(target) << "{}\n";
  fs::create_symlink(target, scratch.path / "run" / "linked.json");
  std::ofstream(scratch.path / "run" / "shared.json") << "{}\n";
  ::chmod((scratch.path / "run" / "shared.json").c_str(), 0600);
  fs::create_hard_link(scratch.path / "run" / "shared.json", scratch.path / "elsewhere.json");
  std::ofstream(scratch.path / "run" / "loose.json") << "{}\n";
  ::chmod((scratch.path / "run" / "loose.json").c_str(), 0644);

  CHECK(run.write_if_changed("linked.json", "{}\n"));
  CHECK_FALSE(fs::is_symlink(scratch.path / "run" / "linked.json"));
  CHECK(mode_of(scratch.path / "run" / "linked.json") == 0600);
  CHECK(run.write_if_changed("shared.json", "{}\n"));
  CHECK(fs::hard_link_count(scratch.path / "run" / "shared.json") == 1);
  CHECK(slurp(scratch.path / "elsewhere.json") == "{}\n");
  CHECK(run.write_if_changed("loose.json", "{}\n"));
  CHECK(mode_of(scratch.path / "run" / "loose.json") == 0600);
  CHECK(slurp(target) == "{}\n");
}
