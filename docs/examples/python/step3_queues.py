"""Step 3: never wait for a slow student — output queues and the write set.

send() on a blocking socket waits until the receiver's kernel has room; one
student who stops reading would freeze everyone. So every socket is
non-blocking, each client has an output queue, and we ask select() to tell us
when a socket can take more bytes (the write list). A client whose queue grows
too long is not reading at all: we let it go instead of storing its bytes
forever. And select() can only watch fds below 1024 (FD_SETSIZE): a client
beyond that is refused at once rather than crashing the server.

Run:   python3 step3_queues.py 12345
Test:  obrol-check --spawn 'python3 step3_queues.py {port}'

Passes the relay checks. Still missing: the lesson's client sends
"Halo server!" without a newline and waits for an answer; this server never
answers the sender (obrol-check --profile reply: reply, no-newline). Step 4.
"""
import select
import socket
import sys

MAX_LINE = 4096           # a longer "line" is cut: a client cannot fill our memory
MAX_QUEUE = 1024 * 1024   # bytes waiting for one client; beyond, it is not reading
MAX_FD = 1000             # select() cannot watch fd 1024 or above (FD_SETSIZE)

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


def take_lines(client):
    while b"\n" in client.inbox:
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
        drop(client)
        return
    client.inbox += data
    take_lines(client)


def write_to(client):
    try:
        sent = client.sock.send(client.outbox)  # sends what fits, never waits
    except BlockingIOError:
        return
    except OSError:
        drop(client)
        return
    client.outbox = client.outbox[sent:]


while True:
    want_write = [c.sock for c in clients.values() if c.outbox]
    readable, writable, _ = select.select([listener] + list(clients), want_write, [])
    for sock in readable:
        if sock is listener:
            accept_all()
        elif sock in clients:
            read_from(clients[sock])
    for sock in writable:
        if sock in clients:
            write_to(clients[sock])
