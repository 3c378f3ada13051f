#pragma once
// Plugin descriptions kept across runs in the run directory (describe.json),
// so a second `up` does not start the worker binary again to describe a
// plugin that has not changed.
#include <filesystem>

#include "planning/plan_topology.hpp"

namespace sfsup {

// `describe`, with its results kept in <run_dir>/describe.json under the
// identity (file_identity.hpp) of the plugin and of `worker_binary` (whose
// --sf-describe prints them): a rebuilt plugin or worker, or one modified in
// the last two seconds, is described again. The file is read and written
// through PrivateDir (0600, never through a symlink); one that cannot be
// read or parsed is as good as none, and failing to write it costs only the
// next run's time. Failures of `describe` are never kept.
DescribeFn describe_cached(const std::filesystem::path& run_dir, const std::filesystem::path& worker_binary,
                           DescribeFn describe);

}  // namespace sfsup
