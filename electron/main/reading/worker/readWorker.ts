// The reading worker (a worker_thread): one per service, holding the only onnxruntime instance and
// the tesseract.js workers. Photos come in as bytes, reads go back as plain data; the main thread
// never decodes, scans or runs a model.
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../../../shared/result';
import { ReadingCore } from './readingCore';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

const port = parentPort;
if (!port) throw new Error('readWorker runs as a worker thread');
const core = new ReadingCore(workerData as WorkerData);
const send = (m: FromWorker) => port.postMessage(m);
const status = (started?: number, total?: number) =>
  send({ type: 'status', status: { state: core.state, engine: core.engine, workers: core.workers, message: core.message, started, total } });

port.on('message', (m: ToWorker) => {
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
