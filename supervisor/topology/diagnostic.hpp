#pragma once
// What sfsup says about a topology it refuses: one line per problem, in the
// `file:line:column: what is wrong; how to fix it` shape editors and CI
// annotate. Kept free of YAML types so the CLI can print them without yaml-cpp.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace sfsup {

// 1-based, as editors show positions. line 0 means "the file as a whole".
struct SourceMark {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  // "file:line:col: message", or "file: message" for file-level problems.
  std::string to_string() const;
};

// Thrown by plan_topology(); what() is every diagnostic, one per line.
class TopologyError : public std::runtime_error {
 public:
  explicit TopologyError(std::vector<Diagnostic> diagnostics);
  std::vector<Diagnostic> diagnostics;
};

// Collects the diagnostics of one topology file while it is read and checked.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void add(SourceMark at, std::string message);
  // A problem in another file the topology reads (its .env).
  void add_in(std::string file, SourceMark at, std::string message);
  const std::string& file() const { return file_; }
  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  // In file order, so a user fixes them top to bottom.
  std::vector<Diagnostic> sorted() const;

 private:
  std::string file_;
  std::vector<Diagnostic> list_;
};

}  // namespace sfsup
