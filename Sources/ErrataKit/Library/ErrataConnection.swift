import CErrataStats
import CSQLite

extension ConnectionSettings {
    /// errata's connections: foreign keys on; the ranking's statistics
    /// function registered; writers with synchronous NORMAL (WAL), the WAL
    /// cut back to 64 MiB after checkpoints (a large import grows it to the
    /// size of what it wrote) and 64 MiB of page cache (index pages of a
    /// growing import stay in memory instead of being read back from the WAL).
    public static let errata = ConnectionSettings(
        foreignKeys: true,
        writerPragmas: ["synchronous = NORMAL", "journal_size_limit = 67108864", "cache_size = -65536"],
        setUp: { errata_register_stats($0) }
    )
}
