#!/usr/bin/env python3
"""museum-drive.py - the clients of one bug-museum exhibit (docs/bug-museum.md).

    python3 tests/docs/museum-drive.py NAME PORT SERVER_PID

Connects plain TCP clients to obrol-server on 127.0.0.1:PORT, makes the moves
that make mistake NAME bite, and prints what each client saw, one line each
("bob  <- MSG alice Hal"). Used by tests/docs/museum-captures.sh; the pauses
are for the captures (the class would type this slowly), not for tests.
"""
import os
import socket
import sys
import time

PORT = int(sys.argv[2])
ID = os.environ.get("MUSEUM_LANG") == "id"  # the annotations in Indonesian


def t(english, indonesian):
    return indonesian if ID else english


SERVER_PID = int(sys.argv[3])


KEPT = []  # every client, so that none is closed before the end (MUSEUM_LINGER)


class Client:
    def __init__(self, name, rcvbuf=None):
        KEPT.append(self)
        self.name = name
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.connect(("127.0.0.1", PORT))
        self.buf = b""

    def send(self, text):
        print(f"{self.name:6} -> {text!r}")
        self.sock.sendall(text.encode())

    def nick(self):
        self.sock.sendall(f"/nick {self.name}\n".encode())
        self.lines(0.3, show=False)

    def lines(self, seconds, show=True, prefix=""):
        """Read for `seconds`; print (and return) the lines starting with prefix."""
        got, deadline = [], time.time() + seconds
        self.sock.settimeout(0.05)
        while time.time() < deadline:
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError as error:
                print(f"{self.name:6} <- ({error.strerror})")
                break
            if not data:
                if show:
                    print(f"{self.name:6} <- " + t("(connection closed)", "(koneksi ditutup)"))
                break
            self.buf += data
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                text = line.decode(errors="replace")
                if text.startswith(prefix):
                    got.append(text)
                    if show:
                        print(f"{self.name:6} <- {text}")
        return got

    def reset(self):
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        self.sock.close()
        print(f"{self.name:6}    " + t("resets its connection (RST)", "me-reset koneksinya (RST)"))


def server_state():
    try:
        with open(f"/proc/{SERVER_PID}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return fields[0], int(fields[11]) + int(fields[12])
    except (OSError, IndexError):
        return "gone", 0


def cpu_percent(seconds):
    _, before = server_state()
    time.sleep(seconds)
    _, after = server_state()
    return min(100, 100 * (after - before) / os.sysconf("SC_CLK_TCK") / seconds)  # ticks: may round past 100


def flood(client, total=6 << 20):
    """Send `total` bytes of 1000-byte lines, until the server stops taking them."""
    client.sock.setblocking(False)
    line, sent, stalled = b"x" * 999 + b"\n", 0, time.time()
    while sent < total and time.time() - stalled < 0.5:
        try:
            sent += client.sock.send(line)
            stalled = time.time()
        except BlockingIOError:
            time.sleep(0.01)
    client.sock.setblocking(True)
    print(f"{client.name:6} -> {sent // 1000} " + t("lines of 1000 bytes, as fast as the server takes them",
                                                     "baris 1000 byte, secepat server mau menerimanya"))


def one_recv_one_message():
    alice, bob = Client("alice"), Client("bob")
    alice.nick(), bob.nick()
    alice.send("Hal")
    time.sleep(0.3)
    alice.send("o semua!\n")
    bob.lines(0.5, prefix="MSG")


def shared_buffer():
    alice, bob, carol = Client("alice"), Client("bob"), Client("carol")
    alice.nick(), bob.nick(), carol.nick()
    alice.send("Hal")
    time.sleep(0.3)
    bob.send("siapa di sini?\n")
    carol.lines(0.5, prefix="MSG")
    alice.send("o semua!\n")
    carol.lines(0.5, prefix="MSG")


def forget_closed():
    alice, bob = Client("alice"), Client("bob")
    alice.nick(), bob.nick()
    print(t("server CPU while both are connected and quiet", "CPU server selama keduanya terhubung dan diam")
          + f": {cpu_percent(1):.0f}%")
    bob.sock.close()
    print("bob       " + t("closes his connection", "menutup koneksinya"))
    time.sleep(0.2)
    print(t("server CPU in the second after bob left", "CPU server dalam satu detik setelah bob pergi")
          + f": {cpu_percent(1):.0f}%")


def no_sigpipe():
    alice, bob = Client("alice"), Client("bob", rcvbuf=4096)
    alice.nick()
    print("bob       " + t("stops reading (a small receive buffer)", "berhenti membaca (buffer penerimaan kecil)"))
    flood(alice)
    alice.lines(1, show=False)
    bob.reset()
    alice.send("still there?\n")
    alice.lines(1, prefix="MSG")
    time.sleep(0.3)
    state, _ = server_state()
    print("server    " + (t("is gone", "sudah mati") if state in ("gone", "Z")
                          else t("is still running", "masih berjalan")))


def blocking_send():
    alice, bob = Client("alice"), Client("bob", rcvbuf=4096)
    alice.nick()
    print("bob       " + t("stops reading (a small receive buffer)", "berhenti membaca (buffer penerimaan kecil)"))
    flood(alice)
    carol = Client("carol")
    carol.send("/ping hello\n")
    if not carol.lines(2, prefix="OK ping"):
        print("carol  <- " + t("(nothing in 2 s: the whole room waits for bob)",
                             "(tidak ada apa-apa dalam 2 s: seluruh ruang menunggu bob)"))


def one_at_a_time():
    quiet = Client("quiet")
    print("quiet     " + t("connects and says nothing", "terhubung lalu diam saja"))
    time.sleep(0.3)
    talker = Client("budi")
    talker.send("Halo server!\n")
    if not talker.lines(1.5):
        print("budi   <- " + t("(nothing in 1.5 s)", "(tidak ada apa-apa dalam 1,5 s)"))
    quiet.send("hi\n")
    quiet.lines(0.5)
    talker.lines(0.5)


def no_fd_limit():
    clients = []
    try:
        while len(clients) < 1100:
            sock = socket.create_connection(("127.0.0.1", PORT), timeout=2)
            clients.append(sock)
    except OSError as error:
        print(t(f"connection {len(clients) + 1} failed: {error.strerror}",
                f"koneksi ke-{len(clients) + 1} gagal: {error.strerror}"))
    print(t(f"{len(clients)} clients connected", f"{len(clients)} client terhubung"))
    time.sleep(0.5)
    state, _ = server_state()
    print("server    " + (t("is gone", "sudah mati") if state in ("gone", "Z")
                          else t("is still running", "masih berjalan")))


SCENARIOS = {
    "one-recv-one-message": one_recv_one_message,
    "shared-buffer": shared_buffer,
    "forget-closed": forget_closed,
    "no-sigpipe": no_sigpipe,
    "blocking-send": blocking_send,
    "one-at-a-time": one_at_a_time,
    "no-fd-limit": no_fd_limit,
}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    time.sleep(float(os.environ.get("MUSEUM_LINGER", "0")))  # clients stay (a dashboard capture)
