// Small file helpers for tests: config/addresses files in, logs out.
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "process.hpp"

namespace sftest {

void write_json(const std::filesystem::path& file, const sf::Json& value) {
  std::ofstream out(file, std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  out << value.dump(2) << '\n';
  if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace sftest
