/**
 * Which library a path names, and whether it is a Windows DLL whose functions the contract table may describe.
 */
import { contractsByModule } from '../../../contracts/index.js';

/** DLLs whose exports (or whose forwarders) the table's functions live in, beyond the table's own module names. */
const EXTRA_WINDOWS_MODULES = [
  'kernelbase', 'ucrtbase', 'msvcrt', 'ntdll', 'gdi32', 'shell32', 'ole32', 'ws2_32', 'crypt32', 'secur32', 'userenv', 'netapi32',
  'iphlpapi', 'dbghelp', 'version', 'winmm', 'hid', 'shlwapi', 'comdlg32', 'winspool', 'dwmapi', 'uxtheme', 'powrprof', 'wintrust',
];

let windowsModules: ReadonlySet<string> | undefined;

function knownWindowsModules(): ReadonlySet<string> {
  windowsModules ??= new Set([...contractsByModule().keys(), ...EXTRA_WINDOWS_MODULES].map((m) => m.toLowerCase()));
  return windowsModules;
}

export interface LibraryName {
  /** lower case, no directory, no `.dll` (kernel32, user32, libc.so.6) */
  readonly module: string;
  /** 'yes': a Windows DLL; 'no': evidently another platform's library; 'unknown': cannot tell */
  readonly windows: 'yes' | 'no' | 'unknown';
}

/** Classifies one literal library path: `kernel32`, `Kernel32.dll`, `C:\\Windows\\System32\\KERNEL32.dll`, `libc.so.6`. */
export function classifyLibrary(path: string): LibraryName {
  const file = path.trim().split(/[\\/]/).pop() ?? '';
  const lower = file.toLowerCase();
  const module = lower.replace(/\.dll$/, '');
  if (lower.endsWith('.dll') || knownWindowsModules().has(module) || /^api-ms-win-/.test(module)) return { module, windows: 'yes' };
  if (/\.so(\.|$)|\.dylib$|^lib[a-z0-9_+-]*$/.test(lower) || module === 'c' || module === 'm') return { module, windows: 'no' };
  return { module, windows: 'unknown' };
}

/**
 * Combines the candidates a path expression may evaluate to (`process.platform === 'win32' ? 'kernel32.dll' : 'libc.so.6'`):
 * Windows when any candidate is; not Windows only when every candidate is evidently not.
 */
export function classifyCandidates(paths: readonly string[] | undefined): LibraryName {
  if (!paths || paths.length === 0) return { module: '', windows: 'unknown' };
  const classified = paths.map(classifyLibrary);
  return (
    classified.find((c) => c.windows === 'yes') ??
    classified.find((c) => c.windows === 'unknown') ??
    classified[0]!
  );
}
