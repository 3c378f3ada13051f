#pragma once
// Foreground `up`: supervisor events as they are, each worker line behind its
// service's name padded to a common width, like docker compose:
//   echo    | listening on ipc://...
//   pinger  | reply 3 in 0.2ms
#include <cstddef>
#include <cstdio>
#include <string>

#include "cli/reporter.hpp"

namespace sfsup::cli {

class ConsoleReporter : public Reporter {
 public:
  ConsoleReporter(const RunPlan& plan);
  void event(std::string_view line) override;
  void output(std::string_view service, std::string_view line) override;
  void bring_up(const BringUpResult& result) override;

 private:
  static void write(std::FILE* to, const std::string& text);

  const RunPlan& plan_;
  std::size_t width_ = 0;
  bool color_ = false;
};

}  // namespace sfsup::cli
