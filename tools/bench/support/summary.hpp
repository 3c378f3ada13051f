#pragma once
// Rounds to one figure, and the one line per metric that tools/bench/run.sh
// gathers into its table. Every bench decides its own pass/miss; run.sh only
// formats.
#include <string>
#include <vector>

namespace sfbench {

// Median of a few rounds: one noisy round on a shared machine moves it little.
double median(std::vector<double> values);

// "SUMMARY\t<metric>\t<raw>\t<framework>\t<ratio>\t<target>\t<result>"
// (ratio = framework / raw; "-" where a column does not apply; result is
// PASS or MISS against a target, "info" for figures without one).
void print_summary(const std::string& metric, const std::string& raw, const std::string& framework,
                   const std::string& ratio, const std::string& target, const std::string& result);

// Rounds measure raw and framework in pairs, under the same load; the ratio
// is the median of the per-round framework/raw ratios, which cancels the
// machine's swings better than a ratio of two medians.
double median_ratio(const std::vector<double>& raw, const std::vector<double>& framework);
// framework[i] / raw[i], round by round (rounds with no raw figure left out).
std::vector<double> paired_ratios(const std::vector<double>& raw, const std::vector<double>& framework);

// A rate metric: each side's median rate, median_ratio, pass when >= target.
void print_ratio_summary(const std::string& metric, const std::vector<double>& raw,
                         const std::vector<double>& framework, double target);

// A figure without a target (CPU per operation, a publisher's send rate):
// medians and median ratio, result "info". Rates are printed as integers,
// anything else with two decimals.
void print_info_summary(const std::string& metric, const std::vector<double>& raw,
                        const std::vector<double>& framework, bool is_rate);

// A rate as an integer with thousands separators: "41,503".
std::string format_rate(double per_second);

}  // namespace sfbench
