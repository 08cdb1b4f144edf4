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
#endif
