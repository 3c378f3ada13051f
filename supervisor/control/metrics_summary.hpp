#pragma once
// Turns a worker's stats answers (runtime_metrics.cpp's JSON) into the
// figures people read: totals, rates between two answers, and handler
// latency percentiles estimated from the histogram's fixed buckets.
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace sfsup {

// The q-quantile (0..1) of a histogram: `counts[i]` values at most
// `upper[i]` (and above the one before), the last count above every bound.
// Interpolates linearly inside the bucket; nullopt when it holds nothing.
std::optional<double> histogram_quantile(const std::vector<double>& upper,
                                         const std::vector<double>& counts, double q);

// Totals of `now` over every endpoint; rates and percentiles over what
// changed since `before` (a previous answer of the same worker, or null),
// `seconds` apart. Percentiles are null when no handler ran in between.
nlohmann::json summarize_worker(const nlohmann::json& now, const nlohmann::json* before, double seconds);

}  // namespace sfsup
