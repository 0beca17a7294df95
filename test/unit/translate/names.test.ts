import { expect } from 'chai';
import fc from 'fast-check';
import {
  readableNames,
  dns1035Label,
  NameMap,
  dnsLabel,
  dnsSubdomain,
  isDnsLabel,
  isDnsSubdomain,
  isPortName,
  labelKey,
  labelValue,
  portName,
  stableHash,
} from '../../../src/translate/names.js';

describe('names', () => {
  describe('dnsLabel', () => {
    const cases: Array<[string, string]> = [
      ['web', 'web'], // already valid: unchanged
      ['Hello', 'hello-185f8db3'], // uppercase: lowercased and hash-suffixed
      ['web_app', 'web-app-253bafb1'],
      ['a.b', 'a-b-2e7336dc'],
      ['---', 'cb3f91d5'], // nothing left of the input: the hash alone
      [' Web ', 'web-626c31ef'], // leading and trailing separators dropped
      ['A'.repeat(70), `${'a'.repeat(54)}-01d3a187`], // truncated to 63 with the hash
      ['a'.repeat(63), 'a'.repeat(63)], // exactly 63: valid, unchanged
      ['a'.repeat(64), `${'a'.repeat(54)}-ffe054fe`], // valid characters but one too long
      // the cut at 54 characters ends in '-', which is dropped before the hash
      [`${'a'.repeat(53)}_${'b'.repeat(20)}`, `${'a'.repeat(53)}-4fa2c8ef`],
      [`My_App_${'a'.repeat(46)}_${'b'.repeat(10)}`, `my-app-${'a'.repeat(46)}-5dd4679b`],
    ];
    for (const [input, expected] of cases) {
      it(`turns ${JSON.stringify(input.length > 20 ? input.slice(0, 20) + '…' : input)} into ${expected}`, () => {
        expect(dnsLabel(input)).to.equal(expected);
      });
    }

    it('respects a smaller maximum length', () => {
      expect(dnsLabel('a-very-long-container-name', 15)).to.equal('a-very-b39797df');
      expect(dnsLabel('short', 15)).to.equal('short');
    });

    it('shortens the hash itself when the maximum is below 8 characters', () => {
      expect(dnsLabel('Abc', 4)).to.equal('06d9');
      expect(dnsLabel('web', 2)).to.equal('4b');
    });

    it('always yields a valid label, and distinct inputs stay distinct', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
          const la = dnsLabel(a);
          expect(isDnsLabel(la)).to.equal(true);
          if (a !== b) expect(la).to.not.equal(dnsLabel(b));
        }),
      );
    });
  });

  describe('isDnsLabel and isDnsSubdomain', () => {
    const labels: Array<[string, number | undefined, boolean]> = [
      ['a'.repeat(63), undefined, true],
      ['a'.repeat(64), undefined, false],
      ['abc', 3, true],
      ['abcd', 3, false],
      ['a-b', undefined, true],
      ['-ab', undefined, false],
      ['A', undefined, false],
    ];
    for (const [s, maxLen, valid] of labels) {
      it(`isDnsLabel(${JSON.stringify(s.length > 20 ? `${s.length} × ${s[0]}` : s)}, ${maxLen}) is ${valid}`, () => {
        expect(isDnsLabel(s, maxLen)).to.equal(valid);
      });
    }
    const subdomains: Array<[string, number | undefined, boolean]> = [
      ['', undefined, false],
      ['a.b', undefined, true],
      ['a.b', 3, true],
      ['a.b', 2, false],
      ['a..b', undefined, false],
      ['.a', undefined, false],
      ['a.', undefined, false],
      ['a.B', undefined, false], // every label must be valid, not just one
      ['a'.repeat(253), undefined, true], // no per-label limit of 63 in a subdomain
      ['a'.repeat(254), undefined, false],
    ];
    for (const [s, maxLen, valid] of subdomains) {
      it(`isDnsSubdomain(${JSON.stringify(s.length > 20 ? `${s.length} × ${s[0]}` : s)}, ${maxLen}) is ${valid}`, () => {
        expect(isDnsSubdomain(s, maxLen)).to.equal(valid);
      });
    }
  });

  describe('dnsSubdomain', () => {
    const cases: Array<[string, string]> = [
      ['ok.example.com', 'ok.example.com'], // already valid: unchanged
      ['My.Domain_x', 'my.domain-x-3518f351'], // each label sanitized, the hash appended
      ['a.B', 'a.b-55797dbb'],
      ['a..B', 'a.b-592b0d17'], // empty labels dropped
      ['.Web.', 'web-2f1d6c4c'],
      ['a'.repeat(253), 'a'.repeat(253)],
      ['a'.repeat(254), `${'a'.repeat(244)}-136496c2`], // truncated to 253 with the hash
      // the cut at 244 characters ends in '.', which is dropped before the hash
      [`${'x'.repeat(243)}.${'Y'.repeat(20)}`, `${'x'.repeat(243)}-2c57d1ca`],
    ];
    for (const [input, expected] of cases) {
      it(`turns ${JSON.stringify(input.length > 20 ? input.slice(0, 20) + '…' : input)} into ${expected.length > 30 ? expected.slice(-20) : expected}`, () => {
        expect(dnsSubdomain(input)).to.equal(expected);
      });
    }
    it('always yields a valid subdomain', () => {
      fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => isDnsSubdomain(dnsSubdomain(s))));
    });
  });

  describe('portName', () => {
    const cases: Array<[string, string]> = [
      ['http', 'http'],
      ['tcp-8080', 'tcp-8080'],
      ['web-8080-tcp', 'web-8080-tcp'],
      ['a', 'a'], // a single letter is a valid name
      ['abcdefghijklmno', 'abcdefghijklmno'], // exactly 15
      ['abcdefghijklmnop', 'abcdefghi-f39da'], // 16: cut to 9 plus the hash
      ['container-port-http', 'container-424fb'], // longer than 15
      ['database-primary', 'database-2f3a8'], // the cut 'database-' loses its trailing '-'
      ['my-db-server-port', 'my-db-ser-6fcc9'], // inner '-' kept
      ['Http-Alt', 'http-alt-8bef8'],
      ['HTTP', 'http-56d6f'],
      ['a-', 'a-9baf4'], // trailing dash
      ['8080', '8080-6c237'], // no letter
      ['a--b', 'a-b-p0827'], // doubled dash; an all-digit hash gets a letter
    ];
    for (const [input, expected] of cases) {
      it(`turns ${JSON.stringify(input)} into ${expected}`, () => expect(portName(input)).to.equal(expected));
    }
    const valid: Array<[string, boolean]> = [
      ['a', true],
      ['', false],
      ['-a', false],
      ['a-', false],
      ['a--b', false],
      ['a-b', true],
      ['8080', false],
      ['abcdefghijklmno', true],
      ['abcdefghijklmnop', false],
      ['Http', false],
    ];
    for (const [s, expected] of valid) {
      it(`isPortName(${JSON.stringify(s)}) is ${expected}`, () => expect(isPortName(s)).to.equal(expected));
    }
    it('always yields a valid IANA service name', () => {
      fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => isPortName(portName(s))));
    });
  });

  describe('labelValue and labelKey', () => {
    it('accepts valid label values, including the empty string', () => {
      expect(labelValue('v1.2_3-x')).to.equal('v1.2_3-x');
      expect(labelValue('')).to.equal('');
      expect(labelValue('a')).to.equal('a');
      expect(labelValue('a'.repeat(63))).to.equal('a'.repeat(63));
    });
    it('rejects values that are too long or have invalid characters', () => {
      expect(labelValue('a'.repeat(64))).to.equal(undefined);
      expect(labelValue('has space')).to.equal(undefined);
      expect(labelValue('-lead')).to.equal(undefined);
      expect(labelValue('com.example/x')).to.equal(undefined);
    });
    it('accepts prefixed and unprefixed keys', () => {
      expect(labelKey('app')).to.equal('app');
      expect(labelKey('a')).to.equal('a');
      expect(labelKey('Team_Name')).to.equal('Team_Name');
      expect(labelKey('com.example.vendor/Team_Name')).to.equal('com.example.vendor/Team_Name');
      expect(labelKey('x/y')).to.equal('x/y');
      expect(labelKey('a'.repeat(63))).to.equal('a'.repeat(63));
      expect(labelKey(`example.com/${'a'.repeat(63)}`)).to.equal(`example.com/${'a'.repeat(63)}`);
      expect(labelKey(`${'a'.repeat(253)}/x`)).to.equal(`${'a'.repeat(253)}/x`);
    });
    it('rejects keys with a bad prefix or name', () => {
      expect(labelKey('Com.Example/x')).to.equal(undefined);
      expect(labelKey('a/b/c')).to.equal(undefined);
      expect(labelKey('')).to.equal(undefined);
      expect(labelKey('x/')).to.equal(undefined);
      expect(labelKey('/x')).to.equal(undefined); // an empty prefix
      expect(labelKey('-x')).to.equal(undefined);
      expect(labelKey('a'.repeat(64))).to.equal(undefined);
      expect(labelKey(`example.com/${'a'.repeat(64)}`)).to.equal(undefined);
      expect(labelKey(`${'a'.repeat(254)}/x`)).to.equal(undefined);
    });
  });

  describe('stableHash', () => {
    it('is the SHA-256 hex prefix', () => {
      expect(stableHash('Hello')).to.equal('185f8db3');
      expect(stableHash('x', 4)).to.equal('2d71');
    });
    it('hashes the UTF-8 bytes of the string', () => {
      expect(stableHash('é')).to.equal('4a99557e'); // sha256 of c3 a9
    });
  });

  describe('NameMap', () => {
    it('keeps valid names and rewrites the others', () => {
      const m = new NameMap(['web', 'Sidecar_1']);
      expect(m.get('web')).to.equal('web');
      expect(m.get('Sidecar_1')).to.equal(dnsLabel('Sidecar_1'));
      expect(m.get('missing')).to.equal(undefined);
      expect(m.has('web')).to.equal(true);
      expect(m.has('Sidecar_1')).to.equal(true);
      expect(m.has('sidecar-1')).to.equal(false);
    });
    it('lists the entries sorted by original name, whatever the input order', () => {
      expect(new NameMap(['web', 'App', 'db']).entries()).to.deep.equal([
        ['App', 'app-0d04bfeb'],
        ['db', 'db'],
        ['web', 'web'],
      ]);
    });
    it('lists each original once', () => {
      expect(new NameMap(['web', 'web']).entries()).to.deep.equal([['web', 'web']]);
    });
    it('resolves a collision with a reserved name deterministically', () => {
      const m = new NameMap(['web', 'Web', 'WEB'], ['web']);
      expect(m.entries()).to.deep.equal([
        ['WEB', 'web-9dcfaae1'],
        ['Web', 'web-29751047'],
        ['web', 'web-d609cd3d'],
      ]);
    });
    it('keeps hashing with the next counter while the candidate is taken', () => {
      // dnsLabel('Web') is web-29751047 and the first retry (hash of 'Web#1') is web-f8358334: both reserved.
      const m = new NameMap(['Web'], ['web-29751047', 'web-f8358334']);
      expect(m.get('Web')).to.equal('web-4f98a5ea'); // hash of 'Web#2'
    });
    it('truncates a long name that collides to leave room for the retry hash', () => {
      const m = new NameMap(['A'.repeat(70)], [`${'a'.repeat(54)}-01d3a187`]);
      expect(m.get('A'.repeat(70))).to.equal(`${'a'.repeat(54)}-c5a4594a`); // hash of 'AAA…#1'
    });
    it('does not depend on the order of the inputs when two of them collide', () => {
      // 'web-29751047' is a valid name and also what 'Web' sanitizes to: one of them must give way,
      // and which one must not depend on declaration order.
      const a = new NameMap(['web-29751047', 'Web']).entries();
      const b = new NameMap(['Web', 'web-29751047']).entries();
      expect(a).to.deep.equal(b);
      expect(new Set(a.map(([, k8s]) => k8s)).size).to.equal(2);
      expect(a.every(([, k8s]) => isDnsLabel(k8s))).to.equal(true);
    });
    it('hands out a free hint as is and never collides with mapped, reserved or earlier fresh names', () => {
      const m = new NameMap(['dev-shm'], ['scratch']);
      expect(m.fresh('tmp')).to.equal('tmp');
      expect(m.fresh('Tmp')).to.equal('tmp-24974758');
      expect(m.fresh('tmp')).to.equal('tmp-88d1d203'); // hash of 'tmp#1'
      expect(m.fresh('dev-shm')).to.equal('dev-shm-6fd3fdde'); // hash of 'dev-shm#1'
      expect(m.fresh('dev-shm')).to.equal('dev-shm-d563d5a8'); // 'dev-shm#1' is taken now: 'dev-shm#2'
      expect(m.fresh('scratch')).to.equal('scratch-cdb1eee7'); // reserved: hash of 'scratch#1'
      expect(m.get('dev-shm')).to.equal('dev-shm');
    });
  });
  describe('dns1035Label', () => {
    it('keeps a valid DNS-1035 label and renames anything else into one, deterministically and distinctly', () => {
      expect(dns1035Label('web')).to.equal('web');
      for (const n of ['9lives', '1.web', 'web.v2', 'Web', '-x-', '']) {
        const out = dns1035Label(n);
        expect(out, n).to.match(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
        expect(out).to.equal(dns1035Label(n));
      }
      expect(dns1035Label('web.v2')).to.not.equal(dns1035Label('web-v2'));
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (s) => {
          const out = dns1035Label(s);
          return out.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(out);
        }),
      );
    });
  });
});

describe('readableNames', () => {
  it('gives an invalid name its plain sanitized form, without a hash, when nothing else takes it', () => {
    const m = readableNames(['example_task_2', 'Web', 'api']);
    expect([...m]).to.deep.equal([
      ['example_task_2', 'example-task-2'],
      ['Web', 'web'],
      ['api', 'api'],
    ]);
  });

  it('hashes only the invalid names whose plain form another name is or becomes, keeping valid names as they are', () => {
    const m = readableNames(['Order_Pipeline', 'order-pipeline', 'ORDER.pipeline']);
    expect(m.get('order-pipeline')).to.equal('order-pipeline');
    expect(m.get('Order_Pipeline')).to.match(/^order-pipeline-[0-9a-f]{8}$/);
    expect(m.get('ORDER.pipeline')).to.match(/^order-pipeline-[0-9a-f]{8}$/);
    expect(new Set(m.values()).size).to.equal(3);
  });

  it('hashes a name whose plain form is empty or too long', () => {
    expect(readableNames(['___']).get('___')).to.match(/^[0-9a-f]{8}$/);
    const long = 'A'.repeat(80);
    expect(readableNames([long]).get(long)!.length).to.be.at.most(63);
    expect(readableNames([long]).get(long)).to.match(/-[0-9a-f]{8}$/);
  });
});
