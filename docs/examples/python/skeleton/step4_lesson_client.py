"""Step 4 (skeleton): the lesson's client is served too.

Start from your step 3. Finished version: ../step4_lesson_client.py.
Check:  obrol-check --spawn 'python3 step4_lesson_client.py {port}' --profile reply
"""
import time

SILENCE = 0.3  # seconds of silence that end the line of a client without newlines
ANSWER = b"Pesan diterima server\n"

# TODO: for each client remember whether it has ever sent a newline, and when
#       it last sent something (time.monotonic()).
# TODO: a client that never sent a newline and has been silent for SILENCE:
#       its buffer is one whole message.
# TODO: select()'s time-out: the time until the earliest such moment (None
#       when there is none: sleep until something happens).
# TODO: after relaying a message, queue ANSWER for its sender.
# TODO: recv() returned b"" while bytes are still in the buffer: that is the
#       last message; queue what is left for the client, then close it.
