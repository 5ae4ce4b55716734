// Messages between the service (main thread) and the reading worker.
import type { ApiError } from '../../../../shared/result';
import type { CoreOptions, OcrEngineName, OcrState, ReadOut } from './readingCore';

export type ToWorker =
  | { type: 'start' }
  | { type: 'read'; id: number; bytes: Uint8Array; name: string }
  | { type: 'close' };

export interface WorkerStatus {
  state: OcrState;
  engine: OcrEngineName | null;
  workers: number;
  message: string | null;
  started?: number;
  total?: number;
}

export type FromWorker =
  | { type: 'status'; status: WorkerStatus }
  | { type: 'started'; ok: boolean; message?: string }
  | { type: 'result'; id: number; ok: true; value: ReadOut }
  | { type: 'result'; id: number; ok: false; error: ApiError }
  | { type: 'closed' };

export type WorkerData = CoreOptions;
