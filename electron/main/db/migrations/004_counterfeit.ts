// Migration 4 (issue 10, counterfeit signals): brands' known clone marks, the admin's edits of the
// shipped counterfeit lists, sellers remembered from counterfeit decisions, and allow/deny lists.
export default /* sql */ `
CREATE TABLE brand_lookalikes (
  brand_id  TEXT NOT NULL REFERENCES brands(id) ON DELETE CASCADE,
  mark      TEXT NOT NULL,
  source    TEXT,
  PRIMARY KEY (brand_id, mark)
) STRICT;

-- The admin's version of a shipped list (resources/counterfeit/*.json); none: the shipped one counts.
CREATE TABLE counterfeit_lists (
  name        TEXT PRIMARY KEY CHECK (name IN ('lookalikes', 'phrases')),
  body        TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
) STRICT;

-- A seller whose parcel a supervisor destroyed or returned as counterfeit, until an admin clears it.
CREATE TABLE seller_flags (
  id            INTEGER PRIMARY KEY,
  store_id      TEXT,
  credit_code   TEXT,
  hold_id       INTEGER NOT NULL REFERENCES holds(id),
  tracking_no   TEXT NOT NULL,
  disposition   TEXT NOT NULL CHECK (disposition IN ('RETURN', 'DESTROY')),
  reason        TEXT NOT NULL,
  decided_by    TEXT NOT NULL,
  decided_at    TEXT NOT NULL,
  cleared_at    TEXT,
  cleared_by    TEXT,
  clear_reason  TEXT,
  CHECK (store_id IS NOT NULL OR credit_code IS NOT NULL)
) STRICT;
CREATE INDEX seller_flags_store_idx ON seller_flags(store_id) WHERE cleared_at IS NULL;
CREATE INDEX seller_flags_code_idx ON seller_flags(credit_code) WHERE cleared_at IS NULL;

CREATE TABLE seller_list_entries (
  id           INTEGER PRIMARY KEY,
  list         TEXT NOT NULL CHECK (list IN ('allow', 'deny')),
  store_id     TEXT,
  credit_code  TEXT,
  brand_id     TEXT,
  channel      TEXT,
  reason       TEXT NOT NULL,
  added_by     TEXT NOT NULL,
  added_at     TEXT NOT NULL,
  expires_on   TEXT NOT NULL CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  removed_at   TEXT,
  removed_by   TEXT,
  CHECK (store_id IS NOT NULL OR credit_code IS NOT NULL),
  CHECK (list = 'deny' OR (brand_id IS NOT NULL AND channel IS NOT NULL))
) STRICT;
CREATE INDEX seller_list_store_idx ON seller_list_entries(store_id) WHERE removed_at IS NULL;
CREATE INDEX seller_list_code_idx ON seller_list_entries(credit_code) WHERE removed_at IS NULL;
`;
