#pragma once
// While a socket is busy, waiting for its next message inside libzmq (a
// blocking recv with a timeout, as a plain libzmq loop waits) costs half the
// system calls of a poll over the socket's ZMQ_FD and the control fds: no
// ZMQ_EVENTS check before the poll() (the fd is edge-triggered) and none after
// it. The control fds (signals, stop, stats, ZAP) and any other socket are not
// watched meanwhile, so such a run is bounded: the loop goes back to its full
// poll after kBusyMessages messages or kBusyWindow, whichever comes first, or
// when the socket stays quiet for kBusyWait. A signal is therefore handled
// within about kBusyWindow during a flood and within kBusyWait otherwise.
//
// kBusyWait is a fixed 20 ms on purpose, not the rest of the window: a wait
// that ends before the next scheduler tick (4 ms at HZ=250) programs the CPU's
// timer for itself, in a VM a trap to the hypervisor on every wait; measured
// on the bench machine, 1-2 ms waits doubled the CPU per round trip (15 -> 31 us).
#include <chrono>

namespace sf::detail {

inline constexpr std::chrono::milliseconds kBusyWindow{2};
inline constexpr int kBusyMessages = 128;
inline constexpr std::chrono::milliseconds kBusyWait{20};

}  // namespace sf::detail
