/**
 * Failure tests written in each binding's own representation (the fix texts of invalid-handle-check), and the
 * comparisons that can never be true for a representation (a koffi pointer object against a number, a u64 bigint
 * against -1n, a number against a bigint literal).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FailureValue } from '../../../contracts/types.js';
import type { BindingStyle, HandleRepresentation } from './types.js';

export interface SentinelTest {
  /** an expression that is true exactly when the call failed: `koffi.address(h) === 0xFFFFFFFFFFFFFFFFn`, `h === 0n` */
  readonly failed: string;
  /** the literal a plain `===` comparison uses, when one works (`-1`, `0xFFFFFFFFFFFFFFFFn`, `null`) */
  readonly value?: string;
  /** names the fix must import from eslint-plugin-handles/runtime */
  readonly imports?: readonly string[];
  /** a caveat the fix should show (imprecise representation, assumed representation) */
  readonly note?: string;
}

export interface SentinelOptions {
  /** the handle's source text (default `h`) */
  readonly handle?: string;
  /** the local name of the binding's module: koffi's default import (`koffi`, `ffi`), ref-napi (`ref`) */
  readonly moduleAlias?: string;
}

const U64_MAX = '0xFFFFFFFFFFFFFFFFn';

/**
 * The correct failure test for a result with failure value `failure` in representation `rep` of binding `style`.
 * Undefined when the function has no failure value or the binding has no reliable way to test it.
 */
export function sentinelExpression(
  failure: FailureValue,
  rep: HandleRepresentation,
  style: BindingStyle,
  options: SentinelOptions = {},
): SentinelTest | undefined {
  const h = options.handle ?? 'h';
  const effective: HandleRepresentation = rep === 'unknown' ? (style === 'runtime' || style === 'name' ? 'number' : 'unknown') : rep;
  const assumed = rep === 'unknown' && effective !== 'unknown' ? 'the binding does not declare the type; this assumes a signed number' : undefined;
  const withNote = (t: SentinelTest | undefined): SentinelTest | undefined => (t && assumed && !t.note ? { ...t, note: assumed } : t);
  switch (failure) {
    case 'none':
      return undefined;
    case 'invalid':
      return withNote(invalidTest(h, effective, style, options));
    case 'null':
      return withNote(nullTest(h, effective, style, options));
    case 'false':
      switch (effective) {
        case 'boolean': return { failed: `${h} === false`, value: 'false' };
        case 'number': case 'number-or-null': case 'unsigned-number-or-bigint':
          return withNote({ failed: `!${h}`, value: '0' });
        case 'unsigned-bigint': case 'signed-bigint': return { failed: `${h} === 0n`, value: '0n' };
        default: return { failed: `!${h}` };
      }
    case 'status':
      switch (effective) {
        case 'unsigned-bigint': case 'signed-bigint': return { failed: `${h} !== 0n` };
        case 'number': case 'unsigned-number-or-bigint': return withNote({ failed: `${h} !== 0` });
        default: return undefined;
      }
    case 'minus-one':
      switch (effective) {
        case 'number': return withNote({ failed: `${h} === -1`, value: '-1' });
        case 'signed-bigint': return { failed: `${h} === -1n`, value: '-1n' };
        default: return undefined;
      }
    case 'wait-failed':
      switch (effective) {
        case 'number': case 'unsigned-number-or-bigint': return withNote({ failed: `${h} === 0xFFFFFFFF`, value: '0xFFFFFFFF' });
        case 'unsigned-bigint': return { failed: `${h} === 0xFFFFFFFFn`, value: '0xFFFFFFFFn' };
        default: return undefined;
      }
  }
}

function invalidTest(h: string, rep: HandleRepresentation, style: BindingStyle, options: SentinelOptions): SentinelTest | undefined {
  switch (rep) {
    case 'number':
      return style === 'runtime'
        ? { failed: `${h} === INVALID_HANDLE_VALUE`, value: 'INVALID_HANDLE_VALUE', imports: ['INVALID_HANDLE_VALUE'] }
        : { failed: `${h} === -1`, value: '-1' };
    case 'unsigned-bigint':
    case 'unsigned-number-or-bigint':
      // koffi uint64: INVALID_HANDLE_VALUE does not fit in 2^53, so it comes back as a bigint
      return { failed: `${h} === ${U64_MAX}`, value: U64_MAX };
    case 'signed-bigint':
      return { failed: `${h} === -1n`, value: '-1n' };
    case 'pointer':
      switch (style) {
        case 'koffi':
          return { failed: `${options.moduleAlias ?? 'koffi'}.address(${h}) === ${U64_MAX}` };
        case 'deno':
          return { failed: `Deno.UnsafePointer.value(${h}) === ${U64_MAX}` };
        case 'ffi-napi':
          return { failed: `${options.moduleAlias ?? 'ref'}.hexAddress(${h}) === 'ffffffffffffffff'`, note: 'ref.address() is a double and cannot hold 0xFFFFFFFFFFFFFFFF exactly' };
        default:
          return undefined;
      }
    case 'number-or-null':
      return {
        failed: `${h} === 0xFFFFFFFFFFFFFFFF`,
        value: '0xFFFFFFFFFFFFFFFF',
        note: "a bun 'ptr' is a double: 0xFFFFFFFFFFFFFFFF rounds to 2^64; declare the result as 'u64' to compare exactly",
      };
    default:
      return undefined;
  }
}

function nullTest(h: string, rep: HandleRepresentation, style: BindingStyle, options: SentinelOptions): SentinelTest | undefined {
  switch (rep) {
    case 'number':
    case 'unsigned-number-or-bigint':
      return { failed: `${h} === 0`, value: '0' };
    case 'unsigned-bigint':
    case 'signed-bigint':
      return { failed: `${h} === 0n`, value: '0n' };
    case 'number-or-null':
      return { failed: `!${h}` };
    case 'pointer':
      switch (style) {
        case 'ffi-napi': return { failed: `${options.moduleAlias ?? 'ref'}.isNull(${h})` };
        case 'jsrt': return { failed: `${h}.isZero()` };
        case 'ffi-rs': return { failed: `isNullPointer(${h})` };
        default: return { failed: `${h} === null`, value: 'null' };
      }
    default:
      return undefined;
  }
}

/** A literal's value as the comparison sees it, with its source text. */
export type LiteralValue = (
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bigint'; readonly value: bigint }
  | { readonly kind: 'null' }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean'; readonly value: boolean }
) & { readonly text: string };

/** The value of a literal operand: `-1`, `0xFFFFFFFFn`, `-1n`, `null`, `undefined`, `true`, `'x'`. Undefined when not a literal. */
export function literalValue(node: TSESTree.Node): LiteralValue | undefined {
  if (node.type === 'Identifier' && node.name === 'undefined') return { kind: 'undefined', text: 'undefined' };
  if (node.type === 'UnaryExpression' && node.operator === 'void') return { kind: 'undefined', text: 'undefined' };
  if (node.type === 'UnaryExpression' && (node.operator === '-' || node.operator === '+')) {
    const inner = literalValue(node.argument);
    const text = `${node.operator}${inner?.text ?? ''}`;
    if (inner?.kind === 'number') return { kind: 'number', value: node.operator === '-' ? -inner.value : inner.value, text };
    if (inner?.kind === 'bigint' && node.operator === '-') return { kind: 'bigint', value: -inner.value, text };
    return undefined;
  }
  if (node.type !== 'Literal') return undefined;
  const text = node.raw;
  if ('bigint' in node && typeof node.bigint === 'string') return { kind: 'bigint', value: BigInt(node.bigint), text };
  const v = node.value;
  if (v === null) return 'regex' in node && node.regex ? undefined : { kind: 'null', text };
  if (typeof v === 'number') return { kind: 'number', value: v, text };
  if (typeof v === 'bigint') return { kind: 'bigint', value: v, text };
  if (typeof v === 'string') return { kind: 'string', text };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, text };
  return undefined;
}

const TWO_63 = 2n ** 63n;
const TWO_64 = 2n ** 64n;

/**
 * Why `value <op> literal` can never be true (for `===`/`==`), or can never be false (for `!==`/`!=`), when `value`
 * has representation `rep`; undefined when the comparison can go either way or the operand is not a literal.
 * `literal` may also be an identifier whose value `lookup` knows (a local `const INVALID_HANDLE_VALUE = -1`).
 */
export function comparisonNeverTrue(
  rep: HandleRepresentation,
  literal: TSESTree.Node,
  operator: '===' | '!==' | '==' | '!=' = '===',
  lookup?: (id: TSESTree.Identifier) => TSESTree.Node | undefined,
): string | undefined {
  let node = literal;
  if (node.type === 'Identifier' && node.name !== 'undefined' && lookup) node = lookup(node) ?? node;
  const lit = literalValue(node);
  if (!lit) return undefined;
  const loose = operator === '==' || operator === '!=';
  const describe = describeLiteral(lit);
  switch (rep) {
    case 'pointer':
      if (lit.kind === 'null') return undefined;
      if (lit.kind === 'undefined') return loose ? undefined : 'a NULL pointer is `null`, never `undefined`';
      return `a pointer is an object (or null for NULL), never equal to ${describe}`;
    case 'unsigned-bigint':
      if (lit.kind === 'bigint') {
        if (lit.value < 0n) return `an unsigned 64-bit bigint is never negative, so it never equals ${describe}`;
        if (lit.value >= TWO_64) return `an unsigned 64-bit bigint never reaches ${describe}`;
        return undefined;
      }
      if (lit.kind === 'number') {
        if (lit.value < 0) return `an unsigned 64-bit bigint is never negative, so it never equals ${describe}`;
        if (!loose) return `the value is a bigint, and \`${operator}\` never matches a bigint with the number ${describe}`;
        return Number.isInteger(lit.value) ? undefined : `a bigint never equals the fraction ${describe}`;
      }
      return `the value is always a bigint, never ${describe}`;
    case 'signed-bigint':
      if (lit.kind === 'bigint') return lit.value < -TWO_63 || lit.value >= TWO_63 ? `a signed 64-bit bigint never equals ${describe}` : undefined;
      if (lit.kind === 'number') {
        if (!loose) return `the value is a bigint, and \`${operator}\` never matches a bigint with the number ${describe}`;
        return Number.isInteger(lit.value) ? undefined : `a bigint never equals the fraction ${describe}`;
      }
      return `the value is always a bigint, never ${describe}`;
    case 'number':
      if (lit.kind === 'bigint') {
        if (!loose) return `the value is a number, and \`${operator}\` never matches a number with the bigint ${describe}`;
        return lit.value < -TWO_63 || lit.value >= TWO_63 ? `a signed handle value never equals ${describe}` : undefined;
      }
      if (lit.kind === 'number') {
        if (!Number.isInteger(lit.value)) return `a handle value is an integer, never ${describe}`;
        if (lit.value >= 2 ** 63) return `a signed handle value never reaches ${describe} (INVALID_HANDLE_VALUE is -1 here)`;
        return undefined;
      }
      if (lit.kind === 'null' || lit.kind === 'undefined') return `the value is always a number (NULL is 0), never ${describe}`;
      if (lit.kind === 'boolean') return loose ? undefined : `the value is a number, never ${describe}`;
      return `the value is a number, never ${describe}`;
    case 'number-or-null':
      if (lit.kind === 'bigint') return loose && lit.value >= 0n ? undefined : `a bun pointer is a number or null, never the bigint ${describe}`;
      if (lit.kind === 'number') return lit.value < 0 ? `a bun pointer is never negative, so it never equals ${describe}` : undefined;
      if (lit.kind === 'null') return undefined;
      if (lit.kind === 'undefined') return loose ? undefined : 'a NULL bun pointer is `null`, never `undefined`';
      return `a bun pointer is a number or null, never ${describe}`;
    case 'unsigned-number-or-bigint':
      if (lit.kind === 'number') {
        if (lit.value < 0) return `an unsigned 64-bit value is never negative, so it never equals ${describe}`;
        if (!loose && lit.value > Number.MAX_SAFE_INTEGER) return `values above 2^53 come back as bigints, so \`${operator}\` never matches the number ${describe}`;
        return undefined;
      }
      if (lit.kind === 'bigint') {
        if (lit.value < 0n) return `an unsigned 64-bit value is never negative, so it never equals ${describe}`;
        if (lit.value >= TWO_64) return `an unsigned 64-bit value never reaches ${describe}`;
        if (!loose && lit.value <= BigInt(Number.MAX_SAFE_INTEGER)) return `values up to 2^53 come back as numbers, so \`${operator}\` never matches the bigint ${describe}`;
        return undefined;
      }
      return `the value is a number or a bigint, never ${describe}`;
    case 'boolean':
      if (lit.kind === 'boolean') return undefined;
      if (loose && lit.kind === 'number' && (lit.value === 0 || lit.value === 1)) return undefined;
      if (loose && lit.kind === 'bigint' && (lit.value === 0n || lit.value === 1n)) return undefined;
      return `the value is a boolean, never ${describe}`;
    default:
      return undefined;
  }
}

function describeLiteral(lit: LiteralValue): string {
  switch (lit.kind) {
    case 'null': return '`null`';
    case 'undefined': return '`undefined`';
    case 'string': return `the string ${lit.text}`;
    default: return `\`${lit.text}\``;
  }
}
