import { deserialize, serialize, type Document as BsonDocument } from 'bson';

/**
 * MongoDB wire-protocol framing: the 16-byte header, OP_MSG (kind 0 body + kind 1 document
 * sequences, optional checksum) and the legacy OP_QUERY/OP_REPLY pair the driver still uses for its
 * first handshake before it knows the server's wire version.
 */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const FLAG_CHECKSUM_PRESENT = 1 << 0;
export const FLAG_MORE_TO_COME = 1 << 1;
export const FLAG_EXHAUST_ALLOWED = 1 << 16;

export type IncomingMessage = Readonly<{
  requestId: number;
  opCode: number;
  /** OP_MSG flag bits (0 for OP_QUERY). */
  flags: number;
  /** The command: the kind 0 body with every kind 1 sequence added under its identifier. */
  command: BsonDocument;
  /** For OP_QUERY, the namespace it was sent to (`admin.$cmd`). */
  namespace?: string;
}>;

const BSON_OPTIONS = { promoteLongs: true, promoteValues: true, promoteBuffers: false } as const;

const readCString = (buf: Buffer, offset: number): [string, number] => {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated cstring');
  return [buf.toString('utf8', offset, end), end + 1];
};

const readDocument = (buf: Buffer, offset: number): [BsonDocument, number] => {
  const size = buf.readInt32LE(offset);
  return [deserialize(buf.subarray(offset, offset + size), BSON_OPTIONS), offset + size];
};

export const parseMessage = (buf: Buffer): IncomingMessage => {
  const length = buf.readInt32LE(0);
  const requestId = buf.readInt32LE(4);
  const opCode = buf.readInt32LE(12);
  if (opCode === OP_MSG) {
    const flags = buf.readUInt32LE(16);
    const end = length - (flags & FLAG_CHECKSUM_PRESENT ? 4 : 0);
    let offset = 20;
    let command: BsonDocument = {};
    const sequences: [string, BsonDocument[]][] = [];
    while (offset < end) {
      const kind = buf.readUInt8(offset++);
      if (kind === 0) {
        [command, offset] = readDocument(buf, offset);
      } else if (kind === 1) {
        const sectionEnd = offset + buf.readInt32LE(offset);
        const [identifier, start] = readCString(buf, offset + 4);
        let cursor = start;
        const docs: BsonDocument[] = [];
        while (cursor < sectionEnd) {
          let doc: BsonDocument;
          [doc, cursor] = readDocument(buf, cursor);
          docs.push(doc);
        }
        sequences.push([identifier, docs]);
        offset = sectionEnd;
      } else {
        throw new Error(`unknown OP_MSG section kind ${kind}`);
      }
    }
    for (const [identifier, docs] of sequences) command[identifier] = docs;
    return { requestId, opCode, flags, command };
  }
  if (opCode === OP_QUERY) {
    let offset = 20;
    const [namespace, afterName] = readCString(buf, offset);
    offset = afterName + 8; // numberToSkip, numberToReturn
    const [query] = readDocument(buf, offset);
    const command = (query.$query as BsonDocument | undefined) ?? query;
    return { requestId, opCode, flags: 0, command, namespace };
  }
  throw new Error(`unsupported opCode ${opCode}`);
};

const header = (length: number, requestId: number, responseTo: number, opCode: number): Buffer => {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
};

export const encodeMsg = (requestId: number, responseTo: number, doc: BsonDocument, flags = 0): Buffer => {
  const body = serialize(doc);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32LE(flags >>> 0, 0);
  prefix.writeUInt8(0, 4);
  return Buffer.concat([header(16 + 5 + body.length, requestId, responseTo, OP_MSG), prefix, body]);
};

export const encodeReply = (requestId: number, responseTo: number, doc: BsonDocument): Buffer => {
  const body = serialize(doc);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(0, 0); // responseFlags
  fields.writeBigInt64LE(0n, 4); // cursorID
  fields.writeInt32LE(0, 12); // startingFrom
  fields.writeInt32LE(1, 16); // numberReturned
  return Buffer.concat([header(16 + 20 + body.length, requestId, responseTo, OP_REPLY), fields, body]);
};

/** Splits a TCP byte stream into whole messages (a message may arrive in pieces or several at once). */
export const createFrameReader = (onFrame: (frame: Buffer) => void) => {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk: Buffer): void => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const length = pending.readInt32LE(0);
      if (length < 16 || length > 48_000_000) throw new Error(`invalid message length ${length}`);
      if (pending.length < length) return;
      const frame = pending.subarray(0, length);
      pending = pending.subarray(length);
      onFrame(frame);
    }
  };
};
