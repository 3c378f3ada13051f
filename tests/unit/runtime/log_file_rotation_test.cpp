// -l PATH: the Python framework's hourly TimedRotatingFileHandler, driven by
// a test clock so an hour passes without waiting for one.
#include <stdlib.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>

#include "core/timed_rotating_file_sink.hpp"

namespace fs = std::filesystem;
using sf::detail::TimedRotatingFileSink;
using namespace std::chrono_literals;

namespace {

struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string templ = "/tmp/sfrot-XXXXXX";
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// 2026-12-01 13:20 local time, plus whatever the test adds.
struct TestClock {
  std::chrono::system_clock::time_point now;
  TestClock() {
    std::tm tm{};
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 11;
    tm.tm_mday = 1;
    tm.tm_hour = 13;
    tm.tm_min = 20;
    tm.tm_isdst = -1;
    now = std::chrono::system_clock::from_time_t(std::mktime(&tm));
  }
  TimedRotatingFileSink::Clock fn() {
    return [this] { return now; };
  }
};

struct LogToFile {
  std::shared_ptr<TimedRotatingFileSink> sink;
  spdlog::logger logger;
  LogToFile(const fs::path& file, int backup_count, TestClock& clock)
      : sink(std::make_shared<TimedRotatingFileSink>(file.string(), backup_count, clock.fn())),
        logger("rotation", sink) {
    sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%v"));
    logger.flush_on(spdlog::level::trace);
  }
  void line(const std::string& text) { logger.info(text); }
};

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("-l PATH writes exactly PATH and rotates it to PATH.YYYY-MM-DD_HH when the hour changes") {
  ScratchDir dir;
  TestClock clock;
  LogToFile log(dir.path / "svc.log", 24, clock);
  log.line("first at 13:20");
  clock.now += 30min;  // 13:50, same hour
  log.line("second at 13:50");
  CHECK(files_in(dir.path) == std::set<std::string>{"svc.log"});

  clock.now += 20min;  // 14:10
  log.line("third at 14:10");
  CHECK(files_in(dir.path) == std::set<std::string>{"svc.log", "svc.log.2026-12-01_13"});
  CHECK(read(dir.path / "svc.log.2026-12-01_13") == "first at 13:20\nsecond at 13:50\n");
  CHECK(read(dir.path / "svc.log") == "third at 14:10\n");
}

TEST_CASE("-bc N keeps the N newest rotated files plus the live one") {
  ScratchDir dir;
  TestClock clock;
  LogToFile log(dir.path / "svc.log", 2, clock);
  for (int hour = 13; hour <= 17; ++hour) {
    log.line("hour " + std::to_string(hour));
    clock.now += 1h;
  }
  log.line("hour 18");
  CHECK(files_in(dir.path) == std::set<std::string>{"svc.log", "svc.log.2026-12-01_16", "svc.log.2026-12-01_17"});
  CHECK(read(dir.path / "svc.log.2026-12-01_17") == "hour 17\n");
  CHECK(read(dir.path / "svc.log") == "hour 18\n");
}

TEST_CASE("-bc 0 keeps every rotated file and other files beside PATH are never deleted") {
  ScratchDir dir;
  std::ofstream(dir.path / "svc.log.keep") << "not a rotated file\n";
  TestClock clock;
  LogToFile log(dir.path / "svc.log", 0, clock);
  for (int hour = 13; hour <= 16; ++hour) {
    log.line("hour " + std::to_string(hour));
    clock.now += 1h;
  }
  log.line("hour 17");
  CHECK(files_in(dir.path) == std::set<std::string>{"svc.log", "svc.log.keep", "svc.log.2026-12-01_13",
                                                    "svc.log.2026-12-01_14", "svc.log.2026-12-01_15",
                                                    "svc.log.2026-12-01_16"});
}

TEST_CASE("a restart appends to PATH and a file left from an earlier hour is rotated at the first line") {
  ScratchDir dir;
  const fs::path file = dir.path / "svc.log";
  std::ofstream(file) << "from the last run\n";
  // Left by a run an hour before the test clock's 13:20.
  TestClock clock;
  fs::last_write_time(file, fs::file_time_type::clock::now() +
                                std::chrono::duration_cast<fs::file_time_type::duration>(
                                    clock.now - 1h - std::chrono::system_clock::now()));
  LogToFile log(file, 24, clock);
  log.line("this run");
  CHECK(read(dir.path / "svc.log.2026-12-01_12") == "from the last run\n");
  CHECK(read(file) == "this run\n");
}

TEST_CASE("reopen starts a new PATH after the file was moved away (SIGHUP after logrotate)") {
  ScratchDir dir;
  TestClock clock;
  LogToFile log(dir.path / "svc.log", 24, clock);
  log.line("before the move");
  fs::rename(dir.path / "svc.log", dir.path / "moved.log");
  log.line("still into the moved file");
  log.sink->reopen();
  log.line("after reopen");
  CHECK(read(dir.path / "moved.log") == "before the move\nstill into the moved file\n");
  CHECK(read(dir.path / "svc.log") == "after reopen\n");
}
