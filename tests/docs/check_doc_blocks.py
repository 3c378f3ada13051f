#!/usr/bin/env python3
"""Docs are code: check every fenced block of README.md and docs/*.md.

Usage: check_doc_blocks.py --source REPO --build BUILD_DIR [--timeout S] [FILE.md ...]

The conventions (also in docs/doc-blocks.md, for writers):

- Every fenced block carries a language tag (```sh, ```console, ```cpp, ```json, ```yaml,
  ```text, ...): an untagged block cannot hide from this check.
- ```sh blocks run with `bash -euo pipefail`, as written from the repository root, after a
  build. They run in a scratch folder whose top-level entries are symlinks to the repository's
  (and `build` to the build directory), so what the commands write (addresses.json, .sfsup/)
  never lands in the repository. The blocks of one file run in order in the same scratch folder.
- ```console blocks are transcripts: each `$ ` line runs the same way, in order, and must exit
  0, or N when the line ends with the comment `# exit N`. Other lines are output and are not
  compared (pids and times vary), except with `check-output` in the info string: then each
  shown output line must appear, in order, in what the command printed.
- ```cpp blocks are compiled (the build's compiler, --cxx, default g++: -std=c++20
  -fsyntax-only, -I runtime/include and the flags of `pkg-config --cflags spdlog`): a block
  with an #include is a whole file; a block whose unindented lines start with `d.` is a
  fragment of statements, wrapped in
  `SF_SERVICE() { sf::Definition d; ... return d; }`; anything else (function definitions, a
  SF_SERVICE() without its include) is compiled after `#include <sf/service.hpp>`.
- A block whose info string has `file=PATH` (e.g. ```yaml file=topologies/full.yaml) is written
  to PATH in the scratch folder before the file's next blocks run; the directories on the way
  become real scratch directories (their entries still symlinks), so nothing lands in the repo.
- A block whose info string has `no-test` is skipped; the line right above its fence must be
  `<!-- no-test: why -->`. Only README's first block uses it (it runs forever / is CI itself).
- Links: a relative link must name a file inside the repository that exists; the pages must not
  send the reader to files that are not in it (`../shared/...`, `DESIGN.md`).

Each file's processes run in their own process group; at the end of the file the group, and
any process that left it (sfsup's detached supervisor), is killed. Each failure is reported as
`file:line: what failed`; the last line counts blocks and failures; exit 1 on any failure.
"""
import argparse
import ctypes
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

FENCE = re.compile(r"^(\s*)```(.*)$")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
OUTSIDE_NAMES = ("DESIGN.md", "../shared")
EXPECTED_EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")
PR_SET_CHILD_SUBREAPER = 36


class Block:
    def __init__(self, path, line, lang, options, body, above):
        self.path = path        # the .md file, relative to the repository
        self.line = line        # 1-based line of the opening fence
        self.lang = lang
        self.options = options  # the info string's words after the language
        self.body = body        # list of lines, without the fences
        self.above = above      # the line above the opening fence

    def where(self, offset=0):
        return f"{self.path}:{self.line + offset}"


def parse_blocks(rel_path, text, failures):
    blocks = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, info = m.group(1), m.group(2).strip()
        start = i
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        if i == len(lines):
            failures.append(f"{rel_path}:{start + 1}: fenced block is never closed")
        words = info.split()
        lang = words[0] if words else ""
        blocks.append(Block(rel_path, start + 1, lang, words[1:], body,
                            lines[start - 1] if start > 0 else ""))
        i += 1
    return blocks


def check_links(rel_path, text, source, failures):
    page_dir = os.path.dirname(os.path.join(source, rel_path))
    in_block = False
    for n, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            in_block = not in_block
        for name in OUTSIDE_NAMES:
            if name in line:
                failures.append(f"{rel_path}:{n}: mentions '{name}', which is not in the "
                                f"repository; say what the reader needs in the project's own pages")
        if in_block:
            continue
        for target in LINK.findall(line):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue  # a web address or an anchor in this page
            # normpath, not realpath: the scratch folder's entries are symlinks into the repo.
            path = os.path.normpath(os.path.join(page_dir, target.split("#")[0]))
            if os.path.commonpath([path, source]) != source:
                failures.append(f"{rel_path}:{n}: link '{target}' points outside the repository")
            elif not os.path.exists(path):
                failures.append(f"{rel_path}:{n}: link '{target}' names a file that does not exist")


class Scratch:
    """A folder that looks like the repository root, for one .md file's blocks."""

    def __init__(self, source, build):
        self.dir = tempfile.mkdtemp(prefix="sf-docs-")
        self.source = source
        for entry in repository_entries(source):
            os.symlink(os.path.join(source, entry), os.path.join(self.dir, entry))
        os.symlink(build, os.path.join(self.dir, "build"))
        # A process that holds the file's process group open, so every block can join it.
        # (Its own group, but our session: setpgid cannot join a group of another session.)
        self.holder = subprocess.Popen(["sleep", "infinity"], preexec_fn=lambda: os.setpgid(0, 0))
        self.pgid = self.holder.pid

    def write(self, rel, content):
        parts = rel.split("/")
        here = self.dir
        for part in parts[:-1]:
            path = os.path.join(here, part)
            if os.path.islink(path):  # make it real, its entries still symlinks
                target = os.readlink(path)
                os.unlink(path)
                os.mkdir(path)
                for entry in os.listdir(target):
                    os.symlink(os.path.join(target, entry), os.path.join(path, entry))
            elif not os.path.exists(path):
                os.mkdir(path)
            here = path
        target = os.path.join(here, parts[-1])
        if os.path.islink(target):
            os.unlink(target)
        with open(target, "w") as f:
            f.write(content)

    def run(self, script, timeout):
        """Runs script with bash -euo pipefail; returns (exit code or None on timeout, output)."""
        pgid = self.pgid
        # Output goes to a file, not a pipe: a daemon the script starts (sfsup up -d) may keep
        # its copy of stdout open long after the script is done.
        with tempfile.TemporaryFile() as out:
            proc = subprocess.Popen(["bash", "-euo", "pipefail", "-c", script], cwd=self.dir,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    env=self.env(), preexec_fn=lambda: os.setpgid(0, pgid))
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                code = None
            out.seek(0)
            return code, out.read().decode(errors="replace")

    def env(self):
        """A page's commands see the scratch folder as $HOME (so `--prefix "$HOME/.local"`
        installs there) and call sfsup and service_framework by name, as installed."""
        env = dict(os.environ, HOME=self.dir)
        env["PATH"] = os.path.join(self.dir, "build", "bin") + os.pathsep + env.get("PATH", "")
        for name in ("SF_SERVICE_PATH", "SF_WORKER", "SFSUP_RUN_DIR", "PKG_CONFIG_PATH"):
            env.pop(name, None)
        return env

    def close(self):
        # sfsup's detached supervisor leaves the group: ask it to bring its topology down.
        if os.path.exists(os.path.join(self.dir, ".sfsup", "sfsup.pid")):
            subprocess.run([os.path.join(self.dir, "build", "bin", "sfsup"), "down"], cwd=self.dir,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        kill_group(self.pgid)
        self.holder.wait()
        kill_descendants()
        subprocess.run(["rm", "-rf", self.dir])


def repository_entries(source):
    """The repository's own top-level entries: not build trees, nor what someone who ran a page
    by hand left in the root (addresses.json, .sfsup/), which a block would then write through."""
    r = subprocess.run(["git", "-C", source, "ls-files"], capture_output=True, text=True)
    if r.returncode == 0 and r.stdout:
        return sorted({path.split("/")[0] for path in r.stdout.split("\n") if path})
    return [e for e in os.listdir(source) if e not in ("build", ".git", ".sfsup")]


def kill_group(pgid):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            reap()
            time.sleep(0.05)  # polling a group's end: there is no fd to wait on


def reap():
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def descendants():
    """Pids whose parent chain leads to this process (we are their subreaper)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                parents[int(entry)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                pass
    me, found = os.getpid(), []
    for pid in parents:
        p, seen = parents.get(pid), 0
        while p and p != me and seen < 64:
            p, seen = parents.get(p), seen + 1
        if p == me:
            found.append(pid)
    return found


def kill_descendants():
    for pid in descendants():
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    reap()


def console_commands(block):
    """The `$ ` lines of a console block: (offset in block, command, expected exit, the output
    lines shown after it)."""
    commands = []
    for n, line in enumerate(block.body):
        if line.startswith("$ "):
            command = line[2:]
            m = EXPECTED_EXIT.search(command)
            commands.append((n, command, int(m.group(1)) if m else 0, []))
        elif commands and line.strip():
            commands[-1][3].append(line)
    return commands


def compile_unit(block):
    """The translation unit for a cpp block, and how many lines come before the block's."""
    body = "\n".join(block.body)
    if re.search(r"^#include", body, re.M):
        return body + "\n", 0
    if any(line.startswith("d.") for line in block.body):
        return ("#include <sf/service.hpp>\n"
                "SF_SERVICE() {\n  sf::Definition d;\n" + body + "\n  return d;\n}\n"), 3
    return "#include <sf/service.hpp>\n" + body + "\n", 1


def compile_errors(block, cxx, cflags):
    """g++'s errors for a cpp block, located in the .md file; empty when it compiles."""
    unit, before = compile_unit(block)
    with tempfile.NamedTemporaryFile("w", suffix=".cpp") as f:
        f.write(unit)
        f.flush()
        r = subprocess.run([cxx, *cflags, f.name], capture_output=True, text=True)
        name = f.name
    if r.returncode == 0:
        return []
    errors = []
    for line in r.stderr.split("\n"):
        m = re.match(re.escape(name) + r":(\d+):\d+: error: (.*)", line)
        if m:
            errors.append(f"{block.where(int(m.group(1)) - before)}: {m.group(2)}")
    return errors or [f"{block.where()}: {cxx} failed: {tail(r.stderr, 3)}"]


def output_mismatch(expected, actual):
    """The first expected output line missing from the actual output (in order), or None."""
    got = [line.rstrip() for line in actual.split("\n")]
    at = 0
    for line in expected:
        try:
            at = got.index(line.rstrip(), at) + 1
        except ValueError:
            return line
    return None


def tail(out, lines=8):
    return " | ".join(out.strip().split("\n")[-lines:])


class FileRun:
    """Checks the blocks of one .md file, in order, sharing one scratch folder."""

    def __init__(self, source, build, cxx, cflags, timeout):
        self.source, self.build, self.timeout = source, build, timeout
        self.cxx, self.cflags = cxx, cflags
        self.scratch = None

    def scratch_dir(self):
        if self.scratch is None:
            self.scratch = Scratch(self.source, self.build)
        return self.scratch

    def close(self):
        if self.scratch:
            self.scratch.close()

    def check(self, block):
        """The failures of one block (empty when it passes)."""
        if not block.lang:
            return [f"{block.where()}: fenced block has no language tag; "
                    f"add one (sh, console, cpp, json, yaml, text, ...)"]
        if "no-test" in block.options:
            if not re.match(r"^<!-- no-test: \S.* -->$", block.above.strip()):
                return [f"{block.where()}: a no-test block needs the line "
                        f"'<!-- no-test: why -->' right above its fence"]
            return []
        file_opt = [o[5:] for o in block.options if o.startswith("file=")]
        if file_opt:
            self.scratch_dir().write(file_opt[0], "\n".join(block.body) + "\n")
        if block.lang == "sh":
            code, out = self.scratch_dir().run("\n".join(block.body), self.timeout)
            if code != 0:
                what = "timed out" if code is None else f"exited {code}"
                return [f"{block.where()}: sh block {what}: {tail(out)}"]
        elif block.lang == "console":
            failures = []
            for n, command, expected, shown in console_commands(block):
                code, out = self.scratch_dir().run(command, self.timeout)
                if code != expected:
                    what = "timed out" if code is None else f"exited {code}"
                    failures.append(f"{block.where(n + 1)}: `{command}` {what}, "
                                    f"expected exit {expected}: {tail(out)}")
                elif "check-output" in block.options:
                    missing = output_mismatch(shown, out)
                    if missing is not None:
                        failures.append(f"{block.where(n + 1)}: `{command}` did not print "
                                        f"'{missing}': {tail(out)}")
            return failures
        elif block.lang == "cpp":
            errors = compile_errors(block, self.cxx, self.cflags)
            if errors:
                return [f"{errors[0]} (cpp block does not compile)"]
        return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--cxx", default="g++", help="the C++ compiler the build uses")
    # A block may build a scaffolded service out of tree: minutes on a loaded 2-core machine.
    ap.add_argument("--timeout", type=float, default=600, help="seconds per block or $ line")
    ap.add_argument("--only", help="check only blocks of this language (while writing a page)")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    source, build = os.path.realpath(args.source), os.path.realpath(args.build)
    files = args.files or (["README.md"] + sorted(
        "docs/" + f for f in os.listdir(os.path.join(source, "docs")) if f.endswith(".md")))

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # daemons that leave the group stay ours
    cflags = ["-std=c++20", "-fsyntax-only", "-I", os.path.join(source, "runtime", "include")]
    cflags += shlex.split(subprocess.run(["pkg-config", "--cflags", "spdlog"], check=True,
                                         capture_output=True, text=True).stdout)

    failures, checked, failed_blocks, other = [], 0, 0, 0
    for rel in files:
        with open(os.path.join(source, rel)) as f:
            text = f.read()
        before = len(failures)
        check_links(rel, text, source, failures)
        blocks = parse_blocks(rel, text, failures)
        other += len(failures) - before
        run = FileRun(source, build, args.cxx, cflags, args.timeout)
        try:
            for block in blocks:
                if args.only and block.lang != args.only:
                    continue
                checked += 1
                block_failures = run.check(block)
                failed_blocks += bool(block_failures)
                failures += block_failures
        finally:
            run.close()

    for failure in failures:
        print(failure)
    print(f"docs: {checked} blocks checked, {failed_blocks} failed"
          + (f"; {other} other problems (links, fences)" if other else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
