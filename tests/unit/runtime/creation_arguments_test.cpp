// The seed's creation arguments, merged with connection arguments and what
// setup_connections returned, under our names.
#include <doctest/doctest.h>

#include <sf/error.hpp>
#include <sf/model.hpp>

#include "core/creation_arguments.hpp"

using sf::Json;
using sf::detail::endpoint_options;

TEST_CASE("creation arguments: Python names are translated and later sources win") {
  sf::EndpointModel model = sf::publisher()
                                .with_creation_arguments({{"topic", "ticks"}, {"is_x_pub", true}, {"wait_after_creation_s", 0.15}})
                                .with_connection_arguments({{"topic", "ticks.v2"}});
  const Json options = endpoint_options(model, Json::object(), "connection 'ticks'");
  CHECK(options == Json{{"topic", "ticks.v2"}, {"is_xpub", true}, {"wait_after_creation_s", 0.15}});
  CHECK(endpoint_options(model, {{"is_xpub", false}}, "connection 'ticks'")["is_xpub"] == false);
}

TEST_CASE("creation arguments: a key given under both names or a non-object is one clear error") {
  sf::EndpointModel twice = sf::publisher().with_creation_arguments({{"is_x_pub", true}, {"is_xpub", false}});
  CHECK_THROWS_WITH_AS(endpoint_options(twice, Json::object(), "connection 'ticks'"),
                       doctest::Contains("connection 'ticks' creation arguments: 'is_xpub' is given twice"), sf::Error);
  sf::EndpointModel list = sf::publisher().with_creation_arguments(Json::array({"topic"}));
  CHECK_THROWS_WITH_AS(endpoint_options(list, Json::object(), "connection 'ticks'"),
                       doctest::Contains("with_creation_arguments takes an object"), sf::Error);
}
