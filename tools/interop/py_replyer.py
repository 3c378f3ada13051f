#!/usr/bin/python3
"""A Python service_framework echo replyer (REP) for a C++ requester.

  py_replyer.py ADDRESS COUNT

Binds ADDRESS (host:port binds tcp://*:port), prints "py_replyer: ready" once
bound, answers COUNT requests {args: {text}} with {return_args: {text},
workflow_id: the request's id as received}, then exits 0. As the real
framework, it logs whatever the id holds, and a request it can't validate
raises out of it (exit 1); exits 3 when a request is late.
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
    socket.bind(sf_wire.bind_address(address))
    print('py_replyer: ready', flush=True)
    for i in range(count):
        if not socket.poll(TIMEOUT_MS):
            print('py_replyer: request %d did not arrive' % i, flush=True)
            return 3
        request = sf_wire.unpack(socket.recv())
        args = sf_wire.check_args(request['args'], {'text': str})
        workflow_id = request.get('workflow_id')
        socket.send(sf_wire.pack({'return_args': {'text': args['text']}, 'workflow_id': workflow_id}))
        print('py_replyer: answered %d workflow %s (%s)' % (i, workflow_id, type(workflow_id).__name__),
              flush=True)
    print('py_replyer: %d requests answered' % count, flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
