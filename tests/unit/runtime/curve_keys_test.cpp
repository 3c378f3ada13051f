// The worker's CURVE keys file (--curve): read whole or refused in one line
// naming the file and the entry to fix.
#include <array>

#include <doctest/doctest.h>
#include <zmq.h>

#include <sf/error.hpp>

#include "core/curve_keys.hpp"

using sf::Json;
using sf::detail::read_curve_keys;

namespace {

std::string z85_key() {
  std::array<char, 41> public_key{};
  std::array<char, 41> secret_key{};
  REQUIRE(zmq_curve_keypair(public_key.data(), secret_key.data()) == 0);
  return public_key.data();
}

std::string error_of(const Json& document) {
  try {
    read_curve_keys(document, "/run/keys/echo.json");
  } catch (const sf::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("curve keys: a binding socket's accept list and a connecting socket's server key are read") {
  const std::string a = z85_key(), b = z85_key(), c = z85_key();
  const auto keys = read_curve_keys({{"public_key", a},
                                     {"secret_key", b},
                                     {"sockets",
                                      {{"connections.in.echo.replyer", {{"accept", {c}}}},
                                       {"connections.out.x.requester", {{"server_key", c}}}}}},
                                    "f.json");
  CHECK(keys.public_key == a);
  CHECK(keys.socket("connections.in.echo.replyer").server);
  CHECK(keys.socket("connections.in.echo.replyer").accept == std::vector<std::string>{c});
  CHECK_FALSE(keys.socket("connections.out.x.requester").server);
  CHECK(keys.socket("connections.out.x.requester").server_key == c);
  CHECK_THROWS_WITH_AS(keys.socket("states.in.book.requester"),
                       doctest::Contains("has no entry for socket 'states.in.book.requester'"), sf::Error);
}

TEST_CASE("curve keys: a bad key or entry is one line naming the file and the entry") {
  const std::string a = z85_key();
  const std::string short_key = error_of({{"public_key", "abc"}, {"secret_key", a}});
  CHECK(short_key == "CURVE keys file '/run/keys/echo.json': public_key must be a 40-character Z85 key (as "
                     "sfsup writes it); run `sfsup up` again to rewrite the file");
  CHECK(error_of({{"public_key", a}, {"secret_key", a}, {"sockets", {{"s", {{"accept", {a, 5}}}}}}})
            .find("sockets.s.accept[1] must be a 40-character Z85 key") != std::string::npos);
  CHECK(error_of({{"public_key", a}, {"secret_key", a}, {"sockets", {{"s", 1}}}})
            .find("sockets.s must be {\"accept\": [keys]}") != std::string::npos);
  CHECK(error_of(Json::array()) == "CURVE keys file '/run/keys/echo.json' must hold a JSON object");
  for (const auto& message : {short_key}) CHECK(message.find('\n') == std::string::npos);
}
