/**
 * Streams.Read of the stand-in: stream and `$all` reads (forwards/backwards, count, inclusive
 * start revision/position, `stream_not_found`) and catch-up subscriptions to `$all`
 * (confirmation, history strictly after the start position, checkpoints for filtered
 * subscriptions, `caught_up`, then live events). Writes respect gRPC flow control.
 *
 * Filtered-subscription checkpoints mimic the server's shape: `(postPosition, 0)` of the last
 * record considered (the server checkpoints at a page's `NextPos = TFPos(RecordPostPosition, 0)`),
 * so they do not coincide with any event's (commit, prepare) position.
 */
import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { StandInLog, StoredEvent } from './standInLog.js';
import {
  caughtUpResponse,
  checkpointResponse,
  confirmationResponse,
  eventResponse,
  ReadReq,
  streamName,
  streamNotFoundResponse,
  type ReadReqMsg,
  type ReadRespMsg,
} from './protocol.js';

export type ReadHandlerOptions = Readonly<{ caughtUpMessages: boolean }>;
type Call = ServerWritableStream<ReadReqMsg, ReadRespMsg>;
type Options = NonNullable<ReturnType<ReadReqMsg['getOptions']>>;

const { ReadDirection, StreamOptionCase, FilterOptionCase } = ReadReq.Options;
/** The server's page size, used as the search window when the client asks for `count`. */
const READ_BATCH_SIZE = 32;

/** Write with flow control; gives up waiting when the call is cancelled or closed. */
async function send(call: Call, resp: ReadRespMsg): Promise<void> {
  if (call.cancelled || call.write(resp)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      for (const event of ['drain', 'cancelled', 'close', 'error'] as const) call.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'cancelled', 'close', 'error'] as const) call.on(event, done);
  });
}

/** (commit, prepare) of an event position compared lexicographically with a requested one. */
const compare = (eventPos: bigint, commit: bigint, prepare: bigint): number =>
  eventPos !== commit ? (eventPos < commit ? -1 : 1) : eventPos < prepare ? -1 : eventPos > prepare ? 1 : 0;

function eventFilter(options: Options): ((e: StoredEvent) => boolean) | undefined {
  if (options.getFilterOptionCase() !== FilterOptionCase.FILTER) return undefined;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expr = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expr.getPrefixList();
  const regex = expr.getRegex() ? new RegExp(expr.getRegex()) : undefined;
  return (e) => {
    const value = onStream ? e.streamName : e.type;
    if (prefixes.length > 0 && !prefixes.some((p) => value.startsWith(p))) return false;
    return regex ? regex.test(value) : true;
  };
}

function readStream(log: StandInLog, options: Options): StoredEvent[] | string {
  const stream = options.getStream()!;
  const name = streamName(stream.getStreamIdentifier());
  const events = log.visibleStream(name);
  if (!events) return name;
  const backwards = options.getReadDirection() === ReadDirection.BACKWARDS;
  const from = stream.hasRevision() ? BigInt(stream.getRevision()) : undefined;
  if (backwards) {
    const upTo = stream.hasStart() ? 0n : (from ?? events[events.length - 1]!.revision);
    return events.filter((e) => e.revision <= upTo).reverse();
  }
  if (stream.hasEnd()) return [];
  return events.filter((e) => e.revision >= (from ?? 0n));
}

function readAll(log: StandInLog, options: Options): StoredEvent[] {
  const all = options.getAll()!;
  const backwards = options.getReadDirection() === ReadDirection.BACKWARDS;
  const pos = all.getPosition();
  const commit = BigInt(pos?.getCommitPosition() ?? '0');
  const prepare = BigInt(pos?.getPreparePosition() ?? '0');
  const events = log.all();
  if (backwards) {
    if (all.hasStart()) return [];
    const before = all.hasEnd() ? events : events.filter((e) => compare(e.position, commit, prepare) < 0);
    return [...before].reverse();
  }
  if (all.hasEnd()) return [];
  return all.hasStart() ? [...events] : events.filter((e) => compare(e.position, commit, prepare) >= 0);
}

async function subscribeToAll(log: StandInLog, call: Call, options: Options, handler: ReadHandlerOptions) {
  const all = options.getAll()!;
  const events = log.all();
  let cursor = 0;
  if (all.hasEnd()) cursor = events.length;
  else if (all.hasPosition()) {
    const commit = BigInt(all.getPosition()!.getCommitPosition());
    const prepare = BigInt(all.getPosition()!.getPreparePosition());
    while (cursor < events.length && compare(events[cursor]!.position, commit, prepare) <= 0) cursor++;
  }
  const matches = eventFilter(options);
  const filterOptions = options.getFilter();
  const interval =
    (filterOptions?.getCheckpointintervalmultiplier() || 1) *
    (filterOptions?.hasMax() ? filterOptions.getMax() : READ_BATCH_SIZE);

  let cancelled = false;
  let wake: (() => void) | undefined;
  const unlisten = log.onWrite(() => wake?.());
  call.on('cancelled', () => {
    cancelled = true;
    wake?.();
  });
  try {
    await send(call, confirmationResponse(randomUUID()));
    let considered = 0;
    let caughtUpSent = false;
    while (!cancelled) {
      while (cursor < events.length && !cancelled && !call.cancelled) {
        const event = events[cursor++]!;
        if (!matches || matches(event)) await send(call, eventResponse(event));
        if (!matches) continue;
        if (++considered >= interval) {
          considered %= interval;
          await send(call, checkpointResponse(event.postPosition, 0n));
        }
      }
      if (cancelled) break;
      if (!caughtUpSent) {
        const last = events[events.length - 1];
        if (matches && last) await send(call, checkpointResponse(last.postPosition, 0n));
        if (handler.caughtUpMessages) await send(call, caughtUpResponse());
        caughtUpSent = true;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (cursor < events.length || cancelled) resolve();
      });
      wake = undefined;
    }
  } finally {
    unlisten();
  }
}

export function readHandler(log: StandInLog, handler: ReadHandlerOptions) {
  return async (call: Call) => {
    try {
      const options = call.request.getOptions();
      if (!options) return call.end();
      if (options.hasSubscription()) {
        if (options.getStreamOptionCase() !== StreamOptionCase.ALL) throw new Error('stream subscriptions are not implemented');
        await subscribeToAll(log, call, options, handler);
        return call.end();
      }
      const count = options.hasCount() ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
      const result = options.getStreamOptionCase() === StreamOptionCase.STREAM ? readStream(log, options) : readAll(log, options);
      if (typeof result === 'string') {
        await send(call, streamNotFoundResponse(result));
        return call.end();
      }
      const matches = eventFilter(options);
      let sent = 0n;
      for (const event of result) {
        if (sent >= count || call.cancelled) break;
        if (matches && !matches(event)) continue;
        await send(call, eventResponse(event));
        sent++;
      }
      call.end();
    } catch (error) {
      call.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
