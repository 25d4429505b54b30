/** Failure tests in each binding's representation, and comparisons that can never be true. */
import { describe, expect, it } from 'vitest';
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { comparisonNeverTrue, literalValue, sentinelExpression } from '../../../rules/engine/bindings/index.js';
import type { HandleRepresentation } from '../../../rules/engine/bindings/index.js';

/** The right-hand operand of `h === <literal>`. */
function literal(text: string): TSESTree.Node {
  const { ast } = parseForESLint(`h === ${text};`, { range: true, loc: true, sourceType: 'module' });
  const statement = ast.body[0] as TSESTree.ExpressionStatement;
  return (statement.expression as TSESTree.BinaryExpression).right;
}

describe('sentinelExpression', () => {
  it('INVALID_HANDLE_VALUE in every representation', () => {
    expect(sentinelExpression('invalid', 'number', 'runtime')).toEqual({ failed: 'h === INVALID_HANDLE_VALUE', value: 'INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] });
    expect(sentinelExpression('invalid', 'number', 'koffi')?.failed).toBe('h === -1');
    expect(sentinelExpression('invalid', 'pointer', 'koffi')?.failed).toBe('koffi.address(h) === 0xFFFFFFFFFFFFFFFFn');
    expect(sentinelExpression('invalid', 'pointer', 'koffi', { moduleAlias: 'ffi', handle: 'file' })?.failed).toBe('ffi.address(file) === 0xFFFFFFFFFFFFFFFFn');
    expect(sentinelExpression('invalid', 'pointer', 'deno')?.failed).toBe('Deno.UnsafePointer.value(h) === 0xFFFFFFFFFFFFFFFFn');
    expect(sentinelExpression('invalid', 'pointer', 'ffi-napi')?.failed).toBe("ref.hexAddress(h) === 'ffffffffffffffff'");
    expect(sentinelExpression('invalid', 'unsigned-bigint', 'bun')?.failed).toBe('h === 0xFFFFFFFFFFFFFFFFn');
    expect(sentinelExpression('invalid', 'unsigned-bigint', 'deno')?.value).toBe('0xFFFFFFFFFFFFFFFFn');
    expect(sentinelExpression('invalid', 'signed-bigint', 'ffi-rs')?.failed).toBe('h === -1n');
    expect(sentinelExpression('invalid', 'unsigned-number-or-bigint', 'win32-api')?.failed).toBe('h === 0xFFFFFFFFFFFFFFFFn');
    expect(sentinelExpression('invalid', 'number-or-null', 'bun')?.note).toMatch(/u64/);
  });

  it('NULL in every representation', () => {
    expect(sentinelExpression('null', 'number', 'runtime')?.failed).toBe('h === 0');
    expect(sentinelExpression('null', 'pointer', 'koffi')?.failed).toBe('h === null');
    expect(sentinelExpression('null', 'pointer', 'deno')?.failed).toBe('h === null');
    expect(sentinelExpression('null', 'pointer', 'ffi-napi')?.failed).toBe('ref.isNull(h)');
    expect(sentinelExpression('null', 'pointer', 'jsrt')?.failed).toBe('h.isZero()');
    expect(sentinelExpression('null', 'pointer', 'ffi-rs')?.failed).toBe('isNullPointer(h)');
    expect(sentinelExpression('null', 'unsigned-bigint', 'bun')?.failed).toBe('h === 0n');
    expect(sentinelExpression('null', 'number-or-null', 'bun')?.failed).toBe('!h');
    // koffi uint64: small values (NULL among them) are numbers
    expect(sentinelExpression('null', 'unsigned-number-or-bigint', 'koffi')?.failed).toBe('h === 0');
  });

  it('other failure values, and none', () => {
    expect(sentinelExpression('false', 'boolean', 'koffi')?.failed).toBe('h === false');
    expect(sentinelExpression('false', 'number', 'bun')?.failed).toBe('!h');
    expect(sentinelExpression('status', 'number', 'ffi-napi')?.failed).toBe('h !== 0');
    expect(sentinelExpression('minus-one', 'number', 'runtime')?.failed).toBe('h === -1');
    expect(sentinelExpression('wait-failed', 'number', 'deno')?.failed).toBe('h === 0xFFFFFFFF');
    expect(sentinelExpression('wait-failed', 'unsigned-bigint', 'bun')?.failed).toBe('h === 0xFFFFFFFFn');
    expect(sentinelExpression('none', 'number', 'runtime')).toBeUndefined();
    // a binding with no reliable INVALID test says so instead of guessing
    expect(sentinelExpression('invalid', 'pointer', 'jsrt')).toBeUndefined();
  });

  it('a plain-name call with an unknown representation assumes a number and says so', () => {
    const t = sentinelExpression('invalid', 'unknown', 'name');
    expect(t?.failed).toBe('h === -1');
    expect(t?.note).toMatch(/assumes a signed number/);
    expect(sentinelExpression('invalid', 'unknown', 'koffi')).toBeUndefined();
  });
});

describe('literalValue', () => {
  it('reads numbers, bigints, negatives, null and undefined with their source text', () => {
    expect(literalValue(literal('-1'))).toEqual({ kind: 'number', value: -1, text: '-1' });
    expect(literalValue(literal('-1n'))).toEqual({ kind: 'bigint', value: -1n, text: '-1n' });
    expect(literalValue(literal('0xFFFFFFFFFFFFFFFFn'))).toEqual({ kind: 'bigint', value: 0xffffffffffffffffn, text: '0xFFFFFFFFFFFFFFFFn' });
    expect(literalValue(literal('null'))?.kind).toBe('null');
    expect(literalValue(literal('undefined'))?.kind).toBe('undefined');
    expect(literalValue(literal('x'))).toBeUndefined();
  });
});

describe('comparisonNeverTrue', () => {
  const never = (rep: HandleRepresentation, text: string, op: '===' | '==' = '===') => comparisonNeverTrue(rep, literal(text), op);

  it('pointer objects against numbers and bigints (koffi, Deno)', () => {
    expect(never('pointer', '-1')).toMatch(/pointer is an object/);
    expect(never('pointer', '0')).toMatch(/never equal to `0`/);
    expect(never('pointer', '0xFFFFFFFFFFFFFFFFn')).toBeDefined();
    expect(never('pointer', '-1', '==')).toBeDefined();
    expect(never('pointer', 'null')).toBeUndefined();
    expect(never('pointer', 'undefined')).toMatch(/never `undefined`/);
    expect(never('pointer', 'undefined', '==')).toBeUndefined();
  });

  it('unsigned bigints against -1n and numbers (bun/Deno u64)', () => {
    expect(never('unsigned-bigint', '-1n')).toMatch(/never negative/);
    expect(never('unsigned-bigint', '-1')).toMatch(/never negative/);
    expect(never('unsigned-bigint', '0')).toMatch(/bigint/);
    expect(never('unsigned-bigint', '0', '==')).toBeUndefined();
    expect(never('unsigned-bigint', '0xFFFFFFFFFFFFFFFFn')).toBeUndefined();
    expect(never('unsigned-bigint', '0n')).toBeUndefined();
    expect(never('unsigned-bigint', 'null')).toBeDefined();
  });

  it('numbers against bigint literals (runtime, koffi int)', () => {
    expect(never('number', '-1n')).toMatch(/never matches a number with the bigint `-1n`/);
    expect(never('number', '-1n', '==')).toBeUndefined();
    expect(never('number', '-1')).toBeUndefined();
    expect(never('number', 'null')).toMatch(/NULL is 0/);
    expect(never('number', '0xFFFFFFFFFFFFFFFF')).toMatch(/never reaches/);
  });

  it('signed bigints, bun pointers, koffi uint64 and booleans', () => {
    expect(never('signed-bigint', '-1n')).toBeUndefined();
    expect(never('signed-bigint', '-1')).toBeDefined();
    expect(never('signed-bigint', '0xFFFFFFFFFFFFFFFFn')).toMatch(/signed 64-bit/);
    expect(never('number-or-null', '-1')).toMatch(/never negative/);
    expect(never('number-or-null', '0n')).toBeDefined();
    expect(never('number-or-null', 'null')).toBeUndefined();
    expect(never('unsigned-number-or-bigint', '-1')).toMatch(/never negative/);
    expect(never('unsigned-number-or-bigint', '0n')).toMatch(/come back as numbers/);
    expect(never('unsigned-number-or-bigint', '0xFFFFFFFFFFFFFFFF')).toMatch(/come back as bigints/);
    expect(never('unsigned-number-or-bigint', '0xFFFFFFFFFFFFFFFFn')).toBeUndefined();
    expect(never('unsigned-number-or-bigint', '0')).toBeUndefined();
    expect(never('boolean', '0')).toMatch(/boolean/);
    expect(never('boolean', '0', '==')).toBeUndefined();
    expect(never('unknown', '-1n')).toBeUndefined();
  });

  it('follows a local constant through the lookup', () => {
    const { ast } = parseForESLint('const INVALID = -1n; h === INVALID;', { range: true, loc: true, sourceType: 'module' });
    const init = ((ast.body[0] as TSESTree.VariableDeclaration).declarations[0]!.init)!;
    const right = ((ast.body[1] as TSESTree.ExpressionStatement).expression as TSESTree.BinaryExpression).right;
    expect(comparisonNeverTrue('unsigned-bigint', right, '===', () => init)).toMatch(/never negative/);
    expect(comparisonNeverTrue('unsigned-bigint', right)).toBeUndefined();
  });
});
