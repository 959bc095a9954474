# obrol - build, test and demo.
#
#   make            build bin/obrol-server and bin/obrol-client
#   make test       lint, unit, integration, terminal and grader tests (SANITIZE=1: under ASan + UBSan)
#   make lint       cppcheck, function length, module cycles (LINT_STRICT=0: report only)
#   make demo       the classroom demo in tmux
#   make bench      the load generator against the server (docs/performance.md)
#   make install    install programs, man pages and translations (PREFIX, DESTDIR)
#   make deps       install the Debian packages for building, make demo and make test
#   make pot        the translation template, src/po/obrol.pot, for translators
#   make captures   regenerate the program output quoted in the docs (tests/docs/captures.sh)
#   make museum-captures  the same for the bug museum (docs/bug-museum.md)
#
# The packages a goal needs are installed, when missing, before anything is
# compiled: only those (see "Packages" below; `make -n GOAL` shows the list).

PREFIX     ?= /usr/local
BINDIR_INST = $(PREFIX)/bin
LOCALEDIR  ?= $(PREFIX)/share/locale
CC         ?= cc
SANITIZE   ?= 0

# ---- Packages ---------------------------------------------------------------

# The Debian packages each goal needs, besides those for building. The proof
# tools come only with the goals that use them: valgrind with
# `make test VALGRIND=1` (which runs lint, unit and integration tests only),
# clang with `make fuzz` (its libFuzzer runtime: fuzz-toolchain in
# tests/fuzz/fuzz.mk).
# libjansson-dev: JSON for obrol-check's --json and the traces of --record /
# obrol-replay (one JSON library for the whole project).
PACKAGES_build := build-essential pkg-config libncurses-dev gettext libjansson-dev
PACKAGES_FOR_demo             := tmux
# make bench runs the server in a tmux pane too: its own terminal paused, or showing -v.
PACKAGES_FOR_bench            := tmux
PACKAGES_FOR_lint             := cppcheck
PACKAGES_FOR_unit-test        := check
PACKAGES_FOR_integration-test := check $(if $(filter 1,$(VALGRIND)),valgrind)
PACKAGES_FOR_tui-test         := tmux
# the replay test plays the lesson's clients and parses the SVG with python3,
# and steps through the interactive replay in tmux.
PACKAGES_FOR_replay-test      := python3 tmux
# groff-base lints the man pages; iproute2 has ss, and ip for the LAN test's network;
# shellcheck checks the demo script.
PACKAGES_FOR_system-test      := tmux groff-base iproute2 shellcheck
# python3 runs the fixture servers that obrol-check grades, and reads its JSON
# (make check-test, make museum-test); the docs test compares the grading
# guides with obrol-check's texts with it.
PACKAGES_FOR_check-test       := python3
PACKAGES_FOR_museum-test      := python3
PACKAGES_FOR_docs-test        := python3
PACKAGES_FOR_test := $(PACKAGES_FOR_lint) $(PACKAGES_FOR_unit-test) $(PACKAGES_FOR_integration-test) \
                     $(PACKAGES_FOR_replay-test) \
                     $(if $(filter 1,$(VALGRIND)),,$(PACKAGES_FOR_tui-test) $(PACKAGES_FOR_system-test) \
                                                   $(PACKAGES_FOR_check-test) $(PACKAGES_FOR_museum-test) \
                                                   $(PACKAGES_FOR_docs-test))
PACKAGES_FOR_deps   := $(PACKAGES_FOR_demo) $(PACKAGES_FOR_test)
PACKAGES_FOR_fuzz   := clang
PACKAGES_FOR_format := clang-format
# make captures runs the programs as the docs show them: tmux, nc, python3, ss.
PACKAGES_FOR_captures := tmux netcat-openbsd python3 iproute2
PACKAGES_FOR_museum-captures := tmux python3
# Goals that compile nothing with the C compiler; every other goal (all,
# install, bench, soak, a single file...) needs PACKAGES_build.
GOALS_WITHOUT_BUILD := fuzz fuzz-% format clean uninstall

# What the goals on the command line need, all at once.
PACKAGES := $(sort $(foreach goal,$(or $(MAKECMDGOALS),all), \
                $(if $(filter $(GOALS_WITHOUT_BUILD),$(goal)),,$(PACKAGES_build)) \
                $(PACKAGES_FOR_$(goal)) $(if $(filter fuzz-%,$(goal)),$(PACKAGES_FOR_fuzz))))

# ---- Flavours: release (bin/) and sanitizer (build/asan/bin/) ----------------

ifeq ($(SANITIZE),1)
FLAVOUR   := asan
BIN       := build/asan/bin
OPTFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
else
FLAVOUR   := release
BIN       := bin
OPTFLAGS  := -O2 -g -D_FORTIFY_SOURCE=2
endif
BUILD := build/$(FLAVOUR)

WARNINGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Isrc/common -DLOCALEDIR='"$(LOCALEDIR)"'
CFLAGS   += $(WARNINGS) $(OPTFLAGS) -MMD -MP
LDFLAGS  += $(filter -fsanitize=%,$(OPTFLAGS))

# pkg-config runs when a recipe needs it (after `deps`), hence '=' and not ':='.
# ncursesw's own -D_XOPEN_SOURCE=600 would clash with ours, so it is filtered out.
CURSES_CFLAGS = $(filter-out -D_XOPEN_SOURCE%,$(shell pkg-config --cflags ncursesw))
CURSES_LIBS   = $(shell pkg-config --libs ncursesw)
CHECK_CFLAGS  = $(shell pkg-config --cflags check)
CHECK_LIBS    = $(shell pkg-config --libs check)
JSON_CFLAGS   = $(shell pkg-config --cflags jansson)
JSON_LIBS     = $(shell pkg-config --libs jansson)

# ---- Sources ----------------------------------------------------------------

COMMON_SRC := $(wildcard src/common/*.c)
SERVER_SRC := $(wildcard src/server/*.c)
CLIENT_SRC := $(wildcard src/client/*.c src/client/*/*.c)
# obrol-check, the grader (src/check), and obrol-replay (src/replay).
GRADER_SRC := $(wildcard src/check/*.c)
REPLAY_SRC := $(wildcard src/replay/*.c)
UNIT_SRC   := $(wildcard tests/unit/*.c)
INTEG_SRC  := $(wildcard tests/integration/*.c)
BENCH_SRC  := $(wildcard tests/bench/*.c)

objects = $(patsubst %.c,$(BUILD)/%.o,$(1))
# The trace format (src/common/trace.c) needs jansson: only the programs that
# record or replay link it.
TRACE_OBJ  := $(call objects,src/common/trace.c)
COMMON_OBJ := $(filter-out $(TRACE_OBJ),$(call objects,$(COMMON_SRC)))
SERVER_OBJ := $(call objects,$(SERVER_SRC))
CLIENT_OBJ := $(call objects,$(CLIENT_SRC))
GRADER_OBJ := $(call objects,$(GRADER_SRC))
REPLAY_OBJ := $(call objects,$(REPLAY_SRC))
# The unit tests link every module except the programs' main()s.
UNIT_LINKED := $(COMMON_OBJ) $(TRACE_OBJ) $(filter-out %/main.o,$(SERVER_OBJ) $(CLIENT_OBJ) $(GRADER_OBJ))

PROGRAMS := $(BIN)/obrol-server $(if $(CLIENT_SRC),$(BIN)/obrol-client) \
            $(if $(GRADER_SRC),$(BIN)/obrol-check) $(if $(REPLAY_SRC),$(BIN)/obrol-replay)

# Translations: src/po/LANG.po -> build/locale/LANG/LC_MESSAGES/obrol.mo, where
# the programs find them without being installed (src/common/i18n.c). The
# template is generated into build/ too: building never writes into src/.
PO_FILES := $(wildcard src/po/*.po)
MO_FILES := $(patsubst src/po/%.po,build/locale/%/LC_MESSAGES/obrol.mo,$(PO_FILES))
POT_FILE := build/po/obrol.pot
I18N_SOURCES := $(sort $(COMMON_SRC) $(SERVER_SRC) $(CLIENT_SRC) $(GRADER_SRC) $(REPLAY_SRC) \
                        $(wildcard src/*/*.h src/client/*/*.h))
# Every tests/unit/test_X.c and tests/integration/test_X.c is its own program.
UNIT_TESTS   := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/test_*.c))
INTEG_TESTS  := $(patsubst tests/integration/%.c,$(BUILD)/tests/integration/%,$(wildcard tests/integration/test_*.c))
INTEG_HELPERS := $(call objects,$(filter-out tests/integration/test_%,$(INTEG_SRC)))
BENCH_TOOL   := $(BUILD)/tests/obrol-bench

# Test programs are kept (make would delete them as intermediates).
.SECONDARY:

.PHONY: all test unit-test integration-test replay-test tui-test system-test docs-test check-test \
        museum-test captures museum-captures bench demo \
        install uninstall deps ensure-deps clean format lint pot
.DEFAULT_GOAL := all

all: $(PROGRAMS) $(MO_FILES) $(POT_FILE)

# ---- Dependencies -----------------------------------------------------------

# Shell commands that install the packages named in the shell variable $missing:
# with apt-get as root, or through sudo; otherwise they say how, and fail.
INSTALL_MISSING = echo "deps: installing:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else echo "deps: please run as root: apt-get update && apt-get install -y$$missing" >&2; exit 1; fi; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing

# Installs the packages of PACKAGES that are missing (quiet and fast when none
# is). Without dpkg (not Debian or Ubuntu) it cannot tell, and leaves it to you.
ensure-deps:
	@command -v dpkg-query >/dev/null || exit 0; \
	missing=""; for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] || { $(INSTALL_MISSING); }

deps: ensure-deps
	@echo "deps: installed: $(PACKAGES)"

# ---- Compiling --------------------------------------------------------------

$(BUILD)/src/server/dashboard.o: src/server/dashboard.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CURSES_CFLAGS) $(CFLAGS) -c -o $@ $<

# The client's headers are named by their folder: #include "model/chat.h".
$(BUILD)/src/client/%.o: src/client/%.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc/client $(CURSES_CFLAGS) $(CFLAGS) -c -o $@ $<

# The grader's headers are named by their folder too: #include "check/peer.h".
$(BUILD)/src/check/%.o: src/check/%.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc $(JSON_CFLAGS) $(CFLAGS) -c -o $@ $<

$(TRACE_OBJ): src/common/trace.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(JSON_CFLAGS) $(CFLAGS) -c -o $@ $<

# obrol-replay's headers: its own, and the server's narration it replays (#include "narrate.h").
$(BUILD)/src/replay/%.o: src/replay/%.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc -Isrc/server -Isrc/client $(JSON_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc -Isrc/server -Isrc/client -Itests $(CHECK_CFLAGS) $(CURSES_CFLAGS) $(JSON_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BIN)/obrol-server: $(SERVER_OBJ) $(COMMON_OBJ) $(TRACE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS) $(JSON_LIBS)

# obrol-replay speaks with the server's own sentences: it links narrate.c (and
# what narrate.c leans on), never the loop.
# and the --tui dashboard (dashboard.c, layout.c, eventlog.c) for its interactive replay;
# a client's trace is shown with the client's own model and views.
REPLAY_LINKED := $(filter %/narrate.o %/meaning.o %/timer.o %/terminal.o %/record.o %/dashboard.o \
                          %/layout.o %/eventlog.o,$(SERVER_OBJ)) \
                 $(filter $(BUILD)/src/client/model/% $(BUILD)/src/client/ui/% \
                          $(BUILD)/src/client/teach/%,$(CLIENT_OBJ))
$(BIN)/obrol-replay: $(REPLAY_OBJ) $(REPLAY_LINKED) $(COMMON_OBJ) $(TRACE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS) $(JSON_LIBS)

$(BIN)/obrol-client: $(CLIENT_OBJ) $(COMMON_OBJ) $(TRACE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS) $(JSON_LIBS)

$(BIN)/obrol-check: $(GRADER_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(JSON_LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(UNIT_LINKED)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(CURSES_LIBS) $(JSON_LIBS)

$(BUILD)/tests/integration/%: $(BUILD)/tests/integration/%.o $(INTEG_HELPERS) $(COMMON_OBJ) $(TRACE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(JSON_LIBS)

$(BENCH_TOOL): $(call objects,$(BENCH_SRC)) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^

# ---- Translations -------------------------------------------------------------

# The template of every translatable string, extracted from the sources.
$(POT_FILE): $(I18N_SOURCES) | ensure-deps
	@mkdir -p $(@D)
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	    --keyword=ngettext:1,2 --add-comments=TRANSLATORS: --package-name=obrol \
	    --msgid-bugs-address="the obrol maintainers" --sort-by-file -o $@ $(I18N_SOURCES)

build/locale/%/LC_MESSAGES/obrol.mo: src/po/%.po | ensure-deps
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# Asked for by a translator: the template beside the catalogs (git ignores it),
# to bring a catalog up to date with msgmerge --update src/po/LANG.po src/po/obrol.pot.
pot: $(POT_FILE)
	cp $(POT_FILE) src/po/obrol.pot

# ---- Tests ------------------------------------------------------------------

# Each runner prints Check's summary. The runners are independent (their own
# servers on ephemeral ports, their own tmux servers), so `make test` runs them
# side by side (-j, TEST_JOBS at a time, default: the number of CPUs) and shows
# each one's output whole when it ends (-O). Any failing runner fails the run.
# The two grading runners are the longest: they start first.
TEST_RUNNERS := $(if $(filter 1,$(VALGRIND)),,check-test museum-test) lint unit-test \
                integration-test replay-test $(if $(filter 1,$(VALGRIND)),,tui-test system-test docs-test)
TEST_JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
test:
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) -Otarget $(TEST_RUNNERS)

unit-test: $(UNIT_TESTS)
	@echo "== unit tests ($(FLAVOUR))"
	@bash tests/run-tests.sh unit $(UNIT_TESTS)

# VALGRIND=1: the integration tests run the server under valgrind's memcheck.
VALGRIND ?= 0
integration-test: $(PROGRAMS) $(INTEG_TESTS)
	@echo "== integration tests ($(FLAVOUR)$(if $(filter 1,$(VALGRIND)), + valgrind)): the real programs on 127.0.0.1"
	@OBROL_BIN=$(BIN) OBROL_VALGRIND=$(VALGRIND) bash tests/run-tests.sh integration $(INTEG_TESTS)

# Record, replay, report: a real server records the lesson, obrol-replay tells
# it, exports it, and refuses damaged traces (tests/replay/run.sh; python3).
replay-test: $(PROGRAMS) $(MO_FILES)
	@echo "== replay tests ($(FLAVOUR)): record -> replay -> report"
	@OBROL_BIN=$(BIN) bash tests/replay/run.sh

tui-test: $(PROGRAMS)
	@if [ -n "$(CLIENT_SRC)" ] && ls tests/tui/*.sh >/dev/null 2>&1; then \
	    echo "== terminal tests ($(FLAVOUR)): obrol-client in tmux"; \
	    OBROL_BIN=$(BIN) bash tests/tui/run.sh; \
	fi

# Whole-product checks: languages, man pages, make demo, make install, LAN hints.
# The script runs make itself, so it is given the make command - but through
# SYSTEM_TEST_MAKE: a recipe that names the MAKE variable directly is run even
# by `make -n`, and `make -n test` must run no test.
SYSTEM_TEST_MAKE = $(MAKE)
system-test: all
	@echo "== system tests ($(FLAVOUR))"
	@OBROL_BIN=$(BIN) MAKE="$(SYSTEM_TEST_MAKE)" SANITIZE=$(SANITIZE) bash tests/system/run.sh

# obrol-check against servers whose mistakes are known (tests/check/run.sh): the
# fixture servers of tests/check/servers, obrol-server and the lesson's server,
# each must fail exactly the checks its mistake names.
# The C fixtures are built with -O2 -D_FORTIFY_SOURCE=2 and no sanitizer in
# every flavour: no-fd-limit's FD_SET past FD_SETSIZE must meet glibc's check
# and abort, not corrupt memory silently.
CHECK_FIXTURES := $(patsubst tests/check/servers/%.c,$(BUILD)/tests/check/%,$(wildcard tests/check/servers/*.c))
$(BUILD)/tests/check/%: tests/check/servers/%.c | ensure-deps
	@mkdir -p $(@D)
	$(CC) -D_DEFAULT_SOURCE $(WARNINGS) -O2 -D_FORTIFY_SOURCE=2 -o $@ $<

# Under the sanitizers the programs are slower: fewer runs at once (CHECK_JOBS),
# so that the crowds of fd-limit still connect within --quick's time.
# The worksheet's Python steps (tests/docs/examples.sh) are graded at the same
# time, their report shown after run.sh's; either failing fails the target.
# The grading is CPU-bound (~20 s of CPU): more runs at once would not end
# sooner, only squeeze the crowds of fd-limit into too little time each.
check-test: $(PROGRAMS) $(CHECK_FIXTURES)
	@echo "== obrol-check tests ($(FLAVOUR)): servers with known mistakes, and the worksheet's steps, graded"
	@export OBROL_BIN=$(BIN); examples=$$(mktemp); \
	    EXAMPLES_JOBS=$(if $(filter 1,$(SANITIZE)),2,3) bash tests/docs/examples.sh >"$$examples" 2>&1 & pid=$$!; \
	    CHECK_FIXTURES=$(BUILD)/tests/check CHECK_JOBS=$(if $(filter 1,$(SANITIZE)),5,9) \
	        bash tests/check/run.sh; status=$$?; \
	    wait $$pid || status=1; cat "$$examples"; rm -f "$$examples"; exit $$status

# The docs against the programs: every --option, /command, make target and
# client key that README.md, docs/*.md and the man pages mention must exist
# (tests/docs/drift.sh; its own test first), and the grading guides quote each
# check of obrol-check in its own words (tests/docs/check-texts.py).
docs-test: $(PROGRAMS)
	@echo "== docs test ($(FLAVOUR)): what the docs mention exists"
	@export OBROL_BIN=$(BIN); bash tests/docs/test-drift.sh && bash tests/docs/drift.sh && \
	    python3 tests/docs/check-texts.py

# The bug museum, graded: each `obrol-server --bug NAME` fails exactly the
# obrol-check checks that name it, and with no mistake every check passes
# (tests/museum/run.sh; skipped, saying so, while obrol-check is not built).
# In make test it waits for check-test: both run obrol-check by the hundred,
# and side by side on two CPUs they slow each other past the checks' time-outs.
museum-test: $(PROGRAMS) | $(filter check-test,$(MAKECMDGOALS))
	@echo "== bug museum ($(FLAVOUR)): obrol-check against each obrol-server --bug NAME"
	@OBROL_BIN=$(BIN) bash tests/museum/run.sh

# The output quoted in the bug museum (docs/bug-museum.md, docs/museum-bug.md),
# made again from real runs (tests/docs/museum-captures.sh; needs python3, tmux).
museum-captures: all
	@OBROL_BIN=$(BIN) bash tests/docs/museum-captures.sh

# The program output quoted in README.md, docs/README.id.md and the teaching
# guides, made again from real runs (tests/docs/captures.sh; needs tmux, nc,
# python3, ss). It runs `make demo`, hence the make command given as for system-test.
captures: all
	@OBROL_BIN=$(BIN) MAKE="$(SYSTEM_TEST_MAKE)" bash tests/docs/captures.sh

# ---- Benchmark and demo -----------------------------------------------------

bench: $(BIN)/obrol-server $(BENCH_TOOL)
	OBROL_BIN=$(BIN) BENCH_TOOL=$(BENCH_TOOL) bash tests/bench/run.sh

# The classroom demo: the server and three clients in a tmux session of their
# own, laid out for the terminal's size. src/demo/obrol-demo.sh does it; its
# settings (DEMO_LANG, DEMO_STEP, DEMO_TUI, DEMO_PORT, DEMO_LAYOUT, DEMO_SIZE,
# DEMO_ATTACH, DEMO_TMUX, DEMO_SESSION, DEMO_BUG) are described there and passed on.
DEMO_SETTINGS := DEMO_LANG DEMO_STEP DEMO_TUI DEMO_PORT DEMO_LAYOUT DEMO_SIZE DEMO_ATTACH \
                 DEMO_TMUX DEMO_SESSION DEMO_BUG
demo: all | ensure-deps
	@$(foreach setting,$(DEMO_SETTINGS),$(if $($(setting)),$(setting)='$($(setting))')) \
	    OBROL_BIN=$(BIN) bash src/demo/obrol-demo.sh

# ---- Installing ---------------------------------------------------------------

MAN_PAGES := $(wildcard docs/man/*.1)
MANDIR    := $(PREFIX)/share/man/man1

install: all
	install -d $(DESTDIR)$(BINDIR_INST) $(DESTDIR)$(MANDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR_INST)/
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/
	for mo in $(MO_FILES); do \
	    lang=$$(basename $$(dirname $$(dirname $$mo))); \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
	    install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/obrol.mo; \
	done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR_INST)/,$(notdir $(PROGRAMS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/,$(notdir $(MAN_PAGES)))
	for mo in $(MO_FILES); do \
	    lang=$$(basename $$(dirname $$(dirname $$mo))); \
	    rm -f $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/obrol.mo; \
	done

# ---- Housekeeping -----------------------------------------------------------

clean:
	rm -rf build bin

format: | ensure-deps
	clang-format -i src/*/*.c src/*/*.h src/client/*/*.[ch] tests/*/*.c $(wildcard tests/*/*.h)

# The code is part of the lesson, so `make lint` (the first step of `make test`) checks:
#   cppcheck          no warnings, style included: a warning is fixed, not lived with;
#   function length   no function in src/ longer than 60 lines, unless
#                     tests/lint/long-functions.txt says why (how lines are counted:
#                     tests/lint/function-length.sh);
#   module cycles     the modules of src/server (with src/common) depend on each other
#                     in one direction only, read from their objects with nm
#                     (tests/lint/module-cycles.sh).
# The two scripts' own tests run first. Both structure checks always run and print
# what they find; LINT_STRICT=0 keeps their findings from failing the build.
LINT_STRICT ?= 1
LINT_MODULE_OBJ = $(SERVER_OBJ) $(COMMON_OBJ) $(TRACE_OBJ)
lint: $(LINT_MODULE_OBJ) | ensure-deps
	@echo "== cppcheck"
	@cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability,style \
	    --std=c11 --inline-suppr -D_DEFAULT_SOURCE -Isrc/common -Isrc/server -Isrc/client \
	    -Itests -Itests/integration src tests && echo "cppcheck: no warnings"
	@echo "== the lint scripts' own tests"
	@CC="$(CC)" bash tests/lint/test-function-length.sh && CC="$(CC)" bash tests/lint/test-module-cycles.sh
	@status=0; \
	echo "== function length (src/**/*.c)"; \
	bash tests/lint/function-length.sh || status=1; \
	echo "== module cycles (src/server and src/common objects)"; \
	bash tests/lint/module-cycles.sh $(LINT_MODULE_OBJ) || status=1; \
	if [ $$status -ne 0 ] && [ "$(LINT_STRICT)" = 0 ]; then \
	    echo "lint: LINT_STRICT=0: the findings above do not fail the build"; status=0; \
	fi; \
	exit $$status

# Fuzzing (make fuzz) and the soak test (make soak) have their own rules.
-include tests/fuzz/fuzz.mk
-include tests/soak/soak.mk

-include $(shell find build -name '*.d' 2>/dev/null)
