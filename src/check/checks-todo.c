/* Temporary: checks not written yet. */
#include "check/checks.h"
#define TODO(name) enum check_result name(struct trial *trial) { return trial_skip(trial, "not written yet"); }
TODO(checks_split_line) TODO(checks_utf8_split) TODO(checks_half_line)
TODO(checks_quiet_client) TODO(checks_slow_reader) TODO(checks_peer_reset) TODO(checks_long_line)
TODO(checks_many_clients) TODO(checks_fd_limit) TODO(checks_idle_cpu)
TODO(checks_obrol_welcome) TODO(checks_obrol_nick) TODO(checks_obrol_errors)
