/*
 * procnet.h - what the kernel says about this machine's TCP sockets
 * (/proc/net/tcp and /proc/net/tcp6), for a server running here.
 *
 * The grader uses it to see what it cannot see from its own side of a
 * connection: that a spawned server listens (without a test connection,
 * which a server serving one client at a time would wait on), how many
 * connections wait in its accept queue (so that a crowd of clients does not
 * overflow its backlog), and how many bytes wait in the server's send queue
 * toward one client (so that peer-reset knows when the kernel buffers toward
 * a client that stopped reading are full and the server must hold the rest).
 * Every answer is -1 when /proc does not say (another system, another host).
 */
#ifndef OBROL_CHECK_PROCNET_H
#define OBROL_CHECK_PROCNET_H

#include <stdbool.h>

/* True if a socket listens on `port` here, or if /proc cannot tell. */
bool procnet_listening(unsigned port);

/* Connections completed by the kernel but not yet accept()ed on `port`, or -1. */
long procnet_accept_queue(unsigned port);

/* Bytes in the send queue of the connection from local `port` to `peer_port`, or -1. */
long procnet_send_queue(unsigned port, unsigned peer_port);

#endif
