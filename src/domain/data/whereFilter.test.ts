import * as assert from 'node:assert/strict';
import { firstSemicolon, positionInWhere, whereExpression } from './whereFilter';

describe('whereFilter', () => {
  it('finds the first ";" that is SQL, not one inside strings, identifiers, dollar quotes or comments', () => {
    const cases: Array<[string, number]> = [
      ['1=1; drop table x', 3],
      ["name = 'a;b'", -1],
      ["name = 'it''s;' ; x", 16],
      ['"odd;name" = 1', -1],
      ["note = E'a\\';b'", -1],
      ["note = E'a\\';b';", 15],
      ['x = $$a;b$$', -1],
      ['x = $tag$a;$$;b$tag$ ;', 21],
      ['x = $1', -1],
      ['a$b = 1;', 7],
      ['x = 1 -- not here;\n and y = 2', -1],
      ['x = 1 /* a /* nested; */ still; */ ;', 35],
      ["x = 'unterminated;", -1],
    ];
    for (const [sql, want] of cases) assert.equal(firstSemicolon(sql), want, sql);
  });

  it('keeps one expression, drops trailing semicolons and comments, and clears on empty text', () => {
    assert.equal(whereExpression(undefined), undefined);
    assert.equal(whereExpression('  \n '), undefined);
    assert.equal(whereExpression(' ; -- nothing'), undefined);
    assert.equal(whereExpression("  district = 'Alberta' ;  "), "  district = 'Alberta'");
    assert.equal(whereExpression("district = 'Alberta'; -- done\n"), "district = 'Alberta'");
    assert.equal(whereExpression("note = 'a;b'"), "note = 'a;b'");
    assert.equal(whereExpression('x = 1 -- trailing comment'), 'x = 1 -- trailing comment');
  });

  it('refuses a ";" followed by another statement, naming the column and the fix', () => {
    assert.throws(() => whereExpression('1=1; drop table x'),
      (e: Error & { fix?: string }) => /The WHERE filter "1=1; drop table x" has a ";" at column 4 followed by "drop table x": a filter is one boolean expression/.test(e.message)
        && /remove the ";" and what follows it/.test(e.fix ?? ''));
    assert.throws(() => whereExpression("a = 'x';\nselect 1"), /";" at column 8 followed by "select 1"/);
  });

  it('maps a server position in the wrapped statement back to the WHERE text, or drops it when outside', () => {
    const head = 'SELECT * FROM "public"."address" WHERE (\n';
    const expr = 'district = frm';
    assert.equal(positionInWhere(String(head.length + 12), head, expr), 12);
    assert.equal(positionInWhere(head.length + 1, head, expr), 1);
    assert.equal(positionInWhere(head.length + expr.length + 1, head, expr), expr.length + 1);
    assert.equal(positionInWhere(head.length + expr.length + 3, head, expr), undefined, 'the closing parenthesis of the wrapper');
    assert.equal(positionInWhere(5, head, expr), undefined);
    assert.equal(positionInWhere(undefined, head, expr), undefined);
    // positions count characters (code points), as PostgreSQL does
    const wide = 'SELECT * FROM "öffentlich"."t😀" WHERE (\n';
    assert.equal(positionInWhere(Array.from(wide).length + 3, wide, expr), 3);
  });
});
