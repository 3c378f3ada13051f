// A service's log file: lines as printed, sfsup's notes beside them, size
// rotation keeping a bounded number of files, the tail kept for messages.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "supervision/private_log_file.hpp"
#include "supervision/service_log.hpp"
#include "scratch_files.hpp"

using namespace sfsup;
using namespace scratch;
namespace fs = std::filesystem;

TEST_CASE("worker lines are written as printed - echoed with the service name - notes are not echoed") {
  ScratchDir dir;
  std::vector<std::string> echoed;
  ServiceLog log("echo", dir.path / "logs" / "echo.log",
                 [&](std::string_view svc, std::string_view line) {
                   echoed.push_back(std::string(svc) + "|" + std::string(line));
                 });
  log.feed("hello\nwor");
  log.feed("ld\n");
  log.note("exited (exit 0)");
  log.feed("no newline");
  log.end_of_output();

  const std::string text = slurp(dir.path / "logs" / "echo.log");
  CHECK(text.find("hello\nworld\n[sfsup ") == 0);
  // The note's time has milliseconds, as the workers' lines do (logs merges by it).
  const auto note = text.substr(text.find("[sfsup "), std::string("[sfsup 2026-01-01 00:00:00.000]").size());
  CHECK(note.back() == ']');
  CHECK(note[26] == '.');
  CHECK(text.find("] exited (exit 0)\nno newline\n") != std::string::npos);
  CHECK(echoed == std::vector<std::string>{"echo|hello", "echo|world", "echo|no newline"});
  auto tail = log.tail();
  REQUIRE(tail.size() == 4);
  CHECK(tail.back() == "no newline");
}

TEST_CASE("the log rotates by size and keeps a bounded number of old files") {
  ScratchDir dir;
  ServiceLog log("chatty", dir.path / "chatty.log", nullptr, LogRotation{1000, 2});
  const std::string line(99, 'x');  // 100 bytes with its newline
  for (int i = 0; i < 100; ++i) log.feed(line + "\n");

  CHECK(fs::exists(dir.path / "chatty.log"));
  CHECK(fs::exists(dir.path / "chatty.1.log"));
  CHECK(fs::exists(dir.path / "chatty.2.log"));
  CHECK_FALSE(fs::exists(dir.path / "chatty.3.log"));
  CHECK(fs::file_size(dir.path / "chatty.log") <= 1000);
  CHECK(log.tail().size() == ServiceLog::kTailLines);
}

TEST_CASE("rotated log names keep the extension - the supervisor and sfsup logs use the same ones") {
  CHECK(rotated_log_name("echo.log", 0) == "echo.log");
  CHECK(rotated_log_name("echo.log", 1) == "echo.1.log");
  CHECK(rotated_log_name("out.txt", 2) == "out.2.txt");
  CHECK(rotated_log_name("plain", 1) == "plain.1");
}
