"""The Python service_framework's wire encoding, for interop peers.

Mirrors what the Python framework does: msgpack with use_bin_type, Decimal,
UUID and set as tagged maps, datetime as the msgpack timestamp extension.
A topic frame is msgpack(topic) + msgpack(payload) in one ZeroMQ frame.
"""
import datetime
import decimal
import uuid

import msgpack


def custom_encode(obj):
    if isinstance(obj, decimal.Decimal):
        return {'__decimal__': True, 'as_str': str(obj)}
    if isinstance(obj, uuid.UUID):
        return {'__uuid__': True, 'as_str': str(obj)}
    if isinstance(obj, set):
        return {'__set__': True, 'value': list(obj)}
    return obj


def custom_decode(obj):
    if '__decimal__' in obj:
        return decimal.Decimal(obj['as_str'])
    if '__uuid__' in obj:
        return uuid.UUID(obj['as_str'])
    if '__set__' in obj:
        return set(obj['value'])
    return obj


def pack(obj):
    # datetime=True: aware datetimes become the timestamp extension (-1).
    return msgpack.packb(obj, default=custom_encode, use_bin_type=True, datetime=True)


def unpack(data):
    return msgpack.unpackb(data, object_hook=custom_decode, raw=False, timestamp=3,
                           strict_map_key=False)


def unpack_topic_frame(data, has_topic):
    """(topic, payload) from one frame; topic is '' when the frame has none."""
    if not has_topic:
        return '', unpack(data)
    unpacker = msgpack.Unpacker(object_hook=custom_decode, raw=False, timestamp=3,
                                strict_map_key=False)
    unpacker.feed(data)
    topic = next(unpacker)
    payload = next(unpacker)
    return topic, payload


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)
