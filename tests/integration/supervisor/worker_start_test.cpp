// What a worker starts with: sfsup blocks signals (for its signalfd) and
// ignores SIGPIPE, and holds many descriptors; none of that may reach the
// worker, which gets an empty signal mask, default dispositions, and only
// stdin, stdout+stderr, the readiness pipe (3) and the stats socket (4).
#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;

TEST_CASE("a worker starts with no signal blocked or ignored and only fds 0 to 4 open") {
  // grep and ls are children of the worker's shell: they inherit its mask,
  // its ignored signals and its descriptors, as the shell got them.
  Cluster cluster({{.name = "probe",
                    .script = "grep -E '^Sig(Blk|Ign):' /proc/self/status > $T/signals; "
                              "ls /proc/self/fd > $T/fds; " +
                              idle_worker_script("probe")}});
  auto up = cluster.up_detached();
  REQUIRE_MESSAGE(up.ok(), up.output);
  const auto signals = read_lines(cluster.dir() / "signals");
  CHECK(signals == std::vector<std::string>{"SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"});
  // 0-4, and the one `ls` opened to list them.
  const auto fds = read_lines(cluster.dir() / "fds");
  CHECK(fds == std::vector<std::string>{"0", "1", "2", "3", "4", "5"});
}
