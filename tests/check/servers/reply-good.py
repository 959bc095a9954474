#!/usr/bin/env python3
# reply-good.py - the lesson's request/answer server, done with select().
#
# Mistake: none. obrol-check --profile reply must pass every check.
#
#   python3 reply-good.py PORT
#
# The lesson's server (tests/docs/lesson/server.py) answers one client, then
# the next: a client that connects and says nothing stops everyone. This one
# watches every client with select() and answers:
#   - each whole line, as soon as its newline has come;
#   - text without a newline (the lesson's client sends "Halo server!" and then
#     waits) after SILENCE seconds without new bytes, or when the client closes
#     its end.
# Sockets are non-blocking and answers wait in each client's queue until
# select() says the client can take them, as in relay-good.py.
import select
import socket
import sys
import time

SILENCE = 0.2            # seconds of quiet after which unfinished text is answered
MAX_LINE = 64 * 1024     # a client whose unfinished line grows past this is dropped
MAX_QUEUE = 256 * 1024   # a client with this much waiting for it is dropped
FD_SETSIZE = 1024        # select() cannot watch a file descriptor this big


class Client:
    def __init__(self, sock):
        self.sock = sock
        self.inbuf = bytearray()    # bytes received, not yet answered
        self.outbuf = bytearray()   # answers waiting for select() to say "writable"
        self.last_bytes = 0.0       # when the last bytes came (time.monotonic())
        self.closing = False        # it closed its end: drop it once its answer is out


clients = {}  # socket -> Client


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(sys.argv[1])))
    listener.listen(128)
    listener.setblocking(False)
    print("reply server ready on port", sys.argv[1], flush=True)
    while True:
        readers = [listener] + [sock for sock, c in clients.items() if not c.closing]
        writers = [sock for sock, client in clients.items() if client.outbuf]
        readable, writable, _ = select.select(readers, writers, [], next_timeout())
        for sock in readable:
            if sock is listener:
                accept_clients(listener)
            elif sock in clients:
                read_client(clients[sock])
        for sock in writable:
            if sock in clients:
                write_client(clients[sock])
        answer_quiet_text()


def next_timeout():
    """How long select() may wait: until the first unfinished text is due, else for ever."""
    due = [c.last_bytes + SILENCE for c in clients.values() if c.inbuf]
    if not due:
        return None
    return max(0.0, min(due) - time.monotonic())


def accept_clients(listener):
    """Accept every client waiting in the backlog."""
    while True:
        try:
            sock, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            return
        if sock.fileno() >= FD_SETSIZE:
            sock.close()                    # select() could not watch it
            continue
        sock.setblocking(False)
        clients[sock] = Client(sock)


def read_client(client):
    """Take what the client sent; answer each whole line."""
    try:
        data = client.sock.recv(4096)
    except (BlockingIOError, InterruptedError):
        return
    except OSError:
        drop(client)
        return
    if not data:                            # it closed its end: answer what is left
        if client.inbuf:
            answer(client, bytes(client.inbuf))
            client.inbuf.clear()
        client.closing = True
        if not client.outbuf:
            drop(client)
        return
    client.inbuf += data
    client.last_bytes = time.monotonic()
    while True:
        end = client.inbuf.find(b"\n")
        if end < 0:
            break
        answer(client, bytes(client.inbuf[:end]))
        del client.inbuf[:end + 1]
    if len(client.inbuf) > MAX_LINE:
        drop(client)


def answer_quiet_text():
    """Answer the unfinished text of every client that has been quiet for SILENCE."""
    now = time.monotonic()
    for client in list(clients.values()):
        if client.inbuf and now - client.last_bytes >= SILENCE:
            answer(client, bytes(client.inbuf))
            client.inbuf.clear()


def answer(client, text):
    client.outbuf += b"Pesan diterima server: " + text.rstrip(b"\r") + b"\n"
    if len(client.outbuf) > MAX_QUEUE:      # it asks and never reads the answers
        drop(client)


def write_client(client):
    """Send what the queue holds, as much as the socket takes now."""
    try:
        sent = client.sock.send(client.outbuf)
    except (BlockingIOError, InterruptedError):
        return
    except OSError:
        drop(client)
        return
    del client.outbuf[:sent]
    if client.closing and not client.outbuf:
        drop(client)


def drop(client):
    del clients[client.sock]
    client.sock.close()


if __name__ == "__main__":
    main()
