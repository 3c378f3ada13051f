// bench_decimal: sf::Decimal adds and multiplies per second, with `double`
// doing the same operations on the same values in the same run as the
// reference. Information, not a gate: exact decimal arithmetic costs more
// than a machine float, and this says how much.
//
// Operands are order-book values (prices like 101.25, sizes like 0.37), the
// ones the example services compute with. Each round times the double loop,
// then the decimal loop, each over --count operations and --min-seconds; the ratio is decimal/double
// per round, and the median over --rounds rounds is reported. The compiler
// vectorises the double loop, as it would a user's: that is the reference a
// C++ programmer would otherwise reach for.
//
//   bench_decimal [--rounds 5] [--count 1000000] [--min-seconds 0.2] [--cpu 0]
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <sf/decimal.hpp>

#include "support/bench_main.hpp"
#include "support/cpu_pinning.hpp"
#include "support/options.hpp"
#include "support/summary.hpp"

namespace {

using namespace sfbench;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kValues = 1024;  // fits in cache: the arithmetic is measured, not memory

// Keeps the compiler from dropping results nobody reads.
template <typename T>
void keep(T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

struct Operands {
  std::vector<std::string> prices;  // "101.25"
  std::vector<std::string> sizes;   // "0.37"
};

Operands make_operands() {
  std::mt19937_64 rng(7);
  Operands ops;
  for (std::size_t i = 0; i < kValues; ++i) {
    ops.prices.push_back(fmt::format("{}.{:02}", 90 + rng() % 20, rng() % 100));
    ops.sizes.push_back(fmt::format("{}.{:02}", rng() % 5, 1 + rng() % 99));
  }
  return ops;
}

// Operations per second of `op(out[i], a[i], b[i])`: at least `count`
// operations and at least `min_seconds`, whole passes over the operands (a
// double pass takes well under a microsecond, too short to time alone on a
// busy machine).
template <typename T, typename Op>
double rate(const std::vector<T>& a, const std::vector<T>& b, long count, double min_seconds, Op op) {
  std::vector<T> out(a.size());
  const auto start = Clock::now();
  long done = 0;
  double seconds = 0;
  do {
    for (std::size_t i = 0; i < a.size(); ++i) op(out[i], a[i], b[i]);
    keep(out);
    done += static_cast<long>(a.size());
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
  } while (done < count || seconds < min_seconds);
  return seconds > 0 ? static_cast<double>(done) / seconds : 0;
}

// A median ratio far below 1: four decimals, and how many doubles one
// decimal operation costs.
void report(const std::string& metric, const std::vector<double>& doubles, const std::vector<double>& decimals) {
  const double ratio = median_ratio(doubles, decimals);
  std::printf("  %s: median ratio %.4fx (one decimal operation costs about %.0f double ones)\n", metric.c_str(),
              ratio, ratio > 0 ? 1 / ratio : 0.0);
  print_summary(metric, format_rate(median(doubles)), format_rate(median(decimals)), fmt::format("{:.4f}x", ratio),
                "-", "info");
}

int run_driver(const Options& options) {
  const long rounds = options.number("rounds", 5);
  const long count = options.number("count", 1000000);
  const double min_seconds = options.real("min-seconds", 0.2);
  std::printf("bench_decimal: %ld rounds of %ld operations a side, %s\n", rounds, count,
              pin_to_cpu(static_cast<int>(options.number("cpu", 0))).c_str());

  const Operands text = make_operands();
  std::vector<double> prices_d;
  std::vector<double> sizes_d;
  std::vector<sf::Decimal> prices;
  std::vector<sf::Decimal> sizes;
  for (std::size_t i = 0; i < kValues; ++i) {
    prices_d.push_back(std::stod(text.prices[i]));
    sizes_d.push_back(std::stod(text.sizes[i]));
    prices.emplace_back(text.prices[i]);
    sizes.emplace_back(text.sizes[i]);
  }

  std::vector<double> add_double, add_decimal, mul_double, mul_decimal;
  for (long r = 0; r < rounds; ++r) {
    add_double.push_back(rate(prices_d, sizes_d, count, min_seconds, [](double& o, double a, double b) { o = a + b; }));
    add_decimal.push_back(rate(prices, sizes, count, min_seconds,
                               [](sf::Decimal& o, const sf::Decimal& a, const sf::Decimal& b) { o = a + b; }));
    mul_double.push_back(rate(prices_d, sizes_d, count, min_seconds, [](double& o, double a, double b) { o = a * b; }));
    mul_decimal.push_back(rate(prices, sizes, count, min_seconds,
                               [](sf::Decimal& o, const sf::Decimal& a, const sf::Decimal& b) { o = a * b; }));
    std::printf("  round %ld: adds/s double %s decimal %s, multiplies/s double %s decimal %s\n", r + 1,
                format_rate(add_double.back()).c_str(), format_rate(add_decimal.back()).c_str(),
                format_rate(mul_double.back()).c_str(), format_rate(mul_decimal.back()).c_str());
  }
  // "raw" is the double reference, "framework" sf::Decimal: ratio = decimal / double.
  report("decimal adds/s (vs double)", add_double, add_decimal);
  report("decimal multiplies/s (vs double)", mul_double, mul_decimal);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return sfbench::run_bench("bench_decimal", argc, argv, {}, run_driver); }
