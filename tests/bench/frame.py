#!/usr/bin/python3
"""Time tether's screens to their first frame, whole process.

usage: frame.py RUNS MARKER COMMAND [ARG...]

Starts COMMAND on an 80x24 pseudo-terminal RUNS times; each time measures
from the fork to the moment the output holds MARKER (the first frame is
drawn), then types q and waits for the exit. Prints the median and the
fastest run in milliseconds: "median_ms min_ms". Numbers only."""
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import termios
import time

runs, marker, cmd = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3:]


def once():
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out, seen = b"", None
    deadline = time.time() + 30
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
        if seen is None and marker in out:
            seen = time.perf_counter() - t0
            os.write(fd, b"q")
    os.close(fd)
    os.waitpid(pid, 0)
    if seen is None:
        sys.exit("frame.py: %r never appeared" % marker.decode())
    return seen * 1000


times = [once() for _ in range(runs)]
print("%.2f %.2f" % (statistics.median(times), min(times)))
