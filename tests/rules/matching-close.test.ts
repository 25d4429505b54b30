/**
 * RuleTester cases for matching-close (issue 5).
 * A handle acquired with releaser family F (contract table) must be released by a function that releases family F.
 * Reports are at the releasing call. `kind` is the table's HandleKind of the acquisition, `api` the acquiring
 * function, `expected` the family's releaser, `releaser` the callee's Win32 name. Handles nobody may release
 * (an HWND, GetModuleHandleW's HMODULE) given to a releaser of another kind are `notReleasable` (closing a borrowed
 * handle of the RIGHT family is no-close-unowned's finding, not this one). Passing the out-parameter holder instead of
 * the handle it received is `outParamHolder`.
 * Suggestions: `useExpectedReleaser` replaces the callee when the expected releaser takes the handle as its only
 * argument and the file can reach it the same way (runtime: imported, the import is added; FFI: a binding of that
 * name exists in the file); `releaseHeldValue` passes the read of the holder (`token[0]`, `dup.value`,
 * `tokenArr[0]`). "maybe" findings (the wrong family on some paths only) need `reportMaybe` and get no suggestion.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/matching-close.js';
import { BUN, KOFFI_POINTERS, addRuntimeImport, ffi, loc, replaceAt, rsrc, ruleTester } from './api-helpers.js';
import { onlyWithReportMaybe } from './helpers.js';

type Case = InvalidTestCase<MessageIds, Options>;
type Valid = ValidTestCase<Options> | string;

/** koffi pointers plus the other families' acquirers and releasers (deliberately without FreeLibrary). */
const KOFFI_FAMILIES = `${KOFFI_POINTERS}
  const setupapi = koffi.load('setupapi.dll');
  const wtsapi32 = koffi.load('wtsapi32.dll');
  const LoadLibraryW = kernel32.func('HANDLE __stdcall LoadLibraryW(const char16_t *name)');
  const GetModuleHandleW = kernel32.func('HANDLE __stdcall GetModuleHandleW(const char16_t *name)');
  const FindFirstChangeNotificationW = kernel32.func('HANDLE __stdcall FindFirstChangeNotificationW(const char16_t *dir, bool subtree, uint32_t filter)');
  const FindCloseChangeNotification = kernel32.func('bool __stdcall FindCloseChangeNotification(HANDLE h)');
  const CreateDesktopW = user32.func('HANDLE __stdcall CreateDesktopW(const char16_t *name, void *device, void *mode, uint32_t flags, uint32_t access, void *sa)');
  const CloseDesktop = user32.func('bool __stdcall CloseDesktop(HANDLE desktop)');
  const SetupDiGetClassDevsW = setupapi.func('HANDLE __stdcall SetupDiGetClassDevsW(void *guid, const char16_t *enumerator, HANDLE parent, uint32_t flags)');
  const SetupDiDestroyDeviceInfoList = setupapi.func('bool __stdcall SetupDiDestroyDeviceInfoList(HANDLE set)');
  const WTSVirtualChannelOpenEx = wtsapi32.func('HANDLE __stdcall WTSVirtualChannelOpenEx(uint32_t session, const char *name, uint32_t flags)');
  const WTSVirtualChannelClose = wtsapi32.func('bool __stdcall WTSVirtualChannelClose(HANDLE channel)');
  const _open_osfhandle = msvcrt.func('int _open_osfhandle(intptr_t handle, int flags)');
`;

interface Wrong {
  handle: string;
  kind: string;
  api: string;
  expected: string;
  releaser: string;
  /** the releasing call's text */
  call: string;
  /** the suggestion's replacement of `call`, when one is offered */
  fixed?: string;
  /** runtime names the suggestion must import */
  imports?: string[];
}

function wrong(code: string, e: Wrong) {
  const error = {
    messageId: 'wrongReleaser',
    data: { handle: e.handle, kind: e.kind, api: e.api, expected: e.expected, releaser: e.releaser },
    ...loc(code, e.call),
  } as const;
  if (e.fixed === undefined) return error;
  const fixedCode = replaceAt(code, e.call, e.fixed);
  const output = e.imports ? addRuntimeImport(fixedCode, ...e.imports) : fixedCode;
  return { ...error, suggestions: [{ messageId: 'useExpectedReleaser', data: { expected: e.expected }, output }] } as const;
}

function notReleasable(code: string, e: { handle: string; kind: string; api: string; releaser: string; call: string }) {
  return { messageId: 'notReleasable', data: { handle: e.handle, kind: e.kind, api: e.api, releaser: e.releaser }, ...loc(code, e.call) } as const;
}

function holder(code: string, e: { holder: string; value: string; call: string; fixed: string }) {
  return {
    messageId: 'outParamHolder',
    data: { holder: e.holder, value: e.value },
    ...loc(code, e.call),
    suggestions: [{ messageId: 'releaseHeldValue', data: { value: e.value }, output: replaceAt(code, e.call, e.fixed) }],
  } as const;
}

const valid: Valid[] = [];
const invalid: Case[] = [];

// ------------------------------------------------------------------ runtime families

{
  // Invalid: a find handle closed with CloseHandle (it is not a kernel handle); the fix imports FindClose.
  const code = rsrc(`
    export function exists(pattern: string): boolean {
      const find = FindFirstFileW(pattern, {});
      if (find === INVALID_HANDLE_VALUE) return false;
      CloseHandle(find);
      return true;
    }
  `);
  invalid.push({
    code,
    errors: [
      wrong(code, {
        handle: 'find', kind: 'Find', api: 'FindFirstFileW', expected: 'FindClose', releaser: 'CloseHandle',
        call: 'CloseHandle(find)', fixed: 'FindClose(find)', imports: ['FindClose'],
      }),
    ],
  });
}

{
  // Invalid: the view and the mapping released with each other's function (two reports, one fix each).
  const code = rsrc(`
    export function peek(): void {
      const section = CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 4096, null);
      if (!section) return;
      const view = MapViewOfFile(section, FILE_MAP_READ, 0, 0, 0);
      if (view) CloseHandle(view);
      UnmapViewOfFile(section);
    }
  `);
  invalid.push({
    code,
    errors: [
      wrong(code, {
        handle: 'view', kind: 'View', api: 'MapViewOfFile', expected: 'UnmapViewOfFile', releaser: 'CloseHandle', call: 'CloseHandle(view)', fixed: 'UnmapViewOfFile(view)',
      }),
      wrong(code, {
        handle: 'section', kind: 'Section', api: 'CreateFileMappingW', expected: 'CloseHandle', releaser: 'UnmapViewOfFile',
        call: 'UnmapViewOfFile(section)', fixed: 'CloseHandle(section)',
      }),
    ],
  });
}

{
  // Invalid: the opposite confusion: a Toolhelp snapshot and an event are kernel handles, not find handles.
  const code = rsrc(`
    export function list(): void {
      const snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
      if (snap === INVALID_HANDLE_VALUE) return;
      FindClose(snap);
      const event = CreateEventW(null, true, false, null);
      if (event) FindClose(event);
    }
  `);
  invalid.push({
    code,
    errors: [
      wrong(code, {
        handle: 'snap', kind: 'Snapshot', api: 'CreateToolhelp32Snapshot', expected: 'CloseHandle', releaser: 'FindClose',
        call: 'FindClose(snap)', fixed: 'CloseHandle(snap)', imports: ['CloseHandle'],
      }),
      wrong(code, {
        handle: 'event', kind: 'Event', api: 'CreateEventW', expected: 'CloseHandle', releaser: 'FindClose',
        call: 'FindClose(event)', fixed: 'CloseHandle(event)', imports: ['CloseHandle'],
      }),
    ],
  });
}

{
  // Invalid: closing the out<HANDLE>() holder instead of the duplicate it received.
  const code = rsrc(`
    export function copy(h: HANDLE): void {
      const dup = out();
      if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)) return;
      CloseHandle(dup);
    }
  `);
  invalid.push({ code, errors: [holder(code, { holder: 'dup', value: 'dup.value', call: 'CloseHandle(dup)', fixed: 'CloseHandle(dup.value)' })] });
}

{
  // Invalid with reportMaybe only: a find handle on one path, a file on the other, both closed with CloseHandle.
  const code = rsrc(`
    export function probe(path: string, pattern: boolean): void {
      const h = pattern ? FindFirstFileW(path, {}) : CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
      if (h === INVALID_HANDLE_VALUE) return;
      CloseHandle(h);
    }
  `);
  onlyWithReportMaybe(valid, invalid, code, [wrong(code, { handle: 'h', kind: 'Find', api: 'FindFirstFileW', expected: 'FindClose', releaser: 'CloseHandle', call: 'CloseHandle(h)' })]);
}

// ------------------------------------------------------------------ koffi: registry, windows, modules, CRT, others

{
  // Invalid: a registry key closed with CloseHandle; RegCloseKey is bound in the file, so it is suggested.
  const code = ffi(KOFFI_POINTERS, `
    export function probe(root: unknown): void {
      const key = [null];
      if (RegOpenKeyExW(root, 'Software', 0, 0x20019, key) !== 0) return;
      CloseHandle(key[0]);
    }
  `);
  invalid.push({
    code,
    errors: [
      wrong(code, {
        handle: 'key[0]', kind: 'RegistryKey', api: 'RegOpenKeyExW', expected: 'RegCloseKey', releaser: 'CloseHandle',
        call: 'CloseHandle(key[0])', fixed: 'RegCloseKey(key[0])',
      }),
    ],
  });
}

{
  // Invalid: an HWND and GetModuleHandleW's HMODULE are not closable and not ours; LoadLibraryW's module needs
  // FreeLibrary, which this file does not bind (no suggestion).
  const code = ffi(KOFFI_FAMILIES, `
    export function tidy(): void {
      const wnd = GetForegroundWindow();
      if (wnd) CloseHandle(wnd);
      const self = GetModuleHandleW(null);
      if (self) CloseHandle(self);
      const lib = LoadLibraryW('dbghelp.dll');
      if (lib) CloseHandle(lib);
    }
  `);
  invalid.push({
    code,
    errors: [
      notReleasable(code, { handle: 'wnd', kind: 'Window', api: 'GetForegroundWindow', releaser: 'CloseHandle', call: 'CloseHandle(wnd)' }),
      notReleasable(code, { handle: 'self', kind: 'Module', api: 'GetModuleHandleW', releaser: 'CloseHandle', call: 'CloseHandle(self)' }),
      wrong(code, { handle: 'lib', kind: 'Module', api: 'LoadLibraryW', expected: 'FreeLibrary', releaser: 'CloseHandle', call: 'CloseHandle(lib)' }),
    ],
  });
}

{
  // Invalid: CRT FILE* and descriptors given to CloseHandle, and a HANDLE given to fclose and _close.
  const code = ffi(KOFFI_POINTERS, `
    export function crt(name: string): void {
      const stream = fopen(name, 'rb');
      if (stream) CloseHandle(stream);
      const fd = _open(name, 0, 0);
      if (fd !== -1) CloseHandle(fd);
      const file = CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
      if (koffi.address(file) !== 0xFFFFFFFFFFFFFFFFn) fclose(file);
      const other = CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
      if (koffi.address(other) !== 0xFFFFFFFFFFFFFFFFn) _close(other);
    }
  `);
  invalid.push({
    code,
    errors: [
      wrong(code, { handle: 'stream', kind: 'CrtFile', api: 'fopen', expected: 'fclose', releaser: 'CloseHandle', call: 'CloseHandle(stream)', fixed: 'fclose(stream)' }),
      wrong(code, { handle: 'fd', kind: 'CrtFd', api: '_open', expected: '_close', releaser: 'CloseHandle', call: 'CloseHandle(fd)', fixed: '_close(fd)' }),
      wrong(code, { handle: 'file', kind: 'File', api: 'CreateFileW', expected: 'CloseHandle', releaser: 'fclose', call: 'fclose(file)', fixed: 'CloseHandle(file)' }),
      wrong(code, { handle: 'other', kind: 'File', api: 'CreateFileW', expected: 'CloseHandle', releaser: '_close', call: '_close(other)', fixed: 'CloseHandle(other)' }),
    ],
  });
}

{
  // Invalid: GetDC's DC goes back through ReleaseDC(hWnd, hDC): no one-argument suggestion.
  const code = ffi(KOFFI_POINTERS, `
    export function paint(wnd: unknown): void {
      const dc = GetDC(wnd);
      if (!dc) return;
      CloseHandle(dc);
    }
  `);
  invalid.push({
    code,
    errors: [wrong(code, { handle: 'dc', kind: 'DeviceContext', api: 'GetDC', expected: 'ReleaseDC', releaser: 'CloseHandle', call: 'CloseHandle(dc)' })],
  });
}

{
  // Invalid: change notifications, desktops, device info sets and virtual channels have their own closers.
  const code = ffi(KOFFI_FAMILIES, `
    export function others(dir: string): void {
      const change = FindFirstChangeNotificationW(dir, false, 1);
      if (koffi.address(change) !== 0xFFFFFFFFFFFFFFFFn) CloseHandle(change);
      const desk = CreateDesktopW('hidden', null, null, 0, 0x10000000, null);
      if (desk) CloseHandle(desk);
      const set = SetupDiGetClassDevsW(null, null, null, 2);
      if (koffi.address(set) !== 0xFFFFFFFFFFFFFFFFn) CloseHandle(set);
      const channel = WTSVirtualChannelOpenEx(1, 'ECHO', 0);
      if (channel) CloseHandle(channel);
    }
  `);
  invalid.push({
    code,
    errors: [
      wrong(code, {
        handle: 'change', kind: 'ChangeNotification', api: 'FindFirstChangeNotificationW', expected: 'FindCloseChangeNotification', releaser: 'CloseHandle',
        call: 'CloseHandle(change)', fixed: 'FindCloseChangeNotification(change)',
      }),
      wrong(code, {
        handle: 'desk', kind: 'Desktop', api: 'CreateDesktopW', expected: 'CloseDesktop', releaser: 'CloseHandle', call: 'CloseHandle(desk)', fixed: 'CloseDesktop(desk)',
      }),
      wrong(code, {
        handle: 'set', kind: 'DeviceInfoSet', api: 'SetupDiGetClassDevsW', expected: 'SetupDiDestroyDeviceInfoList', releaser: 'CloseHandle',
        call: 'CloseHandle(set)', fixed: 'SetupDiDestroyDeviceInfoList(set)',
      }),
      wrong(code, {
        handle: 'channel', kind: 'VirtualChannel', api: 'WTSVirtualChannelOpenEx', expected: 'WTSVirtualChannelClose', releaser: 'CloseHandle',
        call: 'CloseHandle(channel)', fixed: 'WTSVirtualChannelClose(channel)',
      }),
    ],
  });
}

{
  // Invalid: the seed's bug shape: CloseHandle(tokenPtr) instead of the token read from it (koffi array, bun pointer).
  const code = ffi(KOFFI_POINTERS, `
    export function token(): void {
      const token = [null];
      if (!OpenProcessToken(GetCurrentProcess(), 8, token)) return;
      CloseHandle(token);
    }
  `);
  invalid.push({ code, errors: [holder(code, { holder: 'token', value: 'token[0]', call: 'CloseHandle(token)', fixed: 'CloseHandle(token[0])' })] });
}

{
  const code = ffi(BUN, `
    export function token(): void {
      const tokenArr = new BigUint64Array(1);
      const tokenPtr = ptr(tokenArr);
      if (!k.OpenProcessToken(0xFFFFFFFFFFFFFFFFn, 8, tokenPtr)) return;
      k.CloseHandle(tokenPtr);
    }
  `);
  invalid.push({
    code,
    errors: [holder(code, { holder: 'tokenPtr', value: 'tokenArr[0]', call: 'k.CloseHandle(tokenPtr)', fixed: 'k.CloseHandle(tokenArr[0])' })],
  });
}

// ------------------------------------------------------------------ valid

// Valid: every runtime family with its own releaser.
valid.push(rsrc(`
  export function right(pattern: string): void {
    const find = FindFirstFileW(pattern, {});
    if (find !== INVALID_HANDLE_VALUE) FindClose(find);
    const snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap !== INVALID_HANDLE_VALUE) CloseHandle(snap);
    const section = CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 4096, null);
    if (!section) return;
    const view = MapViewOfFile(section, FILE_MAP_READ, 0, 0, 0);
    CloseHandle(section);
    if (view) UnmapViewOfFile(view);
    const dup = out();
    if (DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), dup, 0, false, DUPLICATE_SAME_ACCESS)) CloseHandle(dup.value);
  }
`));

// Valid: every koffi family with its own releaser, the token read out of its holder.
valid.push(ffi(`${KOFFI_FAMILIES}
  const FreeLibrary = kernel32.func('bool __stdcall FreeLibrary(HANDLE module)');
`, `
  export function right(root: unknown, name: string, wnd: unknown): void {
    const key = [null];
    if (RegOpenKeyExW(root, 'Software', 0, 0x20019, key) === 0) RegCloseKey(key[0]);
    const stream = fopen(name, 'rb');
    if (stream) fclose(stream);
    const fd = _open(name, 0, 0);
    if (fd !== -1) _close(fd);
    const dc = GetDC(wnd);
    if (dc) ReleaseDC(wnd, dc);
    const lib = LoadLibraryW('dbghelp.dll');
    if (lib) FreeLibrary(lib);
    const change = FindFirstChangeNotificationW(name, false, 1);
    if (koffi.address(change) !== 0xFFFFFFFFFFFFFFFFn) FindCloseChangeNotification(change);
    const desk = CreateDesktopW('hidden', null, null, 0, 0x10000000, null);
    if (desk) CloseDesktop(desk);
    const set = SetupDiGetClassDevsW(null, null, null, 2);
    if (koffi.address(set) !== 0xFFFFFFFFFFFFFFFFn) SetupDiDestroyDeviceInfoList(set);
    const channel = WTSVirtualChannelOpenEx(1, 'ECHO', 0);
    if (channel) WTSVirtualChannelClose(channel);
    const token = [null];
    if (OpenProcessToken(GetCurrentProcess(), 8, token)) CloseHandle(token[0]);
  }
`));

// Valid: a HANDLE handed to the CRT with _open_osfhandle is then closed through _close (the descriptor owns it).
valid.push(ffi(KOFFI_FAMILIES, `
  export function adopt(name: string): void {
    const file = CreateFileW(name, 0x80000000, 1, null, 3, 0, null);
    if (koffi.address(file) === 0xFFFFFFFFFFFFFFFFn) return;
    const fd = _open_osfhandle(koffi.address(file), 0);
    if (fd === -1) {
      CloseHandle(file);
      return;
    }
    _close(fd);
  }
`));

// Valid: the close matches the family on each path (correlated with the same condition).
valid.push(rsrc(`
  export function probe(path: string, pattern: boolean): void {
    const h = pattern ? FindFirstFileW(path, {}) : CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, null, OPEN_EXISTING, 0, null);
    if (h === INVALID_HANDLE_VALUE) return;
    if (pattern) FindClose(h);
    else CloseHandle(h);
  }
`));

// Valid: unowned handles of the right family are no-close-unowned's business, and values of unknown origin are
// never reported (a parameter, a property of an unknown object).
valid.push(rsrc(`
  export function notMine(h: HANDLE, holder: { value: HANDLE }): void {
    CloseHandle(GetCurrentProcess());
    CloseHandle(GetStdHandle(STD_OUTPUT_HANDLE));
    CloseHandle(h);
    FindClose(h);
    CloseHandle(holder.value);
  }
`));

ruleTester.run('matching-close', rule, { valid, invalid });
