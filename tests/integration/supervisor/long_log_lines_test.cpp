// A worker printing three 50 MB lines: sfsup keeps each line's head with a
// "… [truncated N bytes]" marker, so the size-rotated service log (10 MiB,
// four files) still holds the lines printed before them.
#include <thread>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;

namespace {

// Every line of the service's log and its rotated files, oldest file first.
std::string all_log_text(const std::filesystem::path& logs, const std::string& service) {
  std::string text;
  for (const std::string suffix : {".3.log", ".2.log", ".1.log", ".log"}) {
    const auto file = logs / (service + suffix);
    if (std::filesystem::exists(file)) text += sftest::read_file(file);
  }
  return text;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("three 50 MB lines do not push earlier lines out of the rotated logs") {
  Cluster cluster({{.name = "loud",
                    .script = "echo 'the line before'; "
                              "for i in 1 2 3; do head -c 50000000 /dev/zero | tr '\\0' x; echo; done; "
                              "echo 'the line after'; "
                              "trap 'exit 0' TERM; echo READY >&3; while :; do sleep 1000 & wait; done",
                    .ready_timeout_ms = 60000}});
  REQUIRE(cluster.up_detached().ok());

  // The worker printed everything before READY; wait for sfsup to have written it.
  const auto logs = cluster.run_dir() / "logs";
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  std::string text = all_log_text(logs, "loud");
  while (text.find("the line after") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);  // waiting for a log line, with a deadline
    text = all_log_text(logs, "loud");
  }
  REQUIRE_MESSAGE(text.find("the line after") != std::string::npos, "the last line never reached the log");
  CHECK_MESSAGE(text.find("the line before") != std::string::npos, "the earlier line was rotated away");
  CHECK(count_of(text, " \u2026 [truncated ") == 3);
  // The default bound: 16 KiB of the worker's own, plus room for its line prefix.
  CHECK(count_of(text, "[truncated 49,982,592 bytes]") == 3);
  CHECK(text.size() < 256 * 1024);
  CHECK(cluster.sfsup({"down"}).ok());
}
