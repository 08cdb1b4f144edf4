#ifndef ERRATA_CSQLITE_SHIM_H
#define ERRATA_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro that Swift cannot import.
static inline sqlite3_destructor_type errata_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_config is variadic, which Swift cannot call. Without memory
// statistics SQLite takes no global mutex on every allocation (some 300
// per imported record); errata never reads those statistics. Must run
// before SQLite initializes; returns SQLITE_MISUSE after.
static inline int errata_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#include <math.h>

// errata_bm25(table, weights...): FTS5's bm25() with one change. bm25()
// learns in how many rows each phrase occurs by reading the phrase's whole
// posting list, once per query: on a million records that read, not the
// ranking, is most of a search (13 ms of 14 for three common words). Here
// the count stops at ERRATA_BM25_SAMPLE rows, and a longer list is
// estimated from how far into the table (by rowid) the sample reached.
// Counts below the sample are exact, so the ranking equals bm25()'s there.
#define ERRATA_BM25_SAMPLE 2000

typedef struct {
    sqlite3_int64 hits;
    sqlite3_int64 lastRowid;
} errata_phrase_count;

static inline int errata_count_phrase(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
    errata_phrase_count *count = (errata_phrase_count *)user;
    count->hits += 1;
    count->lastRowid = api->xRowid(fts);
    return count->hits >= ERRATA_BM25_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

typedef struct {
    int phrases;
    double averageLength;
    double *frequency;  // per phrase, scratch for the current row
    double idf[];       // per phrase, then the frequency scratch
} errata_bm25_data;

static inline errata_bm25_data *errata_bm25_prepare(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc) {
    errata_bm25_data *data = (errata_bm25_data *)api->xGetAuxdata(fts, 0);
    if (data) return data;
    int phrases = api->xPhraseCount(fts);
    data = (errata_bm25_data *)sqlite3_malloc64(sizeof(errata_bm25_data) + sizeof(double) * 2 * (phrases > 0 ? phrases : 1));
    if (!data) { *rc = SQLITE_NOMEM; return 0; }
    data->frequency = data->idf + (phrases > 0 ? phrases : 1);
    sqlite3_int64 rows = 0, tokens = 0;
    *rc = api->xRowCount(fts, &rows);
    if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(fts, -1, &tokens);
    data->phrases = phrases;
    data->averageLength = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
    for (int i = 0; *rc == SQLITE_OK && i < phrases; i++) {
        errata_phrase_count count = {0, 0};
        *rc = api->xQueryPhrase(fts, i, &count, errata_count_phrase);
        double hits = (double)count.hits;
        if (count.hits >= ERRATA_BM25_SAMPLE && count.lastRowid > 0) {
            double estimate = hits * (double)rows / (double)count.lastRowid;
            hits = estimate < hits ? hits : (estimate > (double)rows ? (double)rows : estimate);
        }
        double idf = log(((double)rows - hits + 0.5) / (hits + 0.5));
        data->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (*rc != SQLITE_OK) { sqlite3_free(data); return 0; }
    // On failure xSetAuxdata frees data itself.
    *rc = api->xSetAuxdata(fts, data, sqlite3_free);
    return *rc == SQLITE_OK ? data : 0;
}

static inline void errata_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int nVal, sqlite3_value **apVal) {
    const double k1 = 1.2, b = 0.75;
    int rc = SQLITE_OK;
    errata_bm25_data *data = errata_bm25_prepare(api, fts, &rc);
    int instances = 0, length = 0;
    if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instances);
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &length);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(context, rc); return; }
    double *freq = data->frequency;
    for (int i = 0; i < data->phrases; i++) freq[i] = 0.0;
    for (int i = 0; i < instances; i++) {
        int phrase, column, offset;
        if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK || phrase < 0 || phrase >= data->phrases) continue;
        freq[phrase] += column < nVal ? sqlite3_value_double(apVal[column]) : 1.0;
    }
    double norm = k1 * (1.0 - b + b * (double)length / data->averageLength);
    double score = 0.0;
    for (int i = 0; i < data->phrases; i++) {
        score += data->idf[i] * (freq[i] * (k1 + 1.0)) / (freq[i] + norm);
    }
    sqlite3_result_double(context, -score);
}

// Registers errata_bm25 on a connection (the fts5_api comes from SELECT fts5(?1)).
static inline int errata_register_bm25(sqlite3 *db) {
    fts5_api *fts = 0;
    sqlite3_stmt *stmt = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, (void *)&fts, "fts5_api_ptr", 0);
        sqlite3_step(stmt);
        rc = sqlite3_finalize(stmt);
    }
    if (rc != SQLITE_OK) return rc;
    if (!fts) return SQLITE_ERROR;
    return fts->xCreateFunction(fts, "errata_bm25", 0, errata_bm25, 0);
}
#endif
