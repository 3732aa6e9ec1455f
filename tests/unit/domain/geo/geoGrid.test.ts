import { expect } from 'chai';
import fc from 'fast-check';
import { buildGeoGrid, nearestAccepted, withinRadius } from '../../../../domain/geo/geoGrid.js';
import { haversineKm, roundKm } from '../../../../domain/geo/haversine.js';

type P = { id: string; location: { lat: number; lng: number } };

const point = (id: string, lat: number, lng: number): P => ({ id, location: { lat, lng } });

describe('geo — haversine and grid searches', () => {
  it('given Paris and Lyon, when measured, then the great-circle distance is ~392 km', () => {
    expect(haversineKm({ lat: 48.8566, lng: 2.3522 }, { lat: 45.764, lng: 4.8357 })).to.be.closeTo(391.5, 0.5);
  });

  const cloud = fc.array(fc.record({ lat: fc.double({ min: -60, max: 70, noNaN: true }), lng: fc.double({ min: -90, max: 80, noNaN: true }) }), { minLength: 1, maxLength: 300 });
  const origin = fc.record({ lat: fc.double({ min: -60, max: 70, noNaN: true }), lng: fc.double({ min: -90, max: 80, noNaN: true }) });

  it('given random points, when searching a radius, then the grid returns exactly the brute-force set', () => {
    fc.assert(
      fc.property(cloud, origin, fc.double({ min: 1, max: 3000, noNaN: true }), (pts, o, km) => {
        const items = pts.map((p, i) => point(`P${i}`, p.lat, p.lng));
        const grid = buildGeoGrid(items);
        expect(grid.linearOnly).to.equal(false);
        const got = withinRadius(grid, o, km).map((n) => n.item.id).sort();
        const want = items.filter((p) => roundKm(haversineKm(o, p.location)) <= km).map((p) => p.id).sort();
        expect(got).to.deep.equal(want);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('given random points and a filter, when asking for the k nearest, then the grid agrees with sorting everything', () => {
    fc.assert(
      fc.property(cloud, origin, fc.integer({ min: 1, max: 15 }), (pts, o, k) => {
        const items = pts.map((p, i) => point(`P${i}`, p.lat, p.lng));
        const accept = (p: P): boolean => Number(p.id.slice(1)) % 3 !== 0;
        const got = nearestAccepted(buildGeoGrid(items), o, k, Infinity, accept, (p) => p.id).map((n) => n.item.id);
        const want = items
          .filter(accept)
          .map((p) => ({ id: p.id, d: roundKm(haversineKm(o, p.location)) }))
          .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
          .slice(0, k)
          .map((x) => x.id);
        expect(got).to.deep.equal(want);
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('given a dense grid at high latitude, when searching wide radii, then points at the east and west edges are found', () => {
    const items: P[] = [];
    for (let a = 0; a <= 100; a++) for (let b = 0; b <= 240; b++) items.push(point(`G${a}-${b}`, 55 + a * 0.1, -12 + b * 0.1));
    const grid = buildGeoGrid(items);
    expect(grid.cellDeg).to.be.below(0.2);
    for (const km of [300, 500, 640]) {
      const o = { lat: 60, lng: 0 };
      const got = withinRadius(grid, o, km).map((n) => n.item.id).sort();
      const want = items.filter((p) => roundKm(haversineKm(o, p.location)) <= km).map((p) => p.id).sort();
      expect(got, `${km} km`).to.deep.equal(want);
    }
  });

  it('given points across the antimeridian, when searching, then the linear fallback still finds the near side', () => {
    const items = [point('FIJI', -17.7, 178.0), point('SAMOA', -13.8, -172.1), point('PARIS', 48.85, 2.35)];
    const grid = buildGeoGrid(items);
    expect(grid.linearOnly).to.equal(true);
    expect(withinRadius(grid, { lat: -15, lng: 179.9 }, 1200).map((n) => n.item.id).sort()).to.deep.equal(['FIJI', 'SAMOA']);
  });
});
