/** Out-param holders in every binding, how the handle is read back, and closing the holder instead of the handle. */
import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
import { isOutParamHolder, isOutParamRead, outParamReads } from '../../../rules/engine/bindings/index.js';
import { callsTo, parseCode, sourceOf } from './helpers.js';

/** The holder description of argument `argIndex` of the first call to `callee`. */
function holderAt(code: string, callee: string, argIndex: number) {
  const parsed = parseCode(code);
  const call = callsTo(parsed, callee)[0]!;
  const lookup = (id: TSESTree.Identifier) => parsed.index.initializerOf(id);
  const bound = parsed.index.resolve(call);
  return { parsed, holder: outParamReads(call.arguments[argIndex]!, lookup, bound?.outValues[argIndex]) };
}

describe('outParamReads', () => {
  it("our runtime's out<HANDLE>() is read with .value", () => {
    const { holder } = holderAt(
      "import { out, OpenProcessToken } from 'eslint-plugin-handles/runtime';\nconst token = out<number>();\nOpenProcessToken(-1, 8, token);",
      'OpenProcessToken', 2,
    );
    expect(holder).toMatchObject({ kind: 'out-object', holderName: 'token', reads: [{ text: 'token.value', representation: 'number' }] });
  });

  it('koffi [null] is read with [0], as a pointer for HANDLE * and as a number for an integer handle', () => {
    const koffi = "import koffi from 'koffi';\nconst k = koffi.load('kernel32.dll');\n";
    const asPointer = holderAt(`${koffi}const OpenProcessToken = k.func('int OpenProcessToken(void *p, uint32_t a, _Out_ void **t)');\nconst tok = [null];\nOpenProcessToken(null, 8, tok);`, 'OpenProcessToken', 2);
    expect(asPointer.holder).toMatchObject({ kind: 'array', holderName: 'tok', reads: [{ text: 'tok[0]', representation: 'pointer' }] });
    const asNumber = holderAt(`${koffi}const OpenProcessToken = k.func('int OpenProcessToken(intptr_t p, uint32_t a, _Out_ intptr_t *t)');\nconst tok = [0];\nOpenProcessToken(0, 8, tok);`, 'OpenProcessToken', 2);
    expect(asNumber.holder?.reads[0]).toEqual({ text: 'tok[0]', representation: 'number' });
  });

  it('Buffer.alloc(8) (ffi-napi, bun .ptr) is read with readPointer / readBigUInt64LE / ref.deref', () => {
    const { holder } = holderAt("const buf = Buffer.alloc(8);\nOpenProcessToken(h, 8, buf);", 'OpenProcessToken', 2);
    expect(holder?.kind).toBe('buffer');
    expect(holder?.reads.map((r) => r.text)).toEqual(['buf.readPointer(0)', 'buf.readBigUInt64LE(0)', 'buf.readBigInt64LE(0)', 'ref.deref(buf)']);
    const bun = holderAt("const buf = Buffer.alloc(8);\nOpenProcessToken(h, 8, buf.ptr);", 'OpenProcessToken', 2);
    expect(bun.holder?.holderName).toBe('buf');
  });

  it('ref.alloc and koffi.alloc', () => {
    expect(holderAt("const p = ref.alloc('pointer');\nCreatePipe(p, q, null, 0);", 'CreatePipe', 0).holder).toMatchObject({ kind: 'ref-alloc', reads: [{ text: 'p.deref()' }, { text: 'ref.deref(p)' }] });
    expect(holderAt("const p = koffi.alloc(HANDLE, 1);\nCreatePipe(p, q, null, 0);", 'CreatePipe', 0).holder?.reads[0]?.text).toBe('koffi.decode(p, HANDLE)');
  });

  it('bun ptr(BigUint64Array) and Deno.UnsafePointer.of(arr) are read with arr[0]', () => {
    const bun = holderAt("import { ptr } from 'bun:ffi';\nconst arr = new BigUint64Array(1);\nOpenProcessToken(h, 8, ptr(arr));", 'OpenProcessToken', 2);
    expect(bun.holder).toMatchObject({ kind: 'typed-array', holderName: 'arr', reads: [{ text: 'arr[0]', representation: 'unsigned-bigint' }] });
    const deno = holderAt('const arr = new BigInt64Array(1);\nconst p = Deno.UnsafePointer.of(arr);\nOpenProcessToken(h, 8, p);', 'OpenProcessToken', 2);
    expect(deno.holder).toMatchObject({ holderName: 'arr', reads: [{ text: 'arr[0]', representation: 'signed-bigint' }] });
  });

  it('node:ffi Uint8Array(8) is read through a DataView', () => {
    const { holder } = holderAt('const bytes = new Uint8Array(8);\nOpenProcessToken(h, 8, bytes);', 'OpenProcessToken', 2);
    expect(holder).toMatchObject({ kind: 'bytes', reads: [{ text: 'new DataView(bytes.buffer).getBigUint64(0, true)', representation: 'unsigned-bigint' }] });
  });

  it('values that are not holders', () => {
    expect(holderAt('OpenProcessToken(h, 8, token);', 'OpenProcessToken', 2).holder).toBeUndefined();
    expect(holderAt('const two = [null, null];\nOpenProcessToken(h, 8, two);', 'OpenProcessToken', 2).holder).toBeUndefined();
    expect(holderAt('const v = arr[0];\nCloseHandle(v);', 'CloseHandle', 0).holder).toBeUndefined();
  });
});

describe('isOutParamHolder: closing the holder instead of the value it holds', () => {
  const code = [
    "import { ptr } from 'bun:ffi';",
    'const tokenHandle = new BigUint64Array(1);',
    'const tokenHandlePtr = ptr(tokenHandle);',
    'OpenProcessToken(proc, 8, tokenHandlePtr);',
    'CloseHandle(tokenHandlePtr);',
    'CloseHandle(tokenHandle[0]);',
    'const buf = Buffer.alloc(8);',
    'CloseHandle(buf);',
    'CloseHandle(buf.readBigUInt64LE(0));',
  ].join('\n');
  const parsed = parseCode(code);
  const lookup = (id: TSESTree.Identifier) => parsed.index.initializerOf(id);
  const closes = callsTo(parsed, 'CloseHandle');

  it('flags the holder and the pointer to it', () => {
    expect(closes.map((c) => `${sourceOf(parsed, c.arguments[0]!)}: ${isOutParamHolder(c.arguments[0]!, lookup)}`)).toEqual([
      'tokenHandlePtr: true',
      'tokenHandle[0]: false',
      'buf: true',
      'buf.readBigUInt64LE(0): false',
    ]);
  });

  it('recognises the reads of the holder', () => {
    const holder = outParamReads(closes[0]!.arguments[0]!, lookup)!;
    expect(isOutParamRead(closes[1]!.arguments[0]!, holder)).toBe(true);
    expect(isOutParamRead(closes[0]!.arguments[0]!, holder)).toBe(false);
    const buffer = outParamReads(closes[2]!.arguments[0]!, lookup)!;
    expect(isOutParamRead(closes[3]!.arguments[0]!, buffer)).toBe(true);
  });
});
