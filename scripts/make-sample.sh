#!/bin/sh
# Regenerates the bundled sample in input/ (SAMPLE DATA, not real survey
# answers) with build/gen-survey: the configuration, both codebooks, the three
# exports and input/README.md. Deterministic: the same generator and seed give
# the same bytes, so `git diff input/` shows exactly what a change did.
#
# usage: scripts/make-sample.sh [--seed S]
set -eu

cd "$(dirname "$0")/.."

if ! make -s build/gen-survey >&2; then
	# Another module of the library may be half-written; the generator needs
	# only util.c, so build it on its own rather than fail.
	echo "make-sample: make failed; building build/gen-survey from tools/gen-survey.c and src/util.c" >&2
	mkdir -p build
	${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Isrc \
		tools/gen-survey.c src/util.c -lgsl -lgslcblas -lm -o build/gen-survey
fi

./build/gen-survey --sample "$@" --out input
