#pragma once
// A worker's raw wait status, and the signal names users type and read
// ("SIGKILL", "HUP", "9").
#include <optional>
#include <string>
#include <string_view>

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

// "SIGTERM" for SIGTERM; "signal 40" for ones without a name.
std::string signal_name(int sig);
// Accepts "TERM", "SIGTERM", "sigterm", "15".
std::optional<int> parse_signal(std::string_view text);

}  // namespace sfsup
