/**
 * Streams.Append (client-streaming: one options message, then the proposed messages) and
 * Streams.Delete (soft delete) of the stand-in, answering the way EventStoreDB's gRPC layer does:
 * wrong expected version as an AppendResp message for appends and as a FAILED_PRECONDITION error
 * with `exception: wrong-expected-version` trailers for deletes; stream-deleted and
 * maximum-append-size-exceeded as errors with their `exception` trailers.
 */
import { status, type sendUnaryData, type ServerReadableStream, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Expected, ProposedEvent, StandInLog, WriteOutcome } from './standInLog.js';
import {
  AppendResp,
  DeleteResp,
  Empty,
  rpcError,
  streamDeletedError,
  streamName,
  uuidString,
  type AppendReqMsg,
} from './protocol.js';
import type streamsPb from '@eventstore/db-client/generated/streams_pb.js';

type AppendRespMsg = InstanceType<typeof AppendResp>;
type DeleteReqMsg = InstanceType<typeof streamsPb.DeleteReq>;
type DeleteRespMsg = InstanceType<typeof DeleteResp>;

type ExpectedSource = {
  hasRevision(): boolean;
  getRevision(): string;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
};

const expectedOf = (o: ExpectedSource): Expected =>
  o.hasRevision()
    ? { kind: 'revision', revision: BigInt(o.getRevision()) }
    : o.hasNoStream()
      ? { kind: 'no_stream' }
      : o.hasStreamExists()
        ? { kind: 'stream_exists' }
        : { kind: 'any' };

function wrongExpectedVersion(expected: Expected, current: bigint): AppendRespMsg {
  const wev = new AppendResp.WrongExpectedVersion();
  if (current < 0n) wev.setCurrentNoStream(new Empty());
  else wev.setCurrentRevision(current.toString());
  if (expected.kind === 'revision') wev.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new Empty());
  else wev.setExpectedAny(new Empty());
  const resp = new AppendResp();
  resp.setWrongExpectedVersion(wev);
  return resp;
}

function success(outcome: Extract<WriteOutcome, { kind: 'ok' | 'idempotent' }>): AppendRespMsg {
  const ok = new AppendResp.Success();
  if (outcome.lastRevision < 0n) ok.setNoStream(new Empty());
  else ok.setCurrentRevision(outcome.lastRevision.toString());
  const [commit, prepare] =
    outcome.kind === 'ok' ? [outcome.commit, outcome.prepare] : [outcome.position, outcome.position];
  if (commit < 0n) ok.setNoPosition(new Empty());
  else {
    const position = new AppendResp.Position();
    position.setCommitPosition(commit.toString());
    position.setPreparePosition(prepare.toString());
    ok.setPosition(position);
  }
  const resp = new AppendResp();
  resp.setSuccess(ok);
  return resp;
}

export type WriteHandlerOptions = Readonly<{ maxAppendSize: number }>;

export function appendHandler(log: StandInLog, options: WriteHandlerOptions) {
  return (call: ServerReadableStream<AppendReqMsg, AppendRespMsg>, callback: sendUnaryData<AppendRespMsg>) => {
    let name: string | undefined;
    let expected: Expected = { kind: 'any' };
    const proposed: ProposedEvent[] = [];
    let size = 0;
    call.on('data', (req: AppendReqMsg) => {
      const opts = req.getOptions();
      if (opts) {
        name = streamName(opts.getStreamIdentifier());
        expected = expectedOf(opts);
        return;
      }
      const msg = req.getProposedMessage();
      if (!msg) return;
      const meta = msg.getMetadataMap();
      const event: ProposedEvent = {
        id: uuidString(msg.getId()),
        type: meta.get('type') ?? '',
        contentType: meta.get('content-type') ?? 'application/octet-stream',
        data: msg.getData_asU8(),
        customMetadata: msg.getCustomMetadata_asU8(),
      };
      size += event.data.length + event.customMetadata.length + event.type.length;
      proposed.push(event);
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (name === undefined) {
        callback(rpcError(status.INVALID_ARGUMENT, 'append without options', {}), null);
        return;
      }
      if (size > options.maxAppendSize) {
        callback(
          rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${options.maxAppendSize} Exceeded.`, {
            exception: 'maximum-append-size-exceeded',
            'maximum-append-size': String(options.maxAppendSize),
          }),
          null,
        );
        return;
      }
      const outcome = log.write(name, expected, proposed);
      if (outcome.kind === 'stream_deleted') callback(streamDeletedError(name), null);
      else if (outcome.kind === 'wrong_expected_version') callback(null, wrongExpectedVersion(expected, outcome.current));
      else callback(null, success(outcome));
    });
  };
}

export function deleteHandler(log: StandInLog) {
  return (call: ServerUnaryCall<DeleteReqMsg, DeleteRespMsg>, callback: sendUnaryData<DeleteRespMsg>) => {
    const opts = call.request.getOptions();
    if (!opts) {
      callback(rpcError(status.INVALID_ARGUMENT, 'delete without options', {}), null);
      return;
    }
    const name = streamName(opts.getStreamIdentifier());
    const expected = expectedOf(opts);
    const outcome = log.softDelete(name, expected);
    if (outcome.kind === 'stream_deleted') {
      callback(streamDeletedError(name), null);
    } else if (outcome.kind === 'wrong_expected_version') {
      const expectedNumber =
        expected.kind === 'revision' ? expected.revision : { any: -2n, no_stream: -1n, stream_exists: -4n }[expected.kind];
      callback(
        rpcError(status.FAILED_PRECONDITION, `Delete failed due to WrongExpectedVersion. Stream: ${name}`, {
          exception: 'wrong-expected-version',
          'stream-name': name,
          'expected-version': expectedNumber.toString(),
          'actual-version': outcome.current.toString(),
        }),
        null,
      );
    } else {
      const resp = new DeleteResp();
      if (outcome.kind === 'ok') {
        const position = new DeleteResp.Position();
        position.setCommitPosition(outcome.commit.toString());
        position.setPreparePosition(outcome.prepare.toString());
        resp.setPosition(position);
      } else resp.setNoPosition(new Empty());
      callback(null, resp);
    }
  };
}
