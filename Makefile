# digimittari - build, test and run.  `make help` lists the targets.
# Quiet unless V=1.  Warnings are errors.  Tests run under ASan + UBSan.

CC      ?= cc
PREFIX  ?= /usr/local
CONFIG  ?= input/kaustisen-seutu.ini
V       ?= 0
ifeq ($(V),1)
Q :=
else
Q := @
endif

# Debian 12 puts every header in /usr/include, so no pkg-config is needed (and
# the packages may not be installed yet when make reads this file).
DEPS_CFLAGS :=
DEPS_LIBS   := -lcsv -lgsl -lgslcblas -linih -lhpdf -ldeflate -lxxhash -lunistring -lzip -lexpat -lxlsxwriter -lvoikko -lhyphen -lm -pthread

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
FONTDIR := /usr/share/fonts/truetype/dejavu
DEFS    := -DDM_FONT_DIR='"$(FONTDIR)"' -DDM_VERSION='"$(shell cat VERSION)"'
# Data files, in build/share/digimittari as under $(PREFIX)/share/digimittari once
# installed: the binary finds them relative to itself (src/datadir.h).
SHARE   := build/share/digimittari
# Report fonts: glyph subsets of DejaVu Sans made once here (scripts/fontsubset.c;
# README, "Fonts", says why not hb-subset).
FONTS   := $(SHARE)/fonts/DejaVuSans.ttf $(SHARE)/fonts/DejaVuSans-Bold.ttf
# The sample input and the crontab line, installed as examples.
EXAMPLES := $(wildcard input/*.ini input/*.csv input/*.md) scripts/crontab.example
MANPAGES := man/digimittari.1 man/digimittari.ini.5
BINDIR  = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/digimittari
MANDIR  = $(PREFIX)/share/man
OPT     ?= -O2 -g
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c))
TOOL_SRC := $(wildcard tools/*.c)
TEST_SRC := $(wildcard tests/test_*.c)

# Release build in build/, sanitizer build in build/san/.
OBJ      := $(LIB_SRC:src/%.c=build/obj/%.o)
SOBJ     := $(LIB_SRC:src/%.c=build/san/obj/%.o)
TOOLS    := $(TOOL_SRC:tools/%.c=build/%)
TESTS    := $(TEST_SRC:tests/%.c=build/san/%)
DEPSTAMP := build/.deps-ok

all: build/digimittari $(TOOLS)

$(DEPSTAMP): scripts/install-deps.sh
	$(Q)sh scripts/install-deps.sh
	$(Q)mkdir -p build && touch $@

build/obj/%.o: src/%.c | $(DEPSTAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CSTD) $(WARN) $(OPT) $(DEFS) $(DEPS_CFLAGS) -MMD -MP -c $< -o $@

build/san/obj/%.o: src/%.c | $(DEPSTAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC-SAN  $<")
	$(Q)$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(DEFS) $(DEPS_CFLAGS) -MMD -MP -c $< -o $@

build/libdigimittari.a: $(OBJ) | $(FONTS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

build/san/libdigimittari.a: $(SOBJ) | $(FONTS)
	@$(if $(Q),echo "  AR-SAN  $@")
	$(Q)rm -f $@ && ar rcs $@ $^

build/digimittari: src/main.c build/libdigimittari.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CSTD) $(WARN) $(OPT) $(DEFS) $(DEPS_CFLAGS) -MMD -MP $< build/libdigimittari.a $(DEPS_LIBS) -o $@

build/san/digimittari: src/main.c build/san/libdigimittari.a
	@$(if $(Q),echo "  LD-SAN  $@")
	$(Q)$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(DEFS) $(DEPS_CFLAGS) -MMD -MP $< build/san/libdigimittari.a $(DEPS_LIBS) -o $@

build/%: tools/%.c build/libdigimittari.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CSTD) $(WARN) $(OPT) $(DEFS) $(DEPS_CFLAGS) -Isrc -MMD -MP $< build/libdigimittari.a $(DEPS_LIBS) -o $@

build/san/test_%: tests/test_%.c build/san/libdigimittari.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD-TEST $@")
	$(Q)$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes -O1 -g $(SAN) $(DEFS) $(DEPS_CFLAGS) -Isrc -MMD -MP $< build/san/libdigimittari.a -lcmocka $(DEPS_LIBS) -o $@

# The fault-injection shim used by the end-to-end tests.
build/faultinject.so: tests/faultinject.c
	@mkdir -p build
	@$(if $(Q),echo "  SHLIB   $@")
	$(Q)$(CC) -shared -fPIC -O1 -Wall -Wextra -Werror $< -ldl -o $@

build/fontsubset: scripts/fontsubset.c src/pdf.h | $(DEPSTAMP)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CSTD) $(WARN) $(OPT) -Isrc $< -o $@

$(SHARE)/fonts/%.ttf: build/fontsubset
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  SUBSET  $@")
	$(Q)build/fontsubset $(FONTDIR)/$*.ttf $@

# ---- Hardening (issue 8): fuzzing and valgrind. ---------------------------
# `make fuzz` builds the libFuzzer targets of tests/fuzz/ with clang (ASan +
# UBSan) and runs each for FUZZ_SECONDS; `make check-valgrind` runs the
# sample end to end under valgrind. The bad-input corpus (tests/cases/bad/)
# runs in `make check` through tests/e2e/bad-inputs.sh.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LIBSRC  := src/util.c src/msgcat.c src/csvread.c src/xlsx.c src/codebook.c src/config.c src/ingest.c src/idset.c
FUZZ_TARGETS := csvread ingest config codebook xlsx
FUZZERS      := $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

build/.deps-harden-ok: scripts/install-deps.sh
	$(Q)sh scripts/install-deps.sh harden
	$(Q)mkdir -p build && touch $@

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIBSRC) | build/.deps-harden-ok
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(CSTD) $(WARN) -O1 -g $(FUZZ_FLAGS) -DFUZZ_ROOT='"$(CURDIR)"' -Isrc \
		$< $(FUZZ_LIBSRC) -lcsv -linih -lzip -lexpat -lxxhash -lunistring -pthread -o $@

fuzz: $(FUZZERS)
	$(Q)sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-valgrind: build/digimittari | build/.deps-harden-ok
	$(Q)sh tests/valgrind.sh

.PHONY: fuzz check-valgrind
# ---- End of hardening block. -------------------------------------------------

# Sample run: the main job on the bundled sample input.
report: build/digimittari $(TOOLS)
	$(Q)./build/digimittari run -c $(CONFIG)

validate: build/digimittari
	$(Q)./build/digimittari validate -c $(CONFIG)

stats: build/digimittari
	$(Q)./build/digimittari stats -c $(CONFIG)

# All tests: unit tests (cmocka) and end-to-end scripts, under ASan + UBSan.
check: $(TESTS) build/san/digimittari build/digimittari $(TOOLS) build/faultinject.so check-man
	$(Q)sh tests/run-tests.sh $(TESTS)

# The manual pages must be clean for mandoc's linter (warnings and worse).
check-man: | $(DEPSTAMP)
	$(Q)mandoc -T lint -W warning $(MANPAGES)

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, its data folder and
# the manual pages; make uninstall removes exactly what install put there.
install: build/digimittari $(FONTS)
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/examples \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	$(Q)install -m 755 build/digimittari $(DESTDIR)$(BINDIR)/digimittari
	$(Q)install -m 644 $(FONTS) $(DESTDIR)$(DATADIR)/fonts/
	$(Q)install -m 644 $(EXAMPLES) $(DESTDIR)$(DATADIR)/examples/
	$(Q)install -m 644 man/digimittari.1 $(DESTDIR)$(MANDIR)/man1/digimittari.1
	$(Q)install -m 644 man/digimittari.ini.5 $(DESTDIR)$(MANDIR)/man5/digimittari.ini.5

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/digimittari $(DESTDIR)$(MANDIR)/man1/digimittari.1 \
		$(DESTDIR)$(MANDIR)/man5/digimittari.ini.5
	$(Q)rm -f $(addprefix $(DESTDIR)$(DATADIR)/fonts/,$(notdir $(FONTS))) \
		$(addprefix $(DESTDIR)$(DATADIR)/examples/,$(notdir $(EXAMPLES)))
	$(Q)rmdir $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/examples $(DESTDIR)$(DATADIR) 2>/dev/null || true

format:
	$(Q)clang-format -i src/*.c src/*.h tools/*.c tests/*.c

clean:
	$(Q)rm -rf build

help:
	@echo "make            build build/digimittari and tools"
	@echo "make report     run the whole job on the bundled sample ($(CONFIG))"
	@echo "make check      run every test under AddressSanitizer and UBSan"
	@echo "make validate   ingest the sample and write data-quality reports"
	@echo "make install PREFIX=/usr/local [DESTDIR=]   binary, data files, manual pages"
	@echo "make uninstall PREFIX=/usr/local            remove what install put there"
	@echo "make check-man  lint the manual pages (mandoc -T lint; part of make check)"
	@echo "make bench-idset  our respondent-id set against CRoaring (README)"
	@echo "make format     apply .clang-format"

.PHONY: all report validate stats check check-man install uninstall format clean help
.SECONDARY:

-include $(wildcard build/obj/*.d build/san/obj/*.d build/san/*.d build/*.d)

# --- bench: national-scale benchmark (issue 7; scripts/bench/) -------------------
# `make bench` installs the peers (scripts/install-deps.sh bench), then runs
# scripts/bench/bench.py: data in build/bench/, timings, targets, spot checks.
# BENCH_RUNS=N (default 3) and BENCH_BUDGET=SECONDS (default 480) are passed on.
BENCH_DEPSTAMP := build/.deps-bench-ok

$(BENCH_DEPSTAMP): scripts/install-deps.sh
	$(Q)sh scripts/install-deps.sh bench
	$(Q)mkdir -p build && touch $@

bench: build/digimittari $(TOOLS) $(BENCH_DEPSTAMP)
	$(Q)/usr/bin/python3 scripts/bench/bench.py

# bench-idset: our respondent-id set against CRoaring (README, "Respondent ids").
build/.deps-idset-ok: scripts/install-deps.sh
	$(Q)sh scripts/install-deps.sh idset
	$(Q)mkdir -p build && touch $@

build/idset_bench: scripts/bench/idset_bench.c build/libdigimittari.a | build/.deps-idset-ok
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CSTD) $(WARN) -Wno-missing-prototypes $(OPT) -Isrc $< build/libdigimittari.a -lroaring $(DEPS_LIBS) -o $@

bench-idset: build/idset_bench
	$(Q)build/idset_bench

.PHONY: bench bench-idset
# --- end bench -----------------------------------------------------------------------
