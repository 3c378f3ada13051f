// The test-support Process itself, against /bin/sh: every other integration
// test trusts it to capture output, see readiness, report exits and reap.
#include <signal.h>

#include <doctest/doctest.h>

#include "process.hpp"

using namespace sftest;

TEST_CASE("process support: merged output and exit status") {
  auto p = Process::spawn({"/bin/sh", "-c", "echo out-line; echo err-line >&2; exit 7"});
  auto status = p.wait_exit();
  REQUIRE(status);
  CHECK(exited_with(*status, 7));
  CHECK_FALSE(exited_with(*status, 0));
  CHECK(p.output().find("out-line") != std::string::npos);
  CHECK(p.output().find("err-line") != std::string::npos);
  CHECK_FALSE(p.running());
}

TEST_CASE("process support: readiness on fd 3 - then a signal") {
  auto p = Process::spawn({"/bin/sh", "-c", "echo ready >&3; echo after-ready; exec sleep 60"},
                          {.ready_pipe = true});
  REQUIRE(p.wait_ready());
  CHECK(p.wait_ready());  // stays true
  CHECK(p.wait_for_output("after-ready"));
  CHECK(p.running());
  p.signal(SIGTERM);
  auto status = p.wait_exit();
  REQUIRE(status);
  CHECK(killed_by(*status, SIGTERM));
}

TEST_CASE("process support: exit before readiness is not ready") {
  auto p = Process::spawn({"/bin/sh", "-c", "echo no-ready; exit 3"}, {.ready_pipe = true});
  CHECK_FALSE(p.wait_ready());
  auto status = p.wait_exit();
  REQUIRE(status);
  CHECK(exited_with(*status, 3));
}

TEST_CASE("process support: timeouts leave the child running - destructor reaps it") {
  pid_t pid;
  {
    auto p = Process::spawn({"/bin/sh", "-c", "exec sleep 60"}, {.ready_pipe = true});
    pid = p.pid();
    CHECK_FALSE(p.wait_exit(50ms));
    CHECK_FALSE(p.wait_ready(50ms));
    CHECK_FALSE(p.wait_for_output("never", 50ms));
    CHECK(p.running());
  }
  // Reaped: the pid is no longer our child.
  CHECK(::kill(pid, 0) != 0);
}

TEST_CASE("process support: environment - cwd and a large output") {
  TempDir dir;
  auto p = Process::spawn(
      {"/bin/sh", "-c", "echo \"var=$SFTEST_VAR\"; pwd; head -c 300000 /dev/zero | tr '\\0' x; echo; echo done"},
      {.env = {{"SFTEST_VAR", "hello"}}, .cwd = dir.path()});
  auto status = p.wait_exit();
  REQUIRE(status);
  CHECK(exited_with(*status, 0));
  auto out = p.output();
  CHECK(out.find("var=hello") != std::string::npos);
  CHECK(out.find(dir.path().string()) != std::string::npos);
  CHECK(out.find("done") != std::string::npos);
  CHECK(out.size() > 300000);
}

TEST_CASE("process support: a program that does not exist is an exception") {
  CHECK_THROWS(Process::spawn({"/nonexistent/program"}));
}

TEST_CASE("process support: files and temp dir") {
  std::filesystem::path kept;
  {
    TempDir dir;
    kept = dir.path();
    write_json(dir / "x.json", sf::Json{{"a", 1}});
    CHECK(sf::Json::parse(read_file(dir / "x.json")) == sf::Json{{"a", 1}});
  }
  CHECK_FALSE(std::filesystem::exists(kept));
  CHECK(plugin("echo").filename() == "libecho.so");
}
