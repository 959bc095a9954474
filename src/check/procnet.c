/*
 * procnet.c - read /proc/net/tcp{,6}: listeners, accept queues, send queues.
 */
#include "check/procnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROCNET_LISTEN 0x0A

/*
 * Look in one /proc/net file for the socket with local `port` and remote
 * port `peer_port` (0: a listening socket) and return its tx_queue (`want_tx`)
 * or rx_queue (a listener's rx_queue is its accept queue); -1 if not found.
 */
static long procnet_find(const char *path, unsigned port, unsigned peer_port, bool want_tx)
{
    char line[512];
    long found = -1;
    FILE *file = fopen(path, "r");

    if (file == NULL)
        return -1;
    while (found < 0 && fgets(line, sizeof(line), file) != NULL) {
        char local[128], remote[128];
        unsigned state;
        unsigned long tx, rx;
        const char *local_colon, *remote_colon;
        /* "  0: 0100007F:3039 00000000:0000 0A 00000000:00000003 ..." */
        if (sscanf(line, " %*s %127s %127s %x %lx:%lx", local, remote, &state, &tx, &rx) != 5 ||
            (local_colon = strrchr(local, ':')) == NULL ||
            (remote_colon = strrchr(remote, ':')) == NULL ||
            strtoul(local_colon + 1, NULL, 16) != port)
            continue;
        bool listener = peer_port == 0 && state == PROCNET_LISTEN;
        bool connection = peer_port != 0 && strtoul(remote_colon + 1, NULL, 16) == peer_port;
        if (listener || connection)
            found = (long)(want_tx ? tx : rx);
    }
    fclose(file);
    return found;
}

static long procnet_find_both(unsigned port, unsigned peer_port, bool want_tx)
{
    long v4 = procnet_find("/proc/net/tcp", port, peer_port, want_tx);

    return v4 >= 0 ? v4 : procnet_find("/proc/net/tcp6", port, peer_port, want_tx);
}

bool procnet_listening(unsigned port)
{
    if (access("/proc/net/tcp", R_OK) != 0)
        return true; /* /proc cannot tell: the checks' connects will */
    return procnet_find_both(port, 0, false) >= 0;
}

long procnet_accept_queue(unsigned port)
{
    return procnet_find_both(port, 0, false);
}

long procnet_send_queue(unsigned port, unsigned peer_port)
{
    return procnet_find_both(port, peer_port, true);
}
