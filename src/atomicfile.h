/*
 * atomicfile.h - outputs that appear whole or not at all.
 *
 * An output is written to a temporary file in the same folder
 * (".NAME.tmp-XXXXXX"), flushed, fsync'ed and renamed over NAME. A failure at
 * any point removes the temporary file and leaves NAME as it was.
 *
 * Ownership: struct atomicfile owns its FILE and paths until commit or abort.
 */
#ifndef DM_ATOMICFILE_H
#define DM_ATOMICFILE_H

#include <stdio.h>

#include "util.h"

/* What a writer found out about the final file while writing (atomicfile_write). */
enum af_known { AF_UNKNOWN = 0, AF_SAME, AF_DIFFERS };

/* The version of a file that was compared (it must still be there at commit). */
struct af_fileid {
        unsigned long long dev, ino;
        long long size; /* -1: unknown */
        long long mtime_s;
        long mtime_ns;
};

struct atomicfile {
        FILE *fp;      /* write here */
        char *path;    /* final path */
        char *tmp;     /* temporary path */
        enum af_known known;
        FILE *old;     /* the final file, compared while writing, or NULL */
        long long off; /* bytes written through atomicfile_write */
        struct af_fileid old_id;
};

/*
 * Opens a temporary file beside path. Returns 0, or -1 with e set
 * (DM_EX_CANTCREAT, naming the folder and the reason).
 */
int atomicfile_open(struct atomicfile *af, const char *path, struct err *e);

/*
 * Flushes, syncs and closes the temporary file and renames it to the final
 * path. Returns 0, or -1 with e set (DM_EX_IOERR for write, sync or rename
 * failures, naming the path); on failure the temporary file is removed.
 */
int atomicfile_commit(struct atomicfile *af, struct err *e);

/*
 * As atomicfile_commit, but when the final file already holds exactly the
 * same bytes, the temporary file is removed instead and the final file keeps
 * its mtime. Sets *changed (when not NULL) to 1 when the file was replaced.
 */
int atomicfile_commit_if_changed(struct atomicfile *af, int *changed, struct err *e);

/*
 * For large outputs written by a thread of their own: writes n bytes to
 * af->fp and compares them with the same bytes of the final file as it is now,
 * so that committing need not read both files again. atomicfile_write_end()
 * finishes the comparison and syncs the file (so that the sync at commit, in
 * the main thread, has nothing left to do); call it from the writing thread
 * before adding af to an output set. Errors show in ferror(af->fp) and at
 * commit, as with fwrite.
 */
void atomicfile_write(struct atomicfile *af, const void *buf, size_t n);
void atomicfile_write_end(struct atomicfile *af);

/* Closes and removes the temporary file; safe on an unopened (zeroed) struct. */
void atomicfile_abort(struct atomicfile *af);

/* Returns the temporary path (for writers that need a file name, such as libharu). */
const char *atomicfile_tmp_path(const struct atomicfile *af);

/*
 * Removes leftover ".*.tmp-*" files in dir (from a killed run). Returns the
 * number removed.
 */
int atomicfile_sweep(const char *dir);

/*
 * A set of outputs committed together: each is written to its temporary file
 * and added; outset_commit() then puts them all into place, or, when a rename
 * fails half-way, puts back the ones it had replaced, so that a failed run
 * leaves every earlier output byte-identical. Outputs whose bytes did not
 * change are not replaced (their mtime stays).
 *
 * Ownership: the set owns its paths until outset_clear().
 */
struct outset_file {
        char *tmp;  /* the finished temporary file */
        char *path; /* where it goes */
        enum af_known known;
        struct af_fileid old_id;
};

struct outset {
        struct outset_file *f;
        size_t n;
        char **replaced; /* paths replaced by the last commit */
        size_t nreplaced;
};

void outset_init(struct outset *s);

/*
 * Flushes, syncs and closes af's temporary file and adds it to s; af is
 * released either way. Returns 0, or -1 with e set (DM_EX_IOERR) and the
 * temporary file removed.
 */
int outset_add(struct outset *s, struct atomicfile *af, struct err *e);

/*
 * Puts every added output into place, all or nothing. Returns 0, or -1 with e
 * set (DM_EX_IOERR) after restoring the outputs it had replaced and removing
 * every temporary file. The set is empty afterwards either way.
 */
int outset_commit(struct outset *s, struct err *e);

/* Removes every temporary file of the set and empties it. */
void outset_abort(struct outset *s);

/* Frees what s owns (temporary files still listed are removed). */
void outset_clear(struct outset *s);

#endif
