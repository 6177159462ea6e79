import * as assert from 'node:assert/strict';
import {
  formatJavaDate, JavaException, javaDoubleToString, javaFloatToString, javaFullMatcher, javaMatches, javaReplacement, NotReproducible,
  parseConnectLiteral, parseJavaDate,
} from './javaFormats';

const T = Date.UTC(2021, 7, 13, 0, 43, 38, 508); // 2021-08-13T00:43:38.508Z

describe('javaFormats', () => {
  it('prints doubles and floats as Java does', () => {
    const cases: Array<[number, string]> = [[100, '100.0'], [11.99, '11.99'], [1e7, '1.0E7'], [1.5e-4, '1.5E-4'], [0.001, '0.001'], [-0, '-0.0'], [123456789.5, '1.234567895E8']];
    for (const [x, s] of cases) assert.equal(javaDoubleToString(x), s, String(x));
    assert.equal(javaFloatToString(0.1), '0.1');
    assert.equal(javaFloatToString(16777217), '1.6777216E7');
  });

  it('formats and parses SimpleDateFormat patterns in UTC', () => {
    const cases: Array<[string, string]> = [
      ['yyyyMMdd', '20210813'], ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", '2021-08-13T00:43:38.508Z'], ['EEE, d MMM yy h:mm a', 'Fri, 13 Aug 21 12:43 AM'], ["''yy''", "'21'"], ['Z X z', '+0000 Z UTC'],
    ];
    for (const [p, s] of cases) assert.equal(formatJavaDate(p, T), s, p);
    assert.equal(parseJavaDate("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", '2021-08-13T00:43:38.508Z'), T);
    assert.equal(parseJavaDate('yyyyMMddHHmm', '202108130043'), Date.UTC(2021, 7, 13, 0, 43));
    assert.equal(parseJavaDate('yyyy-MM-dd', '2021-13-01'), Date.UTC(2022, 0, 1), 'lenient: month 13 rolls over');
    assert.equal(parseJavaDate('yyyy-MM-dd', '2021-08-13 and more'), Date.UTC(2021, 7, 13), 'text after the pattern is ignored');
    assert.equal(parseJavaDate('yyyy-MM-dd', 'Friday'), undefined);
    assert.throws(() => formatJavaDate('yyyy-bb', T), (e: unknown) => e instanceof JavaException && e.message === "Illegal pattern character 'b'");
    assert.throws(() => formatJavaDate('YYYY', T), NotReproducible);
  });

  it('matches Java regexes on the whole input and expands Java replacements', () => {
    const re = javaFullMatcher('pagila\\.public\\.(?<table>.*)');
    const m = javaMatches(re, 'pagila.public.address')!;
    assert.equal(javaReplacement('pg.${table}.$1\\$', m), 'pg.address.address$');
    assert.equal(javaMatches(javaFullMatcher('a|ab'), 'ab')?.[0], 'ab', 'matches() backtracks into the alternative that covers the whole input');
    assert.equal(javaMatches(javaFullMatcher('public'), 'pagila.public.address'), null);
    assert.equal(javaMatches(javaFullMatcher('(?i)PAGILA\\..*'), 'pagila.x')?.[0], 'pagila.x');
    assert.equal(javaMatches(javaFullMatcher('\\Qa.b\\E'), 'a.b')?.[0], 'a.b');
    assert.equal(javaMatches(javaFullMatcher('\\Qa.b\\E'), 'axb'), null);
    assert.throws(() => javaReplacement('$', m), /group index is missing/);
    assert.throws(() => javaReplacement('${nope}', m), /No group with name \{nope\}/);
    for (const bad of ['a*+', '(?>a)', '\\p{Alpha}', '[a-z&&[^b]]']) assert.throws(() => javaFullMatcher(bad), NotReproducible, bad);
  });

  it('reads header literals as Values.parseString does, or says it cannot', () => {
    assert.deepEqual(parseConnectLiteral('pagila'), { value: 'pagila', type: 'string' });
    assert.deepEqual(parseConnectLiteral('TRUE'), { value: true, type: 'boolean' });
    assert.deepEqual(parseConnectLiteral('40000'), { value: 40000, type: 'int32' });
    assert.throws(() => parseConnectLiteral('[1,2]'), NotReproducible);
    assert.throws(() => parseConnectLiteral('1.5'), NotReproducible);
  });
});
