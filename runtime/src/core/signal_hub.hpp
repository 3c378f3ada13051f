#pragma once
// SIGINT, SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 for the whole process, read from
// a signalfd (never in an async handler) and relayed to every runtime that
// handles signals, so several services in one process each run their own
// handler. SIGHUP also reopens the process's log files, once.
namespace sf::detail {

class Runtime;

namespace signal_hub {
// Blocks those signals in the calling thread (and threads it creates later).
// The worker calls this first thing, before ZeroMQ starts its threads.
void block_signals();
int fd();  // the signalfd to poll; created on first use
void subscribe(Runtime* runtime);
void unsubscribe(Runtime* runtime);
// Reads every pending signal from the fd and delivers it to all subscribers.
void dispatch();
}  // namespace signal_hub

}  // namespace sf::detail
