import CErrataStats
import CSQLite

extension ConnectionSettings {
    /// errata's connections: foreign keys on; the ranking's statistics
    /// function registered; writers with synchronous NORMAL (WAL), the WAL
    /// cut back to 64 MiB after checkpoints (a large import grows it to the
    /// size of what it wrote) and 64 MiB of page cache (index pages of a
    /// growing import stay in memory instead of being read back from the WAL).
    /// Readers (search, match, show, the server's queries) read the file
    /// through a memory map of up to 2 GiB (SQLite's compiled-in ceiling on
    /// Debian): at a million records a search reads pages all over a 5 GB
    /// file, and a pread and a copy for each one that missed the page cache
    /// was a tenth of it (in-process median 22.1/23.0 -> 19.3/20.6 ms).
    /// Not writers: the mapped pages an import touches count as its
    /// resident memory (552 MiB at a million records, against 171).
    public static let errata = ConnectionSettings(
        foreignKeys: true,
        readerPragmas: ["mmap_size = 2147418112"],
        writerPragmas: ["synchronous = NORMAL", "journal_size_limit = 67108864", "cache_size = -65536"],
        setUp: { errata_register_stats($0) }
    )
}
