-- Errata database schema. This file is the only definition of it: the
-- errata binary embeds it at build time and applies it to a new database.
-- Ordinary SQLite: `sqlite3 errata.db` and Datasette read it as is.
--
-- Conventions:
--  * Child rows keep the order they had in the record (`ordinal`, from 0).
--  * `layout` columns hold JSON describing key order and the members that
--    have no column (kept so that export gives the document back); NULL
--    means the canonical seed shape. See ErrataKit/Model/Layout.swift.
--  * Rates and scores have no declared type on purpose: SQLite then keeps
--    an integer 1 and a real 1.0 apart, and export prints each as it came.

CREATE TABLE records (
    rid                  INTEGER PRIMARY KEY,
    id                   TEXT NOT NULL UNIQUE,
    format               TEXT NOT NULL DEFAULT 'seed' CHECK (format IN ('seed', 'canon')),
    signature            TEXT NOT NULL,
    signature_zh         TEXT,
    regex                TEXT,
    domain               TEXT NOT NULL,
    category             TEXT,
    subcategory          TEXT,
    root_cause           TEXT,
    root_cause_type      TEXT,
    root_cause_zh        TEXT,
    os_specific          TEXT,            -- JSON object text, as given
    official_doc_url     TEXT,
    official_doc_section TEXT,
    error_code           TEXT,
    verification_tier    TEXT,
    confidence           CHECK (confidence IS NULL OR (typeof(confidence) IN ('integer', 'real') AND confidence BETWEEN 0 AND 1)),
    fix_success_rate     CHECK (fix_success_rate IS NULL OR (typeof(fix_success_rate) IN ('integer', 'real') AND fix_success_rate BETWEEN 0 AND 1)),
    resolvable           TEXT,
    first_seen           TEXT,
    last_confirmed       TEXT,
    last_updated         TEXT,
    evidence_count       INTEGER CHECK (evidence_count IS NULL OR evidence_count >= 0),
    locale               TEXT,
    layout               TEXT,
    -- What followed a record in a file of its own (white space; '' when the
    -- file ended at the closing brace); NULL for the usual one newline.
    trailing             TEXT
);
-- A --domain filter compares without case; without an index of the same
-- collation a listing walked the ids (2.6 s for one domain at a million
-- records). With the id, its page comes out of the index in order.
CREATE INDEX records_domain_nocase ON records (domain COLLATE NOCASE, id);
-- Caseless too, as --tier compares (version 8), with the id for the page's order.
CREATE INDEX records_tier ON records (verification_tier COLLATE NOCASE, id);
-- And --category (version 9): without it a category no record has read
-- every record twice (the listing, then the message naming the categories),
-- 2.8 s warm at a million records. Version 9 dropped the index on (domain,
-- category) as they are written: every filter compares without case, and
-- only shell completion read it, which seeks the caseless one now; an
-- import keeps the same number of indexes to fill.
CREATE INDEX records_category ON records (category COLLATE NOCASE, id);

-- One row per version entry. `version` is the seed's "PRODUCT VERSION";
-- the canon format gives `product` and `version_range` instead. The *_key
-- columns are derived at import for SQL comparisons: numeric components
-- zero-padded to 10 digits and joined with '.', so text order is numeric
-- order (`vkey` as written, `vnorm` without trailing .0 components); a
-- non-numeric version (ROS "humble") is '~' + its lower-cased text, which
-- sorts after every number and compares exactly.
CREATE TABLE versions (
    record_rid      INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    ordinal         INTEGER NOT NULL,
    version         TEXT,
    product         TEXT,
    version_range   TEXT,
    introduced      TEXT,
    deprecated      TEXT,
    removed         TEXT,
    behavior_change TEXT,
    status          TEXT,
    layout          TEXT,
    product_key     TEXT,      -- lower-cased product name
    vkey            TEXT,
    vnorm           TEXT,
    ranged          INTEGER NOT NULL DEFAULT 0,  -- 1 when a range is declared ("any" = unbounded)
    lo_key          TEXT,      -- declared range: lower bound, in vnorm form
    lo_inclusive    INTEGER,
    hi_key          TEXT,
    hi_inclusive    INTEGER,
    PRIMARY KEY (record_rid, ordinal)
) WITHOUT ROWID;
-- Every column a version filter reads, so that a listing finds and counts
-- its records from the index alone (at a million records a product's
-- versions were otherwise read row by row: a fifth of a second a listing).
CREATE INDEX versions_product ON versions (product_key, vnorm, vkey, ranged, lo_key, lo_inclusive, hi_key, hi_inclusive);
-- --status, caseless (version 8).
CREATE INDEX versions_status ON versions (status COLLATE NOCASE);

CREATE TABLE dead_ends (
    rid                  INTEGER PRIMARY KEY,
    record_rid           INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    ordinal              INTEGER NOT NULL,
    action               TEXT,
    why_fails            TEXT,
    fail_rate            CHECK (fail_rate IS NULL OR (typeof(fail_rate) IN ('integer', 'real') AND fail_rate BETWEEN 0 AND 1)),
    condition            TEXT,
    common_misconception TEXT,
    tradeoff             TEXT,
    layout               TEXT,
    UNIQUE (record_rid, ordinal)
);

CREATE TABLE dead_end_sources (
    dead_end_rid INTEGER NOT NULL REFERENCES dead_ends (rid) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    url          TEXT NOT NULL,
    PRIMARY KEY (dead_end_rid, ordinal)
) WITHOUT ROWID;

CREATE TABLE workarounds (
    rid          INTEGER PRIMARY KEY,
    record_rid   INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    action       TEXT,
    success_rate CHECK (success_rate IS NULL OR (typeof(success_rate) IN ('integer', 'real') AND success_rate BETWEEN 0 AND 1)),
    how          TEXT,
    condition    TEXT,
    tradeoff     TEXT,
    layout       TEXT,
    UNIQUE (record_rid, ordinal)
);

CREATE TABLE workaround_sources (
    workaround_rid INTEGER NOT NULL REFERENCES workarounds (rid) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    url            TEXT NOT NULL,
    PRIMARY KEY (workaround_rid, ordinal)
) WITHOUT ROWID;

-- Edges of the error graph. `to_id` names a record that may not be in the
-- database (yet): it is deliberately not a foreign key. `form` remembers
-- whether the entry was a bare id string or an object.
CREATE TABLE transitions (
    from_rid      INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('leads_to', 'preceded_by', 'frequently_confused_with')),
    ordinal       INTEGER NOT NULL,
    to_id         TEXT NOT NULL,
    form          TEXT NOT NULL CHECK (form IN ('id', 'object')),
    probability   CHECK (probability IS NULL OR (typeof(probability) IN ('integer', 'real') AND probability BETWEEN 0 AND 1)),
    condition     TEXT,
    typical_delay TEXT,
    distinction   TEXT,
    layout        TEXT,
    PRIMARY KEY (from_rid, kind, ordinal)
) WITHOUT ROWID;
CREATE INDEX transitions_to ON transitions (to_id);

CREATE TABLE tags (
    record_rid INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    tag        TEXT NOT NULL,
    PRIMARY KEY (record_rid, ordinal)
) WITHOUT ROWID;
-- Caseless, as the --tag filter compares (version 8; it was binary, and
-- a listing by tag probed every record's tags).
CREATE INDEX tags_tag ON tags (tag COLLATE NOCASE);

CREATE TABLE aliases (
    record_rid INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    alias      TEXT NOT NULL,
    PRIMARY KEY (record_rid, ordinal)
) WITHOUT ROWID;

-- Translated lists (the seed's workarounds_zh is field 'workarounds', locale 'zh').
CREATE TABLE translations (
    record_rid INTEGER NOT NULL REFERENCES records (rid) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    locale     TEXT NOT NULL,
    ordinal    INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (record_rid, field, locale, ordinal)
) WITHOUT ROWID;

-- Full-text index, one row per record (rowid = records.rid), written in the
-- same transaction as the tables. `cjk` holds the overlapping character
-- bigrams of every CJK run in the record, which unicode61 cannot split into
-- words (see Search/CJKBigrams.swift). Three columns are derived for
-- ranking (see Store/RecordRows.swift): `slug`, the words of the id's error
-- name; `regex`, the literal words of the record's regex; `parts`, the parts
-- of compound identifiers (OutOfMemoryError: out of memory error), so that
-- a person's words meet an identifier and the other way round.
CREATE VIRTUAL TABLE records_fts USING fts5 (
    signature, aliases, root_cause, dead_ends, workarounds, tags, zh, cjk, slug, regex, parts,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- FTS5 keeps new index entries in memory and writes them out as a segment
-- when they pass 'hashsize' bytes (1 MiB by default); every segment is later
-- merged into larger ones. 16 MiB means a sixteenth of the segments and of
-- the merging for a large import (measured: a fifth less time for 20,000
-- records), for at most that much more memory.
INSERT INTO records_fts (records_fts, rank) VALUES ('hashsize', 16777216);

-- What was observed here (`errata report`): a workaround that worked or
-- failed, a dead end confirmed. Append-only, and apart from the records, so
-- that export still gives a record back as it came in; tied to the record's
-- id and the action's text (not to rids or ordinals), so that outcomes stay
-- with a record that is imported again. `uuid` makes sharing them
-- idempotent.
CREATE TABLE outcomes (
    oid         INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    record_id   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('workaround', 'dead_end')),
    action      TEXT NOT NULL,
    ordinal     INTEGER NOT NULL,             -- from 0, as it was when reported
    result      TEXT NOT NULL CHECK (result IN ('worked', 'failed', 'confirmed')),
    note        TEXT,
    reported_at TEXT NOT NULL                 -- UTC, ISO 8601
);
CREATE INDEX outcomes_record ON outcomes (record_id, kind, action);

PRAGMA user_version = 9;
