#pragma once
// The payload every bench sends, raw or through the framework: a small,
// realistic order {"order_id": str, "price": decimal, "qty": int}, and the
// acknowledgement a replyer answers with. The raw side encodes and decodes
// the very same values with the same msgpack library, so a ratio measures the
// framework's own overhead (envelope, validation, dispatch, its loop), not
// serialization the raw side skipped.
#include <cstdint>
#include <vector>

#include <sf/json.hpp>

namespace sfbench {

sf::Json order_args();                       // the request / publication
sf::Json order_ack(const sf::Json& order);   // {"order_id", "accepted"}: a replyer's answer
bool is_ack_of(const sf::Json& ack, const sf::Json& order);  // both sides check what they got

// Models for the framework's connections (docs/models.md notation).
sf::Json order_model();
sf::Json ack_model();

// Raw side: msgpack exactly as the framework's codec makes it (nlohmann),
// appended to a reused buffer as the framework's endpoints do.
void encode_msgpack(const sf::Json& value, std::vector<std::uint8_t>& out);
sf::Json decode_msgpack(const void* data, std::size_t size);

}  // namespace sfbench
