/*
 * strtab.c - the report's words in Finnish and English (see strtab.h).
 *
 * Written for a reader who knows nothing of statistics: a municipal director
 * should understand the summary page without the method appendix.
 */
#include "strtab.h"

#include <string.h>

static const char *const fi[S_COUNT] = {
    [S_DECIMAL_MARK] = ",",
    [S_THOUSANDS_SEP] = "\xC2\xA0", /* no-break space */
    [S_PCT_FMT] = "%s %%",
    [S_SUPPRESSED_CELL] = "salattu",
    [S_PAGE_OF] = "Sivu %zu / %zu",
    [S_FOOTER_LEFT] = "digimittari",

    [S_LETTER_RED] = "P",
    [S_LETTER_YELLOW] = "K",
    [S_LETTER_GREEN] = "V",
    [S_LETTER_UNCERTAIN] = "?",
    [S_LETTER_SUPPRESSED] = "–",

    [S_LEGEND_GREEN] = "Vihreä (V): indeksi vähintään %s – hyvällä tasolla",
    [S_LEGEND_YELLOW] = "Keltainen (K): indeksi %s–%s – kehitettävää",
    [S_LEGEND_RED] = "Punainen (P): indeksi alle %s – vaatii toimia ensimmäisenä",
    [S_LEGEND_UNCERTAIN] = "Epävarma (?): tulos on niin lähellä rajaa, että väriä ei voi "
                           "luotettavasti päättää",
    [S_LEGEND_SUPPRESSED] = "Harmaa (–): salattu, koska vastaajia on alle %d tai luvusta voisi "
                            "päätellä pienemmän ryhmän tuloksen",
    [S_LEGEND_GAP_GREEN] = "Vihreä (V): ero tavoitteeseen alle %s",
    [S_LEGEND_GAP_YELLOW] = "Keltainen (K): ero vähintään %s mutta alle %s",
    [S_LEGEND_GAP_RED] = "Punainen (P): ero vähintään %s – suurin kehitystarve",
    [S_LEGEND_GAP_UNCERTAIN] = "Epävarma (?): ero on niin lähellä rajaa, että väriä ei voi "
                               "luotettavasti päättää",

    [S_REGIONAL_REPORT] = "Alueraportti",
    [S_REGIONAL_REPORT_SUB] = "Kuntien vertailu",
    [S_MUNICIPAL_REPORT] = "Kuntaraportti",
    [S_DATA_SOURCES] = "Aineistot",
    [S_SOURCE_RESPONDENTS] = ": %s vastaajaa",
    [S_SOURCE_REGION] = " (%s yhteensä %s)",
    [S_SOURCE_COMPARED] = "; vertailu vuoteen %d",
    [S_REPORT_DATE] = "Päivämäärä: %s",
    [S_PRIVACY_NOTE] = "Vastaajien yksityisyyden suojaamiseksi raportissa ei näytetä yhtään "
                       "lukua, joka perustuu alle %d vastaajaan. Avoimet vastaukset ja "
                       "vastaajien tunnisteet eivät ole raportissa.",
    [S_CONTENTS] = "Sisältö",

    [S_SEC_SUMMARY] = "Yhteenveto",
    [S_FINDINGS_TITLE] = "Tärkeimmät havainnot: %s",
    [S_FIND_RESPONDENTS] = "Vastaajia %s",
    [S_FIND_RATE] = ", vastausaste %s",
    [S_FIND_BEST] = "Vahvin osa-alue: %s (indeksi %s / 100).",
    [S_FIND_WORST] = "Heikoin osa-alue: %s (indeksi %s / 100) – tähän kannattaa tarttua "
                     "ensin.",
    [S_FIND_NONE] = "Vastaajia on alle %d, joten osa-alueiden tuloksia ei voida näyttää.",
    [S_FIND_UP] = "Parani selvästi vuodesta %d: %s.",
    [S_FIND_DOWN] = "Heikkeni selvästi vuodesta %d: %s.",
    [S_FIND_NOCHANGE] = "Ei selviä muutoksia vuodesta %d: erot voivat olla sattumaa.",
    [S_FIND_GAP] = "Suurin matka tavoitteeseen: %s (tavoitetaso %s pistettä nykytasoa "
                   "korkeammalla).",
    [S_FIND_MATURITY] = "Kokonaiskypsyystaso %d / 5.",
    [S_FIND_STRATEGY] = "Strategian toimenpiteistä toteutettu %s (%s / %s).",
    [S_MATRIX_TITLE] = "Liikennevalot osa-alueittain",
    [S_HOW_TO_READ] = "Näin luet taulukkoa",
    [S_READING_GUIDE] =
        "Jokainen rivi on kunta, ja jokainen sarake on digistrategian osa-alue. Luku 0–100 "
        "kertoo, kuinka myönteisesti henkilöstö arvioi osa-aluetta: 100 tarkoittaisi, että "
        "kaikki ovat täysin samaa mieltä myönteisten väittämien kanssa, ja 0, että kaikki ovat "
        "täysin eri mieltä. Vihreä (V) tarkoittaa vähintään %s: asiat ovat hyvällä tasolla. "
        "Keltainen (K) on välillä %s–%s: kehitettävää on. Punainen (P) on alle %s: osa-alue "
        "kaipaa toimia ensimmäisenä. Kysymysmerkki (?) tarkoittaa, että tulos on niin lähellä "
        "rajaa, ettei vastaajamäärä riitä varmaan luokitteluun. Harmaa merkki ja teksti "
        "”salattu” tarkoittavat, että tulos on jätetty näyttämättä vastaajien suojaamiseksi. "
        "Viimeinen sarake, kypsyystaso 1–5, tiivistää kaikki osa-alueet yhteen lukuun: mitä "
        "suurempi, sitä pidemmällä digitalisaatio on.",
    [S_COL_MUNICIPALITY] = "Kunta",
    [S_COL_MATURITY] = "Kypsyystaso",
    [S_SUMMARY_PROGRESS] = "Strategian toimenpiteistä toteutettu",
    [S_LEGEND_PROGRESS] = "Neliö: strategian toimenpiteistä toteutettu",
    [S_PROG_GREEN] = "vähintään %s %%",
    [S_PROG_YELLOW] = "%s–%s %%",
    [S_PROG_RED] = "alle %s %%",

    [S_SEC_DIMENSIONS] = "Osa-alueiden indeksit",
    [S_DIMENSIONS_INTRO] =
        "Piste on osa-alueen indeksi (0–100) ja vaakaviiva sen 95 %%:n luottamusväli: "
        "todellinen arvo on suurella todennäköisyydellä viivan kohdalla. Mitä lyhyempi viiva, "
        "sitä varmempi tulos; lyhyt viiva syntyy, kun vastaajia on paljon ja he ovat "
        "samanmielisiä. Katkoviivat ovat liikennevalojen rajat %s ja %s. Koko alue on ylimpänä, "
        "kunnat indeksin mukaan suurimmasta pienimpään.",
    [S_COL_INDEX] = "Indeksi (95 %:n LV)",

    [S_SEC_CHANGE] = "Muutos vuodesta %d",
    [S_CHANGE_INTRO] =
        "Taulukko vertaa osa-alueiden indeksejä vuosien %d ja %d kyselyissä. Piste on muutos "
        "indeksipisteinä ja viiva sen 95 %%:n luottamusväli. Kun viiva ei ulotu nollan yli "
        "(p < 0,05), muutos on tilastollisesti merkitsevä eli tuskin sattumaa; muuten ero voi "
        "johtua siitä, että vastaajat olivat eri henkilöitä.",
    [S_COL_DIMENSION] = "Osa-alue",
    [S_COL_CHANGE_CI] = "Muutos (95 %:n LV)",
    [S_COL_DIRECTION] = "Suunta",
    [S_CHANGE_UP] = "↑ Parani",
    [S_CHANGE_DOWN] = "↓ Heikkeni",
    [S_CHANGE_FLAT] = "→ Ei selvää muutosta",
    [S_CHANGE_BY_MUNI] = "Muutokset kunnittain (indeksipisteinä)",

    [S_SEC_GAP] = "Nykytaso ja tavoitetaso",
    [S_GAP_INTRO] =
        "Vastaajat arvioivat kunkin toiminta-alueen digitalisaation nykytason ja tavoitetason. "
        "Ero kertoo, kuinka pitkä matka tavoitteeseen vielä on: vihreä ero on alle %s pistettä, "
        "punainen vähintään %s pistettä. Suluissa on eron 95 %%:n luottamusväli.",
    [S_COL_AREA] = "Toiminta-alue",
    [S_COL_GAP] = "Ero (95 %:n LV)",
    [S_LEGEND_CURRENT] = "Nykytaso",
    [S_LEGEND_TARGET] = "Tavoitetaso",
    [S_GAP_BY_MUNI] = "Erot kunnittain",

    [S_SEC_ITEMS] = "Väittämät: %s %d",
    [S_ITEMS_INTRO] =
        "Palkit näyttävät, miten vastaajat (%s) vastasivat kuhunkin väittämään. Eri mieltä "
        "olevat ovat keskiviivan vasemmalla, samaa mieltä olevat oikealla ja neutraalit "
        "puoliksi kummallakin puolella. Luvut ovat prosentteja. ”En osaa sanoa” -vastaukset "
        "ovat omana harmaana palkkinaan (EOS) eivätkä sisälly prosentteihin. Väittämät on "
        "järjestetty osa-alueittain myönteisten vastausten osuuden mukaan. Kielteisessä "
        "väittämässä (merkitty) samaa mieltä oleminen on epäsuotuisa vastaus. Jos vastaajia "
        "on alle %d, palkkia ei näytetä.",
    [S_HEAD_DISAGREE] = "← Eri mieltä",
    [S_HEAD_AGREE] = "Samaa mieltä →",
    [S_HEAD_DONTKNOW] = "EOS %",
    [S_REVERSED_MARK] = "(kielteinen väittämä)",
    [S_NEGATIVE_LEGEND] =
        "Kielteinen väittämä: samaa mieltä oleminen on tässä epäsuotuisa vastaus.",
    [S_OTHER_ITEMS] = "Muut väittämät",
    [S_MULTI_MARK] = " (voi valita useita)",
    [S_NUM_N] = "Vastaajia: %s",
    [S_NUM_MEAN] = "Keskiarvo: %s",
    [S_NUM_MEDIAN] = "Mediaani: %s",
    [S_NUM_REGION_MEAN] = "%s: keskiarvo %s",
    [S_NUM_AXIS] = "Osuus vastaajista kunkin vastauksen mukaan",
    [S_CHOICE_DONTKNOW] = "En osaa sanoa: %s vastaajaa (ei mukana prosenteissa)",
    [S_OTHER_WAVE_INTRO] =
        "Tämän kyselyn tulokset (%s). Prosentit ovat vastaajien osuuksia; suluissa on 95 %%:n "
        "luottamusväli, jonka sisällä todellinen osuus suurella todennäköisyydellä on.",

    [S_SEC_STRATEGY] = "Strategian toteutuminen",
    [S_STRATEGY_INTRO] =
        "Digistrategian toimenpiteiden tilanne %s. Toteutumisaste on toteutettujen "
        "toimenpiteiden osuus niistä, joiden olisi suunnitelman mukaan jo pitänyt alkaa "
        "(peruttuja ei lasketa). Myöhässä on toimenpide, jonka suunniteltu päättymisaika on "
        "ohi mutta joka ei ole valmis. Valo on punainen, kun toteutumisaste on alle %s %%, ja "
        "vihreä, kun se on vähintään %s %%.",
    [S_STRATEGY_ACTIONS_TITLE] = "Toimenpiteet: %s",
    [S_COL_IN_PLAN] = "Suunniteltu",
    [S_COL_IMPLEMENTED] = "Toteutettu",
    [S_COL_IN_PROGRESS] = "Käynnissä",
    [S_COL_LATE] = "Myöhässä",
    [S_COL_PARTICIPATES] = "Mukana",
    [S_COL_PROGRESS] = "Toteutumisaste",
    [S_TOTAL] = "Yhteensä",
    [S_STRATEGY_BY_MUNI] = "Toteutumisaste kunnittain",
    [S_INDICATORS_TITLE] = "Mittarit",
    [S_COL_INDICATOR] = "Mittari",
    [S_COL_SINCE_START] = "Muutos alusta",
    [S_DIR_BETTER] = "parempi",
    [S_DIR_WORSE] = "huonompi",
    [S_DIR_SAME] = "ennallaan",
    [S_INDICATORS_INTRO] =
        "Pieni viivakaavio näyttää rivin arvot vuosina %d–%d omalla asteikollaan: "
        "katkoviiva on lähtötaso ja iso piste viimeisin arvo. Nuoli kertoo, kumpi suunta on "
        "parempi.",
    [S_COL_TREND] = "Kehitys",
    [S_BETTER_HIGHER] = "↑ suurempi on parempi",
    [S_BETTER_LOWER] = "↓ pienempi on parempi",
    [S_PARTICIPATION_TITLE] = "Osallistuminen toimenpiteisiin kunnittain",
    [S_PARTICIPATION_INTRO] =
        "Luku kertoo, moneenko osa-alueen toimenpiteeseen kunta osallistuu; suluissa osuus "
        "osa-alueen kaikista toimenpiteistä. Viimeisellä rivillä on toimenpiteiden "
        "kokonaismäärä.",
    [S_PARTICIPATION_REGION] = "%s: kaikki toimenpiteet",
    [S_IMPLEMENTED_TITLE] = "Toteutetut toimenpiteet",
    [S_IMPLEMENTED_NONE] = "Ei toteutettuja toimenpiteitä.",
    [S_COL_ACTION] = "Toimenpide",
    [S_COL_STATUS] = "Tila",
    [S_COL_DUE] = "Piti valmistua",
    [S_COL_DONE] = "Toteutettu",
    [S_STATUS_PLANNED] = "suunniteltu",
    [S_STATUS_IN_PROGRESS] = "käynnissä",
    [S_STATUS_IMPLEMENTED] = "toteutettu",
    [S_STATUS_POSTPONED] = "siirretty",
    [S_STATUS_CANCELLED] = "peruttu",
    [S_LATE_TITLE] = "Myöhässä olevat toimenpiteet",
    [S_LATE_NONE] = "Ei myöhässä olevia toimenpiteitä.",
    [S_LATE_MORE] = "… ja %zu muuta",

    [S_SEC_METHOD] = "Menetelmät ja aineisto",
    [S_METHOD_RESPONDENTS] = "Vastaajat: %s %d",
    [S_COL_RESPONDENTS] = "Vastaajia",
    [S_COL_STAFF] = "Henkilöstö",
    [S_COL_RATE] = "Vastausaste",
    [S_METHOD_ALPHA] = "Mittarien luotettavuus: %s %d",
    [S_COL_ITEMS] = "Väittämiä",
    [S_COL_ALPHA] = "Cronbachin alfa",
    [S_METHOD_ALPHA_NOTE] =
        "Cronbachin alfa kertoo, mittaavatko saman osa-alueen väittämät samaa asiaa: 0,7 tai "
        "enemmän on hyvä, alle 0,5 heikko. Alfa on laskettu koko alueen vastaajista.",
    [S_METHOD_RULES] = "Indeksit ja liikennevalot",
    [S_METHOD_INDEX] =
        "Vastaajan osa-alueen pistemäärä on hänen väittämävastaustensa keskiarvo, kun hän on "
        "vastannut vähintään puoleen väittämistä; kielteiset väittämät käännetään ensin. "
        "Indeksi muuntaa keskiarvon asteikolle 0–100: indeksi = (keskiarvo − 1) / (asteikon "
        "suurin arvo − 1) · 100. Valo on punainen, kun indeksi on alle %s, keltainen, kun se on "
        "vähintään %s mutta alle %s, ja vihreä, kun se on vähintään %s. Valo on epävarma (?), "
        "kun indeksin 95 %%:n luottamusväli ulottuu rajan yli.",
    [S_METHOD_GAP] = "Ero on tavoitetason ja nykytason keskiarvojen erotus. Ero on keltainen, "
                     "kun se on vähintään %s, ja punainen, kun se on vähintään %s; muuten "
                     "vihreä. Ero on epävarma (?), kun sen luottamusväli ulottuu rajan yli.",
    [S_METHOD_MATURITY] = "Kokonaiskypsyystaso 1–5 tiivistää kunnan näytettävien "
                          "osa-alueindeksien keskiarvon viisiportaiseksi tasoksi.",
    [S_METHOD_CI] =
        "95 %:n luottamusväli kuvaa tuloksen epävarmuutta: jos kysely toistettaisiin, väli "
        "osuisi todelliseen arvoon 95 kertaa sadasta. Keskiarvojen väli perustuu "
        "t-jakaumaan ja osuuksien väli Wilsonin menetelmään. Muutoksen merkitsevyys on "
        "testattu Welchin t-testillä (p < 0,05). Koko alueen luvut on laskettu kaikista alueen "
        "vastaajista yhdessä.",
    [S_METHOD_SUPPRESSION] =
        "Yksityisyyden suoja: ajon tuloksista (kysymys, osa-alue tai vastaajamäärä kunnalle, "
        "alueelle tai taustaryhmälle) %zu / %zu on jätetty näyttämättä, jotta yhdenkään alle %d "
        "vastaajan ryhmän lukuja ei voi näyttää eikä päätellä muista julkaistuista luvuista. "
        "Piilotetut kohdat on merkitty harmaalla ja sanalla ”salattu”; ne eivät ole nollia. "
        "Avoimia vastauksia ja vastaajien tunnisteita ei koskaan näytetä.",
    [S_METHOD_QUALITY] = "Aineiston laatu",
    [S_COL_WAVE] = "Kysely",
    [S_COL_READ] = "Rivejä",
    [S_COL_ACCEPTED] = "Hyväksytty",
    [S_COL_REJECTED] = "Hylätty",
    [S_COL_WARNINGS] = "Varoituksia",
    [S_METHOD_QUALITY_NOTE] =
        "Jokainen vientitiedoston rivi on mukana laskennassa tai hylätty syyn kanssa. Hylätyt "
        "rivit (esimerkiksi tuntematon kunta, sama vastaaja kahdesti tai rikkinäinen rivi) ja "
        "varoitukset on lueteltu rivinumeroineen aineiston laaturaportissa.",

    /* The analysts' workbook. */
    [S_WB_SH_README] = "Lue minut",
    [S_WB_SH_SUMMARY] = "Yhteenveto",
    [S_WB_SH_DIMS] = "Osa-alueet",
    [S_WB_SH_ITEMS] = "Kysymykset",
    [S_WB_SH_DIST] = "Vastausjakaumat",
    [S_WB_SH_CHANGE] = "Muutos",
    [S_WB_SH_GAP] = "Nykytila ja tavoite",
    [S_WB_SH_TESTS] = "Vertailut",
    [S_WB_SH_STRATEGY] = "Strategian eteneminen",
    [S_WB_SH_BREAKDOWNS] = "Taustaryhmät",
    [S_WB_SH_QUALITY] = "Tietojen laatu",
    [S_WB_HELP_README] = "Tämä selitys: välilehdet, sarakkeet, määritelmät, salaussääntö, "
                         "lähdetiedostot ja päivämäärä.",
    [S_WB_HELP_SUMMARY] =
        "Kunnittain ja koko alueelta kyselyittäin: vastaajat, vastausaste, kypsyystaso ja jokaisen "
        "osa-alueen indeksi, sen 95 %:n luottamusväli, valo ja n.",
    [S_WB_HELP_DIMS] =
        "Osa-alueiden tulokset kunnittain ja koko alueelta: vastaajien osa-aluepistemäärien n, "
        "keskiarvo, hajonta, luottamusväli, kvartiilit, indeksi, valo ja Cronbachin alfa.",
    [S_WB_HELP_ITEMS] = "Kysymysten tulokset kunnittain ja koko alueelta: n, puuttuvat, keskiarvo, "
                        "hajonta, luottamusväli, kvartiilit, myönteisten osuus luottamusväleineen "
                        "ja en osaa sanoa -vastaukset.",
    [S_WB_HELP_DIST] = "Vastausjakaumat: vastausten lukumäärä ja osuus kunkin kysymyksen "
                       "jokaisella vastausvaihtoehdolla.",
    [S_WB_HELP_CHANGE] = "Osa-alueindeksin muutos vertailukyselystä (indeksipisteinä) "
                         "luottamusväleineen ja Welchin t-testeineen.",
    [S_WB_HELP_GAP] =
        "Nykytaso ja tavoitetaso toiminta-alueittain, niiden ero luottamusväleineen ja eron valo.",
    [S_WB_HELP_TESTS] =
        "Tilastolliset vertailut: kuntien väliset erot (Welchin ja tavallinen varianssianalyysi, "
        "Kruskal–Wallis, khiin neliö), kuntaparit sekä kunta muuhun alueeseen verrattuna. Yksi "
        "rivi on yksi luku; salattuja ryhmiä ei ole mukana testeissä.",
    [S_WB_HELP_STRATEGY] = "Strategian toimenpiteiden eteneminen toiminta-alueittain kunnittain ja "
                           "koko alueelta raportin päivämäärään.",
    [S_WB_HELP_BREAKDOWNS] =
        "Tulokset taustaryhmittäin (esimerkiksi toimiala, asema) kunnan ja koko alueen sisällä: "
        "yksi rivi on yhden ryhmän yksi kysymys tai osa-alue pääluvuin. Taustaryhmien "
        "vastausjakaumat ja ryhmien väliset testit ovat vain koneluettavissa taulukoissa, jotta "
        "välilehti mahtuu Excelin rajoihin myös valtakunnallisella aineistolla.",
    [S_WB_HELP_QUALITY] = "Jokaisen kyselyn lähdetiedosto ja sen luku: merkistö, erotin, luetut, "
                          "hyväksytyt ja hylätyt rivit sekä varoitukset. Hylkäysten syyt "
                          "rivinumeroineen ovat tiedostoissa quality-KYSELY.csv.",
    [S_WB_SH_GAP_BD] = "Tavoite taustaryhmittäin",
    [S_WB_HELP_GAP_BD] = "Nykytaso, tavoitetaso ja niiden ero toiminta-alueittain taustaryhmittäin "
                         "kunnan ja koko alueen sisällä.",
    [S_WB_SUM_LO] = "LV alaraja",
    [S_WB_SUM_HI] = "LV yläraja",
    [S_WB_HELP_PART] = "Jatkoa edelliselle välilehdelle: välilehdellä on enintään 1 048 576 riviä, "
                       "joten rivit jatkuvat tässä samoin sarakkein.",
    [S_WB_HELP_WAVE] = "Kyselykierroksen tunnus asetustiedostossa.",
    [S_WB_HELP_GROUP] = "Kunnan nimi; koko alueen riveillä alueen nimi.",
    [S_WB_HELP_GROUP_ID] = "Kunnan tunnus (kuten raporttien tiedostonimissä); ALL = koko alue.",
    [S_WB_HELP_SUBJECT_ID] = "Kysymyksen tai osa-alueen tunnus koodikirjassa.",
    [S_WB_HELP_BREAKDOWN_ID] = "Taustamuuttujan tunnus ja ryhmä muodossa tunnus=ryhmä.",
    [S_WB_HELP_COMPARED] = "Kysely, johon verrataan.",
    [S_WB_HELP_GROUPS] =
        "Verratut kaksi ryhmää (parivertailut); tyhjä, kun testi koskee kaikkia ryhmiä.",
    [S_WB_HELP_ANSWER_CODE] =
        "Vastausvaihtoehdon koodi koodikirjassa (numeerisilla kysymyksillä arvo).",
    [S_WB_HELP_STAT_CODE] = "Luvun koodi koneluettavissa taulukoissa.",
    [S_WB_COL_SHEET] = "Välilehti",
    [S_WB_COL_COLUMN] = "Sarake",
    [S_WB_COL_CODE] = "Koodi",
    [S_WB_COL_MEANING] = "Selitys",
    [S_WB_COL_MUNI_ID] = "Kunnan tunnus",
    [S_WB_COL_DIM_ID] = "Osa-alueen tunnus",
    [S_WB_COL_AREA_ID] = "Toiminta-alueen tunnus",
    [S_WB_COL_QUESTION] = "Kysymys",
    [S_WB_COL_ITEM_ID] = "Kysymyksen tunnus",
    [S_WB_COL_SUBJECT] = "Kysymys tai osa-alue",
    [S_WB_COL_SUBJECT_ID] = "Tunnus",
    [S_WB_COL_ANSWER_CODE] = "Vastauskoodi",
    [S_WB_COL_COMPARED] = "Vertailukysely",
    [S_WB_COL_TEST] = "Testi",
    [S_WB_COL_GROUPS] = "Verratut ryhmät",
    [S_WB_COL_STATISTIC] = "Tunnusluku",
    [S_WB_COL_STAT_CODE] = "Tunnusluvun koodi",
    [S_WB_COL_VALUE] = "Arvo",
    [S_WB_COL_BREAKDOWN] = "Taustamuuttuja",
    [S_WB_COL_CATEGORY] = "Ryhmä",
    [S_WB_COL_BREAKDOWN_ID] = "Ryhmän tunnus",
    [S_WB_COL_FILE] = "Tiedosto",
    [S_WB_COL_STATUS] = "Tila",
    [S_WB_COL_ENCODING] = "Merkistö",
    [S_WB_COL_DELIMITER] = "Erotin",
    [S_WB_READ_OK] = "luettu",
    [S_WB_READ_EARLIER] = "ei voitu lukea: aiemman ajon luvut säilyvät",
    [S_WB_READ_FAILED] = "ei voitu lukea",
    [S_WB_TITLE] = "%s: henkilöstökyselyjen tulokset",
    [S_WB_INTRO] = "Jokainen välilehti on taulukko: ensimmäinen rivi on otsikko, ja jokainen luku "
                   "on solussa numerona. Alla on kunkin välilehden ja sarakkeen selitys; "
                   "Koodi-sarake kertoo luvun koodin koneluettavissa taulukoissa (results.csv).",
    [S_WB_DATE] = "Päivämäärä",
    [S_WB_SOURCE] = "Lähdetiedosto",
    [S_WB_DEFINITIONS] = "Määritelmät",
    [S_WB_RULE_SUPPRESSION] =
        "Vastaajien yksityisyyden suojaamiseksi yhtään lukua, joka perustuu alle %d vastaajaan, ei "
        "näytetä. Salatun luvun solussa lukee \"%s\". Sama merkintä on myös luvuissa, jotka on "
        "salattu, jotta pienemmän ryhmän tulosta ei voisi päätellä vähentämällä julkaistuja lukuja "
        "toisistaan; merkintä ei kerro, kumpi syy on kyseessä. Testeissä on mukana vain julkaistut "
        "ryhmät.",
    [S_WB_DEF_FIGURES] =
        "Luvut ovat soluissa täydellä tarkkuudella; näytetty desimaalien määrä on vain muotoilua. "
        "Tyhjä solu: lukua ei ole (esimerkiksi kysymystä ei ole tässä kyselyssä). \"ei "
        "laskettavissa\": luku ei ole määritelty (esimerkiksi hajonta yhdestä arvosta). Valot ovat "
        "sanoja värillisessä solussa. Myönteisten osuus = kahden myönteisimmän vastausvaihtoehdon "
        "osuus vastanneista (en osaa sanoa -vastaukset eivät ole mukana).",
    [S_WB_DEF_SPLIT] = "Välilehti, jolla olisi yli 1 048 576 riviä (Excelin raja), jatkuu "
                       "välilehdellä \"NIMI (2)\" samoin sarakkein; rivejä ei jätetä pois.",
    [S_WB_NOT_APPLICABLE] = "ei laskettavissa",
    [S_WB_NO_LIGHT] = "ei valoa",
    [S_WB_SMALL_EXPECTED] = "pienet odotetut frekvenssit",
    [S_WB_ST_RESPONDENTS] = "Vastaajia",
    [S_WB_ST_STAFF] = "Henkilöstö",
    [S_WB_ST_RESPONSE_RATE] = "Vastausaste %",
    [S_WB_ST_MISSING] = "Puuttuvia",
    [S_WB_ST_DONTKNOW] = "En osaa sanoa (lkm)",
    [S_WB_ST_DONTKNOW_PCT] = "En osaa sanoa %",
    [S_WB_ST_MEAN] = "Keskiarvo",
    [S_WB_ST_SD] = "Keskihajonta",
    [S_WB_ST_CI_LO] = "Keskiarvon 95 %:n luottamusväli, alaraja",
    [S_WB_ST_CI_HI] = "Keskiarvon 95 %:n luottamusväli, yläraja",
    [S_WB_ST_MEDIAN] = "Mediaani",
    [S_WB_ST_Q1] = "Alakvartiili",
    [S_WB_ST_Q3] = "Yläkvartiili",
    [S_WB_ST_MIN] = "Pienin",
    [S_WB_ST_MAX] = "Suurin",
    [S_WB_ST_FAV_PCT] = "Myönteisiä %",
    [S_WB_ST_FAV_LO] = "Myönteisiä %, 95 %:n luottamusväli, alaraja",
    [S_WB_ST_FAV_HI] = "Myönteisiä %, 95 %:n luottamusväli, yläraja",
    [S_WB_ST_INDEX] = "Indeksi (0–100)",
    [S_WB_ST_INDEX_LO] = "Indeksin 95 %:n luottamusväli, alaraja",
    [S_WB_ST_INDEX_HI] = "Indeksin 95 %:n luottamusväli, yläraja",
    [S_WB_ST_MEAN_WEIGHTED] = "Keskiarvo henkilöstömäärillä painotettuna",
    [S_WB_ST_INDEX_WEIGHTED] = "Indeksi henkilöstömäärillä painotettuna",
    [S_WB_ST_COUNT] = "Lukumäärä",
    [S_WB_ST_PCT] = "Osuus %",
    [S_WB_ST_PCT_LO] = "Osuuden 95 %:n luottamusväli, alaraja",
    [S_WB_ST_PCT_HI] = "Osuuden 95 %:n luottamusväli, yläraja",
    [S_WB_ST_CHANGE_DIFF] = "Muutos (indeksipistettä)",
    [S_WB_ST_CHANGE_LO] = "Muutoksen 95 %:n luottamusväli, alaraja",
    [S_WB_ST_CHANGE_HI] = "Muutoksen 95 %:n luottamusväli, yläraja",
    [S_WB_ST_T] = "t",
    [S_WB_ST_DF] = "Vapausasteet",
    [S_WB_ST_P] = "p",
    [S_WB_ST_CURRENT] = "Nykytaso (keskiarvo)",
    [S_WB_ST_TARGET] = "Tavoitetaso (keskiarvo)",
    [S_WB_ST_GAP_LO] = "Eron 95 %:n luottamusväli, alaraja",
    [S_WB_ST_GAP_HI] = "Eron 95 %:n luottamusväli, yläraja",
    [S_WB_ST_GAP_LIGHT] = "Eron valo",
    [S_WB_ST_MEAN_INDEX] = "Indeksien keskiarvo",
    [S_WB_ST_ACTIONS] = "Toimenpiteitä",
    [S_WB_ST_NOT_STARTED] = "Ei aloitettu",
    [S_WB_ST_PARTICIPATES_PCT] = "Mukana %",
    [S_WB_T_WELCH] = "Welchin varianssianalyysi",
    [S_WB_T_ANOVA] = "Varianssianalyysi",
    [S_WB_T_KW] = "Kruskal–Wallis",
    [S_WB_T_CHISQ] = "Khiin neliö -testi",
    [S_WB_T_PAIR] = "Parivertailu (Welchin t)",
    [S_WB_T_REST] = "Kunta vs. muu alue (Welchin t)",
    [S_WB_T_F] = "F",
    [S_WB_T_DF1] = "Vapausasteet 1",
    [S_WB_T_DF2] = "Vapausasteet 2",
    [S_WB_T_P_HOLM] = "p (Holm)",
    [S_WB_T_P_HOLM_DIMS] = "p (Holm osa-alueiden kesken)",
    [S_WB_T_ETA2] = "eta²",
    [S_WB_T_H] = "H",
    [S_WB_T_EPS2] = "epsilon²",
    [S_WB_T_CHI2] = "khiin neliö",
    [S_WB_T_MIN_EXPECTED] = "Pienin odotettu frekvenssi",
    [S_WB_T_SMALL_SHARE] = "Odotettu frekvenssi alle 5, % soluista",
    [S_WB_T_CRAMER] = "Cramérin V",
    [S_WB_T_WARNING] = "Varoitus",
    [S_WB_T_DIFF] = "Erotus",
    [S_WB_T_D] = "Cohenin d",
    [S_INFO_SUBJECT_MUNI] = "Henkilöstökyselyjen tulokset: %s",
    [S_INFO_SUBJECT_REGION] = "Henkilöstökyselyjen tulokset kunnittain: %s",
    [S_INFO_KEYWORDS] = "digitalisaatio, henkilöstökysely, kypsyys, liikennevalot",
    [S_LIGHT_NAME_RED] = "punainen",
    [S_LIGHT_NAME_YELLOW] = "keltainen",
    [S_LIGHT_NAME_GREEN] = "vihreä",
    [S_LIGHT_NAME_UNCERTAIN] = "epävarma",
    [S_LIGHT_NAME_SUPPRESSED] = "ei näytetä",
    [S_ALT_INDEX] = "%s: indeksi %s (95 %% LV %s), %s",
    [S_ALT_NO_INDEX] = "%s: %s",
    [S_ALT_RANGE] = "alin kunta %s %s, ylin %s %s",
    [S_DATA_TABLE] = "%s: luvut taulukkona",
    [S_COL_VALUE] = "Indeksi",
    [S_COL_CI] = "95 %:n LV",
    [S_COL_LIGHT] = "Valo",
    [S_COL_N] = "n",
    [S_ALT_LIKERT] = "%s: myönteisten vastausten osuus väittämittäin, suurimmasta alkaen: %s",
    [S_COL_STATEMENT] = "Väittämä",
    [S_COL_OPTION] = "Vaihtoehto",
    [S_COL_SHARE] = "Osuus (95 %:n LV)",
    [S_COL_ANSWER] = "Vastaus",
    [S_SEC_PEERS] = "Sijoitus ja vertailuryhmä",
    [S_PEERS_INTRO] =
        "Sija kertoo, monennellako sijalla kunta on osa-alueen indeksissä niiden kuntien joukossa, "
        "joiden luku on julkaistu (enintään %zu; 1 = korkein indeksi). Suluissa on sijan "
        "epävarmuus: paras mahdollinen sija on 1 + niiden kuntien määrä, joiden 95 %%:n "
        "luottamusväli on kokonaan tämän kunnan välin yläpuolella, heikoin sija kuntien määrä "
        "vähennettynä niillä, joiden väli on kokonaan alapuolella. Vertailuryhmän indeksi on "
        "ryhmän kuntien julkaistujen indeksien vastaajamäärillä painotettu keskiarvo; kunnat, "
        "joiden luku on salattu, eivät ole siinä mukana.",
    [S_PEERS_GROUP] = "Vertailuryhmä: %s kuuluu ryhmään %s (%zu kuntaa).",
    [S_PEERS_NO_GROUP] = "%s ei kuulu vertailuryhmään: asetuksissa ei ole sen ryhmää (group) eikä "
                         "henkilöstömäärää (staff).",
    [S_PEERS_LISTED] = "Raportin vertailut (yhteenveto ja kuviot) näyttävät vertailuryhmän kunnat.",
    [S_PEERS_NOT_LISTED] = "Ryhmässä on yli %d kuntaa, joten raportin vertailut näyttävät vain "
                           "kunnan ja koko aineiston.",
    [S_PEERS_SIZE_CLASS] = "henkilöstö %s\xE2\x80\x93%s",
    [S_PEERS_SIZE_TOP] = "henkilöstö vähintään %s",
    [S_PEERS_RANK] = "%zu. (%zu.\xE2\x80\x93%zu.) / %zu",
    [S_PEERS_MEAN_CELL] = "%s (%zu kuntaa)",
    [S_COL_RANK_ALL] = "Sija kaikista (väli)",
    [S_COL_PEER_INDEX] = "Ryhmän indeksi",
    [S_COL_RANK_PEER] = "Sija ryhmässä (väli)",
    [S_NAT_CHART_INTRO] =
        "%zu kuntaa indeksin mukaan, korkein ylimpänä: piste on kunnan indeksi, vaakaviiva sen "
        "95 %%:n luottamusväli ja pisteen väri sen valo. Pystyviiva on %s (%s). Kuntien nimet ja "
        "luvut ovat liitteen taulukossa.",
    [S_NAT_WITHHELD] =
        "%zu kunnan indeksi on salattu (alle %d vastaajaa), eikä niitä ole kuviossa.",
    [S_NAT_RANK_AXIS] = "Sija",
    [S_NAT_LIGHTS_TITLE] = "Valot osa-alueittain",
    [S_NAT_LIGHTS_INTRO] =
        "Montako kuntaa (%zu kunnasta) kullakin valolla on kullakin osa-alueella. "
        "Kunnittaiset valot ovat liitteessä.",
    [S_SEC_APPENDIX] = "Liite: kaikki kunnat",
    [S_APPENDIX_INTRO] = "Kunkin kunnan osa-alueiden indeksit valoineen ja kokonaiskypsyystaso.",
    [S_NAT_METHOD_NOTE] = "Kuntien vastausasteiden mediaani on %s, pienin %s ja suurin %s. "
                          "Kuntakohtaiset vastaajamäärät ovat tulostaulukoissa ja kuntien "
                          "raporteissa.",
    [S_PEERS_FIG_TITLE] = "Sijoitus kaikkien kuntien joukossa",
    [S_PEERS_LEG_OTHERS] = "muut kunnat",
    [S_PEERS_LEG_GROUP] = "vertailuryhmä",
    [S_PEERS_LEG_SELF] = "kunta ja 95 %:n luottamusväli",
    [S_PEERS_LEG_GROUP_INDEX] = "ryhmän indeksi",
    [S_PEERS_ALT_ROW] = "%s: indeksi %s %s, sija %s",
    [S_COL_LOWEST] = "Pienin",
    [S_COL_MEDIAN] = "Mediaani",
    [S_COL_HIGHEST] = "Suurin",
};

static const char *const en[S_COUNT] = {
    [S_DECIMAL_MARK] = ".",
    [S_THOUSANDS_SEP] = ",",
    [S_PCT_FMT] = "%s%%",
    [S_SUPPRESSED_CELL] = "withheld",
    [S_PAGE_OF] = "Page %zu / %zu",
    [S_FOOTER_LEFT] = "digimittari",

    [S_LETTER_RED] = "R",
    [S_LETTER_YELLOW] = "Y",
    [S_LETTER_GREEN] = "G",
    [S_LETTER_UNCERTAIN] = "?",
    [S_LETTER_SUPPRESSED] = "–",

    [S_LEGEND_GREEN] = "Green (G): index %s or more – in good shape",
    [S_LEGEND_YELLOW] = "Yellow (Y): index %s–%s – room to improve",
    [S_LEGEND_RED] = "Red (R): index below %s – needs action first",
    [S_LEGEND_UNCERTAIN] = "Uncertain (?): the result is so close to a threshold that its "
                           "colour cannot be told reliably",
    [S_LEGEND_SUPPRESSED] = "Grey (–): withheld, because of fewer than %d respondents or because "
                            "it could reveal a smaller group's result",
    [S_LEGEND_GAP_GREEN] = "Green (G): gap to target below %s",
    [S_LEGEND_GAP_YELLOW] = "Yellow (Y): gap %s or more but below %s",
    [S_LEGEND_GAP_RED] = "Red (R): gap %s or more – largest need for development",
    [S_LEGEND_GAP_UNCERTAIN] = "Uncertain (?): the gap is so close to a threshold that its "
                               "colour cannot be told reliably",

    [S_REGIONAL_REPORT] = "Regional report",
    [S_REGIONAL_REPORT_SUB] = "Comparison of municipalities",
    [S_MUNICIPAL_REPORT] = "Municipal report",
    [S_DATA_SOURCES] = "Data sources",
    [S_SOURCE_RESPONDENTS] = ": %s respondents",
    [S_SOURCE_REGION] = " (%s in total %s)",
    [S_SOURCE_COMPARED] = "; compared with %d",
    [S_REPORT_DATE] = "Date: %s",
    [S_PRIVACY_NOTE] = "To protect respondents' privacy, this report shows no figure based on "
                       "fewer than %d respondents. Free-text answers and respondent ids are "
                       "never included.",
    [S_CONTENTS] = "Contents",

    [S_SEC_SUMMARY] = "Summary",
    [S_FINDINGS_TITLE] = "Key findings: %s",
    [S_FIND_RESPONDENTS] = "%s respondents",
    [S_FIND_RATE] = ", response rate %s",
    [S_FIND_BEST] = "Strongest area: %s (index %s / 100).",
    [S_FIND_WORST] = "Weakest area: %s (index %s / 100) – the place to start.",
    [S_FIND_NONE] = "There are fewer than %d respondents, so no area results can be shown.",
    [S_FIND_UP] = "Clearly better than in %d: %s.",
    [S_FIND_DOWN] = "Clearly worse than in %d: %s.",
    [S_FIND_NOCHANGE] = "No clear changes since %d: the differences may be chance.",
    [S_FIND_GAP] = "Longest way to the target: %s (target %s points above the current "
                   "level).",
    [S_FIND_MATURITY] = "Overall maturity level %d / 5.",
    [S_FIND_STRATEGY] = "Strategy actions implemented: %s (%s of %s).",
    [S_MATRIX_TITLE] = "Traffic lights by area",
    [S_HOW_TO_READ] = "How to read the table",
    [S_READING_GUIDE] =
        "Each row is a municipality and each column an area of the digital strategy. The "
        "number 0–100 tells how positively staff rate the area: 100 would mean that everyone "
        "fully agrees with the positive statements, 0 that everyone fully disagrees. Green (G) "
        "means %s or more: things are in good shape. Yellow (Y) is %s–%s: there is room to "
        "improve. Red (R) is below %s: the area needs action first. A question mark (?) means "
        "that the result is so close to a threshold that the number of respondents is not "
        "enough to tell its colour. A grey mark with ”withheld” means that the result is "
        "not shown, to protect respondents. The last column, maturity level 1–5, sums up all "
        "areas in one number: the higher, the further digitalisation has come.",
    [S_COL_MUNICIPALITY] = "Municipality",
    [S_COL_MATURITY] = "Maturity level",
    [S_SUMMARY_PROGRESS] = "Strategy actions implemented",
    [S_LEGEND_PROGRESS] = "Square: share of strategy actions implemented",
    [S_PROG_GREEN] = "%s%% or more",
    [S_PROG_YELLOW] = "%s–%s%%",
    [S_PROG_RED] = "below %s%%",

    [S_SEC_DIMENSIONS] = "Area indexes",
    [S_DIMENSIONS_INTRO] =
        "The dot is the area's index (0–100) and the line its 95%% confidence interval: the "
        "true value very probably lies on the line. The shorter the line, the surer the "
        "result; lines are short when there are many respondents who agree with each other. "
        "The dashed lines are the traffic-light thresholds %s and %s. The whole region comes "
        "first, then the municipalities from the highest index to the lowest.",
    [S_COL_INDEX] = "Index (95% CI)",

    [S_SEC_CHANGE] = "Change since %d",
    [S_CHANGE_INTRO] =
        "The table compares the area indexes of the %d and %d surveys. The dot is the change "
        "in index points and the line its 95%% confidence interval. When the line does not "
        "cross zero (p < 0.05) the change is statistically significant, that is, hardly "
        "chance; otherwise the difference may come from different people answering.",
    [S_COL_DIMENSION] = "Area",
    [S_COL_CHANGE_CI] = "Change (95% CI)",
    [S_COL_DIRECTION] = "Direction",
    [S_CHANGE_UP] = "↑ Better",
    [S_CHANGE_DOWN] = "↓ Worse",
    [S_CHANGE_FLAT] = "→ No clear change",
    [S_CHANGE_BY_MUNI] = "Changes by municipality (index points)",

    [S_SEC_GAP] = "Current and target level",
    [S_GAP_INTRO] =
        "Respondents rated the current and the target level of digitalisation in each action "
        "area. The gap tells how far the target still is: a green gap is below %s points, a "
        "red one %s points or more. The 95%% confidence interval of the gap is in brackets.",
    [S_COL_AREA] = "Action area",
    [S_COL_GAP] = "Gap (95% CI)",
    [S_LEGEND_CURRENT] = "Current level",
    [S_LEGEND_TARGET] = "Target level",
    [S_GAP_BY_MUNI] = "Gaps by municipality",

    [S_SEC_ITEMS] = "Statements: %s %d",
    [S_ITEMS_INTRO] =
        "The bars show how respondents (%s) answered each statement. Those who disagree are "
        "left of the centre line, those who agree right of it, and neutral answers are split "
        "across it. Numbers are percentages. ”Don't know” answers have a grey bar of their own "
        "(DK) and are not in the percentages. Within each area, statements are ordered by the "
        "share of favourable answers. In a negative statement (marked) agreeing is the "
        "unfavourable answer. With fewer than %d respondents no bar is shown.",
    [S_HEAD_DISAGREE] = "← Disagree",
    [S_HEAD_AGREE] = "Agree →",
    [S_HEAD_DONTKNOW] = "DK %",
    [S_REVERSED_MARK] = "(negative statement)",
    [S_NEGATIVE_LEGEND] = "Negative statement: agreeing is the unfavourable answer here.",
    [S_OTHER_ITEMS] = "Other statements",
    [S_MULTI_MARK] = " (several may be chosen)",
    [S_NUM_N] = "Respondents: %s",
    [S_NUM_MEAN] = "Mean: %s",
    [S_NUM_MEDIAN] = "Median: %s",
    [S_NUM_REGION_MEAN] = "%s: mean %s",
    [S_NUM_AXIS] = "Share of respondents by answer",
    [S_CHOICE_DONTKNOW] = "Don't know: %s respondents (not in the percentages)",
    [S_OTHER_WAVE_INTRO] =
        "Results of this survey (%s). Percentages are shares of respondents; in brackets the "
        "95%% confidence interval, within which the true share very probably lies.",

    [S_SEC_STRATEGY] = "Strategy follow-up",
    [S_STRATEGY_INTRO] =
        "Status of the digital strategy's actions on %s. The implementation rate is the share "
        "of implemented actions among those that should have started by the plan (cancelled "
        "ones left out). An action is late when its planned end has passed and it is not "
        "done. The light is red when the rate is below %s%% and green when it is %s%% or "
        "more.",
    [S_STRATEGY_ACTIONS_TITLE] = "Actions: %s",
    [S_COL_IN_PLAN] = "In plan",
    [S_COL_IMPLEMENTED] = "Implemented",
    [S_COL_IN_PROGRESS] = "In progress",
    [S_COL_LATE] = "Late",
    [S_COL_PARTICIPATES] = "Taking part",
    [S_COL_PROGRESS] = "Implemented %",
    [S_TOTAL] = "Total",
    [S_STRATEGY_BY_MUNI] = "Implementation rate by municipality",
    [S_INDICATORS_TITLE] = "Indicators",
    [S_COL_INDICATOR] = "Indicator",
    [S_COL_SINCE_START] = "Since start",
    [S_DIR_BETTER] = "better",
    [S_DIR_WORSE] = "worse",
    [S_DIR_SAME] = "unchanged",
    [S_INDICATORS_INTRO] =
        "The small line chart shows the row's values in %d–%d on its own scale: the dotted "
        "line is the starting level and the large dot the latest value. The arrow tells which "
        "way is better.",
    [S_COL_TREND] = "Trend",
    [S_BETTER_HIGHER] = "↑ higher is better",
    [S_BETTER_LOWER] = "↓ lower is better",
    [S_PARTICIPATION_TITLE] = "Participation in actions by municipality",
    [S_PARTICIPATION_INTRO] =
        "How many of the area's actions the municipality takes part in; in brackets, the "
        "share of all the area's actions. The last row gives the number of actions.",
    [S_PARTICIPATION_REGION] = "%s: all actions",
    [S_IMPLEMENTED_TITLE] = "Implemented actions",
    [S_IMPLEMENTED_NONE] = "No implemented actions.",
    [S_COL_ACTION] = "Action",
    [S_COL_STATUS] = "Status",
    [S_COL_DUE] = "Due",
    [S_COL_DONE] = "Done",
    [S_STATUS_PLANNED] = "planned",
    [S_STATUS_IN_PROGRESS] = "in progress",
    [S_STATUS_IMPLEMENTED] = "implemented",
    [S_STATUS_POSTPONED] = "postponed",
    [S_STATUS_CANCELLED] = "cancelled",
    [S_LATE_TITLE] = "Late actions",
    [S_LATE_NONE] = "No late actions.",
    [S_LATE_MORE] = "… and %zu more",

    [S_SEC_METHOD] = "Method and data",
    [S_METHOD_RESPONDENTS] = "Respondents: %s %d",
    [S_COL_RESPONDENTS] = "Respondents",
    [S_COL_STAFF] = "Staff",
    [S_COL_RATE] = "Response rate",
    [S_METHOD_ALPHA] = "Reliability of the measures: %s %d",
    [S_COL_ITEMS] = "Statements",
    [S_COL_ALPHA] = "Cronbach's alpha",
    [S_METHOD_ALPHA_NOTE] =
        "Cronbach's alpha tells whether the statements of an area measure the same thing: 0.7 "
        "or more is good, below 0.5 weak. Alpha is computed from all respondents of the region.",
    [S_METHOD_RULES] = "Indexes and traffic lights",
    [S_METHOD_INDEX] =
        "A respondent's area score is the mean of his or her answers to the area's statements "
        "when at least half were answered; negative statements are reversed first. The index "
        "puts the mean on a 0–100 scale: index = (mean − 1) / (scale maximum − 1) · 100. The "
        "light is red when the index is below %s, yellow when it is %s or more but below %s, "
        "and green when it is %s or more. It is uncertain (?) when the index's 95%% confidence "
        "interval crosses a threshold.",
    [S_METHOD_GAP] = "The gap is the mean target level minus the mean current level. It is "
                     "yellow when %s or more and red when %s or more; otherwise green. It is "
                     "uncertain (?) when its confidence interval crosses a threshold.",
    [S_METHOD_MATURITY] = "The overall maturity level 1–5 sums up the mean of a "
                          "municipality's published area indexes as a five-step level.",
    [S_METHOD_CI] =
        "The 95% confidence interval describes the uncertainty of a result: if the survey "
        "were repeated, the interval would contain the true value 95 times out of 100. "
        "Intervals of means use the t distribution, those of shares the Wilson method. "
        "Changes are tested with Welch's t test (p < 0.05). Figures of the whole region pool "
        "all respondents of the region.",
    [S_METHOD_SUPPRESSION] =
        "Privacy: %zu of the run's %zu results (a question, an area or a respondent count of a "
        "municipality, the region or a background group) are withheld, so that no figure of a "
        "group of fewer than %d respondents can be shown or worked out from the published ones. "
        "Withheld cells are grey and read ”withheld”; they are not zeros. Free-text answers and "
        "respondent ids are never shown.",
    [S_METHOD_QUALITY] = "Data quality",
    [S_COL_WAVE] = "Survey",
    [S_COL_READ] = "Rows",
    [S_COL_ACCEPTED] = "Accepted",
    [S_COL_REJECTED] = "Rejected",
    [S_COL_WARNINGS] = "Warnings",
    [S_METHOD_QUALITY_NOTE] =
        "Every row of an export is either counted or rejected with a reason. Rejected rows "
        "(for example an unknown municipality, the same respondent twice or a broken row) and "
        "warnings are listed with their line numbers in the data-quality report.",

    /* The analysts' workbook. */
    [S_WB_SH_README] = "Read me",
    [S_WB_SH_SUMMARY] = "Summary",
    [S_WB_SH_DIMS] = "Dimensions",
    [S_WB_SH_ITEMS] = "Items",
    [S_WB_SH_DIST] = "Answer distributions",
    [S_WB_SH_CHANGE] = "Change",
    [S_WB_SH_GAP] = "Current vs target",
    [S_WB_SH_TESTS] = "Comparisons",
    [S_WB_SH_STRATEGY] = "Strategy progress",
    [S_WB_SH_BREAKDOWNS] = "Breakdowns",
    [S_WB_SH_QUALITY] = "Data quality",
    [S_WB_HELP_README] = "This guide: the sheets, their columns, the definitions, the suppression "
                         "rule, the source files and the date.",
    [S_WB_HELP_SUMMARY] =
        "Per survey wave, each municipality and the whole region: respondents, response rate, "
        "maturity level, and each dimension's index with its 95% confidence interval, light and n.",
    [S_WB_HELP_DIMS] =
        "Dimension results per municipality and for the region: n, mean, SD, confidence interval "
        "and quartiles of the respondents' dimension scores, index, light and Cronbach's alpha.",
    [S_WB_HELP_ITEMS] =
        "Item results per municipality and for the region: n, missing, mean, SD, confidence "
        "interval, quartiles, % favourable with its confidence interval, and don't-know answers.",
    [S_WB_HELP_DIST] =
        "Answer distributions: the count and share of each answer code of each item.",
    [S_WB_HELP_CHANGE] = "Change of each dimension index since the compared wave (index points), "
                         "with its confidence interval and Welch t-test.",
    [S_WB_HELP_GAP] = "Current and target level per action area, the gap between them with its "
                      "confidence interval, and the gap light.",
    [S_WB_HELP_TESTS] =
        "Statistical comparisons: differences between municipalities (Welch and classical ANOVA, "
        "Kruskal–Wallis, chi-square), pairs of municipalities, and each municipality against the "
        "rest of the region. One row per figure; withheld groups are left out of every test.",
    [S_WB_HELP_STRATEGY] = "Progress of the strategy's actions per action area, per municipality "
                           "and for the region, on the report date.",
    [S_WB_HELP_BREAKDOWNS] =
        "Results by breakdown (such as sector, position) within each municipality and the region: "
        "one row per category and item or dimension, with the headline figures. Breakdown answer "
        "distributions and tests between categories are only in the machine tables, so that the "
        "sheet fits Excel's limits at national scale too.",
    [S_WB_HELP_QUALITY] =
        "Each wave's source file and how it was read: encoding, delimiter, rows read, accepted and "
        "rejected, and warnings. The reasons, with line numbers, are in quality-WAVE.csv.",
    [S_WB_SH_GAP_BD] = "Current vs target by breakdown",
    [S_WB_HELP_GAP_BD] = "Current and target level and the gap between them per action area, by "
                         "breakdown category within each municipality and the region.",
    [S_WB_SUM_LO] = "CI lower",
    [S_WB_SUM_HI] = "CI upper",
    [S_WB_HELP_PART] = "Continues the sheet before it: a sheet holds at most 1,048,576 rows, so "
                       "its rows go on here with the same columns.",
    [S_WB_HELP_WAVE] = "The survey wave's id in the configuration.",
    [S_WB_HELP_GROUP] =
        "The municipality's name; the region's name on the rows of the whole region.",
    [S_WB_HELP_GROUP_ID] =
        "The municipality's id (as in the report file names); ALL = the whole region.",
    [S_WB_HELP_SUBJECT_ID] = "The item's or dimension's id in the codebook.",
    [S_WB_HELP_BREAKDOWN_ID] = "The breakdown's id and category, as id=category.",
    [S_WB_HELP_COMPARED] = "The wave compared with.",
    [S_WB_HELP_GROUPS] =
        "The two groups compared (pairs); empty when the test is across all groups.",
    [S_WB_HELP_ANSWER_CODE] = "The answer code in the codebook (the value, for numeric items).",
    [S_WB_HELP_STAT_CODE] = "The figure's code in the machine tables.",
    [S_WB_COL_SHEET] = "Sheet",
    [S_WB_COL_COLUMN] = "Column",
    [S_WB_COL_CODE] = "Code",
    [S_WB_COL_MEANING] = "Meaning",
    [S_WB_COL_MUNI_ID] = "Municipality id",
    [S_WB_COL_DIM_ID] = "Dimension id",
    [S_WB_COL_AREA_ID] = "Action area id",
    [S_WB_COL_QUESTION] = "Question",
    [S_WB_COL_ITEM_ID] = "Item id",
    [S_WB_COL_SUBJECT] = "Item or dimension",
    [S_WB_COL_SUBJECT_ID] = "Id",
    [S_WB_COL_ANSWER_CODE] = "Answer code",
    [S_WB_COL_COMPARED] = "Compared wave",
    [S_WB_COL_TEST] = "Test",
    [S_WB_COL_GROUPS] = "Groups compared",
    [S_WB_COL_STATISTIC] = "Statistic",
    [S_WB_COL_STAT_CODE] = "Statistic code",
    [S_WB_COL_VALUE] = "Value",
    [S_WB_COL_BREAKDOWN] = "Breakdown",
    [S_WB_COL_CATEGORY] = "Category",
    [S_WB_COL_BREAKDOWN_ID] = "Category id",
    [S_WB_COL_FILE] = "File",
    [S_WB_COL_STATUS] = "Status",
    [S_WB_COL_ENCODING] = "Encoding",
    [S_WB_COL_DELIMITER] = "Delimiter",
    [S_WB_READ_OK] = "read",
    [S_WB_READ_EARLIER] = "could not be read: the earlier run's figures are kept",
    [S_WB_READ_FAILED] = "could not be read",
    [S_WB_TITLE] = "%s: staff survey results",
    [S_WB_INTRO] = "Each sheet is a table: the first row is the header, and every figure is a "
                   "number in its cell. Below, each sheet and column is explained; the Code column "
                   "gives the figure's code in the machine tables (results.csv).",
    [S_WB_DATE] = "Date",
    [S_WB_SOURCE] = "Source file",
    [S_WB_DEFINITIONS] = "Definitions",
    [S_WB_RULE_SUPPRESSION] =
        "To protect the respondents' privacy, no figure based on fewer than %d respondents is "
        "shown. A withheld figure's cell says \"%s\". The same word marks figures withheld so that "
        "a smaller group's result cannot be worked out by subtracting published figures; it never "
        "tells which reason applies. Tests use only published groups.",
    [S_WB_DEF_FIGURES] =
        "Figures are stored at full precision; the decimals shown are formatting only. An empty "
        "cell: there is no such figure (for example, the item is not in this wave). \"not "
        "applicable\": the figure is not defined (for example, the SD of one value). Lights are "
        "words in a coloured cell. % favourable = the share of the two most favourable answers "
        "among those who answered (don't-know answers left out).",
    [S_WB_DEF_SPLIT] = "A sheet that would have more than 1,048,576 rows (Excel's limit) goes on "
                       "in a sheet \"NAME (2)\" with the same columns; no row is left out.",
    [S_WB_NOT_APPLICABLE] = "not applicable",
    [S_WB_NO_LIGHT] = "no light",
    [S_WB_SMALL_EXPECTED] = "small expected counts",
    [S_WB_ST_RESPONDENTS] = "Respondents",
    [S_WB_ST_STAFF] = "Staff",
    [S_WB_ST_RESPONSE_RATE] = "Response rate %",
    [S_WB_ST_MISSING] = "Missing",
    [S_WB_ST_DONTKNOW] = "Don't know (count)",
    [S_WB_ST_DONTKNOW_PCT] = "Don't know %",
    [S_WB_ST_MEAN] = "Mean",
    [S_WB_ST_SD] = "SD",
    [S_WB_ST_CI_LO] = "Mean, 95% CI lower",
    [S_WB_ST_CI_HI] = "Mean, 95% CI upper",
    [S_WB_ST_MEDIAN] = "Median",
    [S_WB_ST_Q1] = "Lower quartile",
    [S_WB_ST_Q3] = "Upper quartile",
    [S_WB_ST_MIN] = "Minimum",
    [S_WB_ST_MAX] = "Maximum",
    [S_WB_ST_FAV_PCT] = "Favourable %",
    [S_WB_ST_FAV_LO] = "Favourable %, 95% CI lower",
    [S_WB_ST_FAV_HI] = "Favourable %, 95% CI upper",
    [S_WB_ST_INDEX] = "Index (0–100)",
    [S_WB_ST_INDEX_LO] = "Index, 95% CI lower",
    [S_WB_ST_INDEX_HI] = "Index, 95% CI upper",
    [S_WB_ST_MEAN_WEIGHTED] = "Mean weighted by staff",
    [S_WB_ST_INDEX_WEIGHTED] = "Index weighted by staff",
    [S_WB_ST_COUNT] = "Count",
    [S_WB_ST_PCT] = "Share %",
    [S_WB_ST_PCT_LO] = "Share, 95% CI lower",
    [S_WB_ST_PCT_HI] = "Share, 95% CI upper",
    [S_WB_ST_CHANGE_DIFF] = "Change (index points)",
    [S_WB_ST_CHANGE_LO] = "Change, 95% CI lower",
    [S_WB_ST_CHANGE_HI] = "Change, 95% CI upper",
    [S_WB_ST_T] = "t",
    [S_WB_ST_DF] = "df",
    [S_WB_ST_P] = "p",
    [S_WB_ST_CURRENT] = "Current level (mean)",
    [S_WB_ST_TARGET] = "Target level (mean)",
    [S_WB_ST_GAP_LO] = "Gap, 95% CI lower",
    [S_WB_ST_GAP_HI] = "Gap, 95% CI upper",
    [S_WB_ST_GAP_LIGHT] = "Gap light",
    [S_WB_ST_MEAN_INDEX] = "Mean of the indexes",
    [S_WB_ST_ACTIONS] = "Actions",
    [S_WB_ST_NOT_STARTED] = "Not started",
    [S_WB_ST_PARTICIPATES_PCT] = "Takes part %",
    [S_WB_T_WELCH] = "Welch ANOVA",
    [S_WB_T_ANOVA] = "ANOVA",
    [S_WB_T_KW] = "Kruskal–Wallis",
    [S_WB_T_CHISQ] = "Chi-square test",
    [S_WB_T_PAIR] = "Pair (Welch t)",
    [S_WB_T_REST] = "Municipality vs rest of region (Welch t)",
    [S_WB_T_F] = "F",
    [S_WB_T_DF1] = "df1",
    [S_WB_T_DF2] = "df2",
    [S_WB_T_P_HOLM] = "p (Holm)",
    [S_WB_T_P_HOLM_DIMS] = "p (Holm across dimensions)",
    [S_WB_T_ETA2] = "eta²",
    [S_WB_T_H] = "H",
    [S_WB_T_EPS2] = "epsilon²",
    [S_WB_T_CHI2] = "chi-square",
    [S_WB_T_MIN_EXPECTED] = "Smallest expected count",
    [S_WB_T_SMALL_SHARE] = "Expected count under 5, % of cells",
    [S_WB_T_CRAMER] = "Cramér's V",
    [S_WB_T_WARNING] = "Warning",
    [S_WB_T_DIFF] = "Difference",
    [S_WB_T_D] = "Cohen's d",
    [S_INFO_SUBJECT_MUNI] = "Staff survey results: %s",
    [S_INFO_SUBJECT_REGION] = "Staff survey results by municipality: %s",
    [S_INFO_KEYWORDS] = "digitalisation, staff survey, maturity, traffic lights",
    [S_LIGHT_NAME_RED] = "red",
    [S_LIGHT_NAME_YELLOW] = "yellow",
    [S_LIGHT_NAME_GREEN] = "green",
    [S_LIGHT_NAME_UNCERTAIN] = "uncertain",
    [S_LIGHT_NAME_SUPPRESSED] = "not shown",
    [S_ALT_INDEX] = "%s: index %s (95%% CI %s), %s",
    [S_ALT_NO_INDEX] = "%s: %s",
    [S_ALT_RANGE] = "lowest municipality %s %s, highest %s %s",
    [S_DATA_TABLE] = "%s: the figures as a table",
    [S_COL_VALUE] = "Index",
    [S_COL_CI] = "95% CI",
    [S_COL_LIGHT] = "Light",
    [S_COL_N] = "n",
    [S_ALT_LIKERT] = "%s: share of favourable answers by statement, highest first: %s",
    [S_COL_STATEMENT] = "Statement",
    [S_COL_OPTION] = "Option",
    [S_COL_SHARE] = "Share (95% CI)",
    [S_COL_ANSWER] = "Answer",
    [S_SEC_PEERS] = "Rank and peer group",
    [S_PEERS_INTRO] =
        "The rank says where the municipality stands in the area's index among the "
        "municipalities whose figure is published (at most %zu; 1 = highest index). In brackets "
        "is its uncertainty: the best possible rank is 1 + the number of municipalities whose 95%% "
        "confidence interval lies entirely above this one's, the worst the number of "
        "municipalities less those whose interval lies entirely below. The peer group's index is "
        "the mean of its members' published indexes weighted by their respondents; members whose "
        "figure is withheld are left out of it.",
    [S_PEERS_GROUP] = "Peer group: %s belongs to %s (%zu municipalities).",
    [S_PEERS_NO_GROUP] = "%s has no peer group: the configuration gives neither its group nor its "
                         "staff headcount.",
    [S_PEERS_LISTED] = "The comparisons of this report (summary and charts) show the peer group.",
    [S_PEERS_NOT_LISTED] = "The group has more than %d municipalities, so the comparisons of this "
                           "report show only the municipality and the whole data set.",
    [S_PEERS_SIZE_CLASS] = "staff %s\xE2\x80\x93%s",
    [S_PEERS_SIZE_TOP] = "staff %s or more",
    [S_PEERS_RANK] = "%zu (%zu\xE2\x80\x93%zu) of %zu",
    [S_PEERS_MEAN_CELL] = "%s (%zu municipalities)",
    [S_COL_RANK_ALL] = "Rank of all (range)",
    [S_COL_PEER_INDEX] = "Group index",
    [S_COL_RANK_PEER] = "Rank in group (range)",
    [S_NAT_CHART_INTRO] =
        "%zu municipalities by index, highest at the top: the dot is a municipality's index, the "
        "line its 95%% confidence interval and the dot's colour its light. The vertical line is %s "
        "(%s). The municipalities' names and figures are in the appendix.",
    [S_NAT_WITHHELD] = "The index of %zu municipalities is withheld (fewer than %d respondents); "
                       "they are not in the chart.",
    [S_NAT_RANK_AXIS] = "Rank",
    [S_NAT_LIGHTS_TITLE] = "Lights by area",
    [S_NAT_LIGHTS_INTRO] = "How many municipalities (of %zu) have each light in each area. The "
                           "lights of each municipality are in the appendix.",
    [S_SEC_APPENDIX] = "Appendix: every municipality",
    [S_APPENDIX_INTRO] = "Each municipality's area indexes with their lights, and its overall "
                         "maturity level.",
    [S_NAT_METHOD_NOTE] = "The municipalities' median response rate is %s, the lowest %s and the "
                          "highest %s. Respondents per municipality are in the results tables and "
                          "in the municipal reports.",
    [S_PEERS_FIG_TITLE] = "Place among all municipalities",
    [S_PEERS_LEG_OTHERS] = "other municipalities",
    [S_PEERS_LEG_GROUP] = "peer group",
    [S_PEERS_LEG_SELF] = "municipality and its 95% CI",
    [S_PEERS_LEG_GROUP_INDEX] = "group index",
    [S_PEERS_ALT_ROW] = "%s: index %s %s, rank %s",
    [S_COL_LOWEST] = "Lowest",
    [S_COL_MEDIAN] = "Median",
    [S_COL_HIGHEST] = "Highest",
};

/*
 * The conversions each format string must have, in order (strtab.h lists
 * them too); strings without an entry are drawn as they are, never formatted.
 */
static const char *const spec[S_COUNT] = {
    [S_PCT_FMT] = "%s",
    [S_PEERS_INTRO] = "%zu",
    [S_PEERS_GROUP] = "%s%s%zu",
    [S_PEERS_NO_GROUP] = "%s",
    [S_PEERS_NOT_LISTED] = "%d",
    [S_PEERS_SIZE_CLASS] = "%s%s",
    [S_PEERS_SIZE_TOP] = "%s",
    [S_PEERS_RANK] = "%zu%zu%zu%zu",
    [S_PEERS_MEAN_CELL] = "%s%zu",
    [S_NAT_CHART_INTRO] = "%zu%s%s",
    [S_NAT_WITHHELD] = "%zu%d",
    [S_NAT_LIGHTS_INTRO] = "%zu",
    [S_NAT_METHOD_NOTE] = "%s%s%s",
    [S_PEERS_ALT_ROW] = "%s%s%s%s",
    [S_ALT_INDEX] = "%s%s%s%s",
    [S_ALT_NO_INDEX] = "%s%s",
    [S_ALT_RANGE] = "%s%s%s%s",
    [S_DATA_TABLE] = "%s",
    [S_ALT_LIKERT] = "%s%s",
    [S_PAGE_OF] = "%zu%zu",
    [S_LEGEND_GREEN] = "%s",
    [S_LEGEND_YELLOW] = "%s%s",
    [S_LEGEND_RED] = "%s",
    [S_LEGEND_SUPPRESSED] = "%d",
    [S_LEGEND_GAP_GREEN] = "%s",
    [S_LEGEND_GAP_YELLOW] = "%s%s",
    [S_LEGEND_GAP_RED] = "%s",
    [S_SOURCE_RESPONDENTS] = "%s",
    [S_SOURCE_REGION] = "%s%s",
    [S_SOURCE_COMPARED] = "%d",
    [S_REPORT_DATE] = "%s",
    [S_PRIVACY_NOTE] = "%d",
    [S_FINDINGS_TITLE] = "%s",
    [S_FIND_RESPONDENTS] = "%s",
    [S_FIND_RATE] = "%s",
    [S_FIND_BEST] = "%s%s",
    [S_FIND_WORST] = "%s%s",
    [S_FIND_NONE] = "%d",
    [S_FIND_UP] = "%d%s",
    [S_FIND_DOWN] = "%d%s",
    [S_FIND_NOCHANGE] = "%d",
    [S_FIND_GAP] = "%s%s",
    [S_FIND_MATURITY] = "%d",
    [S_FIND_STRATEGY] = "%s%s%s",
    [S_PROG_GREEN] = "%s",
    [S_PROG_YELLOW] = "%s%s",
    [S_PROG_RED] = "%s",
    [S_INDICATORS_INTRO] = "%d%d",
    [S_PARTICIPATION_REGION] = "%s",
    [S_READING_GUIDE] = "%s%s%s%s",
    [S_DIMENSIONS_INTRO] = "%s%s",
    [S_SEC_CHANGE] = "%d",
    [S_CHANGE_INTRO] = "%d%d",
    [S_GAP_INTRO] = "%s%s",
    [S_SEC_ITEMS] = "%s%d",
    [S_ITEMS_INTRO] = "%s%d",
    [S_NUM_N] = "%s",
    [S_NUM_MEAN] = "%s",
    [S_NUM_MEDIAN] = "%s",
    [S_NUM_REGION_MEAN] = "%s%s",
    [S_CHOICE_DONTKNOW] = "%s",
    [S_OTHER_WAVE_INTRO] = "%s",
    [S_METHOD_RESPONDENTS] = "%s%d",
    [S_STRATEGY_INTRO] = "%s%s%s",
    [S_STRATEGY_ACTIONS_TITLE] = "%s",
    [S_LATE_MORE] = "%zu",
    [S_METHOD_ALPHA] = "%s%d",
    [S_METHOD_INDEX] = "%s%s%s%s",
    [S_METHOD_GAP] = "%s%s",
    [S_METHOD_SUPPRESSION] = "%zu%zu%d",
    [S_WB_TITLE] = "%s",
    [S_WB_RULE_SUPPRESSION] = "%d%s",
    [S_INFO_SUBJECT_MUNI] = "%s",
    [S_INFO_SUBJECT_REGION] = "%s",
};

int strtab_lang(const char *code)
{
        return code && !strcmp(code, "en") ? STRTAB_EN : STRTAB_FI;
}

const char *strtab_get(int lang, enum str id)
{
        if ((int)id < 0 || id >= S_COUNT)
                return "";
        const char *s = (lang == STRTAB_EN ? en : fi)[id];
        return s ? s : "";
}

/* Writes the conversions of format s ("%s%d") into out. */
static void conversions(const char *s, char *out, size_t n)
{
        size_t o = 0;
        out[0] = '\0';
        for (; *s; s++) {
                if (*s != '%')
                        continue;
                s++;
                if (*s == '%')
                        continue;
                if (o + 4 >= n)
                        break;
                out[o++] = '%';
                while (*s && strchr("-+ #0123456789.", *s))
                        s++;
                while (*s && strchr("hlzjt", *s))
                        out[o++] = *s++;
                if (!*s)
                        break;
                out[o++] = *s;
                out[o] = '\0';
        }
}

int strtab_check(void)
{
        char a[64], b[64];
        for (int i = 0; i < S_COUNT; i++) {
                if (!fi[i] || !en[i])
                        return i;
                if (!spec[i])
                        continue;
                conversions(fi[i], a, sizeof a);
                conversions(en[i], b, sizeof b);
                if (strcmp(a, spec[i]) != 0 || strcmp(b, spec[i]) != 0)
                        return i;
        }
        return -1;
}
