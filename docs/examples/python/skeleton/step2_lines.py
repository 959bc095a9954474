"""Step 2 (skeleton): one buffer per client, and a message ends at a newline.

Start from your step 1 (or ../step1_select_relay.py) and change what happens
after recv(). Finished version: ../step2_lines.py.
Check:  obrol-check --spawn 'python3 step2_lines.py {port}'
"""

buffers = {}  # socket -> bytes received but not yet ended by a newline


def take_lines(sock, data):
    """Called with what recv() returned from sock."""
    # TODO: add `data` to this client's own buffer.
    # TODO: while the buffer holds b"\n": cut off the first line and relay it
    #       (with its newline) to every other client.
    # TODO: a buffer without a newline that grows past a few KiB: relay it as
    #       a line and empty it, so that one client cannot fill your memory.
