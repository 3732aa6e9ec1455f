import { expect } from 'chai';
import { openAddress, sealAddress, type AddressSealer } from '../../../../application/privacy/addressPrivacy.js';
import { FORGOTTEN } from '../../../../application/privacy/piiVault.js';

/** A sealer that records what it was given and "encrypts" reversibly; `forget` makes it answer FORGOTTEN. */
const fakeSealer = () => {
  const sealed = new Map<string, unknown>();
  let forgotten = false;
  const sealer: AddressSealer = {
    sealPii: async (customerId, value) => {
      const keyId = `k-${sealed.size}`;
      sealed.set(keyId, value);
      return { v: 1, alg: 'A256GCM', keyId, iv: 'iv', ciphertext: `for ${customerId}`, tag: 't' };
    },
    openPii: async (blob) => (forgotten ? FORGOTTEN : (sealed.get(blob.keyId) as never)),
  };
  return { sealer, sealed, forget: () => (forgotten = true) };
};

describe('application/privacy/addressPrivacy', () => {
  const HOME = { name: 'Rose Tyler', line1: '48 Bucknall House', city: 'London', postalCode: 'SE15 2AB', country: 'GB', lat: 51.472839, lng: -0.069413 };

  it('given a delivery address, when sealed, then name, street and exact point leave the clear part; coarse location stays', async () => {
    const { sealer, sealed } = fakeSealer();
    const out = await sealAddress(sealer, 'cust-rose', HOME);
    expect(out).to.not.have.any.keys('name', 'line1', 'line2');
    expect(out).to.include({ city: 'London', postalCode: 'SE15 2AB', country: 'GB', lat: 51.47, lng: -0.07 });
    expect(JSON.stringify(out)).not.to.contain('Rose').and.not.to.contain('Bucknall').and.not.to.contain('51.472839');
    expect([...sealed.values()]).to.deep.equal([{ name: 'Rose Tyler', line1: '48 Bucknall House', lat: 51.472839, lng: -0.069413 }]);
    expect(await openAddress(sealer, out)).to.deep.equal(HOME);
  });

  it('leaves an address with nothing personal untouched, and opens one without a sealed part as it is', async () => {
    const { sealer, sealed } = fakeSealer();
    const coarse = { country: 'FR', postalCode: '75004', lat: 48.86, lng: 2.35 };
    expect(await sealAddress(sealer, 'c', coarse)).to.deep.equal(coarse);
    expect(sealed.size).to.equal(0);
    expect(await openAddress(sealer, coarse)).to.deep.equal(coarse);
    expect(await openAddress(sealer, null)).to.equal(null);
  });

  it('after the customer is forgotten, the sealed part reads as [forgotten] and the coarse part remains', async () => {
    const { sealer, forget } = fakeSealer();
    const out = await sealAddress(sealer, 'cust-rose', HOME);
    forget();
    expect(await openAddress(sealer, out)).to.deep.equal({ city: 'London', postalCode: 'SE15 2AB', country: 'GB', lat: 51.47, lng: -0.07, name: '[forgotten]', line1: '[forgotten]' });
  });
});
