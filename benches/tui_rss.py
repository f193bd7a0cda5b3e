#!/usr/bin/env python3
"""tui_rss.py GRIOT_BIN ARGS... — start the griot reader in a pseudo-terminal (120x40), wait
for its first frame, then report the time to first frame and the peak resident memory (VmHWM),
and quit it with `q`. Prints: first_frame_ms=N peak_rss_kb=N"""
import os, pty, select, sys, time, struct, fcntl, termios

def main():
    argv = sys.argv[1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.monotonic()
    seen, first = b"", None
    deadline = start + 30
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            # The first frame is drawn once the alternate screen is on and text follows.
            if first is None and b"\x1b[?1049h" in seen and len(seen) > 2000:
                first = time.monotonic() - start
                settle = time.monotonic() + 1.0
        if first is not None and time.monotonic() > settle:
            break
    peak = 0
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1])
    except OSError:
        pass
    os.write(fd, b"q")
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    print(f"first_frame_ms={int((first or 0) * 1000)} peak_rss_kb={peak}")

if __name__ == "__main__":
    main()
