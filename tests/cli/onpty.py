#!/usr/bin/python3
"""Run a command on a pseudo-terminal and answer its prompts.

usage: onpty.py [EXPECT SEND]... -- COMMAND [ARG...]

Each time the output contains EXPECT (in order), SEND is typed (backslash
escapes such as \\n and \\x03 are honoured). Everything the command wrote is
printed, then one line
    #pty status=N echo_at_prompt=0|1 echo_after=0|1
where echo_at_prompt is the terminal's ECHO flag when the last EXPECT was
seen and echo_after the flag once the command has ended. Exits with the
command's status (128+signal when killed by a signal)."""
import os
import pty
import select
import sys
import termios
import time

args = sys.argv[1:]
script = []
while args and args[0] != "--":
    script.append((args[0].encode(), args[1].encode().decode("unicode_escape").encode("latin-1")))
    args = args[2:]
cmd = args[1:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)


def echo_on():
    try:
        return 1 if termios.tcgetattr(fd)[3] & termios.ECHO else 0
    except termios.error:
        return -1


out = b""
pos = 0
step = 0
echo_at_prompt = -1
deadline = time.time() + 30
status = None
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            break
        out += data
    while step < len(script):
        at = out.find(script[step][0], pos)
        if at < 0:
            break
        pos = at + len(script[step][0])
        # tether turns echo off before it writes a prompt (TCSAFLUSH), so
        # once the prompt shows, the answer may be typed at once.
        echo_at_prompt = echo_on()
        os.write(fd, script[step][1])
        step += 1
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        # drain what is left
        while True:
            r, _, _ = select.select([fd], [], [], 0.05)
            if not r:
                break
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            out += data
        break
echo_after = echo_on()
if status is None:
    done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        time.sleep(0.5)
        done, status = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        print("#pty timeout", flush=True)
code = os.waitstatus_to_exitcode(status)
if code < 0:
    code = 128 - code
sys.stdout.write(out.decode("utf-8", "replace"))
print(f"\n#pty status={code} echo_at_prompt={echo_at_prompt} echo_after={echo_after}")
sys.exit(code)
