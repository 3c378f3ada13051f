// TempDir: mkdtemp under /tmp. Short on purpose: an ipc:// endpoint is a unix
// socket path, limited to 107 bytes.
#include <stdlib.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "process.hpp"

namespace sftest {

TempDir::TempDir() {
  std::string templ = "/tmp/sft-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + templ);
  }
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ignored;  // a destructor must not throw; leftovers in /tmp are harmless
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace sftest
