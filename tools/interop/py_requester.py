#!/usr/bin/python3
"""A Python service_framework requester (REQ) against a C++ replyer.

  py_requester.py echo  ADDRESS COUNT [EXPECT_PREFIX]   # {text} -> {text}
  py_requester.py quote ADDRESS SYMBOL...               # {symbol} -> {symbol, price: Decimal}
  py_requester.py raw   ADDRESS ARGS_JSON               # one request with these args

Behaves as the real framework (sf_wire.py): each request is a leading edge
with a fresh uuid.UUID workflow id; the reply must carry the same id back and
a return_args it can validate; an error reply has none, so it fails
validation and the process dies (exit 1, traceback). Prints one line per
reply; exits 0 when every reply is right, 1 when one is wrong, 3 when a reply
does not arrive in time.
"""
import decimal
import json
import sys
import uuid

import zmq

import sf_wire

TIMEOUT_MS = 10000


def request(socket, args, returns):
    workflow_id = sf_wire.WorkflowIds().next()
    socket.send(sf_wire.pack({'args': args, 'workflow_id': workflow_id}))
    if not socket.poll(TIMEOUT_MS):
        print('py_requester: no reply within %d ms' % TIMEOUT_MS, flush=True)
        sys.exit(3)
    reply = sf_wire.unpack(socket.recv())
    if not isinstance(reply.get('workflow_id'), uuid.UUID) or reply['workflow_id'] != workflow_id:
        print('py_requester: reply carries workflow_id %r, sent %r'
              % (reply.get('workflow_id'), workflow_id), flush=True)
        sys.exit(1)
    return workflow_id, sf_wire.check_args(reply.get('return_args'), returns)


def run_echo(socket, count, prefix):
    for i in range(count):
        text = 'py ping %d' % i
        workflow_id, ret = request(socket, {'text': text}, {'text': str})
        if ret != {'text': prefix + text}:
            print('py_requester: wrong reply %r to %r' % (ret, text), flush=True)
            return 1
        print('py_requester: reply %d ok workflow %s' % (i, workflow_id), flush=True)
    print('py_requester: %d replies ok' % count, flush=True)
    return 0


def run_quote(socket, symbols):
    for symbol in symbols:
        _, ret = request(socket, {'symbol': symbol}, {'symbol': str, 'price': decimal.Decimal})
        if ret.get('symbol') != symbol:
            print('py_requester: wrong quote %r for %r' % (ret, symbol), flush=True)
            return 1
        print('py_requester: quote %s %s %s' % (symbol, ret['price'], type(ret['price']).__name__), flush=True)
    return 0


def main(argv):
    if len(argv) < 3 or argv[0] not in ('echo', 'quote', 'raw'):
        print(__doc__, file=sys.stderr)
        return 2
    socket = zmq.Context.instance().socket(zmq.REQ)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(sf_wire.connect_address(argv[1]))
    if argv[0] == 'echo':
        return run_echo(socket, int(argv[2]), argv[3] if len(argv) > 3 else '')
    if argv[0] == 'raw':
        _, ret = request(socket, json.loads(argv[2]), {})
        print('py_requester: reply %r' % (ret,), flush=True)
        return 0
    return run_quote(socket, argv[2:])


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
