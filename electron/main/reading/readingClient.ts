// The service's side of the reading worker: starts it, sends photos, matches answers to requests,
// and keeps the worker's state (starting, ready, which engine) for app:info. The worker is a child
// process running the bundled `readWorker.js` beside the main bundle (electron-vite builds it as a
// second entry; under Electron it runs as Node through ELECTRON_RUN_AS_NODE) or, under plain Node
// (tests, CLI, bridge, benchmarks), the TypeScript source run through tsx.
import fs from 'node:fs';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AppError, type ApiError } from '../../../shared/result';
import type { CoreOptions, OcrEngineName, OcrState, ReadOut } from './worker/readingCore';
import type { FromWorker, ToWorker } from './worker/protocol';

function startWorker(data: CoreOptions): ChildProcess {
  const options = {
    env: { ...process.env, PARCEL_GATE_READ_WORKER: JSON.stringify(data), ELECTRON_RUN_AS_NODE: '1' },
    // Photos cross as bytes, not as JSON arrays of numbers.
    serialization: 'advanced' as const,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[],
  };
  for (const candidate of ['./readWorker.js', './worker/readWorker.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (fs.existsSync(file)) return fork(file, [], { ...options, execArgv: [] });
  }
  // Source tree: the worker is TypeScript, loaded through tsx's loader.
  const source = fileURLToPath(new URL('./worker/readWorker.ts', import.meta.url));
  return fork(source, [], { ...options, execArgv: ['--import', 'tsx'] });
}

export class ReadingClient {
  state: OcrState = 'cold';
  engine: OcrEngineName | null = null;
  message: string | null = null;
  size = 1;
  private worker: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: ReadOut) => void; reject: (e: unknown) => void }>();
  private starting: Promise<void> | null = null;
  private progress: ((started: number, total: number) => void) | undefined;
  private closing: Promise<void> | null = null;
  private holds = 0;
  private startFailed: ((e: Error) => void) | null = null;

  constructor(private readonly options: CoreOptions) {}

  private ensureWorker(): ChildProcess {
    if (this.worker) return this.worker;
    const worker = startWorker(this.options);
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (!this.closing) this.fail(new Error(`the reading worker stopped (exit code ${code})`));
    });
    // The worker must not keep a finished command-line run alive on its own.
    worker.unref();
    worker.channel?.unref();
    this.worker = worker;
    return worker;
  }

  private post(m: ToWorker): void {
    this.ensureWorker().send(m);
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'status') {
      this.state = m.status.state;
      this.engine = m.status.engine;
      this.message = m.status.message;
      this.size = m.status.workers;
      if (m.status.started != null && m.status.total != null) this.progress?.(m.status.started, m.status.total);
    } else if (m.type === 'result') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(fromApiError(m.error));
    }
  }

  private fail(e: unknown): void {
    this.state = 'failed';
    this.message = `Reading worker failed: ${e instanceof Error ? e.message : String(e)}`;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new Error(this.message));
    this.startFailed?.(new Error(this.message));
    this.startFailed = null;
    this.starting = null;
  }

  /** Starts the worker and loads the models (once); later calls share the same start. */
  start(onProgress?: (started: number, total: number) => void): Promise<void> {
    if (onProgress) this.progress = onProgress;
    this.starting ??= new Promise<void>((resolve, reject) => {
      this.state = 'starting';
      this.startFailed = (e) => {
        this.release();
        reject(e);
      };
      const worker = this.ensureWorker();
      this.hold();
      const onStarted = (m: FromWorker) => {
        if (m.type !== 'started') return;
        worker.off('message', onStarted);
        this.startFailed = null;
        this.release();
        if (m.ok) resolve();
        else reject(new Error(m.message ?? 'OCR could not start'));
      };
      worker.on('message', onStarted);
      this.post({ type: 'start' });
    });
    return this.starting;
  }

  /** Photos sent to the reading process so far: how a test sees that a verdict needed no new read. */
  readsSent = 0;

  /** Decodes, scans and reads one photo in the worker. */
  read(bytes: Uint8Array, name: string): Promise<ReadOut> {
    void this.start().catch(() => undefined);
    this.readsSent++;
    const id = this.nextId++;
    return new Promise<ReadOut>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (v) => {
          this.release();
          resolve(v);
        },
        reject: (e) => {
          this.release();
          reject(e);
        },
      });
      this.hold();
      this.post({ type: 'read', id, bytes, name });
    });
  }

  /** Work under way keeps the worker (and so the process) alive; idle, it lets the process end. */
  private hold(): void {
    if (this.holds++ === 0) {
      const w = this.ensureWorker();
      w.ref();
      w.channel?.ref();
    }
  }

  private release(): void {
    if (--this.holds === 0) {
      this.worker?.unref();
      this.worker?.channel?.unref();
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.closing = new Promise<void>((resolve) => {
      const done = () => resolve();
      worker.once('exit', done);
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'closed') worker.disconnect();
      });
      if (!worker.connected || worker.exitCode !== null) return done();
      worker.ref();
      worker.channel?.ref();
      worker.send({ type: 'close' } satisfies ToWorker);
    });
    await this.closing;
    this.worker = null;
    this.starting = null;
    this.closing = null;
    this.state = 'cold';
  }
}

function fromApiError(e: ApiError): Error {
  if (e.code === 'INTERNAL') return new Error(e.message.replace(/^Internal error: /, ''));
  return new AppError(e.code, e.message, e.details, { params: e.params, key: e.key });
}
