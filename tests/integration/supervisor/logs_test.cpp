// `sfsup logs`: several services merged by time, --tail, --since, -f across
// several rotations in one burst, and -f catching a line written while it
// printed the existing ones.
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

// Worker lines with the worker's own timestamp format, stamped when printed.
std::string chatty(const std::string& name) {
  return "say() { echo \"$(date '+%F %T.%3N') info $*\"; }; say " + name + " one; "
         "trap 'say " + name + " two' USR1; trap 'exit 0' TERM; "
         "echo READY >&3; while :; do sleep 1000 & wait; done";
}

// Blocks until `done()` holds, checked again whenever something in `folder`
// changes (inotify), at most `timeout`.
bool wait_in_folder(const std::filesystem::path& folder, std::chrono::milliseconds timeout,
                    const std::function<bool()>& done) {
  const int fd = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  ::inotify_add_watch(fd, folder.c_str(), IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MODIFY);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool found = false;
  while (!(found = done())) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) break;
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(left.count()));
    char buf[4096];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
  }
  ::close(fd);
  return found;
}

bool wait_for_file(const std::filesystem::path& file, std::chrono::milliseconds timeout) {
  return wait_in_folder(file.parent_path(), timeout, [&] { return std::filesystem::exists(file); });
}

bool wait_for_text(const std::filesystem::path& file, std::string_view text, std::chrono::milliseconds timeout) {
  return wait_in_folder(file.parent_path(), timeout,
                        [&] { return sftest::read_file(file).find(text) != std::string::npos; });
}

// Reads `fd` (non-blocking) into `seen` until it holds `text`; false at the
// deadline or at end of file.
bool read_until(int fd, std::string_view text, std::chrono::milliseconds timeout, std::string& seen) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (seen.find(text) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[65536];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return false;
    if (n > 0) seen.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

TEST_CASE("logs merges several services by time - tail and since filter") {
  Cluster cluster({
      {.name = "alpha", .script = chatty("alpha")},
      {.name = "beta", .script = chatty("beta"), .depends_on = {"alpha"}},
      {.name = "aged",
       .script = "echo '2020-01-01 00:00:00.000 info ancient line'; "
                 "echo \"$(date '+%F %T.%3N') info fresh line\"; trap 'exit 0' TERM; "
                 "echo READY >&3; while :; do sleep 1000 & wait; done"},
  });
  REQUIRE(cluster.up_detached().ok());

  // alpha one, beta one (started after alpha was ready), then alpha two, beta two.
  auto follow = Process::spawn({sftest::sfsup_binary().string(), "logs", "-f", "alpha", "beta",
                                "--run-dir", cluster.run_dir().string()});
  REQUIRE(cluster.sfsup({"signal", "alpha", "USR1"}).ok());
  REQUIRE_MESSAGE(follow.wait_for_output("info alpha two"), follow.output());
  REQUIRE(cluster.sfsup({"signal", "beta", "USR1"}).ok());
  REQUIRE_MESSAGE(follow.wait_for_output("info beta two"), follow.output());

  auto logs = cluster.sfsup({"logs", "alpha", "beta"});
  REQUIRE_MESSAGE(logs.ok(), logs.output);
  std::vector<std::size_t> at;
  for (const char* line : {"alpha | ", "beta  | "}) CHECK(logs.output.find(line) != std::string::npos);
  // (the scripts' text is in sfsup's "started" notes too: look for the output lines)
  for (const char* line : {"info alpha one", "info beta one", "info alpha two", "info beta two"}) {
    at.push_back(logs.output.find(line));
    REQUIRE_MESSAGE(at.back() != std::string::npos, line << " missing:\n" << logs.output);
  }
  CHECK_MESSAGE(std::is_sorted(at.begin(), at.end()), logs.output);  // by time, not by file
  CHECK(logs.output.find("aged") == std::string::npos);              // only the named ones

  auto tail = cluster.sfsup({"logs", "aged", "--tail", "2"});
  REQUIRE_MESSAGE(tail.ok(), tail.output);
  CHECK(tail.output.find("info fresh line\n") != std::string::npos);
  CHECK(tail.output.find("ancient line") == std::string::npos);
  CHECK(tail.output.find("ready (pid") != std::string::npos);

  auto since = cluster.sfsup({"logs", "aged", "--since", "1h"});
  REQUIRE_MESSAGE(since.ok(), since.output);
  CHECK(since.output.find("info fresh line\n") != std::string::npos);
  CHECK(since.output.find("info ancient line\n") == std::string::npos);
  auto all = cluster.sfsup({"logs", "aged"});
  CHECK(all.output.find("info ancient line\n") != std::string::npos);

  auto bad = cluster.sfsup({"logs", "--since", "soon"});
  CHECK(sftest::exited_with(bad.status, 2));
  CHECK(bad.output == "sfsup: --since 'soon' is not a duration; use e.g. 30s, 10m, 2h or 1d\n");
}

TEST_CASE("logs -f prints a line appended while it was printing the existing ones") {
  // -f reads the file, prints it, then watches the folder: a line written in
  // between raises no event of its own. A reader that does not read holds the
  // follower in its printing (far more than a pipe holds) until the line is on
  // disk, so the gap is there every run, not once in a while.
  Cluster cluster(std::vector<ShellWorker>{{.name = "late",
                    .script = "seq -f 'filler line %.0f ........................................' 1 5000; "
                              "echo filler done; trap 'echo late line' USR1; trap 'exit 0' TERM; "
                              "echo READY >&3; while :; do sleep 1000 & wait; done"}});
  REQUIRE(cluster.up_detached().ok());
  const auto log = cluster.run_dir() / "logs" / "late.log";
  REQUIRE(wait_for_text(log, "filler done\n", 20s));

  const auto fifo = cluster.dir() / "followed.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  REQUIRE(reader >= 0);
  auto follow = Process::spawn({"/bin/sh", "-c", "exec \"$0\" logs -f late --run-dir \"$1\" > \"$2\"",
                                sftest::sfsup_binary().string(), cluster.run_dir().string(),
                                fifo.string()});
  pollfd first{reader, POLLIN, 0};
  REQUIRE(::poll(&first, 1, 20'000) == 1);  // printing: the file is read, the watch not yet made
  REQUIRE(cluster.sfsup({"signal", "late", "USR1"}).ok());
  REQUIRE(wait_for_text(log, "late line\n", 20s));

  std::string seen;
  const bool printed = read_until(reader, "\nlate line\n", 20s, seen);
  ::close(reader);
  const std::string end = seen.substr(seen.size() - std::min<std::size_t>(seen.size(), 300));
  CHECK_MESSAGE(printed, "not printed; the end of what was:\n" << end);
  CHECK(seen.find("filler line 5000 ") != std::string::npos);
}

TEST_CASE("logs -f loses no line when a burst rotates the log several times") {
  // ~33 MB in one go: the 10 MiB log rotates three times, faster than a
  // follower blocked on its own output can keep up with.
  Cluster cluster(std::vector<ShellWorker>{{.name = "burst",
                    .script = "trap 'seq -f \"burst line %.0f ........................................\" "
                              "1 600000; touch $T/done' USR1; trap 'exit 0' TERM; echo burst is up; "
                              "echo READY >&3; while :; do sleep 1000 & wait; done"}});
  REQUIRE(cluster.up_detached().ok());
  const auto out = cluster.dir() / "followed.txt";
  auto follow = Process::spawn({"/bin/sh", "-c", "exec \"$0\" logs -f burst --run-dir \"$1\" > \"$2\"",
                                sftest::sfsup_binary().string(), cluster.run_dir().string(),
                                out.string()});
  REQUIRE(cluster.sfsup({"signal", "burst", "USR1"}).ok());
  REQUIRE(wait_for_file(cluster.dir() / "done", 120s));
  REQUIRE(cluster.sfsup({"down"}).ok());  // the follower drains what is left, then ends
  auto ended = follow.wait_exit(120s);
  REQUIRE(ended.has_value());
  CHECK(sftest::exited_with(*ended, 0));

  std::ifstream in(out);
  long expected = 1, out_of_order = 0;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("burst line ")) continue;
    const long n = std::stol(line.substr(11));
    if (n != expected) ++out_of_order;
    expected = n + 1;
  }
  CHECK(out_of_order == 0);
  CHECK(expected - 1 == 600000);
  CHECK(std::filesystem::exists(cluster.run_dir() / "logs" / "burst.3.log"));  // it did rotate thrice
}
