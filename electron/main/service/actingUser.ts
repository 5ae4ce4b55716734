// Inspections and shipments name who made them by a users row: the signed-in person, or for a system
// identity (shared/systemIdentities.ts) the inactive row that lets it be named, made on first use.
import { AppError } from '../../../shared/result';
import type { User } from '../../../shared/types';
import { isSystemPinHash, SYSTEM_PIN_HASH } from '../../../shared/systemIdentities';
import type { Storage } from '../db/storage';

export async function actingUser(storage: Storage, who: { user: User | null; actor: string }): Promise<User> {
  return who.user ?? systemUser(storage, who.actor);
}

async function systemUser(storage: Storage, name: string): Promise<User> {
  const existing = await storage.userByName(name);
  if (existing) {
    if (!isSystemPinHash(existing.pinHash)) throw new AppError('CONFLICT', `"${name}" is a person's account, not a system identity`);
    return existing;
  }
  return storage.addUser({ name, role: 'inspector', locale: 'en', pinHash: SYSTEM_PIN_HASH }, name);
}
