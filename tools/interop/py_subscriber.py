#!/usr/bin/python3
"""A Python service_framework subscriber (SUB) for a C++ publisher.

  py_subscriber.py ADDRESS COUNT [TOPIC]

Subscribes to msgpack(TOPIC) (everything when no topic), prints
"py_subscriber: subscribed", then reads COUNT ticks {seq: int, price: Decimal,
ts: datetime}. Decodes as the real framework does (sf_wire.py): a datetime
arrives as a msgpack.Timestamp, a map with a non-string key raises. Prints the
first tick's decoded types and a summary line; exits 0 when all arrived in
order with the right types, 1 otherwise, 3 when the ticks stop coming.
"""
import decimal
import sys

import msgpack
import zmq

import sf_wire

TIMEOUT_MS = 20000


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    address, count = argv[0], int(argv[1])
    topic = argv[2] if len(argv) == 3 else ''
    socket = zmq.Context.instance().socket(zmq.SUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.setsockopt(zmq.SUBSCRIBE, msgpack.packb(topic) if topic else b'')
    socket.connect(address)
    print('py_subscriber: subscribed', flush=True)
    bad = 0
    for i in range(count):
        if not socket.poll(TIMEOUT_MS):
            print('py_subscriber: tick %d did not arrive' % i, flush=True)
            return 3
        got_topic, payload = sf_wire.unpack_topic_frame(socket.recv(), bool(topic))
        args = payload['args']
        seq, price, ts = args['seq'], args['price'], args['ts']
        ok = (got_topic == topic and seq == i and isinstance(price, decimal.Decimal)
              and isinstance(ts, msgpack.Timestamp)
              and payload.get('workflow_id') is not None)
        if i == 0 or not ok:
            print('py_subscriber: tick topic=%r seq=%r price=%s (%s) ts=%s (%s)'
                  % (got_topic, seq, price, type(price).__name__, ts.to_datetime().isoformat()
                     if hasattr(ts, 'to_datetime') else ts, type(ts).__name__), flush=True)
        bad += 0 if ok else 1
    print('py_subscriber: received %d ticks, %d bad' % (count, bad), flush=True)
    return 0 if bad == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
