"""Step 3 (skeleton): output queues and the write set.

Start from your step 2. Finished version: ../step3_queues.py.
Check:  obrol-check --spawn 'python3 step3_queues.py {port}'
"""

MAX_QUEUE = 1024 * 1024  # bytes waiting for one client; beyond, it is not reading

outboxes = {}  # socket -> bytes queued for it, not yet sent

# TODO: select() cannot watch fd 1024 or above (FD_SETSIZE): close a new
#       client whose sock.fileno() is 1000 or more, at once.
# TODO: make every socket non-blocking: sock.setblocking(False) after accept().
# TODO: to relay, do not send: add the bytes to the receiver's outbox. If the
#       outbox grows past MAX_QUEUE, the client is not reading: close it.
# TODO: give select() a write list: the sockets whose outbox is not empty.
# TODO: for each writable socket: sent = sock.send(outbox) sends what fits
#       (never waits); keep outbox[sent:] for the next turn.
