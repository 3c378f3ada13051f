#pragma once
// How the sockets of two linked endpoints meet. Each connecting socket
// connects to one binding socket on the other side: the one its `peer` names,
// or -- for a connector the describe output gives no peer (a publisher turned
// connector by the other side's is_binder) -- the other side's only binder.
// Every binding socket must be reached, or that half of the link is dead.
#include <optional>
#include <string>

#include "topology/service_description.hpp"

namespace sfsup {

// The binding socket of `other` that `connector` connects to; nullptr when none fits.
const SocketDescription* connect_target(const SocketDescription& connector,
                                        const EndpointDescription& other);

// Why the sockets of `out_side` and `in_side` cannot all pair up; nullopt when they do.
std::optional<std::string> socket_pairing_problem(const EndpointDescription& out_side,
                                                  const EndpointDescription& in_side);

}  // namespace sfsup
