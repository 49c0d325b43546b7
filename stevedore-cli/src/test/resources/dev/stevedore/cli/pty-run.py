"""Runs a command under a new pseudo-terminal of a given size, as a user at a terminal would.

usage: pty-run.py COLUMNS ROWS OUTPUT INTERRUPT_AFTER -- COMMAND...
Writes what the terminal received to OUTPUT; types Ctrl-C once INTERRUPT_AFTER (unless empty) has
appeared in it; exits with the command's exit code (128+N for a signal N). With PTY_PROMPT and
PTY_INPUT in the environment, types PTY_INPUT once PTY_PROMPT has appeared (a shell's prompt).
"""
import fcntl, os, pty, select, signal, struct, sys, termios, time

columns, rows, output, marker = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4].encode()
command = sys.argv[sys.argv.index("--") + 1:]
pid, fd = pty.fork()
if pid == 0:
    # a test runner may have been started with SIGINT ignored, which exec keeps: undo it
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))  # before the command can look
    os.execvp(command[0], command)
received, typed, deadline = b"", False, time.time() + 300
prompt, answer = os.environ.get("PTY_PROMPT", "").encode(), os.environ.get("PTY_INPUT", "").encode()
while time.time() < deadline:
    if prompt and prompt in received:
        os.write(fd, answer)
        prompt = b""
    if marker and not typed and marker in received:
        os.write(fd, b"\x03")
        typed = True
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the terminal's last process is gone
            break
        if not data:
            break
        received += data
_, status = os.waitpid(pid, 0)
with open(output, "wb") as f:
    f.write(received)
sys.exit(os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0
         else 128 - os.waitstatus_to_exitcode(status))
