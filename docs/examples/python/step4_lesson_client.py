"""Step 4: the lesson's client is served too — and the time-out of select().

The lesson's client sends "Halo server!" WITHOUT a newline, then waits in
recv() for an answer. A server that waits for the newline waits forever, and
so does the client. So: the bytes of a client that has never ended a line are
taken as a whole message once it has been silent for a moment (SILENCE), or
when it closes. To notice silence, select() is given a time-out: the time
until the earliest such moment. And every message gets an answer to its
sender — "Pesan diterima server", as in the lesson — while the others get the
message itself.

Run:   python3 step4_lesson_client.py 12345
Test:  obrol-check --spawn 'python3 step4_lesson_client.py {port}'
       obrol-check --spawn 'python3 step4_lesson_client.py {port}' --profile reply
Both pass: this is a server the lesson's client and a chat room can share.
"""
import select
import socket
import sys
import time

MAX_LINE = 4096           # a longer "line" is cut: a client cannot fill our memory
MAX_QUEUE = 1024 * 1024   # bytes waiting for one client; beyond, it is not reading
MAX_FD = 1000             # select() cannot watch fd 1024 or above (FD_SETSIZE)
SILENCE = 0.3             # seconds of silence that end the line of a client without newlines
ANSWER = b"Pesan diterima server\n"

port = int(sys.argv[1]) if len(sys.argv) > 1 else 12345
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(64)
listener.setblocking(False)
print(f"listening on port {port}", flush=True)


class Client:
    def __init__(self, sock, name):
        self.sock = sock
        self.name = name
        self.inbox = b""   # received, not yet ended by a newline
        self.outbox = b""  # queued for this client, not yet sent
        self.ended_a_line = False  # has it ever sent a newline?
        self.closing = False       # it has closed its side; we only send what is left
        self.last_heard = time.monotonic()


clients = {}  # socket -> Client


def drop(client):
    clients.pop(client.sock, None)
    client.sock.close()


def queue(client, data):
    client.outbox += data
    if len(client.outbox) > MAX_QUEUE:
        drop(client)


def relay(sender, line):
    message = sender.name.encode() + b": " + line + b"\n"
    for other in list(clients.values()):
        if other is not sender:
            queue(other, message)
    if sender.sock in clients:
        queue(sender, ANSWER)


def take_lines(client):
    while b"\n" in client.inbox:
        client.ended_a_line = True
        line, client.inbox = client.inbox.split(b"\n", 1)
        relay(client, line.rstrip(b"\r"))
    if len(client.inbox) > MAX_LINE:
        relay(client, client.inbox)
        client.inbox = b""


def accept_all():
    while True:
        try:
            sock, addr = listener.accept()
        except BlockingIOError:
            return
        if sock.fileno() >= MAX_FD:  # select() could not watch it: say no at once
            sock.close()
            continue
        sock.setblocking(False)
        clients[sock] = Client(sock, f"client {addr[1]}")


def read_from(client):
    try:
        data = client.sock.recv(4096)
    except BlockingIOError:
        return
    except OSError:
        data = b""
    if not data:
        if client.inbox:  # the last line, unended: still a message
            relay(client, client.inbox)
            client.inbox = b""
        flush_and_drop(client)
        return
    client.last_heard = time.monotonic()
    client.inbox += data
    take_lines(client)


def flush_and_drop(client):
    """The client closed its side: we read no more from it, send what is
    queued for it (write_to, when select() says it can take bytes), then close."""
    client.closing = True
    if not client.outbox:
        drop(client)


def silent_until(client):
    """When the unended bytes of a client count as a message, or None."""
    if client.ended_a_line or not client.inbox or client.closing:
        return None
    return client.last_heard + SILENCE


def end_silent_lines(now):
    for client in list(clients.values()):
        deadline = silent_until(client)
        if deadline is not None and deadline <= now:
            line, client.inbox = client.inbox, b""
            relay(client, line)


def time_out(now):
    """select()'s time-out: until the earliest silence ends; None = no limit."""
    deadlines = [d for d in map(silent_until, clients.values()) if d is not None]
    return max(0.0, min(deadlines) - now) if deadlines else None


def write_to(client):
    try:
        sent = client.sock.send(client.outbox)  # sends what fits, never waits
    except BlockingIOError:
        return
    except OSError:
        drop(client)
        return
    client.outbox = client.outbox[sent:]
    if client.closing and not client.outbox:
        drop(client)


while True:
    want_write = [c.sock for c in clients.values() if c.outbox]
    want_read = [c.sock for c in clients.values() if not c.closing]
    readable, writable, _ = select.select([listener] + want_read, want_write, [],
                                          time_out(time.monotonic()))
    for sock in readable:
        if sock is listener:
            accept_all()
        elif sock in clients:
            read_from(clients[sock])
    for sock in writable:
        if sock in clients:
            write_to(clients[sock])
    end_silent_lines(time.monotonic())
