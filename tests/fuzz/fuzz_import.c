/* fuzz_import.c — the import of an export document (src/transfer.c:
 * transfer_import, through model_json_parse.c and validate.c into a real
 * store in a private temporary directory, opened once per process).
 *
 * An input is the document exactly as read from a file (not
 * NUL-terminated). Promises checked: an import is all or nothing (a
 * refused one leaves the store as it was and says why); an accepted one
 * stores as many integrations as it reports, and exporting them with
 * secrets and importing that again gives the same export. The clock stands
 * still (TETHER_TEST_NOW) so that times compare. Each input's
 * integrations are removed afterwards. */
#include <ftw.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "store.h"
#include "transfer.h"

#define H "import"

static struct store *import_st;
static char import_dir[64];

static int
import_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void
import_cleanup(void)
{
    store_close(import_st);
    import_st = NULL;
    if (import_dir[0] != '\0')
        nftw(import_dir, import_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static struct store *
import_store(void)
{
    if (import_st != NULL)
        return import_st;
    setenv("TETHER_TEST_NOW", "1000000000", 1);
    const char *tmp = getenv("TMPDIR");
    snprintf(import_dir, sizeof import_dir, "%s/tether-fuzz.XXXXXX",
             tmp != NULL && strlen(tmp) < 40 ? tmp : "/tmp");
    if (mkdtemp(import_dir) == NULL)
        fuzz_fail(H, "cannot make a temporary directory");
    atexit(import_cleanup);
    char db[128], key[128];
    snprintf(db, sizeof db, "%s/tether.db", import_dir);
    snprintf(key, sizeof key, "%s/key", import_dir);
    struct store_options opt = {.path = db, .key_file = key};
    struct err e = {0};
    if (store_open(&opt, &import_st, &e) != TS_OK)
        fuzz_fail(H, e.msg);
    return import_st;
}

static size_t
import_count(struct store *st)
{
    struct integration **v = NULL;
    size_t n = 0;
    struct err e = {0};
    FUZZ_CHECK(H, store_list(st, &v, &n, &e) == TS_OK,
               "the store cannot be listed");
    store_list_free(v, n);
    return n;
}

static void
import_clear(struct store *st)
{
    struct integration **v = NULL;
    size_t n = 0;
    struct err e = {0};
    FUZZ_CHECK(H, store_list(st, &v, &n, &e) == TS_OK,
               "the store cannot be listed");
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(H, store_remove(st, v[i]->name, &e) == TS_OK,
                   "an imported integration cannot be removed");
    store_list_free(v, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct store *st = import_store();
    struct err e = {0};
    size_t imported = 99;
    tstatus rc = transfer_import(st, (const char *)data, size, &imported, &e);
    if (rc != TS_OK) {
        FUZZ_CHECK(H, imported == 0, "a refused import reports imports");
        FUZZ_CHECK(H, e.msg[0] != '\0', "a refused import says nothing");
        FUZZ_CHECK(H, import_count(st) == 0,
                   "a refused import left integrations behind");
        return 0;
    }
    FUZZ_CHECK(H, import_count(st) == imported,
               "the store holds other than what the import reports");
    char *first = NULL, *second = NULL;
    FUZZ_CHECK(H, transfer_export(st, NULL, 0, true, &first, &e) == TS_OK,
               "imported integrations cannot be exported");
    import_clear(st);
    size_t again = 0;
    FUZZ_CHECK(H,
               transfer_import(st, first, strlen(first), &again, &e) == TS_OK &&
                   again == imported,
               "an export of imported integrations is refused");
    FUZZ_CHECK(H, transfer_export(st, NULL, 0, true, &second, &e) == TS_OK,
               "re-imported integrations cannot be exported");
    FUZZ_CHECK(H, strcmp(first, second) == 0,
               "export, import, export changes the document");
    free(first);
    free(second);
    import_clear(st);
    return 0;
}
