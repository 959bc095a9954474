#!/usr/bin/env python3
# one-at-a-time.py - the lesson's server, as the lesson writes it: one client at a time.
#
# Mistake: main() accepts a client, waits for its message, answers, closes, and
# only then accepts the next one (tests/docs/lesson/server.py does the same). A
# client that connects and says nothing keeps everyone else waiting. The cure is
# the next lesson: select() (reply-good.py).
# Caught by: quiet-client (run with --profile reply).
# The backlog is big, so that many clients waiting in line are not refused: the
# one mistake is the loop in main(), which waits for one client at a time.
#
#   python3 one-at-a-time.py PORT
import socket
import sys


def main():
    server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_socket.bind(("127.0.0.1", int(sys.argv[1])))
    server_socket.listen(2048)
    print("server ready on port", sys.argv[1], flush=True)
    while True:                                         # <-- THE MISTAKE: one at a time
        client_socket, _ = server_socket.accept()
        try:
            data = client_socket.recv(1024)             # waits for THIS client only
            client_socket.sendall(b"Pesan diterima server: " + data.strip() + b"\n")
        except OSError:
            pass                                        # it left or was reset: next one
        client_socket.close()


if __name__ == "__main__":
    main()
