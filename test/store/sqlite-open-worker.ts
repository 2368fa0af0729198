// Opens a SQLite store on the file it is given when told to go: the migration test starts several at once.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

parentPort?.once('message', () => {
  openSqliteStore({ file: (workerData as { file: string }).file })
    .then((s) => s.close())
    .then(
      () => parentPort?.postMessage('ok'),
      (e: unknown) => parentPort?.postMessage(String(e)),
    );
});
parentPort?.postMessage('ready');
