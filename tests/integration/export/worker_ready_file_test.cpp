// The worker's --ready-file: the readiness a container probe can see. It
// exists exactly while the service serves.
#include <doctest/doctest.h>
#include <signal.h>

#include <fstream>

#include "process.hpp"

using namespace std::chrono_literals;

TEST_CASE("worker creates its ready file once its sockets are bound and removes it on stop") {
  sftest::TempDir tmp;
  sftest::write_json(tmp / "addresses.json",
                     {{"connections", {{"in", {{"echo", {{"replyer", "ipc://" + (tmp / "echo.sock").string()}}}}}}}});
  const auto ready = tmp / "ready";
  auto worker =
      sftest::Process::spawn({sftest::worker_binary().string(), "-s", sftest::plugin("echo").string(), "-a",
                              (tmp / "addresses.json").string(), "--ready-file", ready.string(), "--ready-fd", "3"},
                             {.ready_pipe = true});
  REQUIRE_MESSAGE(worker.wait_ready(), worker.output());
  // The fd is written after the file, so the file is there now.
  CHECK(std::filesystem::exists(ready));
  CHECK(sftest::read_file(ready) == "READY\n");
  worker.signal(SIGTERM);
  auto status = worker.wait_exit();
  REQUIRE(status.has_value());
  CHECK(sftest::exited_with(*status, 0));
  CHECK_FALSE(std::filesystem::exists(ready));
}

TEST_CASE("worker removes a stale ready file when its setup fails") {
  sftest::TempDir tmp;
  const auto ready = tmp / "ready";
  std::ofstream(ready) << "READY\n";  // left by an earlier run of the container
  sftest::write_json(tmp / "addresses.json",
                     {{"connections", {{"in", {{"echo", {{"replyer", "tcp://not an address"}}}}}}}});
  auto worker = sftest::Process::spawn({sftest::worker_binary().string(), "-s", sftest::plugin("echo").string(), "-a",
                                        (tmp / "addresses.json").string(), "--ready-file", ready.string()});
  auto status = worker.wait_exit();
  REQUIRE(status.has_value());
  INFO(worker.output());
  CHECK(sftest::exited_with(*status, 2));
  CHECK_FALSE(std::filesystem::exists(ready));
}
