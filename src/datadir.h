/*
 * datadir.h - where the program's data files are: the report font subsets
 * (fonts/DejaVuSans.ttf, fonts/DejaVuSans-Bold.ttf) and the examples.
 *
 * `make` puts them in build/share/digimittari/ and `make install` in
 * $(PREFIX)/share/digimittari/. The binary finds the folder relative to
 * itself, so an installed tree works wherever it is put (any PREFIX or
 * DESTDIR) and never reads the clone it was built in:
 *
 *   1. $DIGIMITTARI_DATADIR, when set and not empty;
 *   2. BINDIR/../share/digimittari: an installed binary in PREFIX/bin (and
 *      build/san/digimittari and the tests in the build tree);
 *   3. BINDIR/share/digimittari: build/digimittari in the build tree.
 *
 * BINDIR is the folder of the running executable (/proc/self/exe).
 *
 * Ownership: datadir_file() returns a string the caller frees.
 */
#ifndef DM_DATADIR_H
#define DM_DATADIR_H

#include "util.h"

/*
 * Returns the data folder (see above) as a new string, or NULL with e set
 * (DM_EX_SOFTWARE, naming every folder tried) when there is none.
 */
char *datadir_get(struct err *e);

/*
 * Returns the path of the data file rel ("fonts/DejaVuSans.ttf") as a new
 * string, or NULL with e set (DM_EX_SOFTWARE) when the data folder or the
 * file is missing; the message names the file and says the installation is
 * incomplete. Never falls back to another file.
 */
char *datadir_file(const char *rel, struct err *e);

#endif
