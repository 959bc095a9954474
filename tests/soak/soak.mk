# tests/soak/soak.mk - the soak test (make soak), included by the top Makefile.
#
#   make soak                          300 s with the default rate limit, then 60 s
#                                      with --rate 0 (docs/reliability.md)
#   make soak SOAK_SECONDS=60 SOAK_RATE0_SECONDS=0
#   make SANITIZE=1 soak SOAK_SECONDS=60          the same under ASan + UBSan
#
# Not part of `make test`: it takes minutes and loads the machine.

SOAK_SECONDS       ?= 300
SOAK_RATE0_SECONDS ?= 60
SOAK_SRC  := $(wildcard tests/soak/*.c)
SOAK_TOOL := $(BUILD)/tests/obrol-soak

.PHONY: soak

$(SOAK_TOOL): $(patsubst %.c,$(BUILD)/%.o,$(SOAK_SRC)) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^

soak: $(BIN)/obrol-server $(SOAK_TOOL)
	OBROL_BIN=$(BIN) SOAK_TOOL=$(SOAK_TOOL) SOAK_SECONDS=$(SOAK_SECONDS) \
	    SOAK_RATE0_SECONDS=$(SOAK_RATE0_SECONDS) bash tests/soak/run.sh
