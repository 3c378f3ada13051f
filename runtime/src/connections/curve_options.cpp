#include "connections/curve_options.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

#include "core/runtime.hpp"

namespace sf::detail {

CurveOptions::CurveOptions(const EndpointContext& ctx, const std::string& socket_name, bool bind) {
  const CurveKeys* keys = ctx.runtime.curve();
  if (keys == nullptr) return;
  domain_ = curve_socket_key(to_string(ctx.kind), to_string(ctx.side), ctx.name, socket_name);
  const CurveSocketKeys& entry = keys->socket(domain_);
  if (entry.server != bind) {
    throw Error(fmt::format("{} socket '{}' {} here, but CURVE keys file '{}' lists it as {}; run "
                            "`sfsup up` again so the keys follow the plugin's roles",
                            ctx.label(), socket_name, bind ? "binds" : "connects", keys->file,
                            entry.server ? "binding" : "connecting"));
  }
  enabled_ = true;
  server_ = bind;
  public_key_ = keys->public_key;
  secret_key_ = keys->secret_key;
  server_key_ = entry.server_key;
}

void CurveOptions::apply(zmq::socket_t& socket) const {
  if (!enabled_) return;
  if (server_) {
    socket.set(zmq::sockopt::zap_domain, domain_);
    socket.set(zmq::sockopt::curve_server, true);
    socket.set(zmq::sockopt::curve_secretkey, secret_key_);
  } else {
    socket.set(zmq::sockopt::curve_serverkey, server_key_);
    socket.set(zmq::sockopt::curve_publickey, public_key_);
    socket.set(zmq::sockopt::curve_secretkey, secret_key_);
  }
}

}  // namespace sf::detail
