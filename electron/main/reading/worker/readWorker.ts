// The reading process: a child process of the service (one per service), holding the only
// onnxruntime instance and the tesseract.js workers. Photos come in as bytes, reads go back as plain
// data; the service's process never decodes, scans or runs a model. A process rather than a worker
// thread: onnxruntime's native code cannot be torn down with a thread (a process ending with the
// models loaded in a worker thread aborted with a Napi::Error), and a crash here cannot take the
// window or the database with it.
import { toApiError } from '../../../../shared/result';
import { ReadingCore } from './readingCore';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

if (typeof process.send !== 'function') throw new Error('readWorker runs as a child process of the service');
const core = new ReadingCore(JSON.parse(process.env.PARCEL_GATE_READ_WORKER ?? '{}') as WorkerData);
const send = (m: FromWorker) => {
  // The channel can close between the check and the write (the service closing while models load):
  // the callback takes that EPIPE, which would otherwise be an unhandled 'error' event.
  if (process.connected) process.send!(m, undefined, undefined, () => undefined);
};
// The service went away (closed, exited or crashed): nothing is left to read for.
process.on('disconnect', () => process.exit(0));
const status = (started?: number, total?: number) =>
  send({ type: 'status', status: { state: core.state, engine: core.engine, workers: core.workers, message: core.message, started, total } });

process.on('message', (m: ToWorker) => {
  if (m.type === 'start') {
    status();
    core
      .start((started, total) => status(started, total))
      // The state first, so whoever waits on 'started' already sees 'ready' (or 'failed').
      .then(() => {
        status();
        send({ type: 'started', ok: true });
      })
      .catch((e: unknown) => {
        status();
        send({ type: 'started', ok: false, message: e instanceof Error ? e.message : String(e) });
      });
  } else if (m.type === 'read') {
    core
      .read(m.bytes, m.name)
      .then((value) => send({ type: 'result', id: m.id, ok: true, value }))
      .catch((e: unknown) => send({ type: 'result', id: m.id, ok: false, error: toApiError(e) }))
      .finally(() => status());
  } else if (m.type === 'close') {
    void core.close().finally(() => send({ type: 'closed' }));
  }
});
