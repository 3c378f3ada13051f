#include "export/yaml_document.hpp"

#include <yaml-cpp/yaml.h>

#include <regex>

namespace sfsup {

namespace {

// Strings a YAML reader would turn into a number, bool or null.
bool reads_as_non_string(const std::string& s) {
  static const std::regex special(
      R"(^(|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+(:[0-5]?[0-9])+)$)");
  return std::regex_match(s, special);
}

void emit(YAML::Emitter& out, const OrderedJson& value) {
  switch (value.type()) {
    case OrderedJson::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key;
        if (reads_as_non_string(key)) out << YAML::DoubleQuoted;
        out << key << YAML::Value;
        emit(out, item);
      }
      out << YAML::EndMap;
      break;
    case OrderedJson::value_t::array:
      out << YAML::BeginSeq;
      for (const auto& item : value) emit(out, item);
      out << YAML::EndSeq;
      break;
    case OrderedJson::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      if (s.find('\n') != std::string::npos) {
        // yaml-cpp writes `|` (clip: the reader adds one final newline), so a
        // text ending in one newline is given without it, or a blank line follows.
        const bool one_final = s.ends_with('\n') && !s.ends_with("\n\n");
        out << YAML::Literal << (one_final ? s.substr(0, s.size() - 1) : s);
        break;
      }
      if (reads_as_non_string(s)) out << YAML::DoubleQuoted;
      out << s;
      break;
    }
    case OrderedJson::value_t::boolean:
      out << value.get<bool>();
      break;
    case OrderedJson::value_t::number_integer:
      out << value.get<long long>();
      break;
    case OrderedJson::value_t::number_unsigned:
      out << value.get<unsigned long long>();
      break;
    case OrderedJson::value_t::number_float:
      out << value.get<double>();
      break;
    default:
      out << YAML::Null;
  }
}

}  // namespace

std::string to_yaml(const OrderedJson& document) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetSeqFormat(YAML::Block);
  emit(out, document);
  return std::string(out.c_str()) + "\n";
}

std::string to_yaml_stream(const std::vector<OrderedJson>& documents) {
  std::string text;
  for (const auto& d : documents) {
    if (!text.empty()) text += "---\n";
    text += to_yaml(d);
  }
  return text;
}

}  // namespace sfsup
