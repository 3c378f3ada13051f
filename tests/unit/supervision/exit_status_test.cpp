#include <doctest/doctest.h>
#include <signal.h>

#include "supervision/exit_status.hpp"
#include "supervision/service_state.hpp"

using namespace sfsup;

TEST_CASE("exit statuses read the way status shows them") {
  CHECK(ExitStatus::with_code(0).describe() == "exit 0");
  CHECK_FALSE(ExitStatus::with_code(0).failed());
  CHECK(ExitStatus::with_code(3).describe() == "exit 3");
  CHECK(ExitStatus::with_code(3).failed());
  const ExitStatus killed(SIGKILL);  // raw wait status of a SIGKILLed child
  CHECK(killed.signalled());
  CHECK(killed.describe() == "SIGKILL");
  CHECK(killed.failed());
}

TEST_CASE("signal names and numbers both parse") {
  CHECK(parse_signal("TERM") == SIGTERM);
  CHECK(parse_signal("SIGTERM") == SIGTERM);
  CHECK(parse_signal("hup") == SIGHUP);
  CHECK(parse_signal("9") == SIGKILL);
  CHECK(parse_signal("USR1") == SIGUSR1);
  CHECK_FALSE(parse_signal("BOGUS").has_value());
  CHECK_FALSE(parse_signal("0").has_value());
  CHECK_FALSE(parse_signal("9x").has_value());
  CHECK(signal_name(SIGINT) == "SIGINT");
}

TEST_CASE("service states round-trip through their names") {
  for (auto s : {ServiceState::starting, ServiceState::ready, ServiceState::backoff,
                 ServiceState::stopping, ServiceState::stopped, ServiceState::exited,
                 ServiceState::fatal})
    CHECK(parse_service_state(to_string(s)) == s);
  CHECK(is_at_rest(ServiceState::fatal));
  CHECK_FALSE(is_at_rest(ServiceState::backoff));
}
