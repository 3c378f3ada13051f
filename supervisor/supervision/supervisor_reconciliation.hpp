#pragma once
// The state of one `sfsup up` being applied to a running topology (private
// to the Supervisor's .cpp files).
#include <map>
#include <string>
#include <vector>

#include "supervision/supervisor.hpp"

namespace sfsup {

struct Supervisor::Reconciliation {
  RunPlan plan;                                              // applied once the stops are done
  std::vector<std::string> removed;                          // stopped, then dropped
  std::map<std::string, std::vector<std::string>> changed;   // restarted: name -> why
  std::vector<std::string> added;                            // started
  std::vector<std::string> woken;                            // at rest, named by `up <service>`
  bool applied = false;
  bool apply_scheduled = false;
};

}  // namespace sfsup
