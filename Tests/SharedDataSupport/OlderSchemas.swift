/// SQL that turns a current database back into an older schema version,
/// for the migration tests of both test targets (one copy, so that a new
/// version's indexes are undone everywhere alike).
public enum OlderSchemas {
    /// Version 8: its (domain, category) index in place of schema 9's caseless category index.
    public static let version8 = """
        DROP INDEX records_category; CREATE INDEX records_domain_category ON records (domain, category); PRAGMA user_version = 8;
        """
    /// Version 7: without schema 8's caseless filter indexes either.
    public static let version7 = """
        DROP INDEX records_category; CREATE INDEX records_domain_category ON records (domain, category); DROP INDEX records_domain_nocase; DROP INDEX tags_tag; CREATE INDEX tags_tag ON tags (tag);
        DROP INDEX records_tier; CREATE INDEX records_tier ON records (verification_tier); DROP INDEX versions_status;
        PRAGMA user_version = 7;
        """
}
