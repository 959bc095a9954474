# tests/fuzz/fuzz.mk - fuzzing the pure modules with libFuzzer (included by the Makefile).
#
#   make fuzz-build                      build every harness into build/fuzz/
#   make fuzz                            run each for FUZZ_SECONDS (default 60); fails on a finding
#   make fuzz FUZZ_SECONDS=10            the short run CI does
#   make fuzz-linebuf                    run one harness (fuzz-protocol, fuzz-sanitize, ...)
#
# The harnesses are built with clang from the module sources (not the gcc
# objects), under AddressSanitizer and UndefinedBehaviorSanitizer. clang is
# installed when missing (PACKAGES_FOR_fuzz in the Makefile), and so is
# libFuzzer's runtime if this clang lacks it (fuzz-toolchain below).
# tests/fuzz/README.md says what each harness proves.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build/fuzz
FUZZ_CFLAGS  := -std=c11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror -Wshadow \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CPPFLAGS := -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Isrc/common -Isrc/client -Itests/fuzz

# Each harness and the modules it links (pure ones only: none includes curses.h).
FUZZ_HARNESSES := linebuf protocol sanitize incoming client_display trace
FUZZ_MODULES_linebuf        := src/common/linebuf.c
FUZZ_MODULES_protocol       := src/common/protocol.c
FUZZ_MODULES_sanitize       := src/common/sanitize.c
FUZZ_MODULES_incoming       := src/client/net/incoming.c src/common/linebuf.c
FUZZ_MODULES_client_display := src/client/model/chat.c src/client/model/scrollback.c \
                               src/client/model/flow.c src/client/model/nicks.c \
                               src/client/teach/explain.c src/client/model/width.c \
                               src/client/net/incoming.c src/common/linebuf.c src/common/protocol.c \
                               src/common/ring.c src/common/sanitize.c
FUZZ_MODULES_trace          := src/common/trace.c src/common/outq.c src/common/clock.c \
                               src/common/fdset.c
# Libraries a harness needs besides its modules.
FUZZ_LIBS_trace             = $(shell pkg-config --libs jansson)

FUZZ_PROGRAMS := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_HARNESSES))

.PHONY: fuzz fuzz-build fuzz-toolchain $(patsubst %,fuzz-%,$(FUZZ_HARNESSES))

fuzz-build: $(FUZZ_PROGRAMS)

# Each harness runs in turn (make -j runs them side by side); the first finding fails the run.
fuzz: $(patsubst %,fuzz-%,$(FUZZ_HARNESSES))

# clang alone is not enough: -fsanitize=fuzzer needs libFuzzer's runtime,
# libclang_rt.fuzzer*.a. Some Debian and Ubuntu releases ship it with clang;
# others (Debian 12 and later) in libclang-rt-N-dev, where N is the major
# version of this clang: that package is installed when the test link fails.
FUZZ_LINKS = printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; (void)n; return 0; }\n' \
	| $(FUZZ_CC) -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null
fuzz-toolchain: | ensure-deps
	@$(FUZZ_LINKS) || { \
	    missing=" libclang-rt-$$($(FUZZ_CC) -dumpversion | cut -d. -f1)-dev"; $(INSTALL_MISSING); } || true
	@$(FUZZ_LINKS) || { \
	    echo "fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' does not link: libFuzzer's runtime" \
	         "(libclang_rt.fuzzer) is missing; on Debian: apt-get install libclang-rt-dev" >&2; exit 1; }

# One build rule and one run rule per harness.
define FUZZ_RULES
$(FUZZ_DIR)/fuzz_$(1): tests/fuzz/fuzz_$(1).c tests/fuzz/fuzz.h $(FUZZ_MODULES_$(1)) | fuzz-toolchain
	@mkdir -p $$(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -o $$@ tests/fuzz/fuzz_$(1).c $(FUZZ_MODULES_$(1)) $(FUZZ_LIBS_$(1))

# New inputs go to build/fuzz/corpus/$(1); the seeds in tests/fuzz/corpus/$(1) stay as they are.
fuzz-$(1): $(FUZZ_DIR)/fuzz_$(1)
	@mkdir -p $(FUZZ_DIR)/corpus/$(1) $(FUZZ_DIR)/artifacts
	@echo "== fuzz_$(1): $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/fuzz_$(1).log)"
	@if $(FUZZ_DIR)/fuzz_$(1) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_DIR)/artifacts/$(1)- \
	        $(FUZZ_DIR)/corpus/$(1) tests/fuzz/corpus/$(1) >$(FUZZ_DIR)/fuzz_$(1).log 2>&1; then \
	    runs=$$$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/fuzz_$(1).log); \
	    echo "   fuzz_$(1): no finding in $$$$runs runs"; \
	else \
	    tail -n 40 $(FUZZ_DIR)/fuzz_$(1).log; \
	    echo "fuzz_$(1): FOUND A PROBLEM; replay the input with:" \
	         "$(FUZZ_DIR)/fuzz_$(1) $(FUZZ_DIR)/artifacts/$(1)-*" >&2; \
	    exit 1; \
	fi
endef
$(foreach harness,$(FUZZ_HARNESSES),$(eval $(call FUZZ_RULES,$(harness))))
