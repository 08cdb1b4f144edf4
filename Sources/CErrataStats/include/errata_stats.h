#ifndef ERRATA_STATS_H
#define ERRATA_STATS_H
#include <sqlite3.h>

// Registers the FTS5 auxiliary function errata_stats on a connection: per
// matching row, each query phrase's occurrences per column and (sampled)
// document counts, from which ErrataKit computes BM25F. SQLITE_OK, or the
// error (FTS5 missing).
int errata_register_stats(sqlite3 *db);

#endif
