// This station's backups: their state for the admin panel and the top bar, a backup on demand, and the
// admin's settings (folder, how many to keep, how often).
import type { HandlerContext, Handlers } from './context';

export type BackupChannel = 'backup:status' | 'backup:run' | 'backup:setSettings';

export function createBackupHandlers(ctx: HandlerContext): Pick<Handlers, BackupChannel> {
  return {
    'backup:status': () => ctx.backups.status(),
    'backup:run': () => ctx.backups.run('admin'),
    'backup:setSettings': (req, who) => ctx.backups.saveSettings(req, who.actor),
  };
}
