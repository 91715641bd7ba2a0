/*
 * csvbare.c - libcsv's bare parse: the floor for any CSV ingest built on
 * libcsv, used by `make bench` (scripts/bench/bench.py) as a peer.
 *
 *   csvbare [-d DELIM] FILE
 *
 * Reads FILE in 1 MiB blocks with read(2) and feeds them to csv_parse() with
 * callbacks that do nothing but count, then prints "records fields" (the
 * header line is a record). No decoding, no conversion, no statistics.
 * Exit codes: 0 success, 64 usage, 65 parse error, 66 unreadable file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#define BLOCK (1u << 20)

struct counts {
        unsigned long records;
        unsigned long fields;
};

static void on_field(void *data, size_t len, void *ctx)
{
        (void)data;
        (void)len;
        ((struct counts *)ctx)->fields++;
}

static void on_record(int term, void *ctx)
{
        (void)term;
        ((struct counts *)ctx)->records++;
}

int main(int argc, char **argv)
{
        unsigned char delim = ';';
        int c;
        while ((c = getopt(argc, argv, "d:")) != -1) {
                if (c == 'd' && optarg[0] && !optarg[1]) {
                        delim = (unsigned char)optarg[0];
                } else {
                        fputs("usage: csvbare [-d DELIM] FILE\n", stderr);
                        return 64;
                }
        }
        if (optind != argc - 1) {
                fputs("usage: csvbare [-d DELIM] FILE\n", stderr);
                return 64;
        }
        const char *path = argv[optind];
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
                fprintf(stderr, "csvbare: cannot open %s: %s\n", path, strerror(errno));
                return 66;
        }
        struct csv_parser p;
        if (csv_init(&p, 0) != 0) {
                fputs("csvbare: csv_init failed\n", stderr);
                return 70;
        }
        csv_set_delim(&p, delim);
        char *buf = malloc(BLOCK);
        if (!buf) {
                fputs("csvbare: out of memory\n", stderr);
                return 70;
        }
        struct counts n = {0, 0};
        for (;;) {
                ssize_t got = read(fd, buf, BLOCK);
                if (got < 0) {
                        if (errno == EINTR)
                                continue;
                        fprintf(stderr, "csvbare: cannot read %s: %s\n", path, strerror(errno));
                        return 66;
                }
                if (got == 0)
                        break;
                if (csv_parse(&p, buf, (size_t)got, on_field, on_record, &n) != (size_t)got) {
                        fprintf(stderr, "csvbare: %s: %s\n", path, csv_strerror(csv_error(&p)));
                        return 65;
                }
        }
        csv_fini(&p, on_field, on_record, &n);
        csv_free(&p);
        free(buf);
        close(fd);
        printf("%lu %lu\n", n.records, n.fields);
        return 0;
}
