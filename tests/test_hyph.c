/*
 * test_hyph.c - unit tests of hyphenation (hyph.c) and of the line breaker's
 * choice among the break points (pdf_wrap).
 *
 * The expected breaks are written from the Finnish hyphenation rules
 * (Kielitoimiston ohjepankki, "Tavutus"), not copied from the program's
 * output: a break before a consonant followed by a vowel (kyp-syys), between
 * two vowels that are neither a long vowel nor a diphthong (ta-lo-us), and at
 * the boundary of a compound's parts whatever the letters there (digi-
 * strategia, not di-gis-tra-); a single letter is never left alone at either
 * end of a word (etä-työ, not e-tä-työ). The English ones follow the British
 * dictionary division (de-vel-op-ment).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyph.h"
#include "pdf.h"

/*
 * Asserts the break points of word, given as the word with '-' at each
 * syllable point and '|' at each compound boundary ("kypsyys|ta-so").
 * Hyphens of the word itself are written "--".
 */
static void expect_points(enum hyph_lang lang, const char *marked)
{
        char word[HYPH_MAX_WORD + 1];
        unsigned char want[HYPH_MAX_WORD] = {0};
        size_t n = 0;
        for (const char *s = marked; *s; s++) {
                if (s[0] == '-' && s[1] == '-') {
                        word[n++] = '-';
                        s++;
                } else if (*s == '-') {
                        want[n] = HYPH_SYLLABLE;
                } else if (*s == '|') {
                        want[n] = HYPH_COMPOUND;
                } else {
                        word[n++] = *s;
                }
        }
        word[n] = '\0';
        unsigned char got[HYPH_MAX_WORD];
        size_t k = hyph_points(lang, word, n, got);
        char show[3 * HYPH_MAX_WORD];
        size_t o = 0, nwant = 0;
        for (size_t i = 0; i < n; i++) {
                if (got[i] == HYPH_SYLLABLE)
                        show[o++] = '-';
                else if (got[i] == HYPH_COMPOUND)
                        show[o++] = '|';
                show[o++] = word[i];
                nwant += want[i] != HYPH_NO;
        }
        show[o] = '\0';
        if (memcmp(got, want, n) || k != nwant)
                fail_msg("hyph_points(\"%s\") = \"%s\", expected \"%s\"", word, show, marked);
}

static int setup(void **state)
{
        (void)state;
        struct err e = {0};
        if (hyph_open(HYPH_FI, &e) || hyph_open(HYPH_EN, &e)) {
                fprintf(stderr, "%s\n", e.msg);
                return -1;
        }
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        hyph_close();
        return 0;
}

/* Words of the survey's codebooks and of the reports. */
static void test_finnish_survey_words(void **state)
{
        (void)state;
        expect_points(HYPH_FI, "kyp-syys|ta-so");
        expect_points(HYPH_FI, "Kyp-syys|ta-so");
        expect_points(HYPH_FI, "di-gi|stra-te-gia");
        expect_points(HYPH_FI, "toi-men|pi-teet");
        expect_points(HYPH_FI, "kun-ta|or-ga-ni-saa-tio");
        expect_points(HYPH_FI, "etä|työ");
        expect_points(HYPH_FI, "etä|työ|päi-vät");
        expect_points(HYPH_FI, "tie-to|tur-va");
        expect_points(HYPH_FI, "tie-don|hal-lin-ta");
        expect_points(HYPH_FI, "vuo-ro|vai-ku-tus");
        expect_points(HYPH_FI, "säh-kö|pos-ti");
        expect_points(HYPH_FI, "vies-tin-tä|tek-no-lo-gia");
        expect_points(HYPH_FI, "toi-min-ta|ym-pä-ris-tö");
        expect_points(HYPH_FI, "pää-tök-sen|te-ko");
        expect_points(HYPH_FI, "Hen-ki-lös-tön");
        expect_points(HYPH_FI, "joh-ta-mi-nen");
        expect_points(HYPH_FI, "hyö-dyn-tä-mi-nen");
        expect_points(HYPH_FI, "jär-jes-tel-mä");
        expect_points(HYPH_FI, "Di-gi|osaa-mi-nen");
        expect_points(HYPH_FI, "Seu-dul-li-nen");
        /* A hyphen of the word: no point next to it (the line may end after it). */
        expect_points(HYPH_FI, "Ei--vas-taus");
        expect_points(HYPH_FI, "ICT--tu-ki");
        /* Short words and words of no letters: no points. */
        expect_points(HYPH_FI, "työ");
        expect_points(HYPH_FI, "2021");
}

static void test_english_words(void **state)
{
        (void)state;
        expect_points(HYPH_EN, "de-part-ment");
        expect_points(HYPH_EN, "de-vel-op-ment");
        expect_points(HYPH_EN, "man-age-ment");
        expect_points(HYPH_EN, "Man-age-ment");
        expect_points(HYPH_EN, "state-ment");
        expect_points(HYPH_EN, "in-ter-val");
        expect_points(HYPH_NONE, "department");
}

/* The lines of text wrapped into width, joined by '/', hyphens shown. */
static void wrap_to(struct pdf *p, const char *text, double width, char *out, size_t cap)
{
        struct pdf_lines l = {0};
        size_t n = pdf_wrap(p, PDF_REGULAR, 10, text, width, &l);
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
                o += (size_t)snprintf(out + o, cap - o, "%s%.*s%s", i ? "/" : "", (int)l.v[i].len,
                                      text + l.v[i].off, l.v[i].hyphen ? "-" : "");
                assert_true(l.v[i].width <= width + 1e-9);
        }
        pdf_lines_clear(&l);
}

/*
 * The line breaker prefers a compound boundary to a later syllable point
 * ("Kypsyys-/taso", not "Kypsyysta-/so", the break the issue saw), but not
 * one that would leave most of the line empty.
 */
static void test_wrap_prefers_compound(void **state)
{
        (void)state;
        struct err e = {0};
        struct pdf *p = pdf_new(&e);
        if (!p)
                fail_msg("pdf_new: %s", e.msg);
        pdf_set_hyphenation(p, HYPH_FI);
        char got[256];
        double w = pdf_text_width(p, PDF_REGULAR, 10, "Kypsyysta-");
        wrap_to(p, "Kypsyystaso", w, got, sizeof got);
        assert_string_equal(got, "Kypsyys-/taso");
        w = pdf_text_width(p, PDF_REGULAR, 10, "Kokonaiskypsyysta-");
        wrap_to(p, "Kokonaiskypsyystaso", w, got, sizeof got);
        assert_string_equal(got, "Kokonaiskypsyys-/taso");
        /* "Digi-" would fill less than half of this width: the syllable point wins. */
        w = pdf_text_width(p, PDF_REGULAR, 10, "Digiosaami-");
        wrap_to(p, "Digiosaaminen ja digituki", w, got, sizeof got);
        assert_string_equal(got, "Digiosaami-/nen ja/digituki");
        /* Spaces first: no word is broken when the words fit. */
        w = pdf_text_width(p, PDF_REGULAR, 10, "Kuntaorganisaatio");
        wrap_to(p, "Kuntaorganisaatio toimenpiteet", w, got, sizeof got);
        assert_string_equal(got, "Kuntaorganisaatio/toimenpiteet");
        /* Without a hyphenation language a too-wide word is cut where it overflows. */
        pdf_set_hyphenation(p, HYPH_NONE);
        w = pdf_text_width(p, PDF_REGULAR, 10, "Kypsyysta-");
        wrap_to(p, "Kypsyystaso", w, got, sizeof got);
        assert_true(strstr(got, "-/") == NULL);
        pdf_free(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_finnish_survey_words),
            cmocka_unit_test(test_english_words),
            cmocka_unit_test(test_wrap_prefers_compound),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
