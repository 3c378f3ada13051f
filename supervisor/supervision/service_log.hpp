#pragma once
// One service's log: every line its workers print (through sfsup's pipe) plus
// sfsup's own notes about it ("[sfsup] exited (exit 1)"), written to
// <run_dir>/logs/<svc>.log with size rotation (svc.1.log, svc.2.log, ...),
// echoed to an observer (the foreground console), and the last few lines
// kept in memory for failure messages.
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supervision/line_splitter.hpp"
#include "supervision/private_log_file.hpp"

namespace sfsup {

class ServiceLog {
 public:
  using Echo = std::function<void(std::string_view service, std::string_view line)>;

  // Lines longer than the worker's own bound (max_log_line_bytes) plus room
  // for its prefix and marker are cut: a line the worker cut is not cut again.
  ServiceLog(std::string service, std::filesystem::path file, Echo echo,
             LogRotation rotation = {}, std::size_t max_log_line_bytes = 16 * 1024);

  static constexpr std::size_t kLinePrefixRoom = 1024;
  ~ServiceLog();

  // Output of the current worker; call end_of_output() when its pipe closes.
  void feed(std::string_view chunk);
  void end_of_output();
  // sfsup's own line about this service, timestamped; not echoed (the
  // supervisor reports its events to the console itself).
  void note(std::string_view text);

  const std::filesystem::path& file() const { return file_; }
  // Why the file could not be opened (a symlink planted under its name, a
  // folder others can write...): the line to report. Echo and tail go on.
  const std::optional<std::string>& problem() const { return problem_; }
  std::vector<std::string> tail() const { return {tail_.begin(), tail_.end()}; }

  static constexpr std::size_t kTailLines = 10;

 private:
  void write_line(std::string_view line, bool echo);
  void flush();

  std::string service_;
  std::filesystem::path file_;
  Echo echo_;
  std::unique_ptr<PrivateLogFile> sink_;
  std::optional<std::string> problem_;
  LineSplitter splitter_;
  std::deque<std::string> tail_;
  bool write_failed_ = false;
};

}  // namespace sfsup
