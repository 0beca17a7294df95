import { expect } from 'chai';
import fc from 'fast-check';
import {
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
      ['A'.repeat(70), `${'a'.repeat(54)}-01d3a187`], // truncated to 63 with the hash
    ];
    for (const [input, expected] of cases) {
      it(`turns ${JSON.stringify(input.length > 20 ? input.slice(0, 20) + '…' : input)} into ${expected}`, () => {
        expect(dnsLabel(input)).to.equal(expected);
      });
    }

    it('respects a smaller maximum length', () => {
      const out = dnsLabel('a-very-long-container-name', 15);
      expect(out).to.have.length.at.most(15);
      expect(isDnsLabel(out, 15)).to.equal(true);
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

  describe('dnsSubdomain', () => {
    it('keeps a valid subdomain', () => {
      expect(dnsSubdomain('ok.example.com')).to.equal('ok.example.com');
    });
    it('sanitizes each label and appends the hash', () => {
      expect(dnsSubdomain('My.Domain_x')).to.equal('my.domain-x-3518f351');
    });
    it('always yields a valid subdomain', () => {
      fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => isDnsSubdomain(dnsSubdomain(s))));
    });
  });

  describe('portName', () => {
    const cases: Array<[string, string]> = [
      ['http', 'http'],
      ['tcp-8080', 'tcp-8080'],
      ['web-8080-tcp', 'web-8080-tcp'],
      ['container-port-http', 'container-424fb'], // longer than 15
      ['HTTP', 'http-56d6f'],
      ['8080', '8080-6c237'], // no letter
      ['a--b', 'a-b-p0827'], // doubled dash; an all-digit hash gets a letter
    ];
    for (const [input, expected] of cases) {
      it(`turns ${JSON.stringify(input)} into ${expected}`, () => expect(portName(input)).to.equal(expected));
    }
    it('always yields a valid IANA service name', () => {
      fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => isPortName(portName(s))));
    });
  });

  describe('labelValue and labelKey', () => {
    it('accepts valid label values, including the empty string', () => {
      expect(labelValue('v1.2_3-x')).to.equal('v1.2_3-x');
      expect(labelValue('')).to.equal('');
    });
    it('rejects values that are too long or have invalid characters', () => {
      expect(labelValue('a'.repeat(64))).to.equal(undefined);
      expect(labelValue('has space')).to.equal(undefined);
      expect(labelValue('-lead')).to.equal(undefined);
      expect(labelValue('com.example/x')).to.equal(undefined);
    });
    it('accepts prefixed and unprefixed keys', () => {
      expect(labelKey('app')).to.equal('app');
      expect(labelKey('com.example.vendor/Team_Name')).to.equal('com.example.vendor/Team_Name');
    });
    it('rejects keys with a bad prefix or name', () => {
      expect(labelKey('Com.Example/x')).to.equal(undefined);
      expect(labelKey('a/b/c')).to.equal(undefined);
      expect(labelKey('')).to.equal(undefined);
      expect(labelKey('x/')).to.equal(undefined);
    });
  });

  describe('stableHash', () => {
    it('is the SHA-256 hex prefix', () => {
      expect(stableHash('Hello')).to.equal('185f8db3');
      expect(stableHash('x', 4)).to.equal('2d71');
    });
  });

  describe('NameMap', () => {
    it('keeps valid names and rewrites the others', () => {
      const m = new NameMap(['web', 'Sidecar_1']);
      expect(m.get('web')).to.equal('web');
      expect(m.get('Sidecar_1')).to.equal(dnsLabel('Sidecar_1'));
      expect(m.get('missing')).to.equal(undefined);
    });
    it('resolves a collision with a reserved name deterministically', () => {
      const m = new NameMap(['web', 'Web', 'WEB'], ['web']);
      expect(m.entries()).to.deep.equal([
        ['WEB', 'web-9dcfaae1'],
        ['Web', 'web-29751047'],
        ['web', 'web-d609cd3d'],
      ]);
    });
    it('does not depend on the order of the inputs', () => {
      expect(new NameMap(['b', 'A', 'a']).entries()).to.deep.equal(new NameMap(['a', 'b', 'A']).entries());
    });
    it('hands out fresh names that never collide', () => {
      const m = new NameMap(['dev-shm']);
      const a = m.fresh('dev-shm');
      const b = m.fresh('dev-shm');
      expect(new Set([a, b, 'dev-shm']).size).to.equal(3);
    });
  });
});
