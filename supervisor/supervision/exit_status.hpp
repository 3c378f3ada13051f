#pragma once
// A worker's raw wait status, and the signal names users type and read
// ("SIGKILL", "HUP", "9").
#include <optional>
#include <string>
#include <string_view>

#include "signal_names.hpp"  // signal_name(), parse_signal()

namespace sfsup {

class ExitStatus {
 public:
  explicit ExitStatus(int wait_status) : status_(wait_status) {}
  static ExitStatus with_code(int code);

  int raw() const { return status_; }
  bool exited() const;
  bool signalled() const;
  int code() const;    // valid when exited()
  int signal() const;  // valid when signalled()
  // Anything but a clean "exit 0" counts as a failure for `on-failure`,
  // including a death by signal (a kill -9 from outside is a crash).
  bool failed() const;
  // "exit 0", "exit 3", "SIGKILL", "SIGSEGV (core dumped)"
  std::string describe() const;

 private:
  int status_;
};


}  // namespace sfsup
