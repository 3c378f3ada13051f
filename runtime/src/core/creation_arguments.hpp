#pragma once
// The arguments one connection or state is built with, from the three places
// a service can give them: the seed's creation arguments
// (with_creation_arguments: topic, is_binder, is_x_pub, wait_after_creation_s,
// under the Python framework's names), the model's connection arguments, and
// what setup_connections / setup_states returned for it (later ones win).
#include <string>

#include <sf/json.hpp>
#include <sf/model.hpp>

namespace sf::detail {

// Throws sf::Error (one line naming the endpoint and the key) when the
// creation arguments are not an object or rename to a key given twice.
Json endpoint_options(const EndpointModel& model, const Json& from_setup, const std::string& label);

}  // namespace sf::detail
