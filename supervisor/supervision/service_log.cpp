#include "supervision/service_log.hpp"

#include <chrono>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace sfsup {

ServiceLog::ServiceLog(std::string service, std::filesystem::path file, Echo echo,
                       LogRotation rotation, std::size_t max_log_line_bytes)
    : service_(std::move(service)),
      file_(std::move(file)),
      echo_(std::move(echo)),
      splitter_(max_log_line_bytes + kLinePrefixRoom) {
  // The worker's lines go in exactly as printed (they carry their own
  // timestamps and levels).
  try {
    sink_ = std::make_unique<PrivateLogFile>(file_, rotation);
  } catch (const std::exception& e) {
    problem_ = e.what();
    write_failed_ = true;
  }
}

ServiceLog::~ServiceLog() = default;

void ServiceLog::feed(std::string_view chunk) {
  splitter_.feed(chunk, [this](std::string_view line) { write_line(line, true); });
  flush();  // so `sfsup logs` and failure messages see it now
}

void ServiceLog::flush() {
  if (write_failed_) return;
  try {
    sink_->flush();
  } catch (const std::exception&) {
    write_failed_ = true;
  }
}

void ServiceLog::end_of_output() {
  splitter_.finish([this](std::string_view line) { write_line(line, true); });
  flush();
}

void ServiceLog::note(std::string_view text) {
  // Milliseconds, as the workers' own lines have: `sfsup logs` merges
  // services by these times, and a whole second would sort a note ahead of
  // another service's earlier line.
  const auto now = std::chrono::system_clock::now();
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  write_line(fmt::format("[sfsup {:%Y-%m-%d %H:%M:%S}.{:03}] {}",
                         fmt::localtime(std::chrono::system_clock::to_time_t(now)), millis, text),
             false);
  flush();
}

void ServiceLog::write_line(std::string_view line, bool echo) {
  if (!write_failed_) {
    try {
      sink_->append(line);
    } catch (const std::exception&) {
      // A full disk or a removed run directory must not take the supervisor
      // (and every worker) down: the file stops, echo and tail go on.
      write_failed_ = true;
    }
  }
  tail_.emplace_back(line);
  if (tail_.size() > kTailLines) tail_.pop_front();
  if (echo && echo_) echo_(service_, line);
}

}  // namespace sfsup
