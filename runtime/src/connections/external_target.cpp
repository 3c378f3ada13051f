// external_target (out): no socket. to_send validates the args, calls the
// registered C++ function, and validates what it returns.
#include <fmt/format.h>

#include <sf/error.hpp>

#include "core/endpoint_registry.hpp"

namespace sf::detail {
namespace {

class ExternalTargetEndpoint final : public Endpoint {
 public:
  explicit ExternalTargetEndpoint(EndpointContext& ctx) : label_(ctx.label()), target_(ctx.model.target) {
    if (!target_) {
      throw Error(fmt::format("{}: an external_target needs a function: sf::external_target(fn)", label_));
    }
  }

  Json send(const Json& args, const Json&) override {
    metrics.sent(0);
    Json result = target_(args);
    return result.is_null() ? Json::object() : result;
  }

 private:
  std::string label_;
  ExternalTarget target_;
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "external_target",
    .kind = Kind::connection,
    .side = Side::out,
    .accepted_options = {},
    .sockets = {},
    .make = [](EndpointContext& ctx) { return std::make_unique<ExternalTargetEndpoint>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
