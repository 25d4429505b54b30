/**
 * no-leak / no-double-close / no-use-after-close on code that reaches kernel32 and advapi32 through FFI bindings
 * (koffi, ffi-napi, bun:ffi, Deno, node:ffi) instead of our runtime. The engine resolves each call through the
 * binding index (rules/engine/bindings/), follows out-param holders in each binding's own read form, and takes the
 * failure tests each binding's representation needs (`koffi.address(h) === 0xFFFFFFFFFFFFFFFFn`, `h === 0n`,
 * `ref.isNull(h)`, `Deno.UnsafePointer.value(h) === 0xffffffffffffffffn`) as the acquisition's success test.
 * The snippets are not run through src(): they declare their own CloseHandle etc., so no runtime import is added.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import noLeak from '../../rules/no-leak.js';
import noDoubleClose from '../../rules/no-double-close.js';
import noUseAfterClose from '../../rules/no-use-after-close.js';
import { dedent, lineOf, loc, ruleTester } from './helpers.js';

/** How one binding spells the same program. */
interface Style {
  readonly name: string;
  readonly prelude: string;
  /** the process handle parameter's type in the test functions */
  readonly processType: string;
  readonly openProcess: string;
  readonly openFile: string;
  /** a test that is true when OpenProcess failed (NULL) */
  readonly processFailed: (h: string) => string;
  /** a test that is true when CreateFileW failed (INVALID_HANDLE_VALUE) */
  readonly fileFailed: (h: string) => string;
  readonly close: (h: string) => string;
  readonly wait: (h: string) => string;
  /** out-param: the holder's declaration, the argument passed, and how the token is read back */
  readonly outDeclaration: string;
  readonly outArgument: string;
  readonly outRead: string;
  /** the handle name the engine gives the token (the first read form of the holder) */
  readonly outName: string;
  readonly openToken: (proc: string, arg: string) => string;
}

const STYLES: readonly Style[] = [
  {
    name: 'koffi',
    prelude: `
      import koffi from 'koffi';
      const k32 = koffi.load('kernel32.dll');
      const advapi = koffi.load('advapi32.dll');
      const HANDLE = koffi.pointer('HANDLE', koffi.opaque());
      const OpenProcess = k32.func('HANDLE __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)');
      const CreateFileW = k32.func('HANDLE __stdcall CreateFileW(str16 name, uint32_t access, uint32_t share, void *sa, uint32_t disposition, uint32_t flags, HANDLE template)');
      const WaitForSingleObject = k32.func('uint32_t __stdcall WaitForSingleObject(HANDLE h, uint32_t ms)');
      const CloseHandle = k32.func('bool __stdcall CloseHandle(HANDLE h)');
      const OpenProcessToken = advapi.func('bool __stdcall OpenProcessToken(HANDLE process, uint32_t access, _Out_ HANDLE *token)');
    `,
    processType: 'unknown',
    openProcess: 'OpenProcess(0x400, false, pid)',
    openFile: 'CreateFileW(path, 0x80000000, 1, null, 3, 0, null)',
    processFailed: (h) => `!${h}`,
    fileFailed: (h) => `koffi.address(${h}) === 0xFFFFFFFFFFFFFFFFn`,
    close: (h) => `CloseHandle(${h})`,
    wait: (h) => `WaitForSingleObject(${h}, 0)`,
    outDeclaration: 'const token = [null];',
    outArgument: 'token',
    outRead: 'token[0]',
    outName: 'token[0]',
    openToken: (proc, arg) => `OpenProcessToken(${proc}, 8, ${arg})`,
  },
  {
    name: 'ffi-napi',
    prelude: `
      import ffi from 'ffi-napi';
      import ref from 'ref-napi';
      const k32 = ffi.Library('kernel32', {
        OpenProcess: ['pointer', ['uint32', 'bool', 'uint32']],
        CreateFileW: ['int64', ['pointer', 'uint32', 'uint32', 'pointer', 'uint32', 'uint32', 'pointer']],
        WaitForSingleObject: ['uint32', ['pointer', 'uint32']],
        CloseHandle: ['bool', ['pointer']],
      });
      const advapi = ffi.Library('advapi32', {
        OpenProcessToken: ['bool', ['pointer', 'uint32', 'pointer']],
      });
    `,
    processType: 'Buffer',
    openProcess: 'k32.OpenProcess(0x400, false, pid)',
    openFile: 'k32.CreateFileW(path, 0x80000000, 1, null, 3, 0, null)',
    processFailed: (h) => `ref.isNull(${h})`,
    fileFailed: (h) => `${h} === -1`,
    close: (h) => `k32.CloseHandle(${h})`,
    wait: (h) => `k32.WaitForSingleObject(${h}, 0)`,
    outDeclaration: 'const token = Buffer.alloc(8);',
    outArgument: 'token',
    outRead: 'token.readPointer(0)',
    outName: 'token.readPointer(0)',
    openToken: (proc, arg) => `advapi.OpenProcessToken(${proc}, 8, ${arg})`,
  },
  {
    name: 'bun:ffi',
    prelude: `
      import { dlopen, FFIType, ptr } from 'bun:ffi';
      const { symbols: k32 } = dlopen('kernel32.dll', {
        OpenProcess: { args: [FFIType.u32, FFIType.bool, FFIType.u32], returns: FFIType.u64 },
        CreateFileW: { args: [FFIType.ptr, FFIType.u32, FFIType.u32, FFIType.ptr, FFIType.u32, FFIType.u32, FFIType.ptr], returns: FFIType.u64 },
        WaitForSingleObject: { args: [FFIType.u64, FFIType.u32], returns: FFIType.u32 },
        CloseHandle: { args: [FFIType.u64], returns: FFIType.bool },
      });
      const { symbols: advapi } = dlopen('advapi32.dll', {
        OpenProcessToken: { args: [FFIType.u64, FFIType.u32, FFIType.ptr], returns: FFIType.bool },
      });
    `,
    processType: 'bigint',
    openProcess: 'k32.OpenProcess(0x400, false, pid)',
    openFile: 'k32.CreateFileW(path, 0x80000000, 1, null, 3, 0, null)',
    processFailed: (h) => `${h} === 0n`,
    fileFailed: (h) => `${h} === 0xffffffffffffffffn`,
    close: (h) => `k32.CloseHandle(${h})`,
    wait: (h) => `k32.WaitForSingleObject(${h}, 0)`,
    outDeclaration: 'const token = new BigUint64Array(1);',
    outArgument: 'ptr(token)',
    outRead: 'token[0]',
    outName: 'token[0]',
    openToken: (proc, arg) => `advapi.OpenProcessToken(${proc}, 8, ${arg})`,
  },
  {
    name: 'Deno',
    prelude: `
      const k32 = Deno.dlopen('kernel32.dll', {
        OpenProcess: { parameters: ['u32', 'i32', 'u32'], result: 'pointer' },
        CreateFileW: { parameters: ['buffer', 'u32', 'u32', 'pointer', 'u32', 'u32', 'pointer'], result: 'pointer' },
        WaitForSingleObject: { parameters: ['pointer', 'u32'], result: 'u32' },
        CloseHandle: { parameters: ['pointer'], result: 'i32' },
      } as const);
      const advapi = Deno.dlopen('advapi32.dll', {
        OpenProcessToken: { parameters: ['pointer', 'u32', 'buffer'], result: 'i32' },
      } as const);
    `,
    processType: 'Deno.PointerValue',
    openProcess: 'k32.symbols.OpenProcess(0x400, 0, pid)',
    openFile: 'k32.symbols.CreateFileW(path, 0x80000000, 1, null, 3, 0, null)',
    processFailed: (h) => `${h} === null`,
    fileFailed: (h) => `Deno.UnsafePointer.value(${h}) === 0xffffffffffffffffn`,
    close: (h) => `k32.symbols.CloseHandle(${h})`,
    wait: (h) => `k32.symbols.WaitForSingleObject(${h}, 0)`,
    outDeclaration: 'const token = new BigUint64Array(1);',
    outArgument: 'Deno.UnsafePointer.of(token)',
    outRead: 'Deno.UnsafePointer.create(token[0])',
    outName: 'token[0]',
    openToken: (proc, arg) => `advapi.symbols.OpenProcessToken(${proc}, 8, ${arg})`,
  },
  {
    name: 'node:ffi',
    prelude: `
      import ffi from 'node:ffi';
      const { functions: k32 } = ffi.dlopen('kernel32.dll', {
        OpenProcess: { arguments: ['uint32_t', 'int32_t', 'uint32_t'], return: 'pointer' },
        CreateFileW: { arguments: ['pointer', 'uint32_t', 'uint32_t', 'pointer', 'uint32_t', 'uint32_t', 'pointer'], return: 'pointer' },
        WaitForSingleObject: { arguments: ['pointer', 'uint32_t'], return: 'uint32_t' },
        CloseHandle: { arguments: ['pointer'], return: 'int32_t' },
      });
      const { functions: advapi } = ffi.dlopen('advapi32.dll', {
        OpenProcessToken: { arguments: ['pointer', 'uint32_t', 'pointer'], return: 'int32_t' },
      });
    `,
    processType: 'bigint',
    openProcess: 'k32.OpenProcess(0x400, 0, pid)',
    openFile: 'k32.CreateFileW(path, 0x80000000, 1, 0n, 3, 0, 0n)',
    processFailed: (h) => `${h} === 0n`,
    fileFailed: (h) => `${h} === 0xffffffffffffffffn`,
    close: (h) => `k32.CloseHandle(${h})`,
    wait: (h) => `k32.WaitForSingleObject(${h}, 0)`,
    outDeclaration: 'const token = new Uint8Array(8);',
    outArgument: 'token',
    outRead: 'new DataView(token.buffer).getBigUint64(0, true)',
    outName: 'new DataView(token.buffer).getBigUint64(0, true)',
    openToken: (proc, arg) => `advapi.OpenProcessToken(${proc}, 8, ${arg})`,
  },
];

/**
 * The closeBeforeReturn suggestion for a leak on `if (quick) return;`: through a binding it repeats the function's
 * own close of the value (`k32.CloseHandle(h)`), since a bare `CloseHandle` is not in scope there.
 */
function closeBefore(code: string, handle: string, closeCall: string, exit = 'if (quick) return;') {
  const output = code.replace(exit, exit.replace(/return(.*);$/, `{ ${closeCall}; return$1; }`));
  return [{ messageId: 'closeBeforeReturn', data: { handle }, output }];
}

/** The binding's prelude followed by the test function, both dedented. */
function program(style: Style, body: string): string {
  return dedent(style.prelude) + dedent(body);
}

const leakValid: (ValidTestCase<[]> | string)[] = [];
const leakInvalid: InvalidTestCase<string, []>[] = [];
const doubleValid: (ValidTestCase<[]> | string)[] = [];
const doubleInvalid: InvalidTestCase<string, []>[] = [];
const useValid: (ValidTestCase<[]> | string)[] = [];
const useInvalid: InvalidTestCase<string, []>[] = [];

for (const style of STYLES) {
  {
    // Invalid (no-leak): the process handle is still open on the early return after the NULL test.
    const code = program(style, `
      export function inspect(pid: number, quick: boolean) {
        const h = ${style.openProcess};
        if (${style.processFailed('h')}) return;
        if (quick) return;
        ${style.close('h')};
      }
    `);
    leakInvalid.push({
      name: `${style.name}: leak on an early return`,
      code,
      errors: [
        {
          messageId: 'leak',
          data: { handle: 'h', line: lineOf(code, style.openProcess), path: `on the early return at line ${lineOf(code, 'if (quick) return;')}` },
          ...loc(code, style.openProcess),
          suggestions: closeBefore(code, 'h', style.close('h')),
        },
      ],
    });
  }
  {
    // Valid (all three rules): the binding's INVALID test is the failure test; closed once on the success path.
    const code = program(style, `
      export function size(path: any): boolean {
        const file = ${style.openFile};
        if (${style.fileFailed('file')}) return false;
        ${style.wait('file')};
        ${style.close('file')};
        return true;
      }
    `);
    for (const list of [leakValid, doubleValid, useValid]) list.push({ name: `${style.name}: a correct program (INVALID test in the binding's representation)`, code });
  }
  {
    // Valid (all three rules): NULL test in the binding's representation, then try/finally.
    const code = program(style, `
      export function waitFor(pid: number): void {
        const h = ${style.openProcess};
        if (${style.processFailed('h')}) throw new Error('OpenProcess failed');
        try {
          ${style.wait('h')};
        } finally {
          ${style.close('h')};
        }
      }
    `);
    for (const list of [leakValid, doubleValid, useValid]) list.push({ name: `${style.name}: NULL test then try/finally`, code });
  }
  {
    // Invalid (no-double-close): the second close of the same handle.
    const code = program(style, `
      export function twice(pid: number) {
        const h = ${style.openProcess};
        if (${style.processFailed('h')}) return;
        ${style.close('h')};
        ${style.close('h')};
      }
    `);
    doubleInvalid.push({
      name: `${style.name}: double close`,
      code,
      errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(code, style.close('h')) }, ...loc(code, style.close('h'), 2) }],
    });
  }
  {
    // Invalid (no-use-after-close): waiting on a handle already closed.
    const code = program(style, `
      export function late(pid: number) {
        const h = ${style.openProcess};
        if (${style.processFailed('h')}) return;
        ${style.close('h')};
        ${style.wait('h')};
      }
    `);
    useInvalid.push({
      name: `${style.name}: use after close`,
      code,
      errors: [{ messageId: 'useAfterClose', data: { handle: 'h', previousLine: lineOf(code, style.close('h')) }, ...loc(code, style.wait('h')) }],
    });
  }
  {
    // Valid (all three rules): a token received through the out-param, read back the binding's way and closed.
    const code = program(style, `
      export function token(proc: ${style.processType}) {
        ${style.outDeclaration}
        if (!${style.openToken('proc', style.outArgument)}) return;
        ${style.close(style.outRead)};
      }
    `);
    for (const list of [leakValid, doubleValid, useValid]) list.push({ name: `${style.name}: out-param token closed`, code });
  }
  {
    // Invalid (no-leak): the token received through the out-param is open on the early return.
    const call = style.openToken('proc', style.outArgument);
    const code = program(style, `
      export function token(proc: ${style.processType}, quick: boolean) {
        ${style.outDeclaration}
        if (!${call}) return;
        if (quick) return;
        ${style.close(style.outRead)};
      }
    `);
    leakInvalid.push({
      name: `${style.name}: out-param token leaked on an early return`,
      code,
      errors: [
        {
          messageId: 'leak',
          data: { handle: style.outName, line: lineOf(code, call), path: `on the early return at line ${lineOf(code, 'if (quick) return;')}` },
          ...loc(code, call),
          suggestions: closeBefore(code, style.outName, style.close(style.outRead)),
        },
      ],
    });
  }
  {
    // Invalid (no-double-close): the token closed twice through its read form.
    const code = program(style, `
      export function token(proc: ${style.processType}) {
        ${style.outDeclaration}
        if (!${style.openToken('proc', style.outArgument)}) return;
        ${style.close(style.outRead)};
        ${style.close(style.outRead)};
      }
    `);
    doubleInvalid.push({
      name: `${style.name}: out-param token closed twice`,
      code,
      errors: [{ messageId: 'doubleClose', data: { handle: style.outName, previousLine: lineOf(code, style.close(style.outRead)) }, ...loc(code, style.close(style.outRead), 2) }],
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes beyond the per-style matrix

{
  // Invalid (no-leak): bun, the holder passed through a const pointer (`tokenPtr = ptr(token)`); the leak is on the
  // early return after the success test.
  const style = STYLES.find((s) => s.name === 'bun:ffi')!;
  const call = 'advapi.OpenProcessToken(proc, 8, tokenPtr)';
  const code = program(style, `
    export function token(proc: bigint, quick: boolean) {
      const token = new BigUint64Array(1);
      const tokenPtr = ptr(token);
      if (!${call}) return;
      if (quick) return;
      k32.CloseHandle(token[0]);
    }
  `);
  leakInvalid.push({
    name: 'bun:ffi: out-param through a const pointer, leaked',
    code,
    errors: [
      {
        messageId: 'leak',
        data: { handle: 'token[0]', line: lineOf(code, call), path: `on the early return at line ${lineOf(code, 'if (quick) return;')}` },
        ...loc(code, call),
        suggestions: closeBefore(code, 'token[0]', 'k32.CloseHandle(token[0])'),
      },
    ],
  });
}

{
  // Valid (no-leak): ffi-napi Buffer out-param read into a variable first, then closed.
  const style = STYLES.find((s) => s.name === 'ffi-napi')!;
  leakValid.push({
    name: 'ffi-napi: token read into a variable then closed',
    code: program(style, `
      export function token(proc: Buffer) {
        const holder = Buffer.alloc(8);
        if (!advapi.OpenProcessToken(proc, 8, holder)) return;
        const tok = holder.readPointer(0);
        k32.CloseHandle(tok);
      }
    `),
  });
}

{
  // Valid (no-leak): koffi, the NULL test written as `koffi.address(h) === 0n`; Deno, `h === null` after a
  // nonblocking-free call; jsrt-style `h.isNull()` on a koffi pointer (the test shape, not the binding, matters).
  const koffiStyle = STYLES[0]!;
  leakValid.push({
    name: 'koffi: koffi.address(h) === 0n as the NULL test',
    code: program(koffiStyle, `
      export function f(pid: number) {
        const h = OpenProcess(0x400, false, pid);
        if (koffi.address(h) === 0n) return;
        CloseHandle(h);
      }
    `),
  });
  leakValid.push({
    name: 'koffi: an isNull() method as the NULL test',
    code: program(koffiStyle, `
      export function f(pid: number) {
        const h = OpenProcess(0x400, false, pid) as any;
        if (h.isNull()) return;
        CloseHandle(h);
      }
    `),
  });
}

{
  // Invalid (no-leak): koffi, a leak on the path where the INVALID test says the file opened.
  const style = STYLES[0]!;
  const code = program(style, `
    export function f(path: string) {
      const file = ${style.openFile};
      if (koffi.address(file) !== 0xFFFFFFFFFFFFFFFFn) return true;
      return false;
    }
  `);
  leakInvalid.push({
    name: 'koffi: returned without closing on the success side of the INVALID test',
    code,
    errors: [{ messageId: 'leak', data: { handle: 'file', line: lineOf(code, style.openFile), path: `on the early return at line ${lineOf(code, 'return true;')}` }, ...loc(code, style.openFile) }],
  });
}

{
  // ffi-rs: the Win32 arguments are the elements of `paramsValue`; a leak on the early return, and a correct program.
  const prelude = `
    import { open, load, DataType } from 'ffi-rs';
    open({ library: 'kernel32', path: 'kernel32.dll' });
  `;
  const openCall = "load({ library: 'kernel32', funcName: 'OpenProcess', retType: DataType.External, paramsType: [DataType.I32, DataType.Boolean, DataType.I32], paramsValue: [0x400, false, pid] })";
  const closeCall = "load({ library: 'kernel32', funcName: 'CloseHandle', retType: DataType.Boolean, paramsType: [DataType.External], paramsValue: [h] })";
  const leaked = dedent(prelude) + dedent(`
    export function f(pid: number, quick: boolean) {
      const h = ${openCall};
      if (quick) return;
      ${closeCall};
    }
  `);
  leakInvalid.push({
    name: 'ffi-rs: leak on an early return (arguments in paramsValue)',
    code: leaked,
    errors: [
      {
        messageId: 'leak',
        data: { handle: 'h', line: lineOf(leaked, openCall), path: `on the early return at line ${lineOf(leaked, 'if (quick) return;')}` },
        ...loc(leaked, openCall),
        // no closeBeforeReturn: the result was never tested, so `h` may be NULL there (as for the runtime's calls)
      },
    ],
  });
  const twice = dedent(prelude) + dedent(`
    export function f(pid: number) {
      const h = ${openCall};
      ${closeCall};
      ${closeCall};
    }
  `);
  doubleInvalid.push({
    name: 'ffi-rs: double close through paramsValue',
    code: twice,
    errors: [{ messageId: 'doubleClose', data: { handle: 'h', previousLine: lineOf(twice, closeCall) }, ...loc(twice, closeCall, 2) }],
  });
  leakValid.push({
    name: 'ffi-rs: closed through paramsValue',
    code: dedent(prelude) + dedent(`
      export function f(pid: number) {
        const h = ${openCall};
        ${closeCall};
      }
    `),
  });
}

{
  // Valid (no-leak): a function of the same name bound from a non-Windows library is not the Win32 function.
  leakValid.push({
    name: 'a libc binding named like a Win32 function acquires nothing',
    code: dedent(`
      import koffi from 'koffi';
      const libc = koffi.load('libc.so.6');
      const OpenProcess = libc.func('void *OpenProcess(int a, int b, int c)');
      export function f(pid: number, quick: boolean) {
        const h = OpenProcess(1, 0, pid);
        if (quick) return;
        console.log(h);
      }
    `),
  });
}

ruleTester.run('no-leak (FFI bindings)', noLeak as never, { valid: leakValid, invalid: leakInvalid });
ruleTester.run('no-double-close (FFI bindings)', noDoubleClose as never, { valid: doubleValid, invalid: doubleInvalid });
ruleTester.run('no-use-after-close (FFI bindings)', noUseAfterClose as never, { valid: useValid, invalid: useInvalid });
