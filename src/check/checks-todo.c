/* Temporary: checks not written yet. */
#include "check/checks.h"
#define TODO(name) enum check_result name(struct trial *trial) { return trial_skip(trial, "not written yet"); }
TODO(checks_many_clients) TODO(checks_fd_limit) TODO(checks_idle_cpu)
TODO(checks_obrol_welcome) TODO(checks_obrol_nick) TODO(checks_obrol_errors)
