import { describe, expect, test } from 'vitest';
import {
  CONTRACTS, FAILURE_VALUES, HANDLE_KINDS, KERNEL_OBJECT_KINDS, RELEASER_FAMILIES,
  acquirersOf, contractFor, contractsByFamily, contractsByModule, releasedFamilyAt, releaserFamilies, releasersOf,
} from '../../contracts/index.js';
import type { FunctionContract, HandleKind } from '../../contracts/index.js';

const KNOWN_MODULES = ['kernel32', 'advapi32', 'user32', 'gdi32', 'psapi', 'setupapi', 'wtsapi32', 'ntdll', 'msvcrt'];

/** every parameter index an entry mentions, with where it was mentioned */
function mentionedParams(c: FunctionContract): { where: string; param: number }[] {
  const out: { where: string; param: number }[] = [];
  for (const p of c.borrows ?? []) out.push({ where: 'borrows', param: p });
  for (const p of c.takes ?? []) out.push({ where: 'takes', param: p });
  for (const r of c.releases ?? []) out.push({ where: 'releases', param: r.param });
  for (const key of Object.keys(c.paramKinds ?? {})) out.push({ where: 'paramKinds', param: Number(key) });
  for (const a of c.acquires ?? []) {
    if (a.slot.at !== 'return') out.push({ where: `acquires ${a.slot.at}`, param: a.slot.param });
    if (a.returnsParam !== undefined) out.push({ where: 'returnsParam', param: a.returnsParam });
  }
  return out;
}

function kindsOf(k: HandleKind | readonly HandleKind[]): readonly HandleKind[] {
  return typeof k === 'string' ? [k] : k;
}

describe('table invariants', () => {
  test('names are unique and spelled like identifiers', () => {
    const names = CONTRACTS.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const n of names) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  test('every entry has an arity and a known module', () => {
    for (const c of CONTRACTS) {
      expect(Number.isInteger(c.arity) && c.arity! >= 0, `${c.name} arity`).toBe(true);
      expect(KNOWN_MODULES, c.name).toContain(c.module);
    }
  });

  test('every parameter index is within the arity and non-negative', () => {
    const bad = CONTRACTS.flatMap((c) =>
      mentionedParams(c).filter((m) => !Number.isInteger(m.param) || m.param < 0 || m.param >= c.arity!).map((m) => `${c.name} ${m.where} ${m.param}`),
    );
    expect(bad).toEqual([]);
  });

  test('a parameter has one role: borrowed, released or taken', () => {
    for (const c of CONTRACTS) {
      const roles = [...(c.borrows ?? []), ...(c.takes ?? []), ...(c.releases ?? []).map((r) => r.param)];
      expect(new Set(roles).size, c.name).toBe(roles.length);
    }
  });

  test('owned acquisitions name a family; borrowed and pseudo ones do not', () => {
    for (const c of CONTRACTS) {
      for (const a of c.acquires ?? []) {
        if (a.ownership === 'owned') expect(RELEASER_FAMILIES, c.name).toContain(a.family);
        else expect(a.family, c.name).toBeUndefined();
      }
    }
  });

  test('every family has at least one releaser and one acquirer in the table', () => {
    for (const family of RELEASER_FAMILIES) {
      expect(releasersOf(family).length, `releasers of ${family}`).toBeGreaterThan(0);
      expect(acquirersOf(family).length, `acquirers of ${family}`).toBeGreaterThan(0);
    }
  });

  test('kernel objects go to CloseHandle and nothing else does', () => {
    for (const c of CONTRACTS) {
      for (const a of c.acquires ?? []) {
        if (a.ownership !== 'owned' || a.kind === 'Any') continue;
        const isKernel = (KERNEL_OBJECT_KINDS as readonly HandleKind[]).includes(a.kind);
        expect(a.family === 'CloseHandle', `${c.name} acquires ${a.kind} with ${a.family}`).toBe(isKernel);
      }
    }
  });

  test('a releaser accepts the kinds its family hands out', () => {
    for (const c of CONTRACTS) {
      for (const r of c.releases ?? []) {
        const declared = c.paramKinds?.[r.param];
        if (declared === undefined) continue;
        const accepted = kindsOf(declared);
        for (const acquirer of acquirersOf(r.family)) {
          for (const a of acquirer.acquires ?? []) {
            if (a.family !== r.family || a.kind === 'Any') continue;
            expect(accepted, `${c.name} param ${r.param} vs ${acquirer.name}`).toContain(a.kind);
          }
        }
      }
    }
  });

  test('failure values fit what the function returns', () => {
    const allowed: Record<FunctionContract['returns'], readonly string[]> = {
      handle: ['null', 'invalid', 'none'],
      pointer: ['null', 'none'],
      bool: ['false'],
      status: ['status'],
      int: ['minus-one', 'null', 'none'],
      dword: ['null', 'wait-failed', 'minus-one', 'none'],
      void: ['none'],
      unknown: FAILURE_VALUES,
    };
    for (const c of CONTRACTS) expect(allowed[c.returns], `${c.name} returns ${c.returns}`).toContain(c.failure);
  });

  test('handles come back where the return type can carry them', () => {
    for (const c of CONTRACTS) {
      for (const a of c.acquires ?? []) {
        if (a.slot.at === 'return') expect(['handle', 'pointer', 'int'], c.name).toContain(c.returns);
        else expect(['bool', 'status'], c.name).toContain(c.returns);
      }
    }
  });

  test('functions that never return are void; only they are process exits', () => {
    for (const c of CONTRACTS) {
      if (c.noReturn) expect(c.returns, c.name).toBe('void');
      if (c.special === 'process-exit') expect(c.noReturn, c.name).toBe(true);
    }
  });

  test('paramKinds name real kinds', () => {
    for (const c of CONTRACTS) {
      for (const k of Object.values(c.paramKinds ?? {})) for (const kind of kindsOf(k)) expect(HANDLE_KINDS, c.name).toContain(kind);
      for (const a of c.acquires ?? []) expect(HANDLE_KINDS, c.name).toContain(a.kind);
    }
  });

  test('ANSI and Unicode siblings share one contract', () => {
    const differing: string[] = [];
    for (const c of CONTRACTS) {
      if (!c.name.endsWith('W')) continue;
      const ansi = contractFor(`${c.name.slice(0, -1)}A`);
      if (!ansi) continue;
      const { name: _w, ...wide } = c;
      const { name: _a, ...narrow } = ansi;
      if (JSON.stringify(wide) !== JSON.stringify(narrow)) differing.push(c.name);
    }
    expect(differing).toEqual([]);
  });
});

describe('coverage', () => {
  // The runtime's exports (issue 3) and the functions issue 5 names.
  const required = `CloseHandle DuplicateHandle GetCurrentProcess GetCurrentThread GetCurrentProcessId GetLastError SetLastError
    CreateEventW OpenEventW SetEvent ResetEvent CreateMutexW OpenMutexW ReleaseMutex CreateSemaphoreW ReleaseSemaphore
    WaitForSingleObject CreateFileW ReadFile WriteFile GetFileSizeEx CreateFileMappingW OpenFileMappingW MapViewOfFile
    UnmapViewOfFile CreateMailslotW GetMailslotInfo CreatePipe CreateNamedPipeW ConnectNamedPipe CreateProcessW OpenProcess
    TerminateProcess GetExitCodeProcess CreateThread GetHandleInformation SetHandleInformation CompareObjectHandles
    GetProcessHandleCount DeviceIoControl FindFirstFileW FindNextFileW FindClose CreateToolhelp32Snapshot
    CreateFileA CreateFile2 CreateNamedPipeA CreateMailslotA Process32First Process32FirstW Process32Next Process32NextW
    Module32FirstW Module32NextW Thread32First Thread32Next FindFirstFileA FindFirstFileExW FindFirstChangeNotificationW
    FindCloseChangeNotification OpenThread OpenProcessToken OpenThreadToken DuplicateTokenEx AdjustTokenPrivileges
    GetTokenInformation CreateEventA CreateEventExA CreateEventExW CreateMutexA CreateMutexExA CreateMutexExW CreateSemaphoreA
    CreateSemaphoreExA CreateSemaphoreExW CreateWaitableTimerW CreateJobObjectA CreateJobObjectW AssignProcessToJobObject
    CreateIoCompletionPort CreateRemoteThread CreateProcessA CreateProcessAsUserA CreateProcessAsUserW CreateFileMappingA
    OpenFileMappingA MapViewOfFileEx RegOpenKeyExA RegOpenKeyExW RegCreateKeyExA RegCreateKeyExW RegCloseKey LoadLibraryA
    LoadLibraryW LoadLibraryExA LoadLibraryExW FreeLibrary GetModuleHandleA GetModuleHandleW CreateDesktopW OpenDesktopW
    CloseDesktop GetDC ReleaseDC EnumProcessModules ReadProcessMemory WriteProcessMemory VirtualQueryEx
    QueryFullProcessImageNameW WaitForSingleObjectEx WaitForMultipleObjects SetupDiGetClassDevsW SetupDiDestroyDeviceInfoList
    WTSVirtualChannelOpenEx WTSVirtualChannelClose LogonUserW fopen freopen _open _wopen fclose _close ExitProcess
    GetStdHandle GetForegroundWindow`.split(/\s+/);

  test.each(required)('%s is in the table', (name) => {
    expect(contractFor(name)?.name).toBe(name);
  });
});

describe('entries the brief spells out', () => {
  test('DuplicateHandle: special, out-param 3 owned, borrows the two processes and the source', () => {
    const c = contractFor('DuplicateHandle')!;
    expect(c.special).toBe('duplicate-handle');
    expect(c.failure).toBe('false');
    expect(c.borrows).toEqual([0, 1, 2]);
    expect(c.acquires).toEqual([{ slot: { at: 'out', param: 3 }, ownership: 'owned', kind: 'Any', family: 'CloseHandle' }]);
  });

  test('CreateProcessW: hProcess and hThread of param 9, BOOL failure', () => {
    const c = contractFor('CreateProcessW')!;
    expect(c.failure).toBe('false');
    expect(c.acquires?.map((a) => [a.slot, a.kind, a.family])).toEqual([
      [{ at: 'field', param: 9, field: 'hProcess' }, 'Process', 'CloseHandle'],
      [{ at: 'field', param: 9, field: 'hThread' }, 'Thread', 'CloseHandle'],
    ]);
  });

  test('sentinels per API: CreateFileW invalid, CreateMutexW null, WaitForSingleObject wait-failed', () => {
    expect(contractFor('CreateFileW')!.failure).toBe('invalid');
    expect(contractFor('CreateMutexW')!.failure).toBe('null');
    expect(contractFor('OpenProcess')!.failure).toBe('null');
    expect(contractFor('CreateFileMappingW')!.failure).toBe('null');
    expect(contractFor('CreateToolhelp32Snapshot')!.failure).toBe('invalid');
    expect(contractFor('SetupDiGetClassDevsW')!.failure).toBe('invalid');
    const wait = contractFor('WaitForSingleObject')!;
    expect([wait.failure, wait.borrows]).toEqual(['wait-failed', [0]]);
  });

  test('families other than CloseHandle', () => {
    expect(contractFor('FindFirstFileW')!.acquires![0]!.family).toBe('FindClose');
    expect(contractFor('FindFirstChangeNotificationW')!.acquires![0]!.family).toBe('FindCloseChangeNotification');
    const reg = contractFor('RegOpenKeyExW')!;
    expect([reg.failure, reg.acquires![0]!.slot, reg.acquires![0]!.family]).toEqual(['status', { at: 'out', param: 4 }, 'RegCloseKey']);
    expect(contractFor('LoadLibraryW')!.acquires![0]!.family).toBe('FreeLibrary');
    expect(contractFor('CreateDesktopW')!.acquires![0]!.family).toBe('CloseDesktop');
    expect(contractFor('WTSVirtualChannelOpenEx')!.acquires![0]!.family).toBe('WTSVirtualChannelClose');
    expect(contractFor('GetDC')!.acquires![0]!.family).toBe('ReleaseDC');
    expect(releasedFamilyAt(contractFor('ReleaseDC')!, 1)).toBe('ReleaseDC');
    expect(releasedFamilyAt(contractFor('ReleaseDC')!, 0)).toBeUndefined();
  });

  test('views: MapViewOfFile borrows the section and hands out a view for UnmapViewOfFile', () => {
    const c = contractFor('MapViewOfFile')!;
    expect([c.borrows, c.paramKinds?.[0], c.acquires![0]!.kind, c.acquires![0]!.family]).toEqual([[0], 'Section', 'View', 'UnmapViewOfFile']);
    expect(contractFor('CreateFileMappingW')!.borrows).toEqual([0]);
  });

  test('borrowed and pseudo results', () => {
    for (const name of ['GetModuleHandleW', 'GetModuleHandleA', 'GetStdHandle', 'GetForegroundWindow']) {
      expect(contractFor(name)!.acquires![0]!.ownership, name).toBe('borrowed');
    }
    expect(contractFor('GetStdHandle')!.failure).toBe('invalid');
    expect(contractFor('GetCurrentProcess')!.acquires![0]).toEqual({ slot: { at: 'return' }, ownership: 'pseudo', kind: 'Process' });
    expect(contractFor('GetCurrentThread')!.acquires![0]!.ownership).toBe('pseudo');
  });

  test('the CRT: FILE* with fclose and NULL, descriptors with _close and -1', () => {
    expect([contractFor('fopen')!.failure, contractFor('fopen')!.acquires![0]!.family, contractFor('fopen')!.acquires![0]!.kind]).toEqual(['null', 'fclose', 'CrtFile']);
    expect([contractFor('_wopen')!.failure, contractFor('_wopen')!.acquires![0]!.family]).toEqual(['minus-one', '_close']);
    expect(contractFor('_open_osfhandle')!.takes).toEqual([0]);
  });

  test('out-param acquirers: CreatePipe has two, LogonUserW one token', () => {
    expect(contractFor('CreatePipe')!.acquires!.map((a) => a.slot)).toEqual([{ at: 'out', param: 0 }, { at: 'out', param: 1 }]);
    expect(contractFor('LogonUserW')!.acquires!.map((a) => [a.slot, a.kind])).toEqual([[{ at: 'out', param: 5 }, 'Token']]);
  });

  test('ExitProcess never returns', () => {
    expect(contractFor('ExitProcess')).toMatchObject({ noReturn: true, special: 'process-exit' });
  });
});

describe('lookups', () => {
  test('contractFor is exact and case-sensitive', () => {
    expect(contractFor('closehandle')).toBeUndefined();
    expect(contractFor('NotAWin32Function')).toBeUndefined();
    expect(contractFor('CloseHandle')?.releases).toEqual([{ param: 0, family: 'CloseHandle' }]);
  });

  test('releaserFamilies lists every family once and contractsByFamily indexes them all', () => {
    expect(new Set(releaserFamilies()).size).toBe(releaserFamilies().length);
    expect([...contractsByFamily().keys()]).toEqual([...releaserFamilies()]);
    expect(releasersOf('CloseHandle').map((c) => c.name).sort()).toEqual(['CloseHandle', 'NtClose']);
    expect(acquirersOf('FindClose').map((c) => c.name)).toEqual(['FindFirstFileA', 'FindFirstFileW', 'FindFirstFileExA', 'FindFirstFileExW']);
  });

  test('contractsByModule partitions the table', () => {
    const grouped = [...contractsByModule().values()].flat();
    expect(grouped.length).toBe(CONTRACTS.length);
    expect(new Set(grouped)).toEqual(new Set(CONTRACTS));
    for (const [module, list] of contractsByModule()) for (const c of list) expect(c.module).toBe(module);
  });
});
