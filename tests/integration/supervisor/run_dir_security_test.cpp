// The run directory belongs to the user who runs sfsup: whatever the umask,
// directories are 0700 and files 0600; a symlink planted in it is refused or
// replaced, never written through; a run directory others can write, or that
// is another user's, is refused with one line naming it and the fix.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;
namespace fs = std::filesystem;

namespace {

// One echo service on sfsup-assigned ipc://, so the run directory gets
// every kind of file: workers/, logs/, ipc/, sfsup.log, control.sock.
struct EchoProject {
  sftest::TempDir tmp;
  fs::path run = tmp / "run";
  fs::path topology = tmp / "topology.yaml";
  fs::path outside = tmp / "precious.txt";  // what a planted symlink points at
  static constexpr const char* kPrecious = "belongs to someone else\n";

  EchoProject() {
    REQUIRE(fs::exists(sftest::plugin("echo")));
    std::ofstream(topology) << "name: guarded\nservices:\n  echo:\n    service: "
                            << sftest::plugin("echo").string()
                            << "\n    connections:\n      in: {echo: {}}\n";
    std::ofstream(outside) << kPrecious;
  }
  ~EchoProject() {
    // No REQUIRE here: a failed check must not throw out of a destructor.
    if (!fs::exists(run / "control.sock")) return;
    auto down = Process::spawn({sftest::sfsup_binary().string(), "down", "--run-dir", run.string()});
    down.wait_exit(60s);
  }

  // `sfsup <args> --run-dir run` under `umask 000`, the loosest a caller can have.
  Run sfsup(std::vector<std::string> args) {
    std::vector<std::string> argv{"/bin/sh", "-c", "umask 000 && exec \"$0\" \"$@\"",
                                  sftest::sfsup_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--run-dir", run.string()});
    auto p = Process::spawn(argv, {.env = {{"SFSUP_RUN_DIR", ""}}});
    auto status = p.wait_exit(60s);
    REQUIRE_MESSAGE(status.has_value(), p.output());
    return Run{*status, p.output()};
  }
  Run up() { return sfsup({"up", topology.string(), "-d"}); }

  void make_private_dir(const fs::path& dir) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  }
  void plant_symlink(const fs::path& where) {
    make_private_dir(where.parent_path());
    fs::create_symlink(outside, where);
  }
  bool outside_untouched() { return sftest::read_file(outside) == kPrecious; }
};

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("under umask 000 every directory sfsup makes in its run directory is 0700 and every file 0600") {
  EchoProject project;
  auto up = project.up();
  REQUIRE_MESSAGE(up.ok(), up.output);
  // A second `up` plans again and writes the workers' files beside the running supervisor.
  auto again = project.up();
  REQUIRE_MESSAGE(again.ok(), again.output);

  std::size_t dirs = 0, files = 0, sockets = 0;
  CHECK((mode_of(project.run) & 07777) == 0700);
  for (const auto& entry : fs::recursive_directory_iterator(project.run)) {
    const mode_t mode = mode_of(entry.path());
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode & 07777));
    INFO(entry.path().string(), " has mode ", octal);
    if (S_ISDIR(mode)) {
      CHECK((mode & 07777) == 0700);
      ++dirs;
    } else if (S_ISREG(mode)) {
      CHECK((mode & 07777) == 0600);
      ++files;
    } else {
      // Sockets: control.sock is 0600 itself; the workers' ipc:// sockets
      // take their umask but live in a 0700 directory no one else can enter.
      REQUIRE(S_ISSOCK(mode));
      CHECK(((mode & 07777) == 0600 || (mode_of(entry.path().parent_path()) & 07777) == 0700));
      ++sockets;
    }
  }
  CHECK(fs::is_regular_file(project.run / "workers" / "echo" / "config.json"));
  CHECK(fs::is_regular_file(project.run / "logs" / "echo.log"));
  CHECK(fs::is_regular_file(project.run / "sfsup.log"));
  CHECK(fs::is_socket(project.run / "control.sock"));
  CHECK(dirs >= 4);     // logs, workers, workers/echo, ipc
  CHECK(files >= 5);    // sfsup.pid, sfsup.log, echo.log, addresses.json, config.json
  CHECK(sockets >= 2);  // control.sock and echo's
}

TEST_CASE("a symlink planted as sfsup.pid or sfsup.log is refused with one line and its target is untouched") {
  for (const char* name : {"sfsup.pid", "sfsup.log"}) {
    CAPTURE(name);
    EchoProject project;
    const fs::path planted = project.run / name;
    project.plant_symlink(planted);

    auto up = project.up();
    CHECK_FALSE(up.ok());
    CHECK_MESSAGE(line_count(up.output) == 1, up.output);
    CHECK(up.output.find("refusing " + planted.string() + ": it is a symbolic link (to " +
                         project.outside.string() + ")") != std::string::npos);
    CHECK(up.output.find("rm " + planted.string()) != std::string::npos);
    CHECK(project.outside_untouched());
    CHECK(fs::is_symlink(planted));  // refused, not removed: it is the user's to judge
    CHECK_FALSE(fs::exists(project.run / "control.sock"));
  }
}

TEST_CASE("a symlink planted as a worker's config.json is replaced by a fresh file and its target is untouched") {
  EchoProject project;
  const fs::path planted = project.run / "workers" / "echo" / "config.json";
  project.make_private_dir(project.run);
  project.plant_symlink(planted);

  auto up = project.up();
  REQUIRE_MESSAGE(up.ok(), up.output);
  CHECK(project.outside_untouched());
  CHECK_FALSE(fs::is_symlink(planted));
  CHECK((mode_of(planted) & 07777) == 0600);
  CHECK(json::parse(sftest::read_file(planted)).is_object());
}

TEST_CASE("a symlink planted as a service's log is refused with one line - the service runs and the target is untouched") {
  EchoProject project;
  const fs::path planted = project.run / "logs" / "echo.log";
  project.make_private_dir(project.run);
  project.plant_symlink(planted);

  auto up = project.up();
  REQUIRE_MESSAGE(up.ok(), up.output);
  CHECK(up.output.find("echo: refusing " + planted.string() + ": it is a symbolic link (to " +
                       project.outside.string() + ")") != std::string::npos);
  // The worker has printed its startup lines by now (it is ready); none went
  // through the link, nor did sfsup's note about stopping it.
  CHECK(project.sfsup({"down"}).ok());
  CHECK(project.outside_untouched());
  CHECK(fs::is_symlink(planted));
}

TEST_CASE("a run directory others can write is refused with the line naming it and the fix") {
  EchoProject project;
  fs::create_directories(project.run);
  fs::permissions(project.run, fs::perms::all, fs::perm_options::replace);  // 0777

  auto up = project.up();
  CHECK_FALSE(up.ok());
  CHECK_MESSAGE(line_count(up.output) == 1, up.output);
  CHECK(up.output.find("refusing the run directory " + project.run.string() + ": its mode is 0777") !=
        std::string::npos);
  CHECK(up.output.find("chmod 700 " + project.run.string()) != std::string::npos);
  CHECK(fs::is_empty(project.run));  // nothing was written into it
}

TEST_CASE("a run directory that belongs to another user is refused") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: only root can give a directory to another user (uid 65534) to refuse");
    return;
  }
  EchoProject project;
  project.make_private_dir(project.run);
  REQUIRE(::chown(project.run.c_str(), 65534, 65534) == 0);

  auto up = project.up();
  CHECK_FALSE(up.ok());
  CHECK_MESSAGE(line_count(up.output) == 1, up.output);
  CHECK(up.output.find("refusing the run directory " + project.run.string() + ": it belongs to uid 65534") !=
        std::string::npos);
  CHECK(fs::is_empty(project.run));
}
