#!/usr/bin/python3
"""A hostile subscriber: floods a publisher with subscriptions, as pyzmq lets anyone.

  py_subscription_flooder.py ADDRESS COUNT [SOCKETS]

Subscribes COUNT random 16-byte prefixes (no send high-water mark, so every
one leaves), spread round-robin over SOCKETS SUB sockets (default 1): many
connections each too small to single out. Prints "flooder: subscribed COUNT",
then keeps its sockets alive until killed. While it lives, libzmq reconnects a dropped connection and sends
every subscription again: a flooder that comes back, as a real one would.
"""
import os
import sys

import zmq


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    address, count = argv[0], int(argv[1])
    sockets = []
    for _ in range(int(argv[2]) if len(argv) == 3 else 1):
        socket = zmq.Context.instance().socket(zmq.SUB)
        socket.setsockopt(zmq.LINGER, 0)
        socket.setsockopt(zmq.SNDHWM, 0)
        socket.connect(address)
        sockets.append(socket)
    for i in range(count):
        sockets[i % len(sockets)].setsockopt(zmq.SUBSCRIBE, os.urandom(16))
    print('flooder: subscribed %d' % count, flush=True)
    while True:
        sockets[0].poll(100)  # lets libzmq reconnect and resubscribe


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
