#include "support/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sfbench {

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

void print_summary(const std::string& metric, const std::string& raw, const std::string& framework,
                   const std::string& ratio, const std::string& target, const std::string& result) {
  std::printf("SUMMARY\t%s\t%s\t%s\t%s\t%s\t%s\n", metric.c_str(), raw.c_str(), framework.c_str(),
              ratio.c_str(), target.c_str(), result.c_str());
  std::fflush(stdout);
}

std::vector<double> paired_ratios(const std::vector<double>& raw, const std::vector<double>& framework) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < raw.size() && i < framework.size(); ++i) {
    if (raw[i] > 0) ratios.push_back(framework[i] / raw[i]);
  }
  return ratios;
}

double median_ratio(const std::vector<double>& raw, const std::vector<double>& framework) {
  return median(paired_ratios(raw, framework));
}

void print_ratio_summary(const std::string& metric, const std::vector<double>& raw,
                         const std::vector<double>& framework, double target) {
  const double ratio = median_ratio(raw, framework);
  // The spread says how far to trust the median on a busy machine.
  std::printf("  %s: per-round ratios", metric.c_str());
  for (double r : paired_ratios(raw, framework)) std::printf(" %.2f", r);
  std::printf(" -> median %.3fx\n", ratio);
  // Three decimals: a 0.895 must not read as "0.90x MISS".
  char ratio_text[32];
  std::snprintf(ratio_text, sizeof ratio_text, "%.3fx", ratio);
  char target_text[32];
  std::snprintf(target_text, sizeof target_text, ">= %.2fx", target);
  print_summary(metric, format_rate(median(raw)), format_rate(median(framework)), ratio_text, target_text,
                ratio >= target ? "PASS" : "MISS");
}

void print_info_summary(const std::string& metric, const std::vector<double>& raw,
                        const std::vector<double>& framework, bool is_rate) {
  auto text = [is_rate](double value) {
    if (is_rate) return format_rate(value);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return std::string(buffer);
  };
  char ratio_text[32];
  std::snprintf(ratio_text, sizeof ratio_text, "%.2fx", median_ratio(raw, framework));
  print_summary(metric, text(median(raw)), text(median(framework)), ratio_text, "-", "info");
}

std::string format_rate(double per_second) {
  const auto whole = static_cast<long long>(std::llround(per_second));
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return whole < 0 ? "-" + out : out;
}

}  // namespace sfbench
