// The pieces of `sfsup export` that need no plugin: DNS names for services
// and YAML that reads back as the same values.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "export/export_plan.hpp"
#include "export/yaml_document.hpp"

using sfsup::OrderedJson;

TEST_CASE("dns_label makes a Kubernetes name of any service name") {
  CHECK(sfsup::dns_label("book_builder") == "book-builder");
  CHECK(sfsup::dns_label("Feed") == "feed");
  CHECK(sfsup::dns_label("2fast") == "s-2fast");
  CHECK(sfsup::dns_label("a__b--c_") == "a-b-c");
  CHECK(sfsup::dns_label(std::string(80, 'x')).size() == 63);
}

TEST_CASE("to_yaml quotes strings YAML would read as numbers or bools and keeps key order") {
  const OrderedJson doc = {{"zeta", "20000"},     {"alpha", "true"},         {"port", 20000},
                           {"empty", ""},         {"text", "tcp://*:20000"}, {"file", "{\n  \"a\": 1\n}\n"},
                           {"list", {"-m", "no"}}};
  const std::string text = sfsup::to_yaml(doc);
  CHECK(text.find("zeta") < text.find("alpha"));
  const YAML::Node back = YAML::Load(text);
  CHECK(back["zeta"].Tag() == "!");  // quoted: a string, not an int
  CHECK(back["zeta"].as<std::string>() == "20000");
  CHECK(back["alpha"].Tag() == "!");
  CHECK(back["port"].Tag() == "?");  // plain: an int
  CHECK(back["empty"].as<std::string>() == "");
  CHECK(back["text"].as<std::string>() == "tcp://*:20000");
  CHECK(back["file"].as<std::string>() == "{\n  \"a\": 1\n}\n");
  CHECK(back["list"][1].Tag() == "!");
}

TEST_CASE("to_yaml_stream separates documents with three dashes") {
  const std::string text = sfsup::to_yaml_stream({OrderedJson{{"kind", "A"}}, OrderedJson{{"kind", "B"}}});
  CHECK(text == "kind: A\n---\nkind: B\n");
  CHECK(YAML::LoadAll(text).size() == 2);
}
