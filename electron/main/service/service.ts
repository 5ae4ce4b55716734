// The service object: implements the API contract over a storage engine, the evidence folder and
// the photo reader. Plain Node: the Electron IPC mount, the HTTP bridge, the CLI and tests share it.
// It only assembles the parts: the dispatcher (dispatcher.ts) validates and authorises each call,
// one handler module per domain (handlers/) answers it, and the caches live in caches.ts.
import path from 'node:path';
import type { Channel, Responses } from '../../../shared/api';
import type { Result } from '../../../shared/result';
import type { PhotoRead } from '../../../shared/types';
import type { Storage } from '../db/storage';
import { openStorage } from '../db/openStorage';
import { isServerUrl } from '../db/dbSetting';
import { ServerPhotoStore } from './serverPhotoStore';
import { PhotoReader } from '../reading/photoReader';
import { ReadingClient } from '../reading/readingClient';
import { RegistryCache, RulesetCache } from './caches';
import { CounterfeitLists } from './counterfeitLists';
import { Dispatcher, type CallContext } from './dispatcher';
import type { HandlerContext } from './handlers/context';
import { createHandlers } from './handlers';
import type { ServiceOptions } from './options';
import { addPhoto, PhotoReads } from './photoEvidence';
import { PhotoStore, type PhotoBytes } from './photoStore';
import { Sessions } from './sessions';
import { BackupStation } from './backupStation';
import { SignInGuard } from './signInGuard';

export type { CallContext } from './dispatcher';
export type { ServiceOptions } from './options';

export class ParcelGateService {
  readonly storage: Storage;
  /** The reading worker: photo decoding, barcodes and OCR off the main thread. */
  readonly ocr: ReadingClient;
  readonly signInGuard: SignInGuard;
  /** The station's backups; Electron main ticks `backups.schedule` once a minute. */
  readonly backups: BackupStation;
  private readonly photos: PhotoBytes;
  private readonly reads: PhotoReads;
  private readonly dispatcher: Dispatcher;
  private readonly sessions: Sessions;

  constructor(readonly options: ServiceOptions) {
    const now = options.now ?? (() => new Date());
    const storage = openStorage(options.dbFile, { nativeBinding: options.nativeBinding, now, station: options.station, beforeFirstUse: options.beforeFirstUse, dataDir: options.dataDir });
    this.storage = storage;
    const local = new PhotoStore(path.join(options.dataDir, 'evidence'));
    // On a server every desk must reach every station's photos: they are stored there too.
    this.photos = isServerUrl(options.dbFile) ? new ServerPhotoStore(storage.engine, local) : local;
    this.ocr = new ReadingClient({ dataDir: options.dataDir, ocrWorkers: options.ocrWorkers, engine: options.ocrEngine, modelDir: options.ocrModelDir });
    this.signInGuard = new SignInGuard(this.storage, storage.engine, now);
    // The registry, the counterfeit lists and the photo reads need each other only when called.
    const counterfeit: CounterfeitLists = new CounterfeitLists(this.storage, now, async () => (await registry.get()).brands);
    const registry: RegistryCache = new RegistryCache(this.storage, () => counterfeit.lookalikes(), () => this.reads.forget());
    const ruleset = new RulesetCache(this.storage);
    this.reads = new PhotoReads(this.storage, this.photos, new PhotoReader(this.ocr), () => registry.get());
    const sessions = new Sessions(storage.engine, now, options.sessionIdleMinutes);
    this.sessions = sessions;
    this.backups = new BackupStation({ dbFile: options.dbFile, dataDir: options.dataDir, now, storage: this.storage, nativeBinding: options.nativeBinding });
    const ctx: HandlerContext = {
      options,
      storage: this.storage,
      photos: this.photos,
      now,
      sessions,
      signInGuard: this.signInGuard,
      ocr: this.ocr,
      counterfeit,
      backups: this.backups,
      registry: () => registry.get(),
      ruleset: () => ruleset.get(),
      readPhoto: (photoId) => this.reads.read(photoId),
    };
    this.dispatcher = new Dispatcher(createHandlers(ctx), sessions, () => options.station);
  }

  /** The one entry point of every transport: validate, authorise, run, and answer with a value. */
  call<C extends Channel>(channel: C, rawReq: unknown, ctx: CallContext = {}): Promise<Result<Responses[C]>> {
    return this.dispatcher.call(channel, rawReq, ctx);
  }

  /** Whether a token names a live session, without counting this as a use (the server asks before reading a large body). */
  async hasSession(token: string): Promise<boolean> {
    const s = await this.sessions.resume(token, false);
    return s !== null && s !== 'expired';
  }

  /** Starts the OCR workers in the background so the first parcel does not wait for them. */
  warmUp(onProgress?: (started: number, total: number) => void): Promise<void> {
    return this.ocr.start(onProgress);
  }

  async close(): Promise<void> {
    await this.ocr.close();
    await this.storage.close();
  }

  /** Stores a photo as evidence (file first, then its row) and returns its id. */
  addPhoto(bytes: Uint8Array, name = 'photo'): Promise<Responses['photo:add']> {
    return addPhoto(this.storage, this.photos, bytes, name);
  }

  /** Reads a stored photo once; later asks for the same photo share the work. */
  readPhoto(photoId: string): Promise<PhotoRead> {
    return this.reads.read(photoId);
  }
}
