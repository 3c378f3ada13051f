// The run directory's files are opened without following symlinks, with
// modes that do not depend on the umask, and anything planted under their
// names (a FIFO, a hard link, a file others can write) is refused.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <string>

#include "control/private_dir.hpp"
#include "scratch_files.hpp"

using namespace sfsup;
using namespace scratch;
namespace fs = std::filesystem;

namespace {

std::string refusal(const std::function<void()>& action) {
  try {
    action();
  } catch (const RunDirRefused& e) {
    return e.what();
  }
  return "(not refused)";
}

}  // namespace

TEST_CASE("under umask 000 directories are made 0700 and files 0600") {
  ScratchDir scratch;
  OpenUmask loose;
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "a" / "run");
  const PrivateDir logs = run.subdir("logs");
  logs.open_for_append("svc.log");
  run.replace_file("sfsup.pid", "42\n");

  CHECK(mode_of(scratch.path / "a" / "run") == 0700);
  CHECK(mode_of(scratch.path / "a" / "run" / "logs") == 0700);
  CHECK(mode_of(scratch.path / "a" / "run" / "logs" / "svc.log") == 0600);
  CHECK(mode_of(scratch.path / "a" / "run" / "sfsup.pid") == 0600);
  CHECK(slurp(scratch.path / "a" / "run" / "sfsup.pid") == "42\n");
}

TEST_CASE("a symlink planted under a file's name is refused for appending and replaced by replace_file") {
  ScratchDir scratch;
  const fs::path target = scratch.path / "target";
  std::ofstream(target) << "keep\n";
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  fs::create_symlink(target, scratch.path / "run" / "a.log");
  fs::create_symlink(target, scratch.path / "run" / "config.json");

  const std::string why = refusal([&] { run.open_for_append("a.log"); });
  CHECK(why == "refusing " + (scratch.path / "run" / "a.log").string() + ": it is a symbolic link (to " +
                   target.string() + ") and sfsup never follows links in its run directory; remove it: rm " +
                   (scratch.path / "run" / "a.log").string());

  run.replace_file("config.json", "{}\n");
  CHECK_FALSE(fs::is_symlink(scratch.path / "run" / "config.json"));
  CHECK(slurp(scratch.path / "run" / "config.json") == "{}\n");
  CHECK(slurp(target) == "keep\n");
}

TEST_CASE("a symlink planted as a subdirectory or as the run directory is refused") {
  ScratchDir scratch;
  fs::create_directory(scratch.path / "elsewhere");
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  fs::create_directory_symlink(scratch.path / "elsewhere", scratch.path / "run" / "logs");
  CHECK(refusal([&] { run.subdir("logs"); }).find("logs: it is a symbolic link") != std::string::npos);

  fs::create_directory_symlink(scratch.path / "elsewhere", scratch.path / "linked");
  CHECK(refusal([&] { PrivateDir::open_or_create(scratch.path / "linked"); })
            .starts_with("refusing the run directory " + (scratch.path / "linked").string() +
                         ": it is a symbolic link"));
  CHECK(fs::is_empty(scratch.path / "elsewhere"));
}

TEST_CASE("a FIFO planted under a log's name is refused without blocking") {
  ScratchDir scratch;
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  REQUIRE(::mkfifo((scratch.path / "run" / "a.log").c_str(), 0600) == 0);
  // No reader: a blocking open for writing would never return.
  CHECK(refusal([&] { run.open_for_append("a.log"); }).find("not a regular file") != std::string::npos);
}

TEST_CASE("a hard link planted under a log's name is refused - the other file is untouched") {
  ScratchDir scratch;
  const fs::path other = scratch.path / "other";
  std::ofstream(other) << "keep\n";
  fs::permissions(other, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  fs::create_hard_link(other, scratch.path / "run" / "a.log");
  CHECK(refusal([&] { run.open_for_append("a.log"); }).find("has 2 hard links") != std::string::npos);
  CHECK(slurp(other) == "keep\n");
}

TEST_CASE("a file or directory others can write is refused with the chmod that fixes it") {
  ScratchDir scratch;
  const fs::path dir = scratch.path / "run";
  const PrivateDir run = PrivateDir::open_or_create(dir);
  std::ofstream(dir / "a.log") << "old\n";
  fs::permissions(dir / "a.log", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_write,
                  fs::perm_options::replace);
  CHECK(refusal([&] { run.open_for_append("a.log"); }) ==
        "refusing " + (dir / "a.log").string() + ": its mode is 0620, so other users can write it; fix it with `chmod 600 " +
            (dir / "a.log").string() + "` (or remove it)");

  fs::permissions(dir, fs::perms::all, fs::perm_options::replace);
  CHECK(refusal([&] { PrivateDir::open_or_create(dir); }) ==
        "refusing the run directory " + dir.string() + ": its mode is 0777, so other users can write into it; "
        "fix it with `chmod 700 " + dir.string() + "` (or remove it, or choose another with --run-dir)");
}

TEST_CASE("publish without replacing keeps a file that appeared first") {
  ScratchDir scratch;
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  std::ofstream(scratch.path / "run" / "sfsup.pid") << "first\n";
  std::string temp;
  run.create_temp("sfsup.pid", temp);
  CHECK_FALSE(run.publish(temp, "sfsup.pid", false));
  CHECK(slurp(scratch.path / "run" / "sfsup.pid") == "first\n");
  CHECK_FALSE(fs::exists(scratch.path / "run" / temp));  // no temp file left behind
}

TEST_CASE("sfsup's own subdirectories left 0755 are tightened to 0700 - an existing run directory keeps its mode") {
  ScratchDir scratch;
  const fs::path dir = scratch.path / "run";
  fs::create_directories(dir / "logs");
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec,
                  fs::perm_options::replace);
  fs::permissions(dir / "logs", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::replace);
  const PrivateDir run = PrivateDir::open_or_create(dir);
  run.subdir("logs");
  CHECK(mode_of(dir) == 0755);  // perhaps the user's folder, not only sfsup's
  CHECK(mode_of(dir / "logs") == 0700);
}

TEST_CASE("the read-only helpers refuse what up refuses - and create or chmod nothing") {
  ScratchDir scratch;
  fs::create_directory(scratch.path / "elsewhere");
  std::ofstream(scratch.path / "elsewhere" / "secret") << "secret\n";
  CHECK_FALSE(PrivateDir::open_existing_dir(scratch.path / "missing").has_value());
  CHECK_FALSE(fs::exists(scratch.path / "missing"));

  fs::create_directory_symlink(scratch.path / "elsewhere", scratch.path / "linked");
  CHECK(refusal([&] { PrivateDir::open_existing_dir(scratch.path / "linked"); })
            .starts_with("refusing the run directory " + (scratch.path / "linked").string() +
                         ": it is a symbolic link"));

  fs::create_directory(scratch.path / "run");
  fs::permissions(scratch.path / "run", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::replace);  // 0750: not writable by others, kept as it is
  const auto run = PrivateDir::open_existing_dir(scratch.path / "run");
  REQUIRE(run.has_value());
  CHECK(mode_of(scratch.path / "run") == 0750);
  CHECK_FALSE(run->existing_subdir("logs").has_value());
  CHECK_FALSE(fs::exists(scratch.path / "run" / "logs"));
  CHECK_FALSE(run->read("absent.log").has_value());

  std::ofstream(scratch.path / "run" / "mine.log") << "line\n";
  fs::permissions(scratch.path / "run" / "mine.log", fs::perms::owner_read | fs::perms::owner_write |
                                                         fs::perms::group_read, fs::perm_options::replace);
  CHECK(run->read("mine.log") == std::optional<std::string>("line\n"));
  CHECK(mode_of(scratch.path / "run" / "mine.log") == 0640);  // read, never chmod-ed

  fs::create_symlink(scratch.path / "elsewhere" / "secret", scratch.path / "run" / "linked.log");
  CHECK(refusal([&] { run->read("linked.log"); }).find("linked.log: it is a symbolic link") != std::string::npos);
  fs::create_directory_symlink(scratch.path / "elsewhere", scratch.path / "run" / "keys");
  CHECK(refusal([&] { run->existing_subdir("keys"); }).find("keys: it is a symbolic link") != std::string::npos);
  fs::create_hard_link(scratch.path / "elsewhere" / "secret", scratch.path / "run" / "hard.log");
  CHECK(refusal([&] { run->open_for_reading("hard.log"); }).find("has 2 hard links") != std::string::npos);
  std::ofstream(scratch.path / "run" / "open.log") << "x\n";
  fs::permissions(scratch.path / "run" / "open.log", fs::perms::all, fs::perm_options::replace);
  CHECK(refusal([&] { run->read("open.log"); }).find("its mode is 0777") != std::string::npos);
}

TEST_CASE("has_own_socket is false without one and refuses a symlink or a file in its place") {
  ScratchDir scratch;
  const PrivateDir run = PrivateDir::open_or_create(scratch.path / "run");
  CHECK_FALSE(run.has_own_socket("control.sock"));
  fs::create_symlink(scratch.path / "elsewhere.sock", scratch.path / "run" / "control.sock");
  CHECK(refusal([&] { run.has_own_socket("control.sock"); }).find("control.sock: it is a symbolic link") !=
        std::string::npos);
  fs::remove(scratch.path / "run" / "control.sock");
  std::ofstream(scratch.path / "run" / "control.sock") << "";
  CHECK(refusal([&] { run.has_own_socket("control.sock"); }).find("it is not a socket") != std::string::npos);
}
