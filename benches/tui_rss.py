#!/usr/bin/env python3
"""tui_rss.py [--expect TEXT] [--timeout SECONDS] [--settle SECONDS] GRIOT_BIN ARGS...

Starts the griot reader in a pseudo-terminal (120x40), reads what it draws through a terminal
emulator (pyte), and takes the first frame to be the moment TEXT (a headline the reader must
show) is on the screen. Like every real terminal, it answers the questions the reader asks as
it starts ("what are you?", ESC [ c: a VT220 with colours and no pictures; "are you there?",
ESC [ 5 n: yes): a terminal that never answered would have the reader wait for it (2 s)
before its first frame. Then reports the time to that frame and the peak resident memory
(VmHWM, read 1 s later, or --settle SECONDS later, the reader still running), and quits the
reader with `q`.

Prints: first_frame_ms=N peak_rss_kb=N
Fails (exit 1, the reason and the last screen on stderr) when TEXT is not on the screen
within SECONDS (default 30), or when the reader exits first: a run that never draws is
never timed."""
import argparse, fcntl, os, pty, select, signal, struct, sys, termios, time

import pyte

COLS, ROWS = 120, 40
ANSWERS = ((b"\x1b[c", b"\x1b[?62;22c"), (b"\x1b[0c", b"\x1b[?62;22c"), (b"\x1b[5n", b"\x1b[0n"))


def fail(reason, screen):
    print(f"tui_rss.py: {reason}", file=sys.stderr)
    print("last screen:\n" + "\n".join(l.rstrip() for l in screen.display).rstrip(), file=sys.stderr)
    sys.exit(1)


def stop(pid, fd):
    try:
        os.write(fd, b"q")
    except OSError:
        pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def cpu_time_ms(pid):
    """The reader's CPU time so far (user and system), in ms; None if it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 // os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", default="", help="text the first frame shows")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--settle", type=float, default=1.0,
                    help="seconds the reader runs on after TEXT is drawn before its peak is read")
    ap.add_argument("argv", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    if not args.argv:
        ap.error("GRIOT_BIN is missing")
    if not args.expect:
        ap.error("--expect TEXT is required: the first frame is what the reader draws")
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        try:
            os.execv(args.argv[0], args.argv)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    start = time.monotonic()
    first = None
    while first is None:
        left = start + args.timeout - time.monotonic()
        if left <= 0:
            stop(pid, fd)
            fail(f"no {args.expect!r} on the screen within {args.timeout:g} s", screen)
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            _, status = os.waitpid(pid, 0)
            fail(f"the reader exited (status {status}) before drawing {args.expect!r}", screen)
        for question, answer in ANSWERS:
            if question in chunk:
                os.write(fd, answer)
        stream.feed(chunk)
        if any(args.expect in line for line in screen.display):
            first = time.monotonic() - start
            cpu_ms = cpu_time_ms(pid)
    # Let the reader settle (it keeps drawing and loading), then read its peak memory.
    settle = time.monotonic() + args.settle
    while time.monotonic() < settle:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                break
    peak = None
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
    except OSError:
        pass
    stop(pid, fd)
    if peak is None:
        fail("could not read the reader's peak memory (it exited?)", screen)
    print(f"first_frame_ms={first * 1000:.1f} peak_rss_kb={peak} cpu_ms={cpu_ms}")


if __name__ == "__main__":
    main()
