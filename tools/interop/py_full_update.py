#!/usr/bin/python3
"""A Python service_framework full-update state, in its addresses shape:
only the publisher (out) / subscriber (in) socket, no last-value socket.

  py_full_update.py follow  SUBSCRIBER_ADDRESS EXPECT QUIET_S
  py_full_update.py publish PUBLISHER_ADDRESS COUNT

follow: as the real FullUpdateIn, calls the service's handler on EVERY
publication (no de-duplication). Prints "py_full_follower: subscribed", waits
for the first publication, then counts handler calls until EXPECT distinct
values were seen and the stream was quiet for QUIET_S seconds. Prints
"py_full_follower: handler calls N, distinct D, last V" and exits 0 (3 when
nothing arrives).

publish: binds a PUB (waits wait_after_creation_s), waits for its subscriber
(an XPUB only to see it; the bytes are PUB's), publishes COUNT values
{"level": i} as leading edges, prints "py_full_publisher: published" and
exits once they have left.
"""
import sys
import time

import zmq

import sf_wire

TIMEOUT_MS = 20000


def follow(address, expect, quiet_s):
    socket = zmq.Context.instance().socket(zmq.SUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.setsockopt(zmq.SUBSCRIBE, b'')
    socket.connect(sf_wire.connect_address(address))
    print('py_full_follower: subscribed', flush=True)
    calls, distinct, last = 0, [], None
    quiet_since = None
    while quiet_since is None or time.monotonic() - quiet_since < quiet_s:
        if not socket.poll(TIMEOUT_MS if not distinct else 100):
            if not distinct:
                print('py_full_follower: nothing arrived', flush=True)
                return 3
            continue
        payload = sf_wire.unpack(socket.recv())
        last = payload['args']
        calls += 1  # the handler runs on every publication
        if last not in distinct:
            distinct.append(last)
        if len(distinct) >= expect and quiet_since is None:
            quiet_since = time.monotonic()
    print('py_full_follower: handler calls %d, distinct %d, last %r' % (calls, len(distinct), last), flush=True)
    return 0


def publish(address, count):
    socket = zmq.Context.instance().socket(zmq.XPUB)
    socket.setsockopt(zmq.LINGER, 1000)
    sf_wire.bind_publisher(socket, address)
    print('py_full_publisher: bound', flush=True)
    if not socket.poll(TIMEOUT_MS):
        return 3
    socket.recv()
    for i in range(count):
        socket.send(sf_wire.pack({'args': {'level': i}, 'workflow_id': sf_wire.WorkflowIds().next()}))
    print('py_full_publisher: published', flush=True)
    socket.close()  # LINGER: the last messages leave before the process does
    zmq.Context.instance().term()
    return 0


def main(argv):
    if len(argv) == 4 and argv[0] == 'follow':
        return follow(argv[1], int(argv[2]), float(argv[3]))
    if len(argv) == 3 and argv[0] == 'publish':
        return publish(argv[1], int(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
