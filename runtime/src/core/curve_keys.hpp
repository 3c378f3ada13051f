#pragma once
// CURVE keys a worker is given (sfsup's workers/<service>/curve.json, the
// worker's --sf-curve FILE): its own key pair and, per socket, either the
// public keys of the clients a binding socket accepts or the public key a
// connecting socket pins for its server. docs/hardening.md describes it.
#include <map>
#include <string>
#include <vector>

#include <sf/json.hpp>

namespace sf::detail {

struct CurveSocketKeys {
  bool server = false;                 // binds: CURVE server, clients checked by the ZAP handler
  std::vector<std::string> accept;     // server: client public keys (Z85) let in
  std::string server_key;              // client: the server's public key (Z85)
};

struct CurveKeys {
  std::string public_key;              // Z85, 40 characters
  std::string secret_key;
  // "connections.in.echo.replyer", "states.out.book.publisher", ...
  std::map<std::string, CurveSocketKeys> sockets;

  // The entry of one socket; throws sf::Error naming the key and the file.
  const CurveSocketKeys& socket(const std::string& key) const;
  std::string file;                    // where they were read from, for messages
};

// `{"public_key": Z85, "secret_key": Z85, "sockets": {key: {"accept": [Z85...]} |
// {"server_key": Z85}}}`. Throws sf::Error with one line naming the file and
// the bad entry. `file` is only used in messages.
CurveKeys read_curve_keys(const Json& document, const std::string& file);

// The key a socket is found under: "<kind>s.<side>.<name>.<socket>".
std::string curve_socket_key(const char* kind, const char* side, const std::string& name,
                             const std::string& socket);

// True when this libzmq was built with CURVE (zmq_has("curve")).
bool curve_available();

}  // namespace sf::detail
