#pragma once
// The CURVE socket options of one socket, taken from the worker's CURVE keys
// (core/curve_keys.hpp) when it runs with them: a binding socket is a CURVE
// server whose clients the ZAP handler checks under the socket's own domain;
// a connecting socket is a client that pins its server's public key.
#include <string>

#include <zmq.hpp>

#include "core/endpoint.hpp"

namespace sf::detail {

class CurveOptions {
 public:
  // Throws sf::Error when the keys have no entry for the socket, or list a
  // binding socket as connecting (or the other way round).
  CurveOptions(const EndpointContext& ctx, const std::string& socket_name, bool bind);

  // Sets the options; before bind/connect. Nothing without CURVE.
  void apply(zmq::socket_t& socket) const;

 private:
  bool enabled_ = false;
  bool server_ = false;
  std::string domain_;
  std::string public_key_;
  std::string secret_key_;
  std::string server_key_;
};

}  // namespace sf::detail
