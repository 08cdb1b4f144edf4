// errata's ranking statistics for FTS5 (errata_stats), apart from the
// generic SQLite shim: registered on every connection by
// errata_register_stats (include/errata_stats.h).
#include <sqlite3.h>
#include "errata_stats.h"
#include <math.h>
#include <string.h>

// In how many rows a phrase occurs: FTS5's bm25() learns it by reading the
// phrase's whole posting list, once per query, and on a million records
// that read, not the ranking, was most of a search (13 ms of 14 for three
// common words). Here the count stops at ERRATA_SAMPLE rows, and a longer
// list is estimated from how far into the table (by rowid) the sample
// reached. Counts below the sample are exact.
#define ERRATA_SAMPLE 2000

typedef struct {
    sqlite3_int64 hits;
    sqlite3_int64 lastRowid;
} errata_phrase_count;

static int errata_count_phrase(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
    errata_phrase_count *count = (errata_phrase_count *)user;
    count->hits += 1;
    count->lastRowid = api->xRowid(fts);
    return count->hits >= ERRATA_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

// errata_stats(fts [, sz]): the raw statistics of one matching row, for a
// ranker that scores in Swift (ErrataKit/Rank); sz is the row's blob from
// the table's %_docsize, when the statement joins it. A blob of doubles:
//   header flag h (1 on the first row a statement evaluates, else 0);
//   when h = 1: rows N, phrases P, columns C, then each phrase's document
//     count (sampled, see ERRATA_SAMPLE), then each column's total tokens;
//   then this row's C column sizes;
//   then (phrase, column, occurrences) for every pair that occurs.
// The per-query part rides on the first row only: it is the same for all.
typedef struct {
    int emitted;
    int phrases;
    int columns;
    sqlite3_int64 rows;
    int *counts;      // phrases x columns scratch for the current row, zero between rows
    int *touched;     // which entries of counts the current row set
    double values[];  // phrase counts, then column totals
} errata_stats_data;

static errata_stats_data *errata_stats_prepare(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc) {
    errata_stats_data *data = (errata_stats_data *)api->xGetAuxdata(fts, 0);
    if (data) return data;
    int phrases = api->xPhraseCount(fts);
    int columns = api->xColumnCount(fts);
    size_t cells = (size_t)(phrases > 0 ? phrases : 1) * (size_t)(columns > 0 ? columns : 1);
    data = (errata_stats_data *)sqlite3_malloc64(sizeof(errata_stats_data) + sizeof(double) * (size_t)(phrases + columns + 1)
                                                 + sizeof(int) * 2 * cells);
    if (!data) { *rc = SQLITE_NOMEM; return 0; }
    data->counts = (int *)(data->values + phrases + columns + 1);
    data->touched = data->counts + cells;
    memset(data->counts, 0, sizeof(int) * cells);
    data->emitted = 0;
    data->phrases = phrases;
    data->columns = columns;
    data->rows = 0;
    *rc = api->xRowCount(fts, &data->rows);
    for (int i = 0; *rc == SQLITE_OK && i < phrases; i++) {
        errata_phrase_count count = {0, 0};
        *rc = api->xQueryPhrase(fts, i, &count, errata_count_phrase);
        double hits = (double)count.hits;
        if (count.hits >= ERRATA_SAMPLE && count.lastRowid > 0) {
            double estimate = hits * (double)data->rows / (double)count.lastRowid;
            hits = estimate < hits ? hits : (estimate > (double)data->rows ? (double)data->rows : estimate);
        }
        data->values[i] = hits;
    }
    for (int c = 0; *rc == SQLITE_OK && c < columns; c++) {
        sqlite3_int64 total = 0;
        *rc = api->xColumnTotalSize(fts, c, &total);
        data->values[phrases + c] = (double)total;
    }
    if (*rc != SQLITE_OK) { sqlite3_free(data); return 0; }
    *rc = api->xSetAuxdata(fts, data, sqlite3_free);
    return *rc == SQLITE_OK ? data : 0;
}

// The row's column sizes from its %_docsize blob (one varint per column,
// SQLite's varint format), when the statement joins it: FTS5's xColumnSize
// looks the blob up with a statement of its own for every row, opening and
// closing a cursor each time, and that was two thirds of this function's
// cost at a million records (10 of 16 ms for 5,000 rows; the join, 5).
// 0 when the blob is too short or malformed (then xColumnSize answers).
static int errata_decode_sizes(sqlite3_value *blob, int columns, double *out) {
    if (sqlite3_value_type(blob) != SQLITE_BLOB) return 0;
    const unsigned char *p = (const unsigned char *)sqlite3_value_blob(blob);
    int n = sqlite3_value_bytes(blob);
    int at = 0;
    for (int c = 0; c < columns; c++) {
        sqlite3_uint64 value = 0;
        int bytes = 0;
        for (;;) {
            if (at >= n || bytes == 5) return 0;
            unsigned char b = p[at++];
            value = (value << 7) | (b & 0x7f);
            bytes++;
            if (!(b & 0x80)) break;
        }
        out[c] = (double)value;
    }
    return 1;
}

static void errata_stats(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int nVal, sqlite3_value **apVal) {
    int rc = SQLITE_OK;
    errata_stats_data *data = errata_stats_prepare(api, fts, &rc);
    int instances = 0;
    if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instances);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(context, rc); return; }
    int header = data->emitted ? 0 : 3 + data->phrases + data->columns;
    // At most one triple per instance.
    size_t capacity = 1 + (size_t)header + (size_t)data->columns + 3 * (size_t)instances;
    double *out = (double *)sqlite3_malloc64(sizeof(double) * capacity);
    if (!out) { sqlite3_result_error_nomem(context); return; }
    size_t n = 0;
    out[n++] = header ? 1.0 : 0.0;
    if (header) {
        out[n++] = (double)data->rows;
        out[n++] = (double)data->phrases;
        out[n++] = (double)data->columns;
        for (int i = 0; i < data->phrases + data->columns; i++) out[n++] = data->values[i];
        data->emitted = 1;
    }
    if (nVal >= 1 && errata_decode_sizes(apVal[0], data->columns, out + n)) {
        n += (size_t)data->columns;
    } else {
        for (int c = 0; c < data->columns; c++) {
            int size = 0;
            if (api->xColumnSize(fts, c, &size) != SQLITE_OK) size = 0;
            out[n++] = (double)size;
        }
    }
    // Instances come in the order of their positions: count them per
    // (phrase, column) in the scratch table, then emit and clear what was set.
    int touched = 0;
    for (int i = 0; i < instances; i++) {
        int phrase, column, offset;
        if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
        if (phrase < 0 || phrase >= data->phrases || column < 0 || column >= data->columns) continue;
        int cell = phrase * data->columns + column;
        if (data->counts[cell]++ == 0) data->touched[touched++] = cell;
    }
    for (int t = 0; t < touched; t++) {
        int cell = data->touched[t];
        out[n++] = (double)(cell / data->columns);
        out[n++] = (double)(cell % data->columns);
        out[n++] = (double)data->counts[cell];
        data->counts[cell] = 0;
    }
    sqlite3_result_blob64(context, out, sizeof(double) * n, sqlite3_free);
}

// Registers errata_stats on a connection (the fts5_api comes from SELECT fts5(?1)).
int errata_register_stats(sqlite3 *db) {
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
    return fts->xCreateFunction(fts, "errata_stats", 0, errata_stats, 0);
}
