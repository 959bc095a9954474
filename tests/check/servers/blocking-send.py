#!/usr/bin/env python3
# blocking-send.py - a chat room with select() that sends with sendall() to everyone.
#
# Mistake: broadcast() calls sendall() on blocking sockets, one client after the
# other. When one client stops reading, its socket buffer fills, sendall() waits
# for it, and the whole room waits with it.
# Caught by: slow-reader.
# Everything else is relay-good.py; the wrong function is broadcast() (and, to
# go with it, accept_clients() leaves the clients' sockets blocking).
import select
import socket
import sys

MAX_LINE = 64 * 1024     # a client whose unfinished line grows past this is dropped
MAX_QUEUE = 4 * 1024 * 1024  # a client with this much waiting for it is dropped
FD_SETSIZE = 1024        # select() cannot watch a file descriptor this big


class Client:
    def __init__(self, sock):
        self.sock = sock
        self.name = b"client%d" % sock.fileno()
        self.inbuf = bytearray()    # bytes received, not yet a whole line
        self.outbuf = bytearray()   # bytes to send, waiting for select() to say "writable"


clients = {}  # socket -> Client


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(sys.argv[1])))
    listener.listen(128)
    listener.setblocking(False)
    print("relay ready on port", sys.argv[1], flush=True)
    while True:
        readers = [listener] + list(clients)
        writers = [sock for sock, client in clients.items() if client.outbuf]
        readable, writable, _ = select.select(readers, writers, [])
        for sock in readable:
            if sock is listener:
                accept_clients(listener)
            elif sock in clients:           # not dropped earlier in this round
                read_client(clients[sock])
        for sock in writable:
            if sock in clients:
                write_client(clients[sock])


def accept_clients(listener):
    """Accept every client waiting in the backlog."""
    while True:
        try:
            sock, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError:                     # out of fds, for one: try again later
            return
        if sock.fileno() >= FD_SETSIZE:
            sock.close()                    # select() could not watch it
            continue
        clients[sock] = Client(sock)


def read_client(client):
    """Take what the client sent; relay each whole line to the others."""
    try:
        data = client.sock.recv(4096)
    except (BlockingIOError, InterruptedError):
        return
    except OSError:                         # reset by the peer
        drop(client)
        return
    if not data:                            # the client closed its end
        drop(client)
        return
    client.inbuf += data
    while True:
        end = client.inbuf.find(b"\n")
        if end < 0:
            break
        line = bytes(client.inbuf[:end + 1])
        del client.inbuf[:end + 1]
        broadcast(client, client.name + b": " + line)
    if len(client.inbuf) > MAX_LINE:
        drop(client)


def broadcast(sender, line):
    """Send the line to every client but its sender, now.   <-- THE MISTAKE"""
    for client in list(clients.values()):
        if client is sender:
            continue
        try:
            client.sock.sendall(line)       # waits as long as this client does not read
        except OSError:
            drop(client)


def write_client(client):
    """Send what the queue holds, as much as the socket takes now."""
    try:
        sent = client.sock.send(client.outbuf)
    except (BlockingIOError, InterruptedError):
        return
    except OSError:                         # reset, or gone
        drop(client)
        return
    del client.outbuf[:sent]


def drop(client):
    del clients[client.sock]
    client.sock.close()


if __name__ == "__main__":
    main()
