#!/usr/bin/python3
"""A Python service_framework-style echo replyer (REP) for a C++ requester.

  py_replyer.py ADDRESS COUNT

Binds ADDRESS, prints "py_replyer: ready" once bound, answers COUNT requests
{args: {text}} with {return_args: {text}, workflow_id} (the request's id),
then exits 0. Exits 1 on a malformed request, 3 when a request is late.
"""
import sys

import zmq

import sf_wire

TIMEOUT_MS = 20000


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    address, count = argv[0], int(argv[1])
    socket = zmq.Context.instance().socket(zmq.REP)
    socket.setsockopt(zmq.LINGER, 1000)
    socket.bind(address)
    print('py_replyer: ready', flush=True)
    for i in range(count):
        if not socket.poll(TIMEOUT_MS):
            print('py_replyer: request %d did not arrive' % i, flush=True)
            return 3
        request = sf_wire.unpack(socket.recv())
        args = request.get('args') if isinstance(request, dict) else None
        workflow_id = request.get('workflow_id') if isinstance(request, dict) else None
        if not isinstance(args, dict) or not isinstance(args.get('text'), str) \
                or not isinstance(workflow_id, str):
            print('py_replyer: malformed request %r' % (request,), flush=True)
            return 1
        socket.send(sf_wire.pack({'return_args': {'text': args['text']},
                                  'workflow_id': workflow_id}))
        print('py_replyer: answered %d workflow %s' % (i, workflow_id), flush=True)
    print('py_replyer: %d requests answered' % count, flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
