/*
 * test_net.c - address helpers behind the classroom join hints (src/common/net.c).
 */
#include "check-main.h"
#include "net.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <sys/select.h>
#include <string.h>
#include <unistd.h>

static struct sockaddr_storage net_test_address(const char *text)
{
    struct sockaddr_storage address;

    memset(&address, 0, sizeof(address));
    if (strchr(text, ':') != NULL) {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&address;
        v6->sin6_family = AF_INET6;
        ck_assert_int_eq(inet_pton(AF_INET6, text, &v6->sin6_addr), 1);
    } else {
        struct sockaddr_in *v4 = (struct sockaddr_in *)&address;
        v4->sin_family = AF_INET;
        ck_assert_int_eq(inet_pton(AF_INET, text, &v4->sin_addr), 1);
    }
    return address;
}

static bool net_test_shareable(const char *text, int family)
{
    struct sockaddr_storage address = net_test_address(text);

    return net_address_is_shareable((struct sockaddr *)&address, family);
}

/* Students can reach a LAN address, never loopback or link-local ones. */
START_TEST(test_shareable_addresses)
{
    ck_assert(net_test_shareable("192.168.1.10", AF_INET));
    ck_assert(net_test_shareable("10.0.0.5", AF_INET));
    ck_assert(!net_test_shareable("127.0.0.1", AF_INET));
    ck_assert(!net_test_shareable("127.10.0.1", AF_INET));
    ck_assert(!net_test_shareable("169.254.3.4", AF_INET));
    ck_assert(!net_test_shareable("0.0.0.0", AF_INET));
    ck_assert(net_test_shareable("2001:db8::10", AF_INET6));
    ck_assert(!net_test_shareable("::1", AF_INET6));
    ck_assert(!net_test_shareable("fe80::1", AF_INET6));
    ck_assert(!net_test_shareable("::", AF_INET6));
    ck_assert(!net_test_shareable("::ffff:192.168.1.10", AF_INET6));
    /* A listener of one family only offers addresses of that family. */
    ck_assert(!net_test_shareable("192.168.1.10", AF_INET6));
    ck_assert(!net_test_shareable("2001:db8::10", AF_INET));
    ck_assert(!net_address_is_shareable(NULL, AF_INET)); /* getifaddrs() may give NULL */
}
END_TEST

/* The host part is printed as students must type it: no brackets, no port. */
START_TEST(test_format_host)
{
    struct sockaddr_storage v4 = net_test_address("192.168.1.10");
    struct sockaddr_storage v6 = net_test_address("2001:db8::10");
    char text[NET_ADDRESS_MAX];

    net_format_host((struct sockaddr *)&v4, text, sizeof(text));
    ck_assert_str_eq(text, "192.168.1.10");
    net_format_host((struct sockaddr *)&v6, text, sizeof(text));
    ck_assert_str_eq(text, "2001:db8::10");
}
END_TEST

/* An IPv4 peer of a dual-stack socket (::ffff:192.168.1.5) becomes 192.168.1.5, port kept. */
START_TEST(test_unmap_ipv4)
{
    struct sockaddr_storage mapped = net_test_address("::ffff:192.168.1.5");
    struct sockaddr_storage v6 = net_test_address("2001:db8::10");
    socklen_t length = sizeof(struct sockaddr_in6);
    char text[NET_ADDRESS_MAX];

    ((struct sockaddr_in6 *)&mapped)->sin6_port = htons(40000);
    net_unmap_ipv4(&mapped, &length);
    ck_assert_int_eq(mapped.ss_family, AF_INET);
    ck_assert_uint_eq(length, sizeof(struct sockaddr_in));
    net_format_address((struct sockaddr *)&mapped, length, text, sizeof(text));
    ck_assert_str_eq(text, "192.168.1.5:40000");
    length = sizeof(struct sockaddr_in6);
    net_unmap_ipv4(&v6, &length); /* a real IPv6 address stays */
    ck_assert_int_eq(v6.ss_family, AF_INET6);
    ck_assert_uint_eq(length, sizeof(struct sockaddr_in6));
}
END_TEST

/* "::" listens for both families (dual-stack); "127.0.0.1" for IPv4 only. */
START_TEST(test_listen_any_is_dual_stack)
{
    int fds[NET_MAX_LISTENERS];
    struct net_error error = {.text = ""};

    ck_assert_int_eq(net_listen("127.0.0.1", 0, fds, &error), 1);
    ck_assert(net_listener_takes(fds[0], AF_INET) && !net_listener_takes(fds[0], AF_INET6));
    close(fds[0]);
    if (net_listen("::", 0, fds, &error) != 1) {
        fprintf(stderr, "test_net: skipped: cannot listen on :: (%s)\n", error.text);
        return;
    }
    ck_assert(net_is_wildcard(fds[0]) && net_is_dual_stack(fds[0]));
    ck_assert(net_listener_takes(fds[0], AF_INET) && net_listener_takes(fds[0], AF_INET6));
    close(fds[0]);
}
END_TEST

/* A loopback port: listening (a socket that listens), or not (a port just freed). */
static unsigned net_test_port(bool listening, int *fd)
{
    struct sockaddr_in address;
    socklen_t length = sizeof(address);

    *fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(*fd, (struct sockaddr *)&address, sizeof(address)), 0);
    ck_assert_int_eq(getsockname(*fd, (struct sockaddr *)&address, &length), 0);
    if (listening)
        ck_assert_int_eq(listen(*fd, 4), 0);
    else
        close(*fd); /* nobody listens there now: a connection is refused */
    return ntohs(address.sin_port);
}

/* Wait until a connect() in progress is done; its result (0 or an errno value). */
static int net_test_finish(int fd)
{
    fd_set writable;
    struct timeval wait = {.tv_sec = 3, .tv_usec = 0};

    FD_ZERO(&writable);
    FD_SET(fd, &writable);
    ck_assert_int_eq(select(fd + 1, NULL, &writable, NULL, &wait), 1);
    return net_connect_result(fd);
}

/*
 * A name that resolves to two addresses, the first refusing (like "localhost"
 * as ::1 while the server listens on 127.0.0.1 only): net_connect_next()
 * reaches the second, whether the first fails at once or only when select()
 * says the connect() is done. Built as a fake list of two addrinfo entries.
 */
START_TEST(test_connect_tries_each_address_in_turn)
{
    struct sockaddr_in refusing, listening;
    struct addrinfo second = {.ai_family = AF_INET,
                              .ai_socktype = SOCK_STREAM,
                              .ai_addr = (struct sockaddr *)&listening,
                              .ai_addrlen = sizeof(listening)};
    struct addrinfo first = {.ai_family = AF_INET,
                             .ai_socktype = SOCK_STREAM,
                             .ai_addr = (struct sockaddr *)&refusing,
                             .ai_addrlen = sizeof(refusing),
                             .ai_next = &second};
    struct net_candidates candidates = {.list = NULL, .next = &first};
    struct net_error error = {.text = ""};
    char address[NET_ADDRESS_MAX], expected[NET_ADDRESS_MAX];
    int listener, unused, in_progress = 0, fd;

    memset(&refusing, 0, sizeof(refusing));
    refusing.sin_family = AF_INET;
    refusing.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    listening = refusing;
    refusing.sin_port = htons((uint16_t)net_test_port(false, &unused));
    listening.sin_port = htons((uint16_t)net_test_port(true, &listener));

    snprintf(expected, sizeof(expected), "127.0.0.1:%u", ntohs(refusing.sin_port));
    fd = net_connect_next(&candidates, &in_progress, address, sizeof(address), &error);
    if (fd >= 0 && strcmp(address, expected) == 0) {
        /* not refused at once: the refusal comes when the connect() is done */
        ck_assert(in_progress);
        ck_assert_int_eq(net_test_finish(fd), ECONNREFUSED);
        close(fd);
        fd = net_connect_next(&candidates, &in_progress, address, sizeof(address), &error);
    }
    ck_assert_int_ge(fd, 0);
    snprintf(expected, sizeof(expected), "127.0.0.1:%u", ntohs(listening.sin_port));
    ck_assert_str_eq(address, expected);
    ck_assert_int_eq(in_progress ? net_test_finish(fd) : 0, 0);
    close(fd);
    ck_assert_ptr_null(candidates.next); /* both were tried */
    ck_assert_int_eq(net_connect_next(&candidates, &in_progress, address, sizeof(address), &error),
                     -1);
    close(listener);
}
END_TEST

static Suite *net_suite(void)
{
    Suite *suite = suite_create("net");
    TCase *cases = tcase_create("addresses");

    tcase_add_test(cases, test_shareable_addresses);
    tcase_add_test(cases, test_format_host);
    tcase_add_test(cases, test_unmap_ipv4);
    tcase_add_test(cases, test_listen_any_is_dual_stack);
    tcase_add_test(cases, test_connect_tries_each_address_in_turn);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(net_suite)
