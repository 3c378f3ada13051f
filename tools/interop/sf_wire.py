"""The Python service_framework's wire behaviour, for interop peers.

Faithful to what the real framework does (see docs/wire-format.md, "Mixing
Python and C++ services"), not to what it should do:
- msgpack 1.0 with its defaults on the way in: strict_map_key=True (a map
  with a non-string key raises), timestamps arrive as msgpack.Timestamp
  objects; on the way out Decimal, UUID and set become tagged maps and a
  datetime cannot be encoded at all.
- workflow ids: a fresh uuid.UUID object at a leading edge; inside a handler
  the first send reuses the inbound id as it is, later ones "<id>_1", "<id>_2".
- bad input raises out of the peer (the real framework's process dies).
- a binding "host:port" binds tcp://*:port; a publisher sleeps
  WAIT_AFTER_CREATION_S after binding.
A topic frame is msgpack(topic) + msgpack(payload) in one ZeroMQ frame.
"""
import decimal
import time
import uuid

import msgpack

WAIT_AFTER_CREATION_S = 0.15


def custom_encode(obj):
    if isinstance(obj, decimal.Decimal):
        return {'__decimal__': True, 'as_str': str(obj)}
    if isinstance(obj, uuid.UUID):
        return {'__uuid__': True, 'as_str': str(obj)}
    if isinstance(obj, set):
        return {'__set__': True, 'value': list(obj)}
    raise TypeError('can not serialize %r object' % type(obj).__name__)


def custom_decode(obj):
    if '__decimal__' in obj:
        return decimal.Decimal(obj['as_str'])
    if '__uuid__' in obj:
        return uuid.UUID(obj['as_str'])
    if '__set__' in obj:
        return set(obj['value'])
    return obj


def pack(obj):
    return msgpack.packb(obj, default=custom_encode, use_bin_type=True)


def unpack(data):
    return msgpack.unpackb(data, object_hook=custom_decode, raw=False)


def unpack_topic_frame(data, has_topic):
    """(topic, payload) from one frame; topic is '' when the frame has none."""
    if not has_topic:
        return '', unpack(data)
    unpacker = msgpack.Unpacker(object_hook=custom_decode, raw=False)
    unpacker.feed(data)
    topic = next(unpacker)
    payload = next(unpacker)
    return topic, payload


def bind_address(address):
    """'host:port' binds every interface, whatever the host."""
    if '://' in address:
        return address
    return 'tcp://*:%s' % address.rsplit(':', 1)[1]


def connect_address(address):
    return address if '://' in address else 'tcp://' + address


def bind_publisher(socket, address):
    socket.bind(bind_address(address))
    time.sleep(WAIT_AFTER_CREATION_S)


class WorkflowIds:
    """The ids one handler (or a leading edge, inbound None) sends with."""

    def __init__(self, inbound=None):
        self.inbound = inbound
        self.sent = 0

    def next(self):
        if self.inbound is None:
            return uuid.uuid4()
        self.sent += 1
        return self.inbound if self.sent == 1 else '%s_%d' % (self.inbound, self.sent - 1)


def check_args(args, model):
    """The real framework's validation: raises on anything unexpected."""
    if not isinstance(args, dict):
        raise TypeError('unsupported type %s' % type(args).__name__)
    for key, kind in model.items():
        if key not in args:
            raise KeyError('missing required argument %r' % key)
        if not isinstance(args[key], kind):
            raise TypeError('%s: unsupported type %s' % (key, type(args[key]).__name__))
    return args
