// The store's tables. Users query them directly (README "The store"), so names are stable and
// every time is kept as integer µs (`*_us`, fast to index) next to a generated ISO-8601 text column.

/** Schema version written to meta; bump with a migration when columns change. */
export const SCHEMA_VERSION = 4;

// Milliseconds truncated, not rounded, so the column reads the same as the JSON output.
const iso = (col: string) => `strftime('%Y-%m-%dT%H:%M:%S', ${col} / 1000000, 'unixepoch') || printf('.%03dZ', (${col} / 1000) % 1000)`;

/** DDL of every table and index, idempotent. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  version TEXT NOT NULL,
  args TEXT NOT NULL,
  rules_hash TEXT
);
CREATE TABLE IF NOT EXISTS inputs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id),
  path TEXT NOT NULL,
  bundle TEXT,
  member TEXT,
  collector TEXT,
  kind TEXT,
  sha256 TEXT NOT NULL,
  bytes INTEGER,
  compression TEXT,
  format TEXT NOT NULL,
  format_reason TEXT NOT NULL,
  host TEXT,
  host_reason TEXT,
  skip_reason TEXT,
  lines INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  parsed INTEGER NOT NULL DEFAULT 0,
  unparsed INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  untimed INTEGER NOT NULL DEFAULT 0,
  first_ts_us INTEGER,
  last_ts_us INTEGER,
  year INTEGER,
  year_reason TEXT,
  tz TEXT,
  tz_reason TEXT,
  notes TEXT NOT NULL DEFAULT '[]',
  rules_hash TEXT,
  first_event_id INTEGER,
  last_event_id INTEGER,
  state TEXT NOT NULL CHECK (state IN ('loading', 'complete', 'skipped')),
  first_ts TEXT GENERATED ALWAYS AS (${iso('first_ts_us')}) VIRTUAL,
  last_ts TEXT GENERATED ALWAYS AS (${iso('last_ts_us')}) VIRTUAL
);
CREATE INDEX IF NOT EXISTS inputs_sha ON inputs(sha256, state);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  input_id INTEGER NOT NULL REFERENCES inputs(id),
  line INTEGER NOT NULL,
  ts_us INTEGER,
  host TEXT,
  source TEXT NOT NULL,
  ident TEXT,
  unit TEXT,
  pid INTEGER,
  priority INTEGER,
  message_text TEXT,
  message_at INTEGER,
  message_len INTEGER,
  fields TEXT,
  cursor TEXT,
  raw TEXT NOT NULL,
  parsed INTEGER NOT NULL,
  -- Most messages are a slice of the raw line; only the others are stored as text.
  message TEXT GENERATED ALWAYS AS (coalesce(message_text, substr(raw, message_at, message_len))) VIRTUAL,
  ts TEXT GENERATED ALWAYS AS (${iso('ts_us')}) VIRTUAL,
  severity TEXT GENERATED ALWAYS AS (CASE priority WHEN 0 THEN 'emerg' WHEN 1 THEN 'alert' WHEN 2 THEN 'crit'
    WHEN 3 THEN 'err' WHEN 4 THEN 'warning' WHEN 5 THEN 'notice' WHEN 6 THEN 'info' WHEN 7 THEN 'debug' END) VIRTUAL
);
CREATE INDEX IF NOT EXISTS events_ts ON events(ts_us);
CREATE INDEX IF NOT EXISTS events_host_ts ON events(host, ts_us);
CREATE INDEX IF NOT EXISTS events_source_ts ON events(source, ts_us);
CREATE TABLE IF NOT EXISTS signals (
  event_id INTEGER NOT NULL REFERENCES events(id),
  rule TEXT NOT NULL,
  signal TEXT NOT NULL,
  captures TEXT,
  -- The event's time, copied: a rule's signals come back in time order from the index below, and
  -- correlation never sorts a million rows in memory.
  ts_us INTEGER,
  PRIMARY KEY (rule, signal, event_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS signals_event ON signals(event_id);
CREATE TABLE IF NOT EXISTS unit_names (
  host TEXT NOT NULL,
  description TEXT NOT NULL,
  unit TEXT NOT NULL,
  PRIMARY KEY (host, description)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id),
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  host TEXT NOT NULL,
  start_us INTEGER,
  end_us INTEGER,
  status TEXT NOT NULL DEFAULT 'open',
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  explanation TEXT NOT NULL,
  remediation TEXT NOT NULL,
  refs TEXT NOT NULL,
  entities TEXT NOT NULL,
  evidence_total INTEGER NOT NULL DEFAULT 0,
  start TEXT GENERATED ALWAYS AS (${iso('start_us')}) VIRTUAL,
  "end" TEXT GENERATED ALWAYS AS (${iso('end_us')}) VIRTUAL,
  resolved_us INTEGER,
  resolved TEXT GENERATED ALWAYS AS (${iso('resolved_us')}) VIRTUAL
);
CREATE TABLE IF NOT EXISTS finding_links (
  cause_id INTEGER NOT NULL REFERENCES findings(id),
  effect_id INTEGER NOT NULL REFERENCES findings(id),
  PRIMARY KEY (cause_id, effect_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS finding_events (
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  role TEXT NOT NULL,
  PRIMARY KEY (finding_id, event_id)
) WITHOUT ROWID;
`;

/** Indexes on columns a migration may add: made after it, since SCHEMA runs first. */
export const LATE_INDEXES = `CREATE INDEX IF NOT EXISTS signals_rule_ts ON signals(rule, ts_us, event_id);`;

/** Statements that bring a store of schema 2 to 3: findings learn when they cleared and what caused them. */
export const MIGRATE_2_TO_3 = `
ALTER TABLE findings ADD COLUMN resolved_us INTEGER;
ALTER TABLE findings ADD COLUMN resolved TEXT GENERATED ALWAYS AS (${iso('resolved_us')}) VIRTUAL;
`;

/** Statements that bring a store of schema 3 to 4: signals carry their event's time. */
export const MIGRATE_3_TO_4 = `
ALTER TABLE signals ADD COLUMN ts_us INTEGER;
UPDATE signals SET ts_us = (SELECT ts_us FROM events WHERE id = signals.event_id);
`;
