#!/usr/bin/python3
"""Writes the fuzzers' seed corpora (tools/fuzz/corpus/<target>/seed-*).

Run once after changing a seed; the files are committed. Frames use
tools/interop/sf_wire.py, the Python framework's own encoding, so the seeds
are what a real peer sends. Inputs a fuzzer found are added by hand as
corpus/<target>/found-<what> and never regenerated.
"""
import datetime
import decimal
import pathlib
import sys
import uuid

here = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(here.parent / "interop"))
import sf_wire  # noqa: E402

corpus = here / "corpus"
ts = datetime.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc)


def put(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + name)).write_bytes(data if isinstance(data, bytes) else data.encode())


def tick(seq, **more):
    args = {"seq": seq, "price": decimal.Decimal("100.25"), "ts": ts}
    args.update(more)
    return {"args": args, "workflow_id": "w-%d" % seq}


# fuzz_wire_frame: requests / publications, with and without a topic prefix.
put("fuzz_wire_frame", "tick", sf_wire.pack(tick(1)))
put("fuzz_wire_frame", "tick-topic", sf_wire.pack("ticks") + sf_wire.pack(tick(2)))
put("fuzz_wire_frame", "everything", sf_wire.pack(tick(
    2**63 - 1, text="hi", ratio=0.5, flag=True, id=uuid.UUID(int=7), pair=[1, "a"], unique={1, 2},
    blob=b"\x00\xff", side="buy", levels={decimal.Decimal("101.5"): decimal.Decimal("3")},
    tags=["a", "b"], maybe=None, anything={"x": [1, {"y": None}]},
    nested={"a": [{"k": 1}], "b": 1.5})))
put("fuzz_wire_frame", "bad-args", sf_wire.pack({"args": {"seq": "one"}, "workflow_id": "w"}))
put("fuzz_wire_frame", "not-envelope", sf_wire.pack([1, 2, 3]))


# fuzz_state_message: records [kind][len16][frame]; even kind = stream, odd = reply.
def record(kind, frame):
    return bytes([kind]) + len(frame).to_bytes(2, "big") + frame


def publication(state, snap, num, epoch="e1"):
    return sf_wire.pack({"args": {"state": state, "is_snapshot": snap, "current_num": num},
                         "epoch": epoch, "workflow_id": "w"})


def reply(state, num, epoch="e1"):
    return sf_wire.pack({"return_args": {"state": state, "is_snapshot": True, "current_num": num},
                         "epoch": epoch, "workflow_id": "w"})


put("fuzz_state_message", "sync-then-deltas",
    record(0, publication({"a": 1}, False, 3)) + record(1, reply({"a": 0, "b": 2}, 2))
    + record(0, publication({"a": None}, False, 4)) + record(0, publication({}, False, 5)))
put("fuzz_state_message", "gap-and-restart",
    record(1, reply({"a": 1}, 10)) + record(0, publication({"a": 2}, False, 12))
    + record(0, publication({"z": 1}, True, 0, "e2")) + record(1, reply({"z": 1}, 0, "e2")))
put("fuzz_state_message", "max-seq",
    record(1, reply({"a": 1}, 2**63 - 2)) + record(0, publication({"a": 2}, False, 2**63 - 1))
    + record(0, publication({"a": 3}, False, -2**63)))
put("fuzz_state_message", "python-reply-no-flag",
    record(1, sf_wire.pack({"return_args": {"state": {"a": 1}, "current_num": 1}, "workflow_id": "w"}))
    + record(0, sf_wire.pack("book") + publication({"a": "bad"}, False, 2, "")))

# fuzz_config_file: file text, NUL, then --key value extras.
put("fuzz_config_file", "flat", '{"count": 3, "topic": "t", "rate_hz": 2.5}')
put("fuzz_config_file", "seed-form",
    '{"required": {"count": 1}, "optional": {"mode": "fast", "limit": "1.5"}}\0--enabled\0true\0--count=7')
put("fuzz_config_file", "extras-only", '\0--count\x0025\0--since\x002026-01-02T03:04:05Z\0--maybe\0none'
    '\0--id\x00123e4567-e89b-12d3-a456-426614174000\0--levels\0[1,2]\0--extra\0x')
put("fuzz_config_file", "broken", '{"count": ')

# fuzz_worker_cli: argv after argv[0], NUL-separated.
put("fuzz_worker_cli", "full", "\0".join([
    "-s", "libecho.so", "-a", "addresses.json", "-c", "config.json", "-m", "-wt", "0.5",
    "-cl", "debug", "-l", "log.txt", "-f", "warning", "-bc", "3", "--ready-fd", "3",
    "--name", "echo", "--prefix", "x"]))
put("fuzz_worker_cli", "describe", "--describe\0-s\0libecho.so")
put("fuzz_worker_cli", "help", "--help")
put("fuzz_worker_cli", "bad", "-s\0x.so\0-wt\0-1\0stray")

# fuzz_topology: the repository's own topologies plus a broken one.
for f in sorted((here.parent.parent / "topologies").glob("*.yaml")):
    put("fuzz_topology", f.stem, f.read_text())
put("fuzz_topology", "states", """\
name: s
service_path: [/nonexistent]
services:
  book_builder:
    service: book_publisher
    main: true
    config: {levels: 3}
  follower:
    service: book_follower
    transport: tcp
    states:
      in: {book: {from: book_builder.book}}
""")
put("fuzz_topology", "broken", "services:\n  echo:\n    service: ech\n    config: [1\n")
put("fuzz_topology", "curve", """\
name: c
security: curve
services:
  echo:
    service: echo
  pinger:
    service: pinger
    main: true
    connections:
      out: {echo: {to: echo.echo}}
  book_builder:
    service: book_publisher
    main: true
  follower:
    service: book_follower
    states:
      in: {book: {from: book_builder.book}, top: {from: book_builder.top}}
""")
