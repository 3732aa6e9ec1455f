/**
 * Protobuf plumbing for the stand-in. It uses the message classes and service definitions the
 * client itself ships (`@eventstore/db-client/generated`), so the bytes on the wire are exactly
 * what the real client produces and parses; the generated serializers even check `instanceof`.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type { StoredEvent } from './standInLog.js';

export const { ReadReq, ReadResp, AppendReq, AppendResp, DeleteReq, DeleteResp } = streamsPb;
export const { Empty, StreamIdentifier, UUID } = sharedPb;
export type ReadReqMsg = InstanceType<typeof ReadReq>;
export type ReadRespMsg = InstanceType<typeof ReadResp>;
export type AppendReqMsg = InstanceType<typeof AppendReq>;

export const streamName = (id: InstanceType<typeof StreamIdentifier> | undefined): string =>
  Buffer.from(id?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

export const uuidString = (uuid: InstanceType<typeof UUID> | undefined): string => {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString();
  const s = uuid.getStructured();
  if (!s) return '';
  const buf = Buffer.alloc(16);
  buf.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
  buf.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
  const hex = buf.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const identifier = (name: string) => {
  const id = new StreamIdentifier();
  id.setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
  return id;
};

const responses = new WeakMap<StoredEvent, ReadRespMsg>();

/** Stored events never change, so each one's response message is built once. */
export function eventResponse(e: StoredEvent): ReadRespMsg {
  let resp = responses.get(e);
  if (!resp) {
    resp = buildEventResponse(e);
    responses.set(e, resp);
  }
  return resp;
}

function buildEventResponse(e: StoredEvent): ReadRespMsg {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(e.id);
  recorded.setId(id);
  recorded.setStreamIdentifier(identifier(e.streamName));
  recorded.setStreamRevision(e.revision.toString());
  recorded.setCommitPosition(e.position.toString());
  recorded.setPreparePosition(e.position.toString());
  recorded.getMetadataMap().set('type', e.type);
  recorded.getMetadataMap().set('content-type', e.contentType);
  recorded.getMetadataMap().set('created', e.created.toString());
  recorded.setData(e.data);
  recorded.setCustomMetadata(e.customMetadata);
  const read = new ReadResp.ReadEvent();
  read.setEvent(recorded);
  read.setCommitPosition(e.position.toString());
  const resp = new ReadResp();
  resp.setEvent(read);
  return resp;
}

export function streamNotFoundResponse(name: string): ReadRespMsg {
  const notFound = new ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(identifier(name));
  const resp = new ReadResp();
  resp.setStreamNotFound(notFound);
  return resp;
}

export function confirmationResponse(subscriptionId: string): ReadRespMsg {
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(subscriptionId);
  const resp = new ReadResp();
  resp.setConfirmation(confirmation);
  return resp;
}

export function checkpointResponse(commit: bigint, prepare: bigint): ReadRespMsg {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(commit.toString());
  checkpoint.setPreparePosition(prepare.toString());
  const resp = new ReadResp();
  resp.setCheckpoint(checkpoint);
  return resp;
}

export function caughtUpResponse(): ReadRespMsg {
  const resp = new ReadResp();
  resp.setCaughtUp(new ReadResp.CaughtUp());
  return resp;
}

/** A gRPC error shaped like the server's RpcExceptions (status + `exception` trailer metadata). */
export function rpcError(code: status, details: string, trailers: Record<string, string>): Partial<ServiceError> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
}

export const streamDeletedError = (name: string) =>
  rpcError(status.FAILED_PRECONDITION, `Event stream '${name}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': name,
  });
