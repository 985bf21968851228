#!/usr/bin/env python3
"""Start-up to the first frame of the real binary, as a person sees it: the
time from starting `taizhang tui jining-2024` in an 80x24 pseudo-terminal to
the last row of its first frame (the key hints) arriving. ratatui moves the
cursor between double-width cells, so the frame is recognised by its last
row's cursor move and the last hint's final character.

    python3 bench/first_frame.py target/release/taizhang [runs]
"""
import os, pty, select, signal, statistics, sys, tempfile, time

binary = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
home = tempfile.mkdtemp()
times = []
for _ in range(runs):
    env = dict(os.environ, TAIZHANG_HOME=home, LANG="zh_CN.UTF-8", TERM="xterm-256color")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl, struct, termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(binary, [binary, "tui", "jining-2024"], env)
    buf = b""
    while True:
        row = buf.find(b"\x1b[24;")
        if row >= 0 and "位".encode() in buf[row:]:
            break
        ready, _, _ = select.select([fd], [], [], 5)
        if not ready:
            sys.exit("no first frame within 5 s")
        buf += os.read(fd, 65536)
    times.append((time.perf_counter() - start) * 1000)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
print(f"first frame: median {statistics.median(times):.1f} ms, "
      f"fastest {min(times):.1f} ms, slowest {max(times):.1f} ms over {runs} runs")
