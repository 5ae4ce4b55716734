// PostgreSQL migration 8: SQLite migration 13 (../013_audit_required.ts) on this engine. A user's role,
// PIN and active flag, the four-eyes and hold-clock settings, rulesets, certificates and decision rows
// change only right after the audit event naming them (the newest of the chain, appended in the same
// transaction), the same mechanism as the parcel lifecycle. Translated by 001_schema's rules: the same
// trigger names and texts, `IS NOT` as `IS DISTINCT FROM`, a user's name compared byte for byte.
// hold_decisions_with_event sorts after hold_decisions_on_undecided, so, as on SQLite, a decided hold's
// refusal speaks first.

const HEAD_IS = (cond: string) => `EXISTS (SELECT 1 FROM audit_events e WHERE e.seq = (SELECT max(seq) FROM audit_events) AND ${cond})`;
const AUDITED_SETTINGS: Record<string, string> = { four_eyes: 'settings.four_eyes', hold_clocks: 'settings.clocks' };
const SETTING_KEYS = Object.keys(AUDITED_SETTINGS).map((k) => `'${k}'`).join(', ');
const SETTING_ACTION = (key: string) => `(CASE ${key} ${Object.entries(AUDITED_SETTINGS).map(([k, a]) => `WHEN '${k}' THEN '${a}'`).join(' ')} END)`;
const SETTING_MSG = 'AUDIT_REQUIRED: a setting changes only with its audit event';
const RULESET_MSG = 'AUDIT_REQUIRED: a ruleset changes only with its audit event';
const CERT_MSG = 'AUDIT_REQUIRED: a certificate changes only with its audit event';

const refuse = (cond: string, message: string) =>
  `IF ${cond} THEN RAISE EXCEPTION USING MESSAGE = '${message.replace(/'/g, "''")}', ERRCODE = 'P0001'; END IF;`;

/** A BEFORE row trigger as in 001_schema: `when` is SQLite's WHEN clause, checked first. */
function trigger(o: { name: string; on: string; event: string; when?: string; body: string }): string {
  const done = o.event.startsWith('DELETE') ? 'OLD' : 'NEW';
  const when = o.when ? `IF (${o.when}) IS NOT TRUE THEN RETURN ${done}; END IF;\n  ` : '';
  return `CREATE FUNCTION ${o.name}() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  ${when}${o.body}
  RETURN ${done};
END $fn$;
CREATE TRIGGER ${o.name} BEFORE ${o.event} ON ${o.on} FOR EACH ROW EXECUTE FUNCTION ${o.name}();`;
}

export default /* sql */ `
${trigger({
  name: 'users_change_audited',
  on: 'users',
  event: 'UPDATE OF role, pin_hash, active',
  when: 'NEW.role IS DISTINCT FROM OLD.role OR NEW.pin_hash IS DISTINCT FROM OLD.pin_hash OR NEW.active IS DISTINCT FROM OLD.active',
  body: refuse(
    `NOT ${HEAD_IS(`e.entity_type = 'user' AND e.entity_id = (NEW.name COLLATE "C")
      AND (NEW.role IS NOT DISTINCT FROM OLD.role OR e.action = 'user.role')
      AND (NEW.pin_hash IS NOT DISTINCT FROM OLD.pin_hash OR e.action = 'user.pin_reset')
      AND (NEW.active IS NOT DISTINCT FROM OLD.active OR e.action = (CASE WHEN NEW.active = 0 THEN 'user.deactivate' ELSE 'user.activate' END))`)}`,
    "AUDIT_REQUIRED: a user's role, PIN or active flag changes only with its audit event",
  ),
})}

${trigger({
  name: 'settings_insert_audited',
  on: 'settings',
  event: 'INSERT',
  when: `NEW.key IN (${SETTING_KEYS})`,
  body: refuse(`NOT ${HEAD_IS(`e.entity_type = 'settings' AND e.entity_id = NEW.key AND e.action = ${SETTING_ACTION('NEW.key')}`)}`, SETTING_MSG),
})}
${trigger({
  name: 'settings_update_audited',
  on: 'settings',
  event: 'UPDATE',
  when: `(OLD.key IN (${SETTING_KEYS}) OR NEW.key IN (${SETTING_KEYS})) AND (NEW.key IS DISTINCT FROM OLD.key OR NEW.value IS DISTINCT FROM OLD.value)`,
  body: refuse(
    `NEW.key IS DISTINCT FROM OLD.key OR NOT ${HEAD_IS(`e.entity_type = 'settings' AND e.entity_id = NEW.key AND e.action = ${SETTING_ACTION('NEW.key')}`)}`,
    SETTING_MSG,
  ),
})}
${trigger({
  name: 'settings_delete_audited',
  on: 'settings',
  event: 'DELETE',
  when: `OLD.key IN (${SETTING_KEYS})`,
  body: refuse(`NOT ${HEAD_IS(`e.entity_type = 'settings' AND e.entity_id = OLD.key AND e.action = ${SETTING_ACTION('OLD.key')}`)}`, SETTING_MSG),
})}

${trigger({
  name: 'rulesets_insert_audited',
  on: 'rulesets',
  event: 'INSERT',
  body: refuse(`NOT ${HEAD_IS(`e.entity_type = 'ruleset' AND e.action = 'ruleset.activate' AND e.entity_id = CAST(NEW.version AS text)`)}`, RULESET_MSG),
})}
${trigger({
  name: 'rulesets_update_audited',
  on: 'rulesets',
  event: 'UPDATE',
  body: refuse(
    `NEW.version IS DISTINCT FROM OLD.version OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.definition IS DISTINCT FROM OLD.definition
     OR NOT ${HEAD_IS(`e.entity_type = 'ruleset' AND e.action = 'ruleset.activate'`)}`,
    RULESET_MSG,
  ),
})}
${trigger({
  name: 'rulesets_delete_audited',
  on: 'rulesets',
  event: 'DELETE',
  body: refuse(`NOT ${HEAD_IS(`e.entity_type = 'ruleset' AND e.action = 'ruleset.delete' AND e.entity_id = CAST(OLD.version AS text)`)}`, RULESET_MSG),
})}
CREATE TRIGGER rulesets_no_truncate BEFORE TRUNCATE ON rulesets FOR EACH STATEMENT EXECUTE FUNCTION trigger_refuse_truncate('${RULESET_MSG}');

${trigger({ name: 'certificates_insert_audited', on: 'certificates', event: 'INSERT', body: refuse(`NOT ${HEAD_IS(`e.action = 'import.certificates'`)}`, CERT_MSG) })}
${trigger({ name: 'certificates_update_audited', on: 'certificates', event: 'UPDATE', body: refuse(`NOT ${HEAD_IS(`e.action = 'import.certificates'`)}`, CERT_MSG) })}
${trigger({
  name: 'certificates_delete_audited',
  on: 'certificates',
  event: 'DELETE',
  body: refuse(`NOT ${HEAD_IS(`e.action IN ('import.certificates', 'certificate.delete')`)}`, CERT_MSG),
})}
CREATE TRIGGER certificates_no_truncate BEFORE TRUNCATE ON certificates FOR EACH STATEMENT EXECUTE FUNCTION trigger_refuse_truncate('${CERT_MSG}');

${trigger({
  name: 'hold_decisions_with_event',
  on: 'hold_decisions',
  event: 'INSERT',
  body: refuse(
    `NOT ${HEAD_IS(`e.entity_type = 'parcel' AND e.action = 'hold.' || lower(NEW.disposition)
      AND e.entity_id = (SELECT p.tracking_no FROM holds h JOIN parcels p ON p.id = h.parcel_id WHERE h.id = NEW.hold_id)`)}`,
    'AUDIT_REQUIRED: a decision is written only after its audit event',
  ),
})}
`;
