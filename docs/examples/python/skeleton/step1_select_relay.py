"""Step 1 (skeleton): a chat relay with select().

Fill in the TODOs. Finished version: ../step1_select_relay.py.
Check:  obrol-check --spawn 'python3 step1_select_relay.py {port}'
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

while True:
    # select() sleeps until the listener or a client has something for us.
    readable, _, _ = select.select([listener] + list(clients), [], [])
    for sock in readable:
        if sock is listener:
            conn, addr = listener.accept()
            clients[conn] = f"client {addr[1]}"
            continue
        # TODO: recv() from sock. 0 bytes (b"") means the client has gone:
        #       forget it (it must leave the list you give select()) and close it.
        # TODO: send "name: " + the bytes to every OTHER client. A send that
        #       fails (the other client has gone) must not stop the server.
