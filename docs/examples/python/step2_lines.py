"""Step 2: one buffer per client, and a message ends at a newline.

TCP is a stream of bytes: one recv() may return half a line, or three lines.
So each client gets its own buffer; we add what recv() returns, and relay
only the complete lines (up to b"\\n"). The rest waits for its end.

Run:   python3 step2_lines.py 12345
Test:  obrol-check --spawn 'python3 step2_lines.py {port}'

Still wrong: sendall() blocks while a student is not reading, and the whole
room freezes with them (slow-reader); and select() cannot watch an fd of 1024
or more (fd-limit). Step 3 fixes both.
"""
import select
import socket
import sys

MAX_LINE = 4096  # a longer "line" is cut: a client cannot fill our memory

port = int(sys.argv[1]) if len(sys.argv) > 1 else 12345
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(64)
print(f"listening on port {port}", flush=True)

names = {}    # socket -> name
buffers = {}  # socket -> bytes received but not yet ended by a newline


def drop(sock):
    names.pop(sock, None)
    buffers.pop(sock, None)
    sock.close()


def relay(sender, line):
    message = names[sender].encode() + b": " + line + b"\n"
    for other in list(names):
        if other is not sender:
            try:
                other.sendall(message)  # MISTAKE: blocks while `other` is not reading
            except OSError:
                drop(other)


def take_lines(sock):
    """Relay every complete line in sock's buffer; keep the rest."""
    while sock in buffers and b"\n" in buffers[sock]:
        line, buffers[sock] = buffers[sock].split(b"\n", 1)
        relay(sock, line.rstrip(b"\r"))
    if sock in buffers and len(buffers[sock]) > MAX_LINE:
        relay(sock, buffers[sock])
        buffers[sock] = b""


while True:
    readable, _, _ = select.select([listener] + list(names), [], [])
    for sock in readable:
        if sock not in names and sock is not listener:
            continue  # dropped earlier in this turn
        if sock is listener:
            conn, addr = listener.accept()
            names[conn] = f"client {addr[1]}"
            buffers[conn] = b""
            continue
        try:
            data = sock.recv(4096)
        except OSError:
            data = b""
        if not data:
            drop(sock)
            continue
        buffers[sock] += data
        take_lines(sock)
