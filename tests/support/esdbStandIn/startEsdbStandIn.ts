/**
 * An in-process stand-in that speaks EventStoreDB's gRPC Streams API well enough for the real
 * `@eventstore/db-client` to run against it, so the EventStoreDB adapter's own code runs in every
 * test run. See docs/esdb-standin.md for what it implements and what it does NOT prove.
 *
 * Only Streams.Append, Streams.Read and Streams.Delete are served. Every other method (BatchAppend,
 * Tombstone, ServerFeatures, Gossip, ...) answers UNIMPLEMENTED, which the client copes with: an
 * UNIMPLEMENTED ServerFeatures call makes it assume an unknown server version, so it appends with
 * the classic Append RPC instead of BatchAppend; a single `esdb://host:port` needs no gossip.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import { createStandInLog, type StandInLog } from './standInLog.js';
import { appendHandler, deleteHandler } from './writeHandlers.js';
import { readHandler } from './readHandler.js';

export type EsdbStandInOptions = Readonly<{
  /** Send `caught_up` messages on subscriptions (servers ≥ 23.10 do; older ones don't). Default true. */
  caughtUpMessages?: boolean;
  /** The server's MaxAppendSize in bytes (default 1 MiB, EventStoreDB's default). */
  maxAppendSize?: number;
  /** Clock for `created` and `$maxAge`. */
  now?: () => number;
}>;

export type EsdbStandIn = Readonly<{
  connectionString: string;
  port: number;
  /** The stand-in's storage, for assertions that look past the adapter. */
  log: StandInLog;
  /** Stop serving: open calls are cut off, new connections are refused. Data is kept. */
  stop(): Promise<void>;
  /** Serve again on the same port with the same data (after `stop`). */
  restart(): Promise<void>;
}>;

function bind(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
}

export async function startEsdbStandIn(options: EsdbStandInOptions = {}): Promise<EsdbStandIn> {
  const log = createStandInLog(options.now);
  const handlers = {
    read: readHandler(log, { caughtUpMessages: options.caughtUpMessages ?? true }),
    append: appendHandler(log, { maxAppendSize: options.maxAppendSize ?? 1024 * 1024 }),
    delete: deleteHandler(log),
  };
  const serve = async (port: number) => {
    const server = new Server();
    // The generated definition lists every Streams method; the ones left out answer UNIMPLEMENTED.
    server.addService(streamsGrpc.StreamsService, handlers);
    return { server, port: await bind(server, port) };
  };

  let current: { server: Server; port: number } | undefined = await serve(0);
  const port = current.port;
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    async stop() {
      const running = current;
      current = undefined;
      // forceShutdown cuts open subscriptions at once, like a crashed or restarted node.
      running?.server.forceShutdown();
    },
    async restart() {
      if (current) return;
      current = await serve(port);
    },
  };
}
