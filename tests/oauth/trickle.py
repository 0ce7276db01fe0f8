#!/usr/bin/python3
"""A hostile local client of tether's loopback listener (a client, not a
server): it opens many connections and trickles one byte a second on each,
never finishing a request head, the way a process on the same machine could
try to hold the listener off.

    trickle.py CALLBACK_URL N

Phase 1 (deadline): N trickling connections; waits until the listener has
closed every one of them, or HOLD_S seconds, and prints
    DEADLINE opened=N closed=K first=S last=S minbytes=B
(first/last: seconds from a connection's opening to its closing by the
listener; minbytes: fewest bytes a closed connection had sent).

Phase 2 (siege): N fresh trickling connections; after a second of trickling
it requests CALLBACK_URL on a new connection while the trickle goes on, and
prints
    SIEGE open=K status=CODE secs=S
(open: trickling connections still open when the callback was sent; secs:
from sending the callback to having its whole answer). Then DONE.
"""
import selectors
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

HOLD_S = 20.0       # how long the trickle would go on if never closed
CALLBACK_WAIT_S = 8.0


class Trickler:
    """One connection sending a request head that never ends."""

    def __init__(self, port):
        self.opened = time.monotonic()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.setblocking(False)
        self.sent = 0
        self.closed = None  # seconds after opening, once closed by the peer

    def send_byte(self, now):
        head = b"GET /callback?state="
        byte = head[self.sent:self.sent + 1] or b"a"
        try:
            if self.sock.send(byte) == 1:
                self.sent += 1
        except BlockingIOError:
            pass
        except OSError:
            self.mark_closed(now)

    def mark_closed(self, now):
        if self.closed is None:
            self.closed = now - self.opened


def trickle(conns, stop, limit_s):
    """Send a byte a second on every open connection, noting the ones the
    listener closes, until stop() is true, all are closed or limit_s."""
    sel = selectors.DefaultSelector()
    for c in conns:
        sel.register(c.sock, selectors.EVENT_READ, c)
    start = time.monotonic()
    tick = start
    while True:
        now = time.monotonic()
        if stop() or now - start >= limit_s:
            break
        if all(c.closed is not None for c in conns):
            break
        if now >= tick:
            for c in conns:
                if c.closed is None:
                    c.send_byte(now)
            tick += 1.0
        timeout = max(0.0, min(tick, start + limit_s) - time.monotonic())
        for key, _ in sel.select(min(timeout, 0.05)):
            c = key.data
            try:
                data = c.sock.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                c.mark_closed(time.monotonic())
                sel.unregister(c.sock)
    sel.close()


def open_all(port, n):
    return [Trickler(port) for _ in range(n)]


def fetch(url, result):
    """GET url on a fresh connection; result gets status and seconds from
    sending to the end of the answer."""
    u = urlsplit(url)
    target = u.path + ("?" + u.query if u.query else "")
    start = time.monotonic()
    status = 0
    try:
        s = socket.create_connection(("127.0.0.1", u.port),
                                     timeout=CALLBACK_WAIT_S)
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                   "Connection: close\r\n\r\n" % (target, u.port)).encode())
        answer = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
        s.close()
        line = answer.split(b"\r\n", 1)[0].split()
        if len(line) >= 2 and line[1].isdigit():
            status = int(line[1])
    except OSError:
        pass
    result["secs"] = time.monotonic() - start
    result["status"] = status


def main():
    url, n = sys.argv[1], int(sys.argv[2])
    port = urlsplit(url).port

    conns = open_all(port, n)
    trickle(conns, lambda: False, HOLD_S)
    gone = [c for c in conns if c.closed is not None]
    print("DEADLINE opened=%d closed=%d first=%.2f last=%.2f minbytes=%d" % (
        n, len(gone),
        min((c.closed for c in gone), default=-1),
        max((c.closed for c in gone), default=-1),
        min((c.sent for c in gone), default=0)), flush=True)
    for c in conns:
        c.sock.close()

    conns = open_all(port, n)
    trickle(conns, lambda: False, 1.05)
    still = sum(1 for c in conns if c.closed is None)
    result = {}
    t = threading.Thread(target=fetch, args=(url, result))
    t.start()
    trickle(conns, lambda: not t.is_alive(), CALLBACK_WAIT_S + 2)
    t.join()
    print("SIEGE open=%d status=%d secs=%.3f" % (
        still, result["status"], result["secs"]), flush=True)
    for c in conns:
        c.sock.close()
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
