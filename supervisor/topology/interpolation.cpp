#include "topology/interpolation.hpp"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "topology/yaml_reader.hpp"

namespace sfsup {

namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string unescaped(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
  }
  return out;
}

// One value's text, expanded; a problem is thrown as text for the caller to locate.
class Expander {
 public:
  explicit Expander(const std::map<std::string, std::string>& dot_env) : dot_env_(dot_env) {}

  std::string expand(std::string_view text) const {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
      const char c = text[i];
      if (c != '$') {
        out += c;
        ++i;
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '$') {
        out += '$';
        i += 2;
      } else if (i + 1 < text.size() && text[i + 1] == '{') {
        const std::size_t close = matching_brace(text, i + 1);
        out += braced(text.substr(i + 2, close - i - 2));
        i = close + 1;
      } else if (i + 1 < text.size() && is_name_start(text[i + 1])) {
        std::size_t end = i + 1;
        while (end < text.size() && is_name_char(text[end])) ++end;
        const std::string name(text.substr(i + 1, end - i - 1));
        const auto value = lookup(name);
        if (!value) throw not_set(name, "$" + name);
        out += *value;
        i = end;
      } else {
        throw std::string("a lone '$' is not a variable; write '$$' for a literal '$'");
      }
    }
    return out;
  }

 private:
  static std::size_t matching_brace(std::string_view text, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < text.size(); ++i) {
      if (text[i] == '{') ++depth;
      if (text[i] == '}' && --depth == 0) return i;
    }
    throw fmt::format("'${{' at '{}' is never closed; add the matching '}}'", text.substr(open - 1));
  }

  static std::string not_set(const std::string& name, const std::string& written) {
    return fmt::format("{} is not set; set {} in the environment or in .env beside the topology, "
                       "or give a default: ${{{}:-value}}",
                       written, name, name);
  }

  std::optional<std::string> lookup(std::string_view name) const {
    const std::string key(name);
    if (const char* v = std::getenv(key.c_str())) return std::string(v);
    if (auto it = dot_env_.find(key); it != dot_env_.end()) return it->second;
    return std::nullopt;
  }

  // The inside of ${...}: NAME, then nothing or one of :- - :? ? :+ +.
  std::string braced(std::string_view inside) const {
    std::size_t n = 0;
    while (n < inside.size() && is_name_char(inside[n])) ++n;
    const std::string name(inside.substr(0, n));
    if (name.empty() || !is_name_start(name[0]))
      throw fmt::format("'${{{}}}' is not a variable; write ${{NAME}} with letters, digits and '_'",
                        inside);
    const auto value = lookup(name);
    std::string_view rest = inside.substr(n);
    if (rest.empty()) {
      if (!value) throw not_set(name, "${" + name + "}");
      return *value;
    }
    const bool colon = rest.front() == ':';
    if (colon) rest.remove_prefix(1);
    if (rest.empty()) throw fmt::format("'${{{}}}' ends after ':'; write ${{{}:-default}}", inside, name);
    const char op = rest.front();
    const std::string_view arg = rest.substr(1);
    const bool missing = !value || (colon && value->empty());
    switch (op) {
      case '-': return missing ? expand(arg) : *value;
      case '?':
        if (missing)
          throw fmt::format("{} is required: {}; set it in the environment or in .env beside the "
                            "topology",
                            name, arg.empty() ? std::string("no value given") : expand(arg));
        return *value;
      case '+': return missing ? std::string() : expand(arg);
      default:
        throw fmt::format("'${{{}}}' is not a known form; write ${{{}}}, ${{{}:-default}} or "
                          "${{{}:?message}}",
                          inside, name, name, name);
    }
  }

  const std::map<std::string, std::string>& dot_env_;
};

class Walker {
 public:
  Walker(const Expander& expander, Diagnostics& diagnostics)
      : expander_(expander), diagnostics_(diagnostics) {}

  void visit(YAML::Node node) {
    // An anchored node is reached once per alias: expand it once.
    for (const auto& seen : seen_)
      if (seen.is(node)) return;
    seen_.push_back(node);
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) visit(it->second);
    } else if (node.IsSequence()) {
      for (auto item : node) visit(item);
    } else if (node.IsScalar() && node.Scalar().find('$') != std::string::npos) {
      try {
        node = expander_.expand(node.Scalar());
      } catch (const std::string& problem) {
        diagnostics_.add(mark_of(node), problem);
      }
    }
  }

 private:
  const Expander& expander_;
  Diagnostics& diagnostics_;
  std::vector<YAML::Node> seen_;
};

}  // namespace

std::map<std::string, std::string> read_dot_env(const std::filesystem::path& file,
                                                Diagnostics& diagnostics) {
  std::map<std::string, std::string> vars;
  std::ifstream in(file);
  if (!in) return vars;
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    std::string text = trimmed(line);
    if (text.empty() || text.front() == '#') continue;
    if (text.rfind("export ", 0) == 0) text = trimmed(text.substr(7));
    const std::size_t eq = text.find('=');
    const std::string name = trimmed(text.substr(0, eq == std::string::npos ? 0 : eq));
    bool valid = eq != std::string::npos && !name.empty() && is_name_start(name[0]);
    for (char c : name) valid = valid && is_name_char(c);
    if (!valid) {
      diagnostics.add_in(file.string(), {line_number, 1},
                         fmt::format("'{}' is not NAME=value; write one variable per line, e.g. "
                                     "PORT=5555",
                                     text));
      continue;
    }
    std::string value = trimmed(text.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      const bool double_quoted = value.front() == '"';
      value = value.substr(1, value.size() - 2);
      if (double_quoted) value = unescaped(value);
    } else if (const std::size_t hash = value.find(" #"); hash != std::string::npos) {
      value = trimmed(value.substr(0, hash));
    }
    vars[name] = value;
  }
  return vars;
}

void interpolate(YAML::Node root, const std::map<std::string, std::string>& dot_env,
                 Diagnostics& diagnostics) {
  Expander expander(dot_env);
  Walker(expander, diagnostics).visit(root);
}

}  // namespace sfsup
