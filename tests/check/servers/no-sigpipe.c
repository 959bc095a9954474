/* no-sigpipe.c - a chat room with select() in C that dies of SIGPIPE.
 *
 * Mistake: it never ignores SIGPIPE and sends without MSG_NOSIGNAL. When a
 * client has been reset, send() to it does not just fail: the kernel sends
 * the server SIGPIPE, whose default action ends the process. The whole room
 * goes down because one client left at the wrong moment.
 * Caught by: peer-reset.
 * The wrong lines: main() has no signal(SIGPIPE, SIG_IGN), and client_write()
 * passes 0 where MSG_NOSIGNAL belongs (both marked "THE MISTAKE"). Everything
 * else is correct: per-client input buffers framed on newline, non-blocking
 * sockets, per-client output queues with the write set, limits, FD_SETSIZE.
 * (Python ignores SIGPIPE for you, which is why this fixture is in C.)
 *
 *   no-sigpipe PORT
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_LINE (64 * 1024)   /* an unfinished line longer than this: dropped */
#define MAX_QUEUE (4 * 1024 * 1024) /* this much waiting for a client: dropped */

/* A growable byte buffer: used for both the input and the output of a client. */
struct buffer {
	char *data;
	size_t len, cap;
};

struct client {
	int fd;
	int dead;              /* to be closed at the end of this round */
	struct buffer in, out; /* bytes not yet a line; bytes not yet sent */
	struct client *next;
};

static struct client *clients; /* every connected client, newest first */

static void buffer_add(struct buffer *b, const char *data, size_t len)
{
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len)
			cap *= 2;
		char *grown = realloc(b->data, cap);
		if (grown == NULL) {
			perror("realloc");
			exit(1);
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

static void buffer_take(struct buffer *b, size_t len)
{
	memmove(b->data, b->data + len, b->len - len);
	b->len -= len;
}

static int listen_on(int port)
{
	struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, (struct sockaddr *)&address, sizeof address) < 0 || listen(fd, 128) < 0) {
		perror("listen");
		exit(1);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* Accept every client waiting in the backlog. */
static void accept_clients(int listener)
{
	for (;;) {
		int fd = accept(listener, NULL, NULL);
		if (fd < 0)
			return; /* EAGAIN: no more; EMFILE and others: next time */
		if (fd >= FD_SETSIZE) {
			close(fd); /* select() could not watch it */
			continue;
		}
		fcntl(fd, F_SETFL, O_NONBLOCK);
		struct client *c = calloc(1, sizeof *c);
		if (c == NULL) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->next = clients;
		clients = c;
	}
}

/* Queue a line for every client but its sender. */
static void broadcast(const struct client *sender, const char *line, size_t len)
{
	char prefix[32];
	int prefix_len = snprintf(prefix, sizeof prefix, "client%d: ", sender->fd);
	for (struct client *c = clients; c != NULL; c = c->next) {
		if (c == sender || c->dead)
			continue;
		buffer_add(&c->out, prefix, (size_t)prefix_len);
		buffer_add(&c->out, line, len);
		if (c->out.len > MAX_QUEUE)
			c->dead = 1; /* it stopped reading: let it go */
	}
}

/* Take what the client sent; relay each whole line to the others. */
static void client_read(struct client *c)
{
	char data[4096];
	ssize_t n = recv(c->fd, data, sizeof data, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) { /* it closed its end, or was reset */
		c->dead = 1;
		return;
	}
	buffer_add(&c->in, data, (size_t)n);
	char *newline;
	while ((newline = memchr(c->in.data, '\n', c->in.len)) != NULL) {
		size_t len = (size_t)(newline - c->in.data) + 1;
		broadcast(c, c->in.data, len);
		buffer_take(&c->in, len);
	}
	if (c->in.len > MAX_LINE)
		c->dead = 1;
}

/* Send what the queue holds, as much as the socket takes now. */
static void client_write(struct client *c)
{
	ssize_t n = send(c->fd, c->out.data, c->out.len, 0); /* <-- THE MISTAKE: 0, not MSG_NOSIGNAL */
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		c->dead = 1;
		return;
	}
	buffer_take(&c->out, (size_t)n);
}

/* Close and free the clients marked dead in this round. */
static void drop_dead(void)
{
	struct client **link = &clients;
	while (*link != NULL) {
		struct client *c = *link;
		if (!c->dead) {
			link = &c->next;
			continue;
		}
		*link = c->next;
		close(c->fd);
		free(c->in.data);
		free(c->out.data);
		free(c);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	int listener = listen_on(atoi(argv[1]));
	/* <-- THE MISTAKE: no signal(SIGPIPE, SIG_IGN) here */
	printf("relay ready on port %s\n", argv[1]);
	fflush(stdout);
	for (;;) {
		fd_set readable, writable;
		int max_fd = listener;
		FD_ZERO(&readable);
		FD_ZERO(&writable);
		FD_SET(listener, &readable);
		for (struct client *c = clients; c != NULL; c = c->next) {
			FD_SET(c->fd, &readable);
			if (c->out.len > 0)
				FD_SET(c->fd, &writable);
			if (c->fd > max_fd)
				max_fd = c->fd;
		}
		if (select(max_fd + 1, &readable, &writable, NULL, NULL) < 0) {
			if (errno == EINTR)
				continue;
			perror("select");
			return 1;
		}
		if (FD_ISSET(listener, &readable))
			accept_clients(listener);
		for (struct client *c = clients; c != NULL; c = c->next)
			if (FD_ISSET(c->fd, &readable))
				client_read(c);
		for (struct client *c = clients; c != NULL; c = c->next)
			if (FD_ISSET(c->fd, &writable))
				client_write(c);
		drop_dead();
	}
}
