// People and their sessions: the first admin of a new database, user administration (each change
// audited by the storage), signing in and out, and a person's language.
import type { Session } from '../../../../shared/api';
import { AppError } from '../../../../shared/result';
import type { User } from '../../../../shared/types';
import { isSystemName, SYSTEM, SYSTEM_PREFIX, systemIdentity } from '../../../../shared/systemIdentities';
import { normaliseUserName, reservedNameReason } from '../../../../shared/userNames';
import { hashPin } from '../pin';
import type { HandlerContext, Handlers } from './context';

export type UserChannel =
  | 'users:list'
  | 'users:add'
  | 'users:all'
  | 'users:setActive'
  | 'users:resetPin'
  | 'users:unlock'
  | 'users:setLocale'
  | 'session:signIn'
  | 'session:signOut';

export function createUserHandlers(ctx: HandlerContext): Pick<Handlers, UserChannel> {
  return {
    'users:list': async () => (await ctx.storage.listUsers()).map(({ id, name, role }) => ({ id, name, role })),
    'users:add': async (req, who) => {
      // NFKC, no control characters, and not a reserved name or another user's look-alike (shared/userNames.ts).
      const checked = normaliseUserName(req.name);
      if (!checked.ok) throw new AppError('BAD_REQUEST', checked.message, [`name: ${checked.message}`], { key: checked.key, params: {} });
      const name = checked.name;
      if (isSystemName(name)) throw new AppError('BAD_REQUEST', `Names starting with "${SYSTEM_PREFIX}" are kept for system identities`, undefined, { key: 'userNameReserved', params: { name, like: SYSTEM_PREFIX } });
      const existing = [...(await ctx.storage.listUsersForAdmin()).map((u) => u.name), ...Object.values(SYSTEM).map(systemIdentity)];
      const reserved = reservedNameReason(name, existing);
      if (reserved) {
        const why = reserved.key === 'userNameReserved' ? `is kept for the system ("${reserved.like}")` : `reads the same as the existing user "${reserved.like}"`;
        throw new AppError('BAD_REQUEST', `The name "${name}" ${why}: choose another`, undefined, { key: reserved.key, params: { name, like: reserved.like } });
      }
      const admin = who.system || who.user?.role === 'admin';
      if (!admin) {
        // Bootstrapping: only the first person, only an admin, decided atomically in the insert's transaction.
        if ((await ctx.storage.countPeople()) > 0) throw new AppError('FORBIDDEN', 'Only an admin may add users');
        if (req.role !== 'admin') throw new AppError('FORBIDDEN', 'The first user of a new database must be an admin');
      }
      const pinHash = await hashPin(req.pin);
      return ctx.storage.addUser({ name, role: req.role, locale: req.locale, pinHash }, who.user?.name ?? who.actor, { onlyIfFirst: !admin });
    },
    'users:all': () => ctx.storage.listUsersForAdmin(),
    'users:setActive': async (req, who) => {
      // The database ends the user's sessions with the change (migration 10); said here as well.
      await ctx.storage.setUserActive(req.userId, req.active, who.actor);
      if (!req.active) await ctx.sessions.endAllOf(req.userId);
      return ctx.storage.listUsersForAdmin();
    },
    'users:resetPin': async (req, who) => {
      // A reset PIN ends every session signed in with the old one (the database does it in the same transaction).
      await ctx.storage.resetUserPin(req.userId, await hashPin(req.pin), who.actor);
      await ctx.sessions.endAllOf(req.userId);
      return ctx.storage.listUsersForAdmin();
    },
    'users:unlock': async (req, who) => {
      await ctx.storage.unlockUser(req.userId, who.actor);
      return ctx.storage.listUsersForAdmin();
    },
    'users:setLocale': async (req, who) => {
      // Sessions read the user on every call: the new language counts from the next one.
      return ctx.storage.setLocale(who.user!.id, req.locale);
    },
    'session:signIn': async (req, who) => {
      // The station is this station's own setting; what the client claims counts only where none is set
      // (the warehouse server, tests) and then only as a label: limits go by the client's address.
      const station = ctx.options.station ?? req.station ?? 'unknown';
      const u = await ctx.signInGuard.check(req.name, req.pin, station, { address: who.address });
      await ctx.storage.recordSignIn(u.id, station);
      const user: User = { id: u.id, name: u.name, role: u.role, locale: u.locale };
      const token = await ctx.sessions.start(user, station);
      // The first parcel should not wait for the reading worker to start.
      void ctx.ocr.start().catch(() => undefined);
      return { token, user, station } satisfies Session;
    },
    'session:signOut': async (_req, who) => {
      if (who.token) await ctx.sessions.end(who.token);
      // Not awaited: signing out never waits for the backup (its result is in backup:status).
      if (who.token) {
        void ctx.sessions
          .activeCount()
          .then((n) => ctx.backups.schedule.signedOut(n))
          .catch(() => undefined);
      }
      return null;
    },
  };
}
