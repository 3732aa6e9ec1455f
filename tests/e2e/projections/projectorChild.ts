/**
 * Child process for the projection kill test: runs the counter projection over a file store and
 * prints its checkpoint as it advances, until the parent kills it (SIGKILL) or it catches up.
 * argv: <dbPath> <exitWhenCaughtUp: 0|1>
 */
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { createProjectionRunner } from '../../../projections/runtime/projectionRunner.js';
import { counterProjection } from '../../support/counterProjection.js';

const [dbPath, exitWhenCaughtUp] = process.argv.slice(2);
const events = openSqliteEventStore({ path: dbPath! });
const reads = await openEmbeddedReadStore({ path: dbPath! });
// Small batches and catch-up chunks: many checkpoints, so a kill lands between, before and inside commits.
const runner = createProjectionRunner(events, reads, counterProjection(), { batchSize: 7, catchUpChunk: 7 });
// Announced before start(): the parent's kill delay then counts from before catch-up begins
// (catch-up of a round takes only milliseconds now, and a kill timed from after it missed it).
process.stdout.write('STARTED\n');
await runner.start();
if (exitWhenCaughtUp === '1') {
  await runner.waitUntilCaughtUp(60_000);
  await runner.stop();
  await reads.close();
  await events.close();
  process.stdout.write(`CAUGHT_UP ${runner.status().position}\n`);
  process.exit(0);
}
