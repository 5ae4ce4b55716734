// Migration 11: what a warehouse server keeps in the database rather than in its memory, so several
// server processes can serve one warehouse: sessions (the SHA-256 of each token, never the token; a
// read of the table signs nobody in) and sign-in attempts per client address and per user, for the
// rate limit. A PIN reset or a deactivation ends that user's sessions in the same transaction.
// Also: each audit event's hash is checked here against its fields (the app's eventHash, version 2),
// through sha256_hex(), a deterministic function every connection registers (db/sqliteFunctions.ts).
export default /* sql */ `
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  station     TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  last_seen   TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user_idx ON sessions(user_id);

CREATE TABLE sign_in_attempts (
  id     INTEGER PRIMARY KEY,
  scope  TEXT NOT NULL,
  at     TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_attempts_scope_idx ON sign_in_attempts(scope, at);

CREATE TRIGGER users_sessions_end AFTER UPDATE OF pin_hash, active ON users
WHEN NEW.pin_hash IS NOT OLD.pin_hash OR NEW.active = 0
BEGIN
  DELETE FROM sessions WHERE user_id = NEW.id;
END;

CREATE TRIGGER audit_events_hash BEFORE INSERT ON audit_events
WHEN NEW.seq >= coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'audit_v2_from'), 1)
  AND NEW.hash IS NOT sha256_hex('{"action":' || json_quote(NEW.action) || ',"actor":' || json_quote(NEW.actor)
    || ',"at":' || json_quote(NEW.at) || ',"details":' || json_quote(NEW.details) || ',"entityId":' || json_quote(NEW.entity_id)
    || ',"entityType":' || json_quote(NEW.entity_type) || ',"prevHash":' || json_quote(NEW.prev_hash)
    || ',"seq":' || CAST(NEW.seq AS TEXT) || ',"v":2}')
BEGIN
  SELECT RAISE(ABORT, 'audit event hash does not match its fields');
END;

-- SQLite fires the newest trigger first: made again after the hash check, a broken link is still
-- reported as such (migration 3's words), as PostgreSQL does by name order.
DROP TRIGGER audit_events_append_only;
CREATE TRIGGER audit_events_append_only BEFORE INSERT ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only')
  WHERE NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit_events), 0) + 1
     OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}');
END;
`;
