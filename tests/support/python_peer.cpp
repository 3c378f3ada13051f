#include "python_peer.hpp"

namespace sftest {

Process start_python_peer(std::string_view script, std::vector<std::string> args) {
  std::vector<std::string> argv = {"/usr/bin/python3", (source_dir() / "tools" / "interop" / script).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnOptions options;
  options.env = {{"PYTHONUNBUFFERED", "1"}, {"PYTHONDONTWRITEBYTECODE", "1"}};
  return Process::spawn(std::move(argv), options);
}

}  // namespace sftest
