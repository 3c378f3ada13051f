// The commands that only read the run directory (logs, status, call...) hold
// it to the rules `up` applies: a symlink planted there (as a log, as
// control.sock, as a CURVE key, or as a `.sfsup` found walking up) is refused
// with one line and never followed, so what it points at is neither printed,
// connected to nor used.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSecret = "SECRET-LINE-the-test-owns";

// An echo topology whose run directory is `run`, and a file outside it with
// a secret line that a planted symlink points at.
struct Project {
  sftest::TempDir tmp;
  fs::path run = tmp / "run";
  fs::path topology = tmp / "topology.yaml";
  fs::path secret = tmp / "secret.txt";

  explicit Project(const std::string& extra_yaml = "") {
    REQUIRE(fs::exists(sftest::plugin("echo")));
    std::ofstream(topology) << "name: clients\n" << extra_yaml << "services:\n  echo:\n    service: "
                            << sftest::plugin("echo").string() << "\n    config: {prefix: \"re: \"}\n";
    // Stamped now, so `logs --since` would keep it: only the refusal hides it.
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
    std::ofstream(secret) << stamp << " " << kSecret << "\n";
  }
  ~Project() {
    if (!fs::exists(run / "control.sock")) return;
    auto down = Process::spawn({sftest::sfsup_binary().string(), "down", "--run-dir", run.string()});
    down.wait_exit(60s);
  }

  // `sfsup <args>`, from `cwd` (with --run-dir run when `cwd` is empty).
  Run sfsup(std::vector<std::string> args, const fs::path& cwd = {}) {
    std::vector<std::string> argv{sftest::sfsup_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    if (cwd.empty()) argv.insert(argv.end(), {"--run-dir", run.string()});
    auto p = Process::spawn(argv, {.env = {{"SFSUP_RUN_DIR", ""}}, .cwd = cwd});
    auto status = p.wait_exit(60s);
    REQUIRE_MESSAGE(status.has_value(), p.output());
    return Run{*status, p.output()};
  }
  void up() {
    auto up = sfsup({"up", topology.string(), "-d"});
    REQUIRE_MESSAGE(up.ok(), up.output);
  }

  static void make_private_dir(const fs::path& dir) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  }
  // `where` (its folder made 0700 if missing) becomes a symlink to `target`.
  static void plant_symlink(const fs::path& target, const fs::path& where) {
    make_private_dir(where.parent_path());
    fs::remove(where);
    fs::create_symlink(target, where);
  }
};

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Exit 1, one line, saying `planted` is a symlink, and nothing of the secret.
void check_refused_link(const Run& run, const fs::path& planted) {
  CHECK_FALSE(run.ok());
  CHECK_MESSAGE(line_count(run.output) == 1, run.output);
  CHECK_MESSAGE(run.output.find("refusing " + planted.string() + ": it is a symbolic link (to ") != std::string::npos,
                run.output);
  CHECK(run.output.find(kSecret) == std::string::npos);
}

}  // namespace

TEST_CASE("sfsup logs refuses a symlink planted as a service's log - the secret it points at is not printed") {
  Project project;
  const fs::path planted = project.run / "logs" / "echo.log";
  Project::make_private_dir(project.run);
  Project::plant_symlink(project.secret, planted);
  // No supervisor: the files left behind are listed and read by sfsup logs itself.
  for (std::vector<std::string> args : {std::vector<std::string>{"logs"}, {"logs", "echo"}, {"logs", "--tail", "5"}}) {
    CAPTURE(args.size());
    check_refused_link(project.sfsup(args), planted);
  }
  CHECK(fs::is_symlink(planted));  // refused, not removed: it is the user's to judge
}

TEST_CASE("sfsup logs --since refuses a symlink planted as a rotated log") {
  Project project;
  Project::make_private_dir(project.run / "logs");
  std::ofstream(project.run / "logs" / "echo.log") << "current line\n";
  fs::permissions(project.run / "logs" / "echo.log", fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  const fs::path planted = project.run / "logs" / "echo.1.log";
  Project::plant_symlink(project.secret, planted);
  check_refused_link(project.sfsup({"logs", "--since", "1d"}), planted);
}

TEST_CASE("sfsup logs -f refuses a running service's log replaced by a symlink") {
  Project project;
  project.up();
  const fs::path planted = project.run / "logs" / "echo.log";
  REQUIRE(fs::is_regular_file(planted));
  Project::plant_symlink(project.secret, planted);
  // Without the refusal it would print the secret and follow it until `down`.
  check_refused_link(project.sfsup({"logs", "-f", "echo"}), planted);
}

TEST_CASE("a .sfsup symlink in a parent directory is refused by status - the topology it points at is not used") {
  Project project;
  project.up();  // what the link points at is a live run directory status would show
  const fs::path parent = project.tmp / "proj";
  fs::create_directories(parent / "sub");
  fs::create_directory_symlink(project.run, parent / ".sfsup");

  auto status = project.sfsup({"status"}, parent / "sub");
  CHECK(status.status != 0);
  CHECK_MESSAGE(line_count(status.output) == 1, status.output);
  CHECK(status.output.find("refusing the run directory " + (parent / ".sfsup").string() +
                           ": it is a symbolic link (to " + project.run.string() + ")") != std::string::npos);
  CHECK(status.output.find("--run-dir") != std::string::npos);
  CHECK(status.output.find("found walking up from " + (parent / "sub").string()) != std::string::npos);
  CHECK(status.output.find("echo") == std::string::npos);  // no status table
  // The fix it names works.
  CHECK(project.sfsup({"status", "--run-dir", project.run.string()}, parent / "sub").ok());
}

TEST_CASE("a .sfsup in a parent directory that others can write or that is another user's is refused by status") {
  for (const bool other_user : {false, true}) {
    CAPTURE(other_user);
    if (other_user && ::geteuid() != 0) {
      MESSAGE("skipped: only root can give a directory to another user (uid 65534) to refuse");
      continue;
    }
    Project project;
    const fs::path found = project.tmp / "proj" / ".sfsup";
    Project::make_private_dir(found);
    std::ofstream(found / "sfsup.pid") << "1\n";
    fs::create_directories(project.tmp / "proj" / "sub");
    if (other_user)
      REQUIRE(::chown(found.c_str(), 65534, 65534) == 0);
    else
      fs::permissions(found, fs::perms::all, fs::perm_options::replace);  // 0777

    auto status = project.sfsup({"status"}, project.tmp / "proj" / "sub");
    CHECK(status.status != 0);
    CHECK_MESSAGE(line_count(status.output) == 1, status.output);
    CHECK(status.output.find("refusing the run directory " + found.string() +
                             (other_user ? ": it belongs to uid 65534" : ": its mode is 0777")) != std::string::npos);
    CHECK(status.output.find("--run-dir") != std::string::npos);
  }
}

TEST_CASE("a symlink planted as control.sock is refused - the socket it points at is never connected to") {
  Project project;
  // Someone else's listener, which would answer as the supervisor.
  const fs::path decoy = project.tmp / "decoy.sock";
  const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(listener >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, decoy.c_str(), sizeof address.sun_path - 1);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(listener, 8) == 0);
  const fs::path planted = project.run / "control.sock";
  Project::plant_symlink(decoy, planted);

  const std::vector<std::vector<std::string>> commands{
      {"status"},       {"down"},           {"top", "--once"},           {"stop", "echo"},
      {"start", "echo"}, {"restart", "echo"}, {"signal", "echo", "HUP"}, {"logs", "-f"},
      {"watch"},        {"call", "echo.echo", R"({"text": "hi"})"}};
  for (const auto& args : commands) {
    CAPTURE(args.front());
    check_refused_link(project.sfsup(args), planted);
  }
  pollfd pending{listener, POLLIN, 0};
  CHECK(::poll(&pending, 1, 0) == 0);  // no connection ever reached the decoy
  ::close(listener);
}

TEST_CASE("sfsup call refuses a CURVE key file replaced by a symlink") {
  Project project("security: curve\n");
  project.up();
  auto call = project.sfsup({"call", "echo.echo", R"({"text": "hi"})"});
  REQUIRE_MESSAGE(call.ok(), call.output);  // sfsup's own keys let it in

  // A copy elsewhere, with the very keys: only the link is wrong.
  const fs::path keys = project.run / "keys" / "talk.sfsup.json";
  const fs::path copy = project.tmp / "talk-copy.json";
  fs::copy_file(keys, copy);
  Project::plant_symlink(copy, keys);
  auto refused = project.sfsup({"call", "echo.echo", R"({"text": "hi"})"});
  CHECK_FALSE(refused.ok());
  CHECK_MESSAGE(line_count(refused.output) == 1, refused.output);
  CHECK(refused.output.find("refusing " + keys.string() + ": it is a symbolic link (to " + copy.string() + ")") !=
        std::string::npos);
  CHECK(refused.output.find("re: hi") == std::string::npos);
}
