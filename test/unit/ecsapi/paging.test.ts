import { expect } from 'chai';
import fc from 'fast-check';
import { EcsApiError } from '../../../src/ecsapi/errors.js';
import { page, type PageRequest } from '../../../src/ecsapi/paging.js';

const BOUNDS = { default: 10, max: 100 };
const byName = (s: string) => s;

/** page() of plain strings, keyed by themselves. */
function pageOf(items: readonly string[], req: PageRequest, bounds = BOUNDS) {
  return page(items, byName, req, bounds);
}

/** Every page from the first, following nextToken, with `items` as they are when each page is asked for. */
function allPages(items: () => readonly string[], maxResults: number): string[][] {
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const p = pageOf(items(), { maxResults, nextToken });
    pages.push(p.items);
    nextToken = p.nextToken;
    if (pages.length > 10_000) throw new Error('nextToken never ends');
  } while (nextToken);
  return pages;
}

/** The EcsApiError `fn` throws. */
function ecsError(fn: () => unknown): EcsApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EcsApiError) return err;
    throw err;
  }
  throw new Error('expected an EcsApiError');
}

describe('page', () => {
  const names = ['web', 'api', 'worker', 'cron', 'batch'];

  it('returns the items sorted by key, at most maxResults of them', () => {
    expect(pageOf(names, { maxResults: 2 }).items).to.deep.equal(['api', 'batch']);
  });

  it('sorts by the key function, not by the items themselves', () => {
    const services = [{ n: 'b' }, { n: 'c' }, { n: 'a' }];
    const p = page(services, (s) => s.n, {}, BOUNDS);
    expect(p.items.map((s) => s.n)).to.deep.equal(['a', 'b', 'c']);
  });

  it('continues after the last key of the previous page when given its nextToken', () => {
    const first = pageOf(names, { maxResults: 2 });
    expect(first.nextToken).to.be.a('string');
    const second = pageOf(names, { maxResults: 2, nextToken: first.nextToken });
    expect(second.items).to.deep.equal(['cron', 'web']);
    const third = pageOf(names, { maxResults: 2, nextToken: second.nextToken });
    expect(third.items).to.deep.equal(['worker']);
  });

  it('gives the last page no nextToken, also when it is exactly full', () => {
    expect(pageOf(names, { maxResults: 5 })).to.deep.equal({ items: ['api', 'batch', 'cron', 'web', 'worker'] });
    const first = pageOf(names, { maxResults: 3 });
    expect(pageOf(names, { maxResults: 2, nextToken: first.nextToken })).to.deep.equal({ items: ['web', 'worker'] });
  });

  it('answers an empty list with one empty page and no nextToken', () => {
    expect(pageOf([], {})).to.deep.equal({ items: [] });
  });

  it('uses the default page size when maxResults is absent or null', () => {
    const many = Array.from({ length: 25 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    expect(pageOf(many, {}).items).to.have.length(10);
    expect(pageOf(many, { maxResults: null }).items).to.have.length(10);
    expect(pageOf(many, { maxResults: 100 }).items).to.have.length(25);
  });

  it('treats an empty or null nextToken as the first page', () => {
    expect(pageOf(names, { maxResults: 1, nextToken: '' }).items).to.deep.equal(['api']);
    expect(pageOf(names, { maxResults: 1, nextToken: null }).items).to.deep.equal(['api']);
  });

  it('neither repeats nor skips the remaining items when items are inserted before the token between pages', () => {
    let items = ['b', 'd', 'f', 'h'];
    const first = pageOf(items, { maxResults: 2 });
    expect(first.items).to.deep.equal(['b', 'd']);
    // Inserted before the token (an offset would now repeat 'd') and after it (must be seen).
    items = ['a', 'c', ...items, 'e'];
    const second = pageOf(items, { maxResults: 2, nextToken: first.nextToken });
    expect(second.items).to.deep.equal(['e', 'f']);
    expect(pageOf(items, { maxResults: 2, nextToken: second.nextToken })).to.deep.equal({ items: ['h'] });
  });

  it('neither repeats nor skips the remaining items when items are removed between pages', () => {
    let items = ['b', 'd', 'f', 'h', 'j'];
    const first = pageOf(items, { maxResults: 2 });
    // 'b' gone (an offset would now skip 'f'), and 'd' itself, the token's key, gone too.
    items = ['f', 'h', 'j'];
    const second = pageOf(items, { maxResults: 2, nextToken: first.nextToken });
    expect(second.items).to.deep.equal(['f', 'h']);
  });

  it('answers an empty last page when everything after the token was removed', () => {
    const first = pageOf(['a', 'b', 'c'], { maxResults: 1 });
    expect(pageOf(['a'], { maxResults: 1, nextToken: first.nextToken })).to.deep.equal({ items: [] });
  });

  it('gives a token another list understands: only the key travels, not an offset', () => {
    const first = pageOf(['m', 'n', 'o'], { maxResults: 1 });
    expect(pageOf(['a', 'b', 'z'], { maxResults: 5, nextToken: first.nextToken }).items).to.deep.equal(['z']);
  });

  for (const [label, maxResults] of [
    ['0', 0],
    ['negative', -1],
    ['above the maximum', 101],
    ['not an integer', 2.5],
    ['NaN', Number.NaN],
  ] as const) {
    it(`refuses a maxResults that is ${label} with InvalidParameterException naming the bounds`, () => {
      const e = ecsError(() => pageOf(names, { maxResults }));
      expect(e.type).to.equal('InvalidParameterException');
      expect(e.status).to.equal(400);
      expect(e.message).to.equal('maxResults must be between 1 and 100');
    });
  }

  it('accepts maxResults at both bounds', () => {
    expect(pageOf(names, { maxResults: 1 }).items).to.have.length(1);
    expect(pageOf(names, { maxResults: 100 }).items).to.have.length(5);
  });

  for (const [label, token] of [
    ['not base64 JSON', 'garbage!!'],
    ['JSON without after', Buffer.from('{"before":"x"}').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['a non-string key', Buffer.from('{"after":7}').toString('base64url')],
  ] as const) {
    it(`refuses a nextToken that is ${label} with InvalidParameterException`, () => {
      const e = ecsError(() => pageOf(names, { nextToken: token }));
      expect(e.type).to.equal('InvalidParameterException');
      expect(e.message).to.match(/^Invalid nextToken/);
    });
  }

  it('concatenates, over all pages of any distinct keys and any page size, to the sorted list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 100 }), (keys, size) => {
        const pages = allPages(() => keys, size);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(pages.flat()).to.deep.equal(sorted);
        // Every page but the last is full; the last is empty only when the whole list is.
        for (const p of pages.slice(0, -1)) expect(p).to.have.length(size);
        expect(pages[pages.length - 1].length > 0 || keys.length === 0).to.equal(true);
      }),
      { numRuns: 300 },
    );
  });

  it('still yields every key present throughout exactly once when keys come and go between pages', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 20 }),
        (stable, size, churn) => {
          const churning = churn.filter((k) => !stable.includes(k));
          let call = 0;
          // Each page sees the stable keys plus a different half of the churning ones.
          const items = () => {
            const phase = call++;
            return [...stable, ...churning.filter((_, i) => (i + phase) % 2 === 0)];
          };
          const seen = allPages(items, size).flat();
          // Strictly increasing: nothing repeats and the pages never go back.
          for (let i = 1; i < seen.length; i++)
            expect(seen[i - 1] < seen[i], `${seen[i - 1]} < ${seen[i]}`).to.equal(true);
          for (const k of stable) expect(seen).to.include(k);
        },
      ),
      { numRuns: 200 },
    );
  });
});
