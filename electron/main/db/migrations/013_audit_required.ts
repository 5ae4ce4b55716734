// Migration 13: who may do what, and what was decided, changes only with its audit event (issues 19, 21).
//
// The same mechanism as the parcel lifecycle (003): a change is accepted only when the newest event of
// the chain, appended just before it in the same write transaction, names that entity and that action.
// So the repositories append the event first, then change the row. Covered: a user's role, PIN and
// active flag; the four-eyes and hold-clock settings; rulesets; certificates; and every decision row.
// A raw edit of the file (or a station's credentials on PostgreSQL) can no longer change any of them
// without leaving its event in the chain, where `audit verify` and its cross-checks see it.

/** The newest audit event (the one this transaction appended last) matches `cond` on `e`. */
const HEAD_IS = (cond: string) => `EXISTS (SELECT 1 FROM audit_events e WHERE e.seq = (SELECT max(seq) FROM audit_events) AND ${cond})`;
const AUDITED_SETTINGS: Record<string, string> = { four_eyes: 'settings.four_eyes', hold_clocks: 'settings.clocks' };
const SETTING_KEYS = Object.keys(AUDITED_SETTINGS).map((k) => `'${k}'`).join(', ');
const SETTING_ACTION = (key: string) => `(CASE ${key} ${Object.entries(AUDITED_SETTINGS).map(([k, a]) => `WHEN '${k}' THEN '${a}'`).join(' ')} END)`;
const SETTING_MSG = 'AUDIT_REQUIRED: a setting changes only with its audit event';
const RULESET_MSG = 'AUDIT_REQUIRED: a ruleset changes only with its audit event';
const CERT_MSG = 'AUDIT_REQUIRED: a certificate changes only with its audit event';

export default /* sql */ `
-- ---- users: role, PIN, active ----------------------------------------------------------------
CREATE TRIGGER users_change_audited BEFORE UPDATE OF role, pin_hash, active ON users
WHEN NEW.role IS NOT OLD.role OR NEW.pin_hash IS NOT OLD.pin_hash OR NEW.active IS NOT OLD.active
BEGIN
  SELECT RAISE(ABORT, 'AUDIT_REQUIRED: a user''s role, PIN or active flag changes only with its audit event')
  WHERE NOT ${HEAD_IS(`e.entity_type = 'user' AND e.entity_id = NEW.name COLLATE BINARY
      AND (NEW.role IS OLD.role OR e.action = 'user.role')
      AND (NEW.pin_hash IS OLD.pin_hash OR e.action = 'user.pin_reset')
      AND (NEW.active IS OLD.active OR e.action = (CASE WHEN NEW.active = 0 THEN 'user.deactivate' ELSE 'user.activate' END))`)};
END;

-- ---- settings: four-eyes and the hold clocks ---------------------------------------------------
CREATE TRIGGER settings_insert_audited BEFORE INSERT ON settings
WHEN NEW.key IN (${SETTING_KEYS})
BEGIN
  SELECT RAISE(ABORT, '${SETTING_MSG}')
  WHERE NOT ${HEAD_IS(`e.entity_type = 'settings' AND e.entity_id = NEW.key AND e.action = ${SETTING_ACTION('NEW.key')}`)};
END;
CREATE TRIGGER settings_update_audited BEFORE UPDATE ON settings
WHEN (OLD.key IN (${SETTING_KEYS}) OR NEW.key IN (${SETTING_KEYS}))
  AND (NEW.key IS NOT OLD.key OR NEW.value IS NOT OLD.value)
BEGIN
  SELECT RAISE(ABORT, '${SETTING_MSG}')
  WHERE NEW.key IS NOT OLD.key
     OR NOT ${HEAD_IS(`e.entity_type = 'settings' AND e.entity_id = NEW.key AND e.action = ${SETTING_ACTION('NEW.key')}`)};
END;
CREATE TRIGGER settings_delete_audited BEFORE DELETE ON settings
WHEN OLD.key IN (${SETTING_KEYS})
BEGIN
  SELECT RAISE(ABORT, '${SETTING_MSG}')
  WHERE NOT ${HEAD_IS(`e.entity_type = 'settings' AND e.entity_id = OLD.key AND e.action = ${SETTING_ACTION('OLD.key')}`)};
END;

-- ---- rulesets: a version is written, and the active one switched, by its activation event ------
CREATE TRIGGER rulesets_insert_audited BEFORE INSERT ON rulesets
BEGIN
  SELECT RAISE(ABORT, '${RULESET_MSG}')
  WHERE NOT ${HEAD_IS(`e.entity_type = 'ruleset' AND e.action = 'ruleset.activate' AND e.entity_id = CAST(NEW.version AS TEXT)`)};
END;
CREATE TRIGGER rulesets_update_audited BEFORE UPDATE ON rulesets
BEGIN
  SELECT RAISE(ABORT, '${RULESET_MSG}')
  WHERE NEW.version IS NOT OLD.version OR NEW.created_at IS NOT OLD.created_at OR NEW.definition IS NOT OLD.definition
     OR NOT ${HEAD_IS(`e.entity_type = 'ruleset' AND e.action = 'ruleset.activate'`)};
END;
CREATE TRIGGER rulesets_delete_audited BEFORE DELETE ON rulesets
BEGIN
  SELECT RAISE(ABORT, '${RULESET_MSG}')
  WHERE NOT ${HEAD_IS(`e.entity_type = 'ruleset' AND e.action = 'ruleset.delete' AND e.entity_id = CAST(OLD.version AS TEXT)`)};
END;

-- ---- certificates: only by an import, whose event comes first -----------------------------------
CREATE TRIGGER certificates_insert_audited BEFORE INSERT ON certificates
BEGIN
  SELECT RAISE(ABORT, '${CERT_MSG}') WHERE NOT ${HEAD_IS(`e.action = 'import.certificates'`)};
END;
CREATE TRIGGER certificates_update_audited BEFORE UPDATE ON certificates
BEGIN
  SELECT RAISE(ABORT, '${CERT_MSG}') WHERE NOT ${HEAD_IS(`e.action = 'import.certificates'`)};
END;
CREATE TRIGGER certificates_delete_audited BEFORE DELETE ON certificates
BEGIN
  SELECT RAISE(ABORT, '${CERT_MSG}') WHERE NOT ${HEAD_IS(`e.action IN ('import.certificates', 'certificate.delete')`)};
END;

-- ---- decisions: a decision row follows its event (hold.<disposition> naming the parcel) ----------
CREATE TRIGGER hold_decisions_with_event BEFORE INSERT ON hold_decisions
BEGIN
  SELECT RAISE(ABORT, 'AUDIT_REQUIRED: a decision is written only after its audit event')
  WHERE NOT ${HEAD_IS(`e.entity_type = 'parcel' AND e.action = 'hold.' || lower(NEW.disposition)
      AND e.entity_id = (SELECT p.tracking_no FROM holds h JOIN parcels p ON p.id = h.parcel_id WHERE h.id = NEW.hold_id)`)};
END;
-- SQLite fires the newest trigger first: re-created after it, the refusal of a decided hold still speaks first.
DROP TRIGGER hold_decisions_on_undecided;
CREATE TRIGGER hold_decisions_on_undecided BEFORE INSERT ON hold_decisions
BEGIN
  SELECT RAISE(ABORT, 'LIFECYCLE: hold_decisions rows are never replaced') WHERE EXISTS (SELECT 1 FROM hold_decisions WHERE id = NEW.id);
  SELECT RAISE(ABORT, 'LIFECYCLE: a decided hold takes no further decision')
  WHERE (SELECT status FROM holds WHERE id = NEW.hold_id) NOT IN ('OPEN', 'AWAITING_PROOF');
END;
`;
