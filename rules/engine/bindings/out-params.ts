/**
 * Out-parameter holders (LPHANDLE / PHANDLE arguments) in every binding, and how code reads the handle back:
 * `out<HANDLE>()` → `.value`; koffi `[null]` → `[0]`; `Buffer.alloc(8)` → `.readPointer(0)` / `.readBigUInt64LE(0)` /
 * `ref.deref`; bun `ptr(arr)` of a BigUint64Array → `arr[0]`; Deno `Deno.UnsafePointer.of(arr)` → `arr[0]`;
 * node:ffi `Uint8Array(8)` + DataView `getBigUint64`. Lets the engine follow out-params and lets matching-close
 * recognise `CloseHandle(tokenPtr)` (closing the holder instead of the handle it holds).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { HandleRepresentation } from './types.js';

type Node = TSESTree.Node;

export type OutParamKind =
  /** our runtime's `out<HANDLE>()` object: `{ value }` */
  | 'out-object'
  /** koffi's one-element array `[null]` */
  | 'array'
  /** a Node Buffer (`Buffer.alloc(8)`), possibly passed as bun's `buf.ptr` */
  | 'buffer'
  /** ref-napi `ref.alloc('pointer')` / `ref.alloc(HANDLE)` */
  | 'ref-alloc'
  /** a typed array (`new BigUint64Array(1)`), passed directly, through bun `ptr()` or `Deno.UnsafePointer.of()` */
  | 'typed-array'
  /** a byte array (`new Uint8Array(8)`) read with a DataView */
  | 'bytes'
  /** koffi's `koffi.alloc(type, 1)`, read with `koffi.decode` */
  | 'koffi-alloc';

export interface OutParamRead {
  /** source text that reads the handle back, with the holder's name: `tok.value`, `arr[0]`, `buf.readPointer(0)` */
  readonly text: string;
  readonly representation: HandleRepresentation;
}

export interface OutParamHolder {
  readonly kind: OutParamKind;
  /** the expression that holds the value (the array, buffer or out object), after following `ptr(...)`, `.ptr`, consts */
  readonly holder: Node;
  /** the holder's source name when it is a variable (`arr`, `tokenHandle`) */
  readonly holderName?: string;
  /** the ways code reads the handle back, most usual first */
  readonly reads: readonly OutParamRead[];
}

/** Resolves an identifier to its initialiser (BindingIndex.initializerOf). */
export type InitializerLookup = (id: TSESTree.Identifier) => TSESTree.Expression | undefined;

const TYPED_ARRAYS: Readonly<Record<string, HandleRepresentation>> = {
  BigUint64Array: 'unsigned-bigint',
  BigInt64Array: 'signed-bigint',
  Uint32Array: 'number',
  Int32Array: 'number',
  Float64Array: 'unknown',
};

/**
 * How the handle written into an out-parameter argument is read back, or undefined when the argument is not an
 * out-param holder. `pointee` (BoundCallee.outValues[i]) refines koffi arrays: `[null]` receives a pointer object for
 * `HANDLE *`, a number for an integer-typed handle.
 */
export function outParamReads(arg: Node, lookup?: InitializerLookup, pointee?: HandleRepresentation): OutParamHolder | undefined {
  return holderOf(arg, lookup, pointee, 0);
}

/** true when the node is (a variable holding) an out-param holder or a pointer to one: what `CloseHandle(tokenPtr)` closes by mistake. */
export function isOutParamHolder(node: Node, lookup?: InitializerLookup): boolean {
  return holderOf(node, lookup, undefined, 0) !== undefined;
}

/** true when `node` reads the handle out of `holder` in one of its read forms (`arr[0]`, `tok.value`, `buf.readPointer(0)`). */
export function isOutParamRead(node: Node, holder: OutParamHolder): boolean {
  const name = holder.holderName;
  if (!name) return false;
  const n = unwrap(node);
  switch (holder.kind) {
    case 'out-object':
      return n.type === 'MemberExpression' && !n.computed && isName(n.object, name) && n.property.type === 'Identifier' && n.property.name === 'value';
    case 'array':
    case 'typed-array':
      return n.type === 'MemberExpression' && n.computed && isName(n.object, name) && n.property.type === 'Literal' && n.property.value === 0;
    case 'buffer':
    case 'ref-alloc':
    case 'bytes':
    case 'koffi-alloc': {
      if (n.type !== 'CallExpression') return false;
      const callee = unwrap(n.callee);
      if (callee.type !== 'MemberExpression') return false;
      const method = callee.property.type === 'Identifier' ? callee.property.name : '';
      // buf.readPointer(0) / buf.deref() / new DataView(bytes.buffer).getBigUint64(0, true)
      if (isName(callee.object, name) && /^(read|deref)/.test(method)) return true;
      if (/^getBig(Uint|Int)64$|^get(Uint|Int)32$/.test(method)) return mentions(callee.object, name);
      // ref.deref(buf) / koffi.decode(p, HANDLE)
      return (method === 'deref' || method === 'decode' || method === 'readPointer') && n.arguments.some((a) => isName(a, name));
    }
  }
}

function holderOf(arg: Node, lookup: InitializerLookup | undefined, pointee: HandleRepresentation | undefined, depth: number): OutParamHolder | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(arg);
  if (n.type === 'Identifier') {
    const init = lookup?.(n);
    if (!init) return undefined;
    const inner = holderOf(init, lookup, pointee, depth + 1);
    if (!inner) return undefined;
    // `const tokenPtr = ptr(tokenArr)`: the holder stays the array; a direct `const arr = [null]` takes the variable's name
    return inner.holderName ? inner : named(inner, n.name);
  }
  if (n.type === 'ArrayExpression') {
    if (n.elements.length !== 1) return undefined;
    const element = n.elements[0];
    if (!element || !isEmptyValue(element)) return undefined;
    const rep = pointee ?? (element.type === 'Literal' && typeof element.value === 'number' ? 'number' : 'pointer');
    return { kind: 'array', holder: n, reads: [{ text: '$[0]', representation: rep }] };
  }
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier') {
    const typed = TYPED_ARRAYS[n.callee.name];
    if (typed) return { kind: 'typed-array', holder: n, reads: [{ text: '$[0]', representation: typed }] };
    if (n.callee.name === 'Uint8Array' || n.callee.name === 'ArrayBuffer') {
      return {
        kind: 'bytes',
        holder: n,
        reads: [
          { text: `new DataView(${n.callee.name === 'ArrayBuffer' ? '$' : '$.buffer'}).getBigUint64(0, true)`, representation: 'unsigned-bigint' },
        ],
      };
    }
    return undefined;
  }
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : '';
    const objectName = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' ? callee.object.name : '';
    // our runtime: out<HANDLE>()
    if (callee.type === 'Identifier' && name === 'out') return { kind: 'out-object', holder: n, reads: [{ text: '$.value', representation: 'number' }] };
    if (objectName === 'Buffer' && (name === 'alloc' || name === 'allocUnsafe' || name === 'allocUnsafeSlow')) {
      return {
        kind: 'buffer',
        holder: n,
        reads: [
          { text: '$.readPointer(0)', representation: 'pointer' },
          { text: '$.readBigUInt64LE(0)', representation: 'unsigned-bigint' },
          { text: '$.readBigInt64LE(0)', representation: 'signed-bigint' },
          { text: 'ref.deref($)', representation: 'pointer' },
        ],
      };
    }
    if (name === 'alloc' && objectName !== 'Buffer' && objectName !== 'koffi' && n.arguments.length >= 1 && objectName !== '') {
      // ref.alloc('pointer') / ref.alloc(ref.refType(ref.types.void))
      if (objectName === 'ref' || /ref/i.test(objectName)) {
        return { kind: 'ref-alloc', holder: n, reads: [{ text: '$.deref()', representation: 'pointer' }, { text: 'ref.deref($)', representation: 'pointer' }] };
      }
    }
    if (name === 'alloc' && (objectName === 'koffi' || objectName === 'ffi')) {
      const type = n.arguments[0] ? textOf(n.arguments[0]) : 'HANDLE';
      return { kind: 'koffi-alloc', holder: n, reads: [{ text: `${objectName}.decode($, ${type})`, representation: pointee ?? 'pointer' }] };
    }
    // bun ptr(arr), Deno.UnsafePointer.of(arr), node:ffi getRawPointer(arr): the holder is the array
    if ((callee.type === 'Identifier' && name === 'ptr') || (name === 'of' && objectName === '' && isUnsafePointer(callee)) || name === 'getRawPointer') {
      return n.arguments[0] ? holderOf(n.arguments[0], lookup, pointee, depth + 1) : undefined;
    }
    return undefined;
  }
  if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === 'ptr') {
    // bun: `buf.ptr` / `arr.ptr`
    return holderOf(n.object, lookup, pointee, depth + 1);
  }
  return undefined;
}

/** Fills in the holder's name in the read texts (`$` → `arr`). */
function named(holder: OutParamHolder, name: string): OutParamHolder {
  return { ...holder, holderName: name, reads: holder.reads.map((r) => ({ ...r, text: r.text.replace(/\$/g, name) })) };
}

function isUnsafePointer(callee: Node): boolean {
  // Deno.UnsafePointer.of
  return callee.type === 'MemberExpression' && callee.object.type === 'MemberExpression' && callee.object.property.type === 'Identifier' && callee.object.property.name === 'UnsafePointer';
}

function isEmptyValue(node: Node): boolean {
  if (node.type === 'Literal') return node.value === null || node.value === 0 || ('bigint' in node && node.bigint === '0');
  if (node.type === 'Identifier') return node.name === 'undefined' || node.name === 'NULL';
  return false;
}

function isName(node: Node, name: string): boolean {
  const n = unwrap(node);
  return n.type === 'Identifier' && n.name === name;
}

function mentions(node: Node, name: string): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name === name;
  if (n.type === 'MemberExpression') return mentions(n.object, name);
  if (n.type === 'NewExpression') return n.arguments.some((a) => mentions(a, name));
  return false;
}

function textOf(node: Node): string {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'Literal') return n.raw;
  return 'HANDLE';
}

function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSTypeAssertion' || n.type === 'TSSatisfiesExpression')
    n = n.expression;
  return n;
}
