/*
 * test_net.c - address helpers behind the classroom join hints (src/common/net.c).
 */
#include "check-main.h"
#include "net.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

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

static Suite *net_suite(void)
{
    Suite *suite = suite_create("net");
    TCase *cases = tcase_create("addresses");

    tcase_add_test(cases, test_shareable_addresses);
    tcase_add_test(cases, test_format_host);
    suite_add_tcase(suite, cases);
    return suite;
}

CHECK_MAIN(net_suite)
