#!/usr/bin/python3
"""A Python service_framework delta_update_in, against a C++ delta_update_out.

  py_delta_state_follower.py SUBSCRIBER_ADDRESS REQUESTER_ADDRESS EXPECT_NUM QUIET_S

Follows the state exactly as the Python framework's DeltaUpdateIn does: starts
at current_num -1; a snapshot replaces the state; a number below the current
one is skipped; any number but current+1 "resets" (a blocking REQ for
{'args': {}} whose reply's return_args carry state and current_num); else the
delta is applied (None deletes a key). Once current_num >= EXPECT_NUM it keeps
listening QUIET_S seconds (heartbeats only, from an idle publisher) and counts
the resets that happen then: a compatible publisher causes none. Prints
"py_delta_follower: current_num N, levels L, keys K, resets_after_sync R" and
exits 0, or 3 when the stream stops before EXPECT_NUM.
"""
import sys
import time

import zmq

import sf_wire

TIMEOUT_MS = 20000


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    sub_address, req_address, expect, quiet_s = argv[0], argv[1], int(argv[2]), float(argv[3])
    context = zmq.Context.instance()
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b'')
    sub.connect(sub_address)
    req = context.socket(zmq.REQ)
    req.setsockopt(zmq.LINGER, 0)
    req.connect(req_address)
    print('py_delta_follower: subscribed', flush=True)

    state, current = {}, -1
    resets_after_sync = 0
    synced_at = None

    def reset():
        req.send(sf_wire.pack({'args': {}}))
        if not req.poll(TIMEOUT_MS):
            raise SystemExit('py_delta_follower: no snapshot reply')
        reply = sf_wire.unpack(req.recv())
        return reply['return_args']['state'], reply['return_args']['current_num']

    while synced_at is None or time.monotonic() - synced_at < quiet_s:
        if not sub.poll(TIMEOUT_MS):
            print('py_delta_follower: the stream stopped at %d' % current, flush=True)
            return 3
        args = sf_wire.unpack(sub.recv())['args']
        if args['is_snapshot']:
            state, current = args['state'], args['current_num']
        elif args['current_num'] < current:
            continue
        elif args['current_num'] != current + 1:
            if synced_at is not None:
                resets_after_sync += 1
            state, current = reset()
        else:
            current = args['current_num']
            for key, value in args['state'].items():
                if value is None:
                    del state[key]
                else:
                    state[key] = value
        if synced_at is None and current >= expect:
            synced_at = time.monotonic()

    levels = len(state.get('bids', {})) + len(state.get('asks', {}))
    print('py_delta_follower: current_num %d, levels %d, keys %s, resets_after_sync %d'
          % (current, levels, ','.join(sorted(state)), resets_after_sync), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
