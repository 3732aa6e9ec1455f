/**
 * Child process for the "process can exit" test: opens a file store, runs live subscriptions,
 * unsubscribes one, leaves another to be ended by close(), and then simply returns. If any timer
 * or immediate survived, the process would hang and the parent would kill it.
 */
import { randomUUID } from 'node:crypto';
import { NO_STREAM } from '../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

const store = openSqliteEventStore({ path: process.argv[2]!, pollIntervalMs: 20 });
let received = 0;
const done = new Promise<void>((resolve) => {
  const sub = store.subscribeToAll({}).subscribe({
    next: (batch) => {
      received += batch.events.length;
      batch.ack();
      if (received >= 3) {
        sub.unsubscribe();
        resolve();
      }
    },
  });
});
store.subscribeToAll({ filter: { eventTypes: ['Nothing'] } }).subscribe({ next: (batch) => batch.ack() });
await store.append('exit-1', [1, 2, 3].map(() => ({ id: randomUUID(), type: 'T', data: {} })), { expectedRevision: NO_STREAM });
await done;
await new Promise((resolve) => setTimeout(resolve, 50));
await store.close();
process.stdout.write(`received ${received}\n`);
