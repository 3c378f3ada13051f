#!/usr/bin/python3
"""A Python service_framework delta_update_out, for a C++ delta_update_in.

  py_delta_state_publisher.py PUBLISHER_ADDRESS REPLYER_ADDRESS

Behaves as the real DeltaUpdateOut: the service picks the numbers,
publications carry {'args': {'state', 'is_snapshot', 'current_num'},
'workflow_id': a fresh uuid.UUID} with no epoch, and the REP socket answers
any request with {'return_args': {'state': the current map, 'current_num': 0}}
- always 0, whatever it has published. It binds an XPUB only to see the
follower's subscription arrive (the bytes are PUB's), and waits
wait_after_creation_s after binding.

Sequence: publish #1..#3 before anyone listens (the follower joins late);
once the follower subscribes, publish #4 and answer its snapshot request;
publish #5 (deletes last_trade) and #6 (sets asks). Then the process
"restarts": numbering begins again at #0 with a fresh map. Publish #1 (sets last_trade), then a snapshot the
service publishes itself ({'is_snapshot': True, 'current_num': 0}: below what
the follower holds) and #1 again after it (sets last_trade). Prints
"py_delta_publisher: published" and keeps answering requests (counting them)
for LINGER_S seconds, then exits 0 (3 when the follower never shows up).
"""
import decimal
import sys
import time

import zmq

import sf_wire

TIMEOUT_MS = 20000
LINGER_S = 8.0
D = decimal.Decimal


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    context = zmq.Context.instance()
    pub = context.socket(zmq.XPUB)
    pub.setsockopt(zmq.LINGER, 0)
    sf_wire.bind_publisher(pub, argv[0])
    rep = context.socket(zmq.REP)
    rep.setsockopt(zmq.LINGER, 0)
    rep.bind(sf_wire.bind_address(argv[1]))
    print('py_delta_publisher: bound', flush=True)

    state = {}

    def publish(delta, num, is_snapshot=False):
        if is_snapshot:
            state.clear()
        for key, value in delta.items():
            if value is None:
                state.pop(key, None)
            else:
                state[key] = value
        pub.send(sf_wire.pack({'args': {'state': delta, 'is_snapshot': is_snapshot, 'current_num': num},
                               'workflow_id': sf_wire.WorkflowIds().next()}))

    def answer(request):
        rep.send(sf_wire.pack({'return_args': {'state': state, 'current_num': 0},
                               'workflow_id': request.get('workflow_id')}))

    def answer_one():
        if not rep.poll(TIMEOUT_MS):
            raise SystemExit(3)
        answer(sf_wire.unpack(rep.recv()))

    publish({'bids': {'99.00': D('1')}}, 1)
    publish({'asks': {'101.00': D('1')}}, 2)
    publish({'last_trade': D('100.00')}, 3)
    if not pub.poll(TIMEOUT_MS):  # the follower's subscription
        return 3
    pub.recv()
    publish({'bids': {'99.50': D('1')}}, 4)
    answer_one()
    publish({'last_trade': None}, 5)
    publish({'asks': {'100.75': D('3')}}, 6)

    # The process restarts: a fresh map, numbered from #0 again. The request
    # the follower makes when it notices is answered below.
    state.clear()
    publish({'bids': {'98.00': D('4')}, 'asks': {}}, 0)
    publish({'last_trade': D('98.50')}, 1)
    # The service publishes a snapshot of its own, numbered below the follower.
    publish({'bids': {'97.00': D('5')}, 'asks': {'101.00': D('1')}}, 0, is_snapshot=True)
    publish({'last_trade': D('97.50')}, 1)
    print('py_delta_publisher: published', flush=True)

    extra = 0
    deadline = time.monotonic() + LINGER_S
    while time.monotonic() < deadline:
        if rep.poll(100):
            answer(sf_wire.unpack(rep.recv()))
            extra += 1
    print('py_delta_publisher: %d more requests answered' % extra, flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
