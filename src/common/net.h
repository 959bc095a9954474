/*
 * net.h - thin helpers around the socket calls both programs make.
 *
 * They exist so that the server and client read as the lesson does ("listen on
 * this address", "make this socket non-blocking") while every return value is
 * still checked here. Errors come back as -1 with a message in `error`.
 */
#ifndef OBROL_NET_H
#define OBROL_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* Room for "[ffff:...:ffff%interface]:65535" */
#define NET_ADDRESS_MAX 80

/* How many addresses one --bind name may resolve to (IPv4 and IPv6, say). */
#define NET_MAX_LISTENERS 4

/* The backlog: connections the kernel completes for us while we are busy. */
#define NET_LISTEN_BACKLOG 128

struct net_error {
    char text[256];
};

struct addrinfo; /* <netdb.h> */

/*
 * Resolve `host` (a name, an IPv4 or IPv6 address) and listen on `port` on every
 * address it gives: socket(), SO_REUSEADDR, bind(), listen(), non-blocking.
 * Port 0 asks the kernel for a free port; every listener then shares the one
 * the first was given. The IPv6 wildcard "::" listens for IPv4 too (dual-stack)
 * where the system allows, unless the name also gave 0.0.0.0.
 * Returns how many sockets were opened (fds in `fds`).
 */
int net_listen(const char *host, unsigned port, int fds[NET_MAX_LISTENERS],
               struct net_error *error);

/*
 * The addresses a name resolved to, in getaddrinfo()'s order ("localhost" may
 * give ::1 first, then 127.0.0.1), and the next one to try. A client tries
 * them in turn: a server listening on 127.0.0.1 only must not be missed
 * because ::1 came first and refused.
 */
struct net_candidates {
    struct addrinfo *list; /* NULL until net_resolve() */
    struct addrinfo *next; /* NULL when every one was tried */
};

/* Resolve host:port into `candidates` (freeing what they held); -1 with `error`. */
int net_resolve(const char *host, unsigned port, struct net_candidates *candidates,
                struct net_error *error);

/*
 * Start a non-blocking connect() to the next candidate that takes one: returns
 * the socket (done, or in progress: *in_progress) and its address in
 * `address`. An address that fails at once is passed over; -1 when none is
 * left, with the last failure in `error`. After a connect() that fails later
 * (net_connect_result()), close that socket and call this again.
 */
int net_connect_next(struct net_candidates *candidates, int *in_progress, char *address,
                     size_t room, struct net_error *error);

void net_candidates_free(struct net_candidates *candidates);

/*
 * Start connecting to host:port without waiting: returns a non-blocking socket
 * whose connect() is done or in progress (*in_progress set), to the first
 * address that did not fail at once. Wait for it to be writable, then call
 * net_connect_result(). (The bench uses it; the client uses the calls above,
 * to go on to the next address after a refusal.)
 */
int net_connect_start(const char *host, unsigned port, int *in_progress, struct net_error *error);

/* The outcome of a non-blocking connect(): 0, or an errno value. */
int net_connect_result(int fd);

int net_set_nonblocking(int fd);

/*
 * True for the errno values of a non-blocking call that found nothing to do
 * (EAGAIN, EWOULDBLOCK) or was interrupted by a signal (EINTR): not an error,
 * try again when select() says the socket is ready.
 */
bool net_would_block(int error);

/*
 * TCP keepalive: after `idle` seconds without traffic the kernel probes the
 * peer every `interval` seconds, and reports the connection dead after `count`
 * unanswered probes (a student's laptop that was switched off mid-lesson).
 */
int net_set_keepalive(int fd, int idle, int interval, int count);

/* True for 127.0.0.0/8 and ::1 (and IPv4-mapped 127.x). */
bool net_address_is_loopback(const struct sockaddr *address);

/* Turn off Nagle's algorithm: small chat lines go out at once. */
int net_set_nodelay(int fd);

/* True if a listening socket is bound to every interface (0.0.0.0 or ::). */
bool net_is_wildcard(int fd);

/* True for an IPv6 socket that takes IPv4 connections too (IPV6_V6ONLY off). */
bool net_is_dual_stack(int fd);

/* True if a listening socket takes connections of `family` (AF_INET, AF_INET6). */
bool net_listener_takes(int fd, int family);

/*
 * An IPv4 peer of a dual-stack socket arrives as ::ffff:a.b.c.d; turn such an
 * address back into the plain IPv4 one (a.b.c.d), so that it is shown, counted
 * and compared as students know it. Other addresses are left as they are.
 */
void net_unmap_ipv4(struct sockaddr_storage *address, socklen_t *length);

/*
 * True for an address other computers can use to reach this one: not loopback
 * (127.0.0.0/8, ::1), not link-local (169.254.0.0/16, fe80::/10), and of the
 * given family (AF_INET or AF_INET6).
 */
bool net_address_is_shareable(const struct sockaddr *address, int family);

/* The numeric host part only: "192.168.1.10" or "2001:db8::10". */
void net_format_host(const struct sockaddr *address, char *out, size_t room);

/* "127.0.0.1:12345" or "[::1]:12345" */
void net_format_address(const struct sockaddr *address, socklen_t length, char *out, size_t room);

/* The local address of a socket, formatted; and its port (0 on error). */
void net_local_address(int fd, char *out, size_t room);
unsigned net_local_port(int fd);

#endif
