#include "core/creation_arguments.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

#include "config/config_sources.hpp"

namespace sf::detail {
namespace {

// The Python framework's creation-argument names that differ from ours.
std::string our_name(const std::string& python_name) {
  if (python_name == "is_x_pub") return "is_xpub";
  if (python_name == "is_x_sub") return "is_xsub";
  return python_name;
}

}  // namespace

Json endpoint_options(const EndpointModel& model, const Json& from_setup, const std::string& label) {
  if (!model.creation_arguments.is_object()) {
    throw Error(fmt::format("{}: with_creation_arguments takes an object of argument names to values", label));
  }
  Json created = Json::object();
  for (const auto& [key, value] : model.creation_arguments.items()) {
    const std::string name = our_name(key);
    if (created.contains(name)) {
      throw Error(fmt::format("{} creation arguments: '{}' is given twice (under its own and its Python name); "
                              "keep one", label, name));
    }
    created[name] = value;
  }
  // Anything a type does not understand (handler, func_to_call: C++ models
  // carry those as members) is refused by the type's accepted arguments.
  return merge_over(merge_over(std::move(created), model.connection_arguments), from_setup);
}

}  // namespace sf::detail
