// ArgsSchema: a model's required and optional arguments, strictly.
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "model/schema.hpp"

using sf::Json;
using sf::detail::ArgsSchema;

namespace {

ArgsSchema cancel_order() {
  sf::ArgsModel model;
  model.required = {{"order_id", "str"}};
  model.optional = {{"reason", "enum[user, risk] | none"}};
  return ArgsSchema::compile(model, "connection 'cancel_order' arguments");
}

}  // namespace

TEST_CASE("required keys must be present - optional ones may be") {
  const ArgsSchema s = cancel_order();
  CHECK(s.check({{"order_id", "A-1"}}).empty());
  CHECK(s.check({{"order_id", "A-1"}, {"reason", "risk"}}).empty());
  CHECK(s.check({{"order_id", "A-1"}, {"reason", nullptr}}).empty());
  CHECK(s.check({{"reason", "risk"}}) == "args: missing required key 'order_id'");
}

TEST_CASE("unknown keys are errors listing what is declared") {
  CHECK(cancel_order().check({{"order_id", "A-1"}, {"qty", 1}}) ==
        "args: unknown key 'qty' (declared: order_id, reason)");
}

TEST_CASE("values are checked under the given root") {
  CHECK(cancel_order().check({{"order_id", 7}}, "return_args") == "return_args.order_id: expected str, got int");
  CHECK(cancel_order().check(Json::array()) == "args: expected an object, got list");
  CHECK(cancel_order().check(nullptr) == "args: expected an object, got none");
}

TEST_CASE("an empty model accepts only an empty object") {
  const ArgsSchema compiled = ArgsSchema::compile({}, "config");
  const ArgsSchema defaulted;
  for (const ArgsSchema* s : {&compiled, &defaulted}) {
    CHECK(s->empty());
    CHECK(s->check(Json::object()).empty());
    CHECK(s->check({{"x", 1}}) == "args: unknown key 'x' (this model declares no keys)");
  }
}

TEST_CASE("find and describe expose the compiled keys") {
  const ArgsSchema s = cancel_order();
  CHECK_FALSE(s.empty());
  REQUIRE(s.find("reason") != nullptr);
  CHECK(s.find("reason")->notation() == "enum[user, risk] | none");
  CHECK(s.find("qty") == nullptr);
  CHECK(s.describe() ==
        Json{{"required", {{"order_id", "str"}}}, {"optional", {{"reason", "enum[user, risk] | none"}}}});
}

TEST_CASE("a bad spec in a model names the model and the key") {
  sf::ArgsModel model;
  model.required = {{"levels", "lst[int]"}};
  CHECK_THROWS_WITH_AS(ArgsSchema::compile(model, "connection 'echo' arguments"),
                       "unknown type 'lst[int]' in connection 'echo' arguments, key 'levels' (did you mean 'list'?)",
                       sf::Error);
}
