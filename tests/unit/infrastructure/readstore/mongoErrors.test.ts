import { expect } from 'chai';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import { mapMongoError } from '../../../../infrastructure/readstore/mongo/mongoErrors.js';
import { DuplicateKeyError, ReadStoreError, ReadStoreUnavailableError } from '../../../../infrastructure/readstore/readStore.js';

/** Node's own socket error, as the driver lets it through when it writes to a connection the server closed. */
const socketError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('MongoDB error mapping (read-store port errors and HTTP status)', () => {
  it('maps a raw socket error out of the driver (EPIPE after the server closed) to 503-class unavailability, not a 500', () => {
    // Seen in the store-outage e2e test under load: GET answered 500 "This socket has been ended by the other party".
    for (const code of ['EPIPE', 'ECONNRESET', 'ERR_STREAM_WRITE_AFTER_END']) {
      const mapped = mapMongoError(socketError(code, 'This socket has been ended by the other party'));
      expect(mapped, code).to.be.instanceOf(ReadStoreUnavailableError);
      expect((mapped as ReadStoreUnavailableError).status).to.equal(503);
    }
  });

  it('keeps the driver errors it already mapped, and leaves errors that are not about the connection alone', () => {
    expect(mapMongoError(new MongoNetworkError('connection closed'))).to.be.instanceOf(ReadStoreUnavailableError);
    expect(mapMongoError(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).to.be.instanceOf(DuplicateKeyError);
    const bug = new TypeError('x is undefined');
    expect(mapMongoError(bug)).to.equal(bug);
    const noCode = new Error('plain');
    expect(mapMongoError(noCode)).to.equal(noCode);
    const other = socketError('ENOENT', 'no such file');
    expect(mapMongoError(other)).to.equal(other);
    expect(mapMongoError(new MongoServerError({ code: 91, errmsg: 'shutdown in progress' }))).to.be.instanceOf(ReadStoreUnavailableError);
    expect(mapMongoError(new MongoServerError({ code: 12345, errmsg: 'other' }))).to.be.instanceOf(ReadStoreError).and.have.property('status', 500);
  });
});
