//! The workspace schema and its migrations (PRAGMA user_version counts them).

/// Each entry brings a workspace from version `index` to `index + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: months, their versions, values, source files, problems and templates.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     INSERT INTO meta (key, value) VALUES ('app', 'dispatch-desk');
     CREATE TABLE templates (
         sha256 TEXT PRIMARY KEY,
         text TEXT NOT NULL
     );
     CREATE TABLE versions (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         month TEXT NOT NULL,
         created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
         sample INTEGER NOT NULL DEFAULT 0,
         template TEXT NOT NULL REFERENCES templates(sha256)
     );
     CREATE INDEX versions_month ON versions(month);
     CREATE TABLE months (
         month TEXT PRIMARY KEY,
         version INTEGER NOT NULL REFERENCES versions(id)
     );
     CREATE TABLE vals (
         version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
         township TEXT NOT NULL,
         col TEXT NOT NULL,
         value REAL,
         status TEXT,
         PRIMARY KEY (version, township, col)
     ) WITHOUT ROWID;
     CREATE TABLE files (
         version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
         name TEXT NOT NULL,
         size INTEGER NOT NULL,
         sha256 TEXT NOT NULL
     );
     CREATE TABLE problems (
         version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
         level TEXT NOT NULL,
         file TEXT NOT NULL,
         sheet TEXT,
         cell TEXT,
         message TEXT NOT NULL
     );",
    // 2: per-month text the clerk edits for the brief (下步工作要求).
    "CREATE TABLE notes (
         month TEXT NOT NULL,
         key TEXT NOT NULL,
         text TEXT NOT NULL,
         updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
         PRIMARY KEY (month, key)
     );",
    // 3: where each value came from (file!sheet!cell), to mark cells that raised problems.
    "ALTER TABLE vals ADD COLUMN place TEXT;",
    // 4: the workspace's own template, versioned (the newest is in use); each month's version
    // already names the template it was imported with.
    "CREATE TABLE template_versions (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         sha256 TEXT NOT NULL REFERENCES templates(sha256),
         created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
         sample INTEGER NOT NULL DEFAULT 0,
         note TEXT NOT NULL DEFAULT ''
     );",
    // 5: a month collected over days: each arrival is a version on top of the one before
    // (undo walks back one arrival), the townships each brought, and files sent back (退回).
    "ALTER TABLE versions ADD COLUMN parent INTEGER;
     CREATE TABLE arrivals (
         version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
         township TEXT NOT NULL,
         file TEXT NOT NULL,
         PRIMARY KEY (version, township)
     ) WITHOUT ROWID;
     CREATE TABLE returns (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         month TEXT NOT NULL,
         township TEXT NOT NULL,
         file TEXT NOT NULL,
         reasons TEXT NOT NULL,
         created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
     );
     CREATE INDEX returns_month ON returns(month, township);",
    // 6: 督办: the problems each month's analysis names, followed into the months after it;
    // raised again whenever the month changes (never deleted), closed by hand with a note.
    "CREATE TABLE followups (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         month TEXT NOT NULL,
         township TEXT NOT NULL,
         kind TEXT NOT NULL,
         key TEXT NOT NULL,
         what TEXT NOT NULL,
         figure REAL,
         target REAL,
         withdrawn INTEGER NOT NULL DEFAULT 0,
         raised_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
         closed_at TEXT,
         note TEXT,
         UNIQUE (month, township, kind, key)
     );",
    // 7: village rows (村级明细) of each version: one row a (village, indicator), in sheet
    // order (seq) and column order (pos), with the cell each value came from.
    "CREATE TABLE village_vals (
         version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
         seq INTEGER NOT NULL,
         township TEXT NOT NULL,
         village TEXT NOT NULL,
         pos INTEGER NOT NULL,
         col TEXT NOT NULL,
         value REAL,
         place TEXT,
         PRIMARY KEY (version, seq, pos)
     ) WITHOUT ROWID;",
    // 8: the 重点村 roster, kept per month (a month without its own uses the latest earlier
    // one): the villages with their leader, unit, team and funds, and where each row came from.
    "CREATE TABLE rosters (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         month TEXT NOT NULL,
         sample INTEGER NOT NULL DEFAULT 0,
         created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
     );
     CREATE INDEX rosters_month ON rosters(month);
     CREATE TABLE roster_villages (
         roster INTEGER NOT NULL REFERENCES rosters(id) ON DELETE CASCADE,
         seq INTEGER NOT NULL,
         township TEXT NOT NULL,
         village TEXT NOT NULL,
         leader TEXT NOT NULL,
         unit TEXT NOT NULL,
         team TEXT NOT NULL,
         plan REAL NOT NULL,
         paid REAL,
         place TEXT NOT NULL,
         PRIMARY KEY (roster, seq)
     ) WITHOUT ROWID;",
    // 9: what opening a month reads without a scan: each version's township count (written
    // with its values) and each problem's raisings by month (its latest before a month).
    "ALTER TABLE versions ADD COLUMN townships INTEGER NOT NULL DEFAULT 0;
     UPDATE versions SET townships =
       (SELECT count(DISTINCT township) FROM vals WHERE vals.version = versions.id);
     CREATE INDEX followups_problem ON followups(township, kind, key, month);",
    // 10: the problems a brief names (通报问题): the clerk's ticks, wording, 整改时限 and
    // 责任单位 on each raised item, hand-added ones (kind 'manual'), and the paragraphs of a
    // month's brief the clerk rewrote, with the text they replaced (to flag them when the
    // data change). The ledger is raised again to set the default ticks.
    "ALTER TABLE followups ADD COLUMN named INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE followups ADD COLUMN named_by_clerk INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE followups ADD COLUMN wording TEXT;
     ALTER TABLE followups ADD COLUMN deadline TEXT;
     ALTER TABLE followups ADD COLUMN unit TEXT;
     DELETE FROM meta WHERE key = 'followups_synced';
     CREATE TABLE brief_edits (
         month TEXT NOT NULL,
         key TEXT NOT NULL,
         generated TEXT NOT NULL,
         edited TEXT NOT NULL,
         updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
         PRIMARY KEY (month, key)
     );",
];
