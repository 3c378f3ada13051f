#pragma once
// "--key value" command lines: the benches' knobs (--rounds, --count, ...)
// and the role arguments a parent hands to the child it re-execs.
#include <map>
#include <string>

namespace sfbench {

class Options {
 public:
  // Throws std::runtime_error on a stray argument or a key without a value.
  Options(int argc, char** argv);

  bool has(const std::string& key) const { return values_.count(key) > 0; }
  std::string text(const std::string& key, const std::string& fallback = "") const;
  long number(const std::string& key, long fallback) const;   // throws when not an integer
  double real(const std::string& key, double fallback) const; // throws when not a number

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace sfbench
