# tether — build, run, test.
#
#   make          build ./tether
#   make run      install missing build packages, build, start tether
#   make check    install test packages, build with ASan+UBSan, run every test
#   make bench    side-by-side speed figures (tether vs curl, jq, ...)
#   make screenshots  regenerate screenshots/*.png from the real tether
#   make demo     tether on a throwaway store against local servers, offline
#   make fuzz     run each libFuzzer harness (tests/fuzz/) FUZZ_SECONDS (60)

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=

PKGS := ncursesw libcurl libcjson sqlite3 libsodium libmicrohttpd
QRENCODE := $(shell pkg-config --exists libqrencode 2>/dev/null && echo libqrencode)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(QRENCODE) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(if $(QRENCODE),-ldl)
# libqrencode is opened (dlopen) by its soname when a QR code is first
# drawn (ui/qr.c): only the authorize step draws one.
QRENCODE_SONAME := $(if $(QRENCODE),$(shell objdump -p \
	"$$(pkg-config --variable=libdir libqrencode)/libqrencode.so" 2>/dev/null | \
	awk '/SONAME/ { print $$2 }'))
QRENCODE := $(if $(QRENCODE_SONAME),$(QRENCODE))

# ./tether links these libraries in (when their static archives are
# installed, as Debian's -dev packages ship them): every one-shot command
# then starts without the dynamic loader looking up their symbols, which
# costs as much as the request itself. The test build links them all
# dynamically. `make STATIC_LIBS=` links ./tether dynamically too.
STATIC_LIBS ?= sqlite3 sodium ncursesw tinfo microhttpd
STATIC_HAVE := $(foreach l,$(STATIC_LIBS),$(if $(filter /%,$(shell $(CC) -print-file-name=lib$(l).a)),$(l)))
comma := ,
RELEASE_LIBS := $(if $(STATIC_HAVE),-Wl$(comma)-Bstatic $(addprefix -l,$(STATIC_HAVE)) -Wl$(comma)-Bdynamic \
                $(filter-out $(addprefix -l,$(STATIC_HAVE)),$(PKG_LIBS)) \
                $(if $(filter microhttpd,$(STATIC_HAVE)),-lgnutls),$(PKG_LIBS))

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation
DEFS    := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -DTETHER_DATADIR='"$(PREFIX)/share/tether"' \
           $(if $(QRENCODE),-DHAVE_QRENCODE=1 \
             -DTETHER_QRENCODE_SONAME='"$(QRENCODE_SONAME)"')
BASE_CFLAGS := -std=c17 $(WARN) $(DEFS) -Isrc -Iui $(PKG_CFLAGS) -MMD -MP

# Two build flavours in separate trees: release (./tether) and check
# (sanitizers, -Werror, used by every test).
RELEASE_CFLAGS := $(BASE_CFLAGS) -O2 -g
CHECK_CFLAGS   := $(BASE_CFLAGS) -O1 -g -Werror -fno-omit-frame-pointer \
                  -fsanitize=address,undefined -fno-sanitize-recover=undefined
CHECK_LDFLAGS  := -fsanitize=address,undefined

ENGINE_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
UI_SRC     := $(wildcard ui/*.c)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)

define objs
$(patsubst %.c,build/$(1)/%.o,$(2)) build/$(1)/gen/store_sql.o
endef

# Quiet by default; `make V=1` shows every command.
Q := $(if $(V),,@)

# The schema is compiled in: data/*.sql become build/<flavour>/gen/*.c.
SQL_SRC := data/schema.sql $(sort $(wildcard data/migrations/*.sql))

.PRECIOUS: build/%/gen/store_sql.c
build/%/gen/store_sql.c: $(SQL_SRC) data/embed-sql.sh
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh data/embed-sql.sh $(SQL_SRC) >$@.tmp && mv $@.tmp $@

build/release/gen/%.o: build/release/gen/%.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(RELEASE_CFLAGS) $(CFLAGS) -c -o $@ $<

build/check/gen/%.o: build/check/gen/%.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CHECK_CFLAGS) -c -o $@ $<

.PHONY: all run check bench deps deps-test deps-fuzz test-bin fuzz clean install format-files \
        screenshots demo format

all: tether

tether: $(call objs,release,src/main.c $(ENGINE_SRC) $(UI_SRC))
	$(CC) -o $@ $^ $(RELEASE_LIBS) -lm -lpthread

build/release/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(RELEASE_CFLAGS) $(CFLAGS) -c -o $@ $<

build/check/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (check)")
	$(Q)$(CC) $(CHECK_CFLAGS) -c -o $@ $<

build/check/tether: $(call objs,check,src/main.c $(ENGINE_SRC) $(UI_SRC))
	$(CC) $(CHECK_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm -lpthread

build/check/unit/%: build/check/tests/unit/%.o $(call objs,check,$(ENGINE_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(CHECK_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka -lm -lpthread

UNIT_BIN := $(patsubst tests/unit/%.c,build/check/unit/%,$(UNIT_SRC))

# Fuzz harnesses (tests/fuzz/fuzz_*.c): replay drivers in the check build
# (main() from tests/fuzz/replay.c), libFuzzer binaries with clang.
FUZZ_SRC    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY := $(patsubst tests/fuzz/%.c,build/check/fuzz/%,$(FUZZ_SRC))
FUZZ_BIN    := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := $(filter-out -Wno-format-truncation,$(BASE_CFLAGS)) -O1 -g \
                -fno-omit-frame-pointer -Wno-bitwise-instead-of-logical \
                -fsanitize=fuzzer-no-link,address,undefined
.SECONDARY: $(call objs,fuzz,$(ENGINE_SRC)) \
            $(patsubst %.c,build/fuzz/%.o,$(FUZZ_SRC)) \
            $(patsubst %.c,build/check/%.o,$(FUZZ_SRC) tests/fuzz/replay.c)

build/check/fuzz/%: build/check/tests/fuzz/%.o build/check/tests/fuzz/replay.o \
		$(call objs,check,$(ENGINE_SRC))
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CHECK_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm -lpthread

build/fuzz/gen/%.o: build/fuzz/gen/%.c
	@$(if $(Q),echo "  CC      $< (fuzz)")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $< (fuzz)")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o $(call objs,fuzz,$(ENGINE_SRC))
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ \
		$(PKG_LIBS) -lm -lpthread

test-bin: build/check/tether $(UNIT_BIN) $(FUZZ_REPLAY)

fuzz: deps-fuzz
	$(MAKE) --no-print-directory $(FUZZ_BIN)
	tests/fuzz/run $(FUZZ_SECONDS)

run: deps tether
	./tether

check: deps-test
	$(MAKE) --no-print-directory test-bin
	tests/run

bench: deps-test tether
	tests/bench/run

screenshots: deps-test tether
	tests/shots/shots.sh screenshots

demo: deps-test tether
	tests/demo/demo.sh

deps:
	@tests/deps.sh build

deps-test:
	@tests/deps.sh test

deps-fuzz:
	@tests/deps.sh fuzz

install: tether
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	           $(DESTDIR)$(PREFIX)/share/tether
	install -m 0755 tether $(DESTDIR)$(PREFIX)/bin/tether
	install -m 0644 data/schema.sql $(DESTDIR)$(PREFIX)/share/tether/
	if [ -f data/presets.json ]; then install -m 0644 data/presets.json $(DESTDIR)$(PREFIX)/share/tether/; fi
	if [ -f data/tether.1 ]; then install -m 0644 data/tether.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

# The C sources clang-format keeps in shape (tests/fmt/format.t checks them).
FORMAT_FILES = $(filter-out src/text_table.h,$(wildcard src/*.[ch] ui/*.[ch] \
               tests/unit/*.[ch] tests/fuzz/*.[ch] tests/bench/*.c))

format:
	clang-format -i $(FORMAT_FILES)

format-files:
	@echo $(FORMAT_FILES)

clean:
	rm -rf build tether

-include $(shell find build -name '*.d' 2>/dev/null)
