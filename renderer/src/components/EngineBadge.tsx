// Which storage the station is on, in the top bar: the local file's name or the shared server, in the
// user's language, marked when it does not answer. Nothing at all when the service cannot say.
import { useTranslation } from 'react-i18next';
import type { EngineStatus } from '../../../shared/api';
import { useServerLink } from '../useServerLink';

/** A file path's last part, for Windows and POSIX paths alike (the full path is in the tooltip). */
function fileName(where: string): string {
  return where.split(/[\\/]/).filter(Boolean).pop() ?? where;
}

export function engineLabel(t: (key: string, params?: Record<string, unknown>) => string, e: EngineStatus): string {
  return t(`engine.${e.engine}`, { where: e.engine === 'sqlite' ? fileName(e.where) : e.where });
}

export function EngineBadge() {
  const { t } = useTranslation();
  const { engine, lost } = useServerLink();
  if (!engine) return null;
  const down = lost || !engine.connected;
  const detail = t(engine.user ? 'engine.detail' : 'engine.detailNoUser', { where: engine.where, user: engine.user, schema: engine.schema });
  return (
    <span className={down ? 'engine down' : 'engine'} title={detail} data-engine={engine.engine}>
      {down ? `${engineLabel(t, engine)} · ${t('engine.notConnected')}` : engineLabel(t, engine)}
    </span>
  );
}
