#include "support/options.hpp"

#include <set>
#include <stdexcept>

namespace sfbench {

Options::Options(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      throw std::runtime_error("unexpected argument '" + arg + "' (expected --key value)");
    }
    // Bare switches: present means on.
    static const std::set<std::string> kSwitches = {"--curve"};
    if (kSwitches.count(arg)) {
      values_[arg.substr(2)] = "1";
      continue;
    }
    if (i + 1 >= argc) throw std::runtime_error("option '" + arg + "' needs a value");
    values_[arg.substr(2)] = argv[++i];
  }
}

std::string Options::text(const std::string& key, const std::string& fallback) const {
  const auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

long Options::number(const std::string& key, long fallback) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  std::size_t used = 0;
  const long value = std::stol(it->second, &used);
  if (used != it->second.size()) throw std::runtime_error("--" + key + " must be an integer");
  return value;
}

double Options::real(const std::string& key, double fallback) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  std::size_t used = 0;
  const double value = std::stod(it->second, &used);
  if (used != it->second.size()) throw std::runtime_error("--" + key + " must be a number");
  return value;
}

}  // namespace sfbench
