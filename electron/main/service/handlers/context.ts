// What every handler module is given and what it must provide: one function per channel of the
// contract, typed by the contract, and a small context of the service's parts (no service object,
// so a module can be made and tested with only the parts it uses).
import type { Channel, ParsedReq, Responses } from '../../../../shared/api';
import type { PhotoRead, User } from '../../../../shared/types';
import type { Storage } from '../../db/storage';
import type { ReadingClient } from '../../reading/readingClient';
import type { BackupStation } from '../backupStation';
import type { ActiveRuleset, Registry } from '../caches';
import type { CounterfeitLists } from '../counterfeitLists';
import type { ServiceOptions } from '../options';
import type { PhotoBytes } from '../photoStore';
import type { Sessions } from '../sessions';
import type { SignInGuard } from '../signInGuard';

/** Who is calling, as the dispatcher found out (dispatcher.ts). */
export interface Caller {
  /** The local command line or a test harness in this process; never a remote transport. */
  system: boolean;
  user: User | null;
  actor: string;
  station: string;
  token: string | null;
  /** The token named a session that ended after idle time. */
  expired?: boolean;
  /** The client's address on the warehouse server (null in this process: IPC, the command line, tests). */
  address?: string | null;
}

export type Handler<C extends Channel> = (req: ParsedReq<C>, who: Caller) => Promise<Responses[C]>;
export type Handlers = { [C in Channel]: Handler<C> };

export interface HandlerContext {
  readonly options: ServiceOptions;
  readonly storage: Storage;
  readonly photos: PhotoBytes;
  readonly now: () => Date;
  readonly sessions: Sessions;
  readonly signInGuard: SignInGuard;
  /** The reading worker: app:info shows its state, a sign-in starts it. */
  readonly ocr: ReadingClient;
  readonly counterfeit: CounterfeitLists;
  /** This station's backups and their schedule (backupStation.ts). */
  readonly backups: BackupStation;
  /** Brands and certificates as stored, with the clone marks in force (caches.ts). */
  registry(): Promise<Registry>;
  /** The ruleset this build ships, as its stored version (caches.ts). */
  ruleset(): Promise<ActiveRuleset>;
  /** A stored photo read once; later asks share the work (photoEvidence.ts). */
  readPhoto(photoId: string): Promise<PhotoRead>;
}
