import type { Document as BsonDocument, ObjectId } from 'bson';
import type { EmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { Document, ReadCollection } from '../../../infrastructure/readstore/readStore.js';
import type { CursorRegistry } from './cursors.js';
import type { SessionRegistry } from './sessions.js';

/** Identity the stand-in advertises in `hello`: a single-node replica set primary. */
export type ServerIdentity = Readonly<{ address: string; setName: string; processId: ObjectId; electionId: ObjectId }>;

export type CommandContext = Readonly<{
  command: BsonDocument;
  /** `$db` of the command. */
  db: string;
  connectionId: number;
  server: ServerIdentity;
  cursors: CursorRegistry;
  sessions: SessionRegistry;
  /** The database's store, created on first use (MongoDB creates databases implicitly). */
  store(): Promise<EmbeddedReadStore>;
  existingStore(): EmbeddedReadStore | undefined;
  dropDatabase(): Promise<void>;
  /** The collection a CRUD command works on: inside the session's transaction when it has one. */
  collection(name: string): Promise<ReadCollection<Document>>;
}>;

export type CommandHandler = (ctx: CommandContext) => Promise<BsonDocument>;
