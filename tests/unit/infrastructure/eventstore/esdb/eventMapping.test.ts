import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { InvalidAppendError } from '../../../../../infrastructure/eventstore/errors.js';
import { encodePosition } from '../../../../../infrastructure/eventstore/esdb/position.js';
import {
  matchesFilter,
  MAX_EVENT_BYTES,
  toEventData,
  toRecordedEvent,
} from '../../../../../infrastructure/eventstore/esdb/recordedEvent.js';
import { fromEsdbMetadata, toEsdbMetadata } from '../../../../../infrastructure/eventstore/esdb/streamMetadata.js';

describe('EventStoreDB event and metadata mapping', () => {
  describe('toEventData', () => {
    it('passes the id through and makes a JSON event', () => {
      const id = randomUUID();
      const data = toEventData('s', { id, type: 'T', data: { a: 1 }, metadata: { commandId: 'c', gone: undefined } });
      expect(data).to.include({ id, type: 'T', contentType: 'application/json' });
      expect(data.metadata).to.deep.equal({ commandId: 'c' });
    });

    it('rejects what EventStoreDB could not store faithfully, before sending anything', () => {
      const id = randomUUID();
      const bad: Array<[string, () => unknown]> = [
        ['non-UUID id', () => toEventData('s', { id: 'x', type: 'T', data: {} })],
        ['empty type', () => toEventData('s', { id, type: '', data: {} })],
        ['bigint in metadata', () => toEventData('s', { id, type: 'T', data: {}, metadata: { n: 1n as never } })],
        ['undefined data', () => toEventData('s', { id, type: 'T', data: undefined as never })],
        ['oversized event', () => toEventData('s', { id, type: 'T', data: 'x'.repeat(MAX_EVENT_BYTES) })],
      ];
      for (const [what, run] of bad) expect(run, what).to.throw(InvalidAppendError);
    });
  });

  describe('toRecordedEvent', () => {
    it('maps a client event with its position encoded', () => {
      const created = new Date('2025-01-02T03:04:05Z');
      const recorded = toRecordedEvent({
        event: {
          streamId: 'order-1',
          id: 'e',
          isJson: true,
          revision: 2n,
          type: 'T',
          created,
          data: { a: 1 },
          metadata: { m: true },
          position: { commit: 700n, prepare: 700n },
        },
      });
      expect(recorded).to.deep.equal({
        id: 'e',
        type: 'T',
        streamName: 'order-1',
        revision: 2n,
        position: encodePosition({ commit: 700n, prepare: 700n }),
        data: { a: 1 },
        metadata: { m: true },
        created,
      });
    });

    it('throws when the client hands a number for a revision', () => {
      const event = { streamId: 's', id: 'e', isJson: true as const, revision: 2 as unknown as bigint, type: 'T', created: new Date(0), data: {}, metadata: undefined };
      expect(() => toRecordedEvent({ event })).to.throw(TypeError);
    });
  });

  describe('matchesFilter', () => {
    it('always drops system streams and applies prefixes AND exact types', () => {
      expect(matchesFilter({ streamName: '$$order-1', type: '$metadata' }, undefined)).to.equal(false);
      expect(matchesFilter({ streamName: 'order-1', type: 'A' }, undefined)).to.equal(true);
      const filter = { streamPrefixes: ['order-'], eventTypes: ['A'] };
      expect(matchesFilter({ streamName: 'order-1', type: 'A' }, filter)).to.equal(true);
      expect(matchesFilter({ streamName: 'order-1', type: 'AB' }, filter)).to.equal(false);
      expect(matchesFilter({ streamName: 'return-1', type: 'A' }, filter)).to.equal(false);
    });
  });

  describe('stream metadata', () => {
    it('round-trips through the client’s shape with custom keys at the top level', () => {
      const metadata = { maxAge: 60, maxCount: 5, truncateBefore: 7n, custom: { owner: 'ops', n: null } };
      const esdb = toEsdbMetadata(metadata);
      expect(esdb).to.deep.equal({ owner: 'ops', n: null, maxAge: 60, maxCount: 5, truncateBefore: 7 });
      expect(fromEsdbMetadata(esdb)).to.deep.equal(metadata);
    });

    it('hides the soft-delete marker ($tb = Int64.MaxValue) and unknown $ keys', () => {
      expect(fromEsdbMetadata({ truncateBefore: 9223372036854775807 } as never)).to.deep.equal({});
      expect(fromEsdbMetadata({ $custom: 1, acl: { readRoles: ['x'] } } as never)).to.deep.equal({});
    });

    it('refuses custom keys that EventStoreDB reserves', () => {
      for (const key of ['maxAge', 'acl', '$tb']) {
        expect(() => toEsdbMetadata({ custom: { [key]: 1 } })).to.throw(InvalidAppendError);
      }
      expect(() => toEsdbMetadata({ truncateBefore: -1n })).to.throw(InvalidAppendError);
    });
  });
});
