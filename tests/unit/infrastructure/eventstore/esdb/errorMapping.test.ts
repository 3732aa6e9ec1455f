import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  convertToCommandError,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { expect } from 'chai';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
} from '../../../../../infrastructure/eventstore/errors.js';
import { NO_STREAM, STREAM_EXISTS } from '../../../../../infrastructure/eventstore/eventStore.js';
import {
  mapError,
  mapReadError,
  mapWriteError,
  StreamTombstonedError,
} from '../../../../../infrastructure/eventstore/esdb/errorMapping.js';

/** A gRPC error as grpc-js delivers it, with the server's `exception` trailers. */
function serviceError(code: status, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}`), { code, details: status[code] ?? '', metadata });
}

describe('EventStoreDB error mapping', () => {
  describe('writes', () => {
    it('maps WrongExpectedVersionError to ConcurrencyError with the actual revision', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 's', current: 4n, expected: 2n });
      const mapped = mapWriteError(error, 's', 2n);
      expect(mapped).to.be.instanceOf(ConcurrencyError);
      expect(mapped).to.include({ streamName: 's', expected: 2n, actual: 4n, retriable: true, status: 409 });
    });

    it('reports a missing stream as actual undefined, from the append message and from delete trailers', () => {
      const fromAppend = new WrongExpectedVersionError(undefined, { streamName: 's', current: 'no_stream', expected: 0n });
      expect((mapWriteError(fromAppend, 's', 0n) as ConcurrencyError).actual).to.equal(undefined);
      // Deletes answer with trailers; "no stream" arrives as actual-version -1.
      const fromDelete = convertToCommandError(
        serviceError(status.FAILED_PRECONDITION, {
          exception: 'wrong-expected-version',
          'stream-name': 's',
          'expected-version': '3',
          'actual-version': '-1',
        }),
      );
      expect(fromDelete).to.be.instanceOf(WrongExpectedVersionError);
      const mapped = mapWriteError(fromDelete, 's', 3n) as ConcurrencyError;
      expect(mapped).to.be.instanceOf(ConcurrencyError);
      expect(mapped.actual).to.equal(undefined);
      expect(mapped.expected).to.equal(3n);
    });

    it('maps stream-deleted on STREAM_EXISTS to ConcurrencyError (soft-deleted reads as absent)', () => {
      const mapped = mapWriteError(StreamDeletedError.fromStreamName('s'), 's', STREAM_EXISTS) as ConcurrencyError;
      expect(mapped).to.be.instanceOf(ConcurrencyError);
      expect(mapped.actual).to.equal(undefined);
    });

    it('maps stream-deleted otherwise to a permanent STREAM_DELETED (tombstone)', () => {
      const fromTrailers = convertToCommandError(
        serviceError(status.FAILED_PRECONDITION, { exception: 'stream-deleted', 'stream-name': 's' }),
      );
      const mapped = mapWriteError(fromTrailers, 's', NO_STREAM);
      expect(mapped).to.be.instanceOf(StreamTombstonedError);
      expect(mapped).to.include({ code: 'STREAM_DELETED', status: 410, retriable: false });
    });

    it('maps maximum-append-size-exceeded and invalid arguments to InvalidAppendError', () => {
      const tooBig = convertToCommandError(
        serviceError(status.INVALID_ARGUMENT, { exception: 'maximum-append-size-exceeded', 'maximum-append-size': '1048576' }),
      );
      expect(tooBig).to.be.instanceOf(MaxAppendSizeExceededError);
      const mapped = mapWriteError(tooBig, 's', 0n);
      expect(mapped).to.be.instanceOf(InvalidAppendError);
      expect(mapped.message).to.contain('1048576');
      expect(mapWriteError(new InvalidArgumentError('bad'), 's', 0n)).to.be.instanceOf(InvalidAppendError);
    });

    it('passes the port’s own errors through unchanged', () => {
      const own = new DuplicateEventIdError('id', 's');
      expect(mapWriteError(own, 's', 0n)).to.equal(own);
    });
  });

  describe('transport failures', () => {
    const cases: Array<[string, ServiceError]> = [
      ['unavailable', serviceError(status.UNAVAILABLE)],
      ['deadline exceeded', serviceError(status.DEADLINE_EXCEEDED)],
      ['server-side cancel', serviceError(status.CANCELLED)],
      ['timeout (aborted)', serviceError(status.ABORTED)],
      ['not leader', serviceError(status.NOT_FOUND, { exception: 'not-leader', 'leader-endpoint-host': 'n2', 'leader-endpoint-port': '2113' })],
    ];
    for (const [what, raw] of cases) {
      it(`maps ${what} to a retriable StoreUnavailableError, for reads and writes alike`, () => {
        const converted = convertToCommandError(raw);
        for (const mapped of [mapError(converted), mapWriteError(converted, 's', 1n), mapReadError(converted, 's')]) {
          expect(mapped).to.be.instanceOf(StoreUnavailableError);
          expect(mapped).to.include({ retriable: true, status: 503 });
          expect((mapped as StoreUnavailableError).cause).to.equal(converted);
        }
      });
    }

    it('maps a refused connection that never became a gRPC status', () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      expect(mapError(refused)).to.be.instanceOf(StoreUnavailableError);
    });

    it('leaves unrelated errors alone', () => {
      const bug = new TypeError('boom');
      expect(mapError(bug)).to.equal(bug);
      expect(mapError('text')).to.be.instanceOf(Error);
    });
  });

  describe('reads', () => {
    it('maps the client’s StreamNotFoundError (and a deleted stream) to the port’s StreamNotFoundError', () => {
      const mapped = mapReadError(new EsdbStreamNotFoundError(undefined, 'order-1'), 'order-1');
      expect(mapped).to.be.instanceOf(StreamNotFoundError);
      expect(mapped).to.include({ streamName: 'order-1', code: 'STREAM_NOT_FOUND', status: 404 });
      expect(mapReadError(StreamDeletedError.fromStreamName('order-2'))).to.be.instanceOf(StreamNotFoundError);
    });
  });
});
