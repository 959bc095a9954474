#!/usr/bin/env python3
"""raw_server.py - servers that do not speak obrol's protocol, for the client's tests.

    python3 raw_server.py relay   # a student's first relay: every line it receives
                                  # goes to every *other* client, as it came; it
                                  # sends nothing else (no WELCOME, no OK)
    python3 raw_server.py silent  # accepts, never reads, never answers (a server
                                  # blocked elsewhere, as seen from the client)

It listens on 127.0.0.1, on a port the kernel picks, and prints "port N" once
listening; it ends when killed (the test's end) or after 120 s.
"""
import select
import socket
import sys
import time

LIFETIME_S = 120


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "relay"
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    print("port", listener.getsockname()[1], flush=True)
    clients = {}  # socket -> bytes received without a newline yet
    end = time.monotonic() + LIFETIME_S
    while time.monotonic() < end:
        watched = [listener] + (list(clients) if mode == "relay" else [])
        ready, _, _ = select.select(watched, [], [], 1.0)
        for sock in ready:
            if sock is listener:
                client, _ = listener.accept()
                clients[client] = b""
            else:
                relay(sock, clients)


def relay(sock, clients):
    data = sock.recv(4096)
    if not data:
        del clients[sock]
        sock.close()
        return
    clients[sock] += data
    while b"\n" in clients[sock]:
        line, clients[sock] = clients[sock].split(b"\n", 1)
        for other in clients:
            if other is not sock:
                other.sendall(line + b"\n")


if __name__ == "__main__":
    main()
