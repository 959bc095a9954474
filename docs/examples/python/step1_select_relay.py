"""Step 1: a chat relay with select().

One program serves every student at once: select() tells us which sockets
have something for us, so we never sit in accept() or recv() waiting for one
student while the others wait for us.

Run:   python3 step1_select_relay.py 12345
Test:  obrol-check --spawn 'python3 step1_select_relay.py {port}'

Still wrong (obrol-check says so): whatever one recv() returns is relayed as a
message (split-line, utf8-split, half-line-blocks-none), and send() blocks
when a student stops reading (slow-reader), and select() fails on an fd of
1024 or more (fd-limit). Step 2 fixes the first.
"""
import select
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 12345
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(64)
print(f"listening on port {port}", flush=True)

clients = {}  # socket -> name


def drop(sock):
    """Forget a client that has left: it must leave the read list too."""
    clients.pop(sock, None)
    sock.close()


while True:
    readable, _, _ = select.select([listener] + list(clients), [], [])
    for sock in readable:
        if sock is listener:
            conn, addr = listener.accept()
            clients[conn] = f"client {addr[1]}"
            continue
        try:
            data = sock.recv(4096)
        except OSError:
            data = b""
        if not data:  # recv() returned 0 bytes: the client has gone
            drop(sock)
            continue
        message = clients[sock].encode() + b": " + data  # MISTAKE: one recv() is not one message
        for other in list(clients):
            if other is not sock:
                try:
                    other.sendall(message)  # MISTAKE: blocks while `other` is not reading
                except OSError:
                    drop(other)
