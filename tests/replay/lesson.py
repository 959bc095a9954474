#!/usr/bin/env python3
"""tests/replay/lesson.py PORT - the lesson's exchange, played by three clients.

budi, siti and andi connect to obrol-server on 127.0.0.1:PORT, take their
nicks, and talk in a fixed order: each line is sent only after everyone has
received the one before it, so a recording of it is the same every time (but
for times and ports). Every wait is bounded (5 s); a missing line fails with
the line that was awaited. The lines said are printed, one per line, for the
tests that look for them in the replays.
"""
import socket
import sys
import time

TIMEOUT_S = 5.0
NICKS = ["budi", "siti", "andi"]
# (who, what they type, what the others receive)
SCRIPT = [
    ("budi", "Halo semua!", "MSG budi Halo semua!"),
    ("siti", "Halo budi, apa kabar?", "MSG siti Halo budi, apa kabar?"),
    ("andi", "/me melambai dari belakang kelas", "ME andi melambai dari belakang kelas"),
    ("budi", "Kabar baik, terima kasih!", "MSG budi Kabar baik, terima kasih!"),
    ("siti", "Satu recv() bukan satu pesan", "MSG siti Satu recv() bukan satu pesan"),
]


class Client:
    def __init__(self, port, nick):
        self.nick = nick
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S)
        self.buffer = b""

    def send(self, line):
        self.sock.sendall(line.encode() + b"\n")

    def expect(self, prefix):
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                if line.decode(errors="replace").startswith(prefix):
                    return
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buffer += chunk
        sys.exit(f"lesson.py: {self.nick} never received a line starting with {prefix!r}")


def main():
    port = int(sys.argv[1])
    clients = {}
    for nick in NICKS:
        clients[nick] = Client(port, nick)
        clients[nick].send("/nick " + nick)
        clients[nick].expect("OK nick " + nick)
    for nick in NICKS[:-1]:  # everyone knows everyone before the talk begins
        clients[nick].expect("NICK ")
    for who, typed, relayed in SCRIPT:
        clients[who].send(typed)
        clients[who].expect("OK ")
        for other in NICKS:
            if other != who:
                clients[other].expect(relayed)
        print(typed)
    for nick in reversed(NICKS):
        clients[nick].send("/quit sampai jumpa")
        clients[nick].expect("OK quit")
        clients[nick].sock.close()


if __name__ == "__main__":
    main()
