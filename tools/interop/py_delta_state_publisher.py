#!/usr/bin/python3
"""A Python service_framework delta_update_out, for a C++ delta_update_in.

  py_delta_state_publisher.py PUBLISHER_ADDRESS REPLYER_ADDRESS

Speaks as the Python framework's DeltaUpdateOut does: the service picks the
numbers, publications carry {'args': {'state', 'is_snapshot', 'current_num'},
'workflow_id'} with no epoch, and the REP socket answers any request with
{'return_args': {'state', 'current_num'}} (no is_snapshot). The script binds an
XPUB only to see the follower's subscription arrive (the bytes are PUB's).

Sequence: answer the follower's first snapshot request with #5
{bids, asks, last_trade}; publish #6 (deletes last_trade) and #7 (sets asks);
then restart: numbers begin again at #1 (bids replaced), answer the snapshot
request that provokes with the new state #1, and publish #2 (sets last_trade).
Prints "py_delta_publisher: published" and keeps answering requests for
LINGER_S seconds, then exits 0 (3 when the follower never shows up).
"""
import decimal
import sys
import time

import zmq

import sf_wire

TIMEOUT_MS = 20000
LINGER_S = 10.0
D = decimal.Decimal


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    context = zmq.Context.instance()
    pub = context.socket(zmq.XPUB)
    pub.setsockopt(zmq.LINGER, 0)
    pub.bind(argv[0])
    rep = context.socket(zmq.REP)
    rep.setsockopt(zmq.LINGER, 0)
    rep.bind(argv[1])
    print('py_delta_publisher: bound', flush=True)

    state = {'bids': {'99.50': D('1')}, 'asks': {'100.50': D('2')}, 'last_trade': D('100.00')}
    current = 5

    def publish(delta, num):
        pub.send(sf_wire.pack({'args': {'state': delta, 'is_snapshot': False, 'current_num': num},
                               'workflow_id': 'py-%d' % num}))

    def answer_one():
        if not rep.poll(TIMEOUT_MS):
            raise SystemExit(3)
        request = sf_wire.unpack(rep.recv())
        rep.send(sf_wire.pack({'return_args': {'state': state, 'current_num': current},
                               'workflow_id': request.get('workflow_id')}))

    if not pub.poll(TIMEOUT_MS):  # the follower's subscription
        return 3
    pub.recv()
    answer_one()

    publish({'last_trade': None}, 6)
    publish({'asks': {'100.75': D('3')}}, 7)

    # The publisher restarts: a fresh state, numbered from #1 again.
    state, current = {'bids': {'98.00': D('4')}, 'asks': {}}, 1
    publish({'bids': state['bids'], 'asks': {}}, 1)
    answer_one()  # the follower noticed the numbers going back
    state['last_trade'] = D('98.50')
    current = 2
    publish({'last_trade': D('98.50')}, 2)
    print('py_delta_publisher: published', flush=True)

    deadline = time.monotonic() + LINGER_S
    while time.monotonic() < deadline:
        if rep.poll(100):
            request = sf_wire.unpack(rep.recv())
            rep.send(sf_wire.pack({'return_args': {'state': state, 'current_num': current},
                                   'workflow_id': request.get('workflow_id')}))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
