/*
 * net.c - getaddrinfo-based listen and connect, socket options, addresses.
 */
#include "net.h"

#include "fdset.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void net_fail(struct net_error *error, const char *what, const char *detail)
{
    snprintf(error->text, sizeof(error->text), "%s: %s", what, detail);
}

/*
 * socket() for select(): -1 (error filled in) if it failed, or if it returned
 * an fd at or above FD_SETSIZE - the lowest free one, so no lower is free.
 */
static int net_socket(int family, int type, int protocol, struct net_error *error)
{
    int fd = socket(family, type, protocol);

    if (fd < 0) {
        net_fail(error, "socket()", strerror(errno));
    } else if (!fdset_selectable(fd)) {
        close(fd);
        fd = -1;
        net_fail(error, "socket()", _("no file descriptor below FD_SETSIZE is free for select()"));
    }
    return fd;
}

bool net_would_block(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

int net_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);

    if (flags < 0)
        return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int net_set_nodelay(int fd)
{
    int on = 1;

    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

int net_set_keepalive(int fd, int idle, int interval, int count)
{
    int on = 1;

    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) != 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle)) != 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof(interval)) != 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof(count)) != 0)
        return -1;
    return 0;
}

bool net_address_is_loopback(const struct sockaddr *address)
{
    if (address->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)address)->sin_addr.s_addr) >> 24) == 127;
    if (address->sa_family == AF_INET6) {
        const struct in6_addr *ip = &((const struct sockaddr_in6 *)address)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(ip) || (IN6_IS_ADDR_V4MAPPED(ip) && ip->s6_addr[12] == 127);
    }
    return false;
}

void net_format_address(const struct sockaddr *address, socklen_t length, char *out, size_t room)
{
    char host[NI_MAXHOST], port[NI_MAXSERV];

    if (getnameinfo(address, length, host, sizeof(host), port, sizeof(port),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        snprintf(out, room, "?");
        return;
    }
    if (address->sa_family == AF_INET6)
        snprintf(out, room, "[%s]:%s", host, port);
    else
        snprintf(out, room, "%s:%s", host, port);
}

bool net_is_wildcard(int fd)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);

    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0)
        return false;
    if (address.ss_family == AF_INET)
        return ((struct sockaddr_in *)&address)->sin_addr.s_addr == htonl(INADDR_ANY);
    if (address.ss_family == AF_INET6)
        return IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)&address)->sin6_addr);
    return false;
}

bool net_is_dual_stack(int fd)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);
    int v6only = 1;
    socklen_t option_length = sizeof(v6only);

    return getsockname(fd, (struct sockaddr *)&address, &length) == 0 &&
           address.ss_family == AF_INET6 &&
           getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &option_length) == 0 && v6only == 0;
}

bool net_listener_takes(int fd, int family)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);

    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0)
        return false;
    return address.ss_family == family || (family == AF_INET && net_is_dual_stack(fd));
}

void net_unmap_ipv4(struct sockaddr_storage *address, socklen_t *length)
{
    const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)address;
    struct sockaddr_in v4;

    if (address->ss_family != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr))
        return;
    memset(&v4, 0, sizeof(v4));
    v4.sin_family = AF_INET;
    v4.sin_port = v6->sin6_port;
    memcpy(&v4.sin_addr, &v6->sin6_addr.s6_addr[12], sizeof(v4.sin_addr)); /* the last 4 bytes */
    memcpy(address, &v4, sizeof(v4));
    *length = sizeof(v4);
}

bool net_address_is_shareable(const struct sockaddr *address, int family)
{
    if (address == NULL || address->sa_family != family)
        return false;
    if (family == AF_INET) {
        uint32_t ip = ntohl(((const struct sockaddr_in *)address)->sin_addr.s_addr);
        return (ip >> 24) != 127 && (ip >> 16) != 0xA9FE && ip != 0; /* 169.254/16 */
    }
    if (family == AF_INET6) {
        const struct in6_addr *ip = &((const struct sockaddr_in6 *)address)->sin6_addr;
        return !IN6_IS_ADDR_LOOPBACK(ip) && !IN6_IS_ADDR_LINKLOCAL(ip) &&
               !IN6_IS_ADDR_UNSPECIFIED(ip) && !IN6_IS_ADDR_V4MAPPED(ip);
    }
    return false;
}

void net_format_host(const struct sockaddr *address, char *out, size_t room)
{
    socklen_t length =
        address->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);

    if (getnameinfo(address, length, out, (socklen_t)room, NULL, 0, NI_NUMERICHOST) != 0)
        snprintf(out, room, "?");
}

void net_local_address(int fd, char *out, size_t room)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);

    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        snprintf(out, room, "?");
        return;
    }
    net_format_address((struct sockaddr *)&address, length, out, room);
}

unsigned net_local_port(int fd)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);

    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0)
        return 0;
    if (address.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&address)->sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    return 0;
}

/*
 * An IPv6 socket takes IPv4 connections too (as ::ffff:a.b.c.d) unless
 * IPV6_V6ONLY is set. The wildcard "::" is made dual-stack when the same name
 * gave no IPv4 wildcard to listen on beside it: `--bind ::` is the LAN option,
 * and most classrooms are IPv4. Where the system refuses (some BSDs, or
 * net.ipv6.bindv6only with a locked option), it stays IPv6 only. Every other
 * IPv6 socket is v6-only, so that "::" and "0.0.0.0" can be bound side by side.
 */
static bool net_set_v6only(int fd, bool dual_stack, struct net_error *error)
{
    int off = 0, on = 1;

    if (dual_stack && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == 0)
        return true;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == 0)
        return true;
    net_fail(error, "setsockopt(IPV6_V6ONLY)", strerror(errno));
    return false;
}

/* One listening socket on one resolved address; -1 with `error` filled in. */
static int net_listen_one(const struct addrinfo *info, bool dual_stack, struct net_error *error)
{
    int on = 1;
    int fd = net_socket(info->ai_family, info->ai_socktype, info->ai_protocol, error);

    if (fd < 0)
        return -1;
    /* Without SO_REUSEADDR a restarted server must wait out TIME_WAIT (~60 s). */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) {
        net_fail(error, "setsockopt(SO_REUSEADDR)", strerror(errno));
    } else if (info->ai_family == AF_INET6 && !net_set_v6only(fd, dual_stack, error)) {
        /* error filled in */
    } else if (bind(fd, info->ai_addr, info->ai_addrlen) != 0) {
        net_fail(error, "bind()", strerror(errno));
    } else if (listen(fd, NET_LISTEN_BACKLOG) != 0) {
        net_fail(error, "listen()", strerror(errno));
    } else if (net_set_nonblocking(fd) != 0) {
        net_fail(error, "fcntl(O_NONBLOCK)", strerror(errno));
    } else {
        return fd;
    }
    close(fd);
    return -1;
}

/* True for the wildcard address of `family` (0.0.0.0 or ::). */
static bool net_info_is_wildcard(const struct addrinfo *info, int family)
{
    if (info->ai_family != family)
        return false;
    if (family == AF_INET)
        return ((struct sockaddr_in *)info->ai_addr)->sin_addr.s_addr == htonl(INADDR_ANY);
    return IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)info->ai_addr)->sin6_addr);
}

/* True if `list` holds the wildcard of `family`. */
static bool net_list_has_wildcard(const struct addrinfo *list, int family)
{
    for (const struct addrinfo *info = list; info != NULL; info = info->ai_next) {
        if (net_info_is_wildcard(info, family))
            return true;
    }
    return false;
}

int net_listen(const char *host, unsigned port, int fds[NET_MAX_LISTENERS], struct net_error *error)
{
    struct addrinfo hints, *list, *info;
    char service[16];
    int count = 0;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(service, sizeof(service), "%u", port);
    int status = getaddrinfo(host, service, &hints, &list);
    if (status != 0) {
        net_fail(error, host, gai_strerror(status));
        return -1;
    }
    for (info = list; info != NULL && count < NET_MAX_LISTENERS; info = info->ai_next) {
        if (count > 0 && port == 0) {
            /* The kernel chose a port for the first socket: use it for all. */
            unsigned chosen = net_local_port(fds[0]);
            if (info->ai_family == AF_INET)
                ((struct sockaddr_in *)info->ai_addr)->sin_port = htons(chosen);
            else if (info->ai_family == AF_INET6)
                ((struct sockaddr_in6 *)info->ai_addr)->sin6_port = htons(chosen);
        }
        bool dual_stack =
            net_info_is_wildcard(info, AF_INET6) && !net_list_has_wildcard(list, AF_INET);
        int fd = net_listen_one(info, dual_stack, error);
        if (fd >= 0)
            fds[count++] = fd;
    }
    freeaddrinfo(list);
    return count > 0 ? count : -1;
}

int net_resolve(const char *host, unsigned port, struct net_candidates *candidates,
                struct net_error *error)
{
    struct addrinfo hints;
    char service[16];

    net_candidates_free(candidates);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    snprintf(service, sizeof(service), "%u", port);
    int status = getaddrinfo(host, service, &hints, &candidates->list);
    if (status != 0) {
        candidates->list = NULL;
        net_fail(error, host, gai_strerror(status));
        return -1;
    }
    candidates->next = candidates->list;
    net_fail(error, host, _("no usable address"));
    return 0;
}

/* Start a non-blocking connect() to one address: the socket, or -1 (error filled in). */
static int net_connect_one(const struct addrinfo *info, const char *address, int *in_progress,
                           struct net_error *error)
{
    int fd = net_socket(info->ai_family, info->ai_socktype, info->ai_protocol, error);

    if (fd < 0)
        return -1;
    if (net_set_nonblocking(fd) != 0) {
        net_fail(error, "fcntl(O_NONBLOCK)", strerror(errno));
        close(fd);
        return -1;
    }
    int result = connect(fd, info->ai_addr, info->ai_addrlen);
    if (result != 0 && errno != EINPROGRESS) { /* refused at once, unreachable... */
        char what[NET_ADDRESS_MAX + 16];
        int failure = errno;
        snprintf(what, sizeof(what), "connect() to %s", address);
        net_fail(error, what, strerror(failure));
        close(fd);
        return -1;
    }
    *in_progress = result != 0; /* EINPROGRESS: select() says when it is done */
    net_set_nodelay(fd);
    return fd;
}

int net_connect_next(struct net_candidates *candidates, int *in_progress, char *address,
                     size_t room, struct net_error *error)
{
    while (candidates->next != NULL) {
        const struct addrinfo *info = candidates->next;
        candidates->next = info->ai_next; /* tried once, whatever happens */
        net_format_address(info->ai_addr, info->ai_addrlen, address, room);
        int fd = net_connect_one(info, address, in_progress, error);
        if (fd >= 0)
            return fd;
    }
    return -1; /* every address failed: `error` holds the last failure */
}

void net_candidates_free(struct net_candidates *candidates)
{
    if (candidates->list != NULL)
        freeaddrinfo(candidates->list);
    candidates->list = candidates->next = NULL;
}

int net_connect_start(const char *host, unsigned port, int *in_progress, struct net_error *error)
{
    struct net_candidates candidates = {NULL, NULL};
    int fd = -1;

    if (net_resolve(host, port, &candidates, error) == 0) {
        char address[NET_ADDRESS_MAX];
        fd = net_connect_next(&candidates, in_progress, address, sizeof(address), error);
    }
    net_candidates_free(&candidates);
    return fd;
}

int net_connect_result(int fd)
{
    int result = 0;
    socklen_t length = sizeof(result);

    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &length) != 0)
        return errno;
    return result;
}
