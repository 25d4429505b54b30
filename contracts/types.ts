/**
 * The Win32 contract table's types. The table is DATA: one entry per function, no logic per function.
 * The engine, every rule and the runtime read it; nothing here may import anything else of ours.
 */

/** What a function returns on failure (the value callers must test against). */
export type FailureValue =
  /** NULL (0 / null pointer): CreateEventW, OpenProcess, CreateThread, CreateFileMappingW, ... */
  | 'null'
  /** INVALID_HANDLE_VALUE (-1): CreateFileW, CreateNamedPipeW, CreateMailslotW, FindFirstFileW, CreateToolhelp32Snapshot */
  | 'invalid'
  /** BOOL FALSE; any acquired out-param/struct handle is valid only when the call returned TRUE */
  | 'false'
  /** a status code where 0 (ERROR_SUCCESS / STATUS_SUCCESS / S_OK) is success: RegOpenKeyExW, ... */
  | 'status'
  /** -1 as an int file descriptor (CRT _open/_wopen) */
  | 'minus-one'
  /** WAIT_FAILED (0xFFFFFFFF), and any other DWORD function that fails with (DWORD)-1 (ResumeThread) */
  | 'wait-failed'
  /** cannot fail, or failure carries no handle (GetCurrentProcess, CloseHandle's own result is not an acquisition) */
  | 'none';

/**
 * The function family that releases a handle. A handle acquired with family F must be released by a
 * function whose `releases` entry has family F (matching-close).
 */
export type ReleaserFamily =
  | 'CloseHandle'
  | 'FindClose'
  | 'FindCloseChangeNotification'
  | 'RegCloseKey'
  | 'CloseDesktop'
  | 'CloseWindowStation'
  | 'FreeLibrary'
  | 'UnmapViewOfFile'
  | 'ReleaseDC'
  | 'DeleteDC'
  | 'WTSVirtualChannelClose'
  | 'SetupDiDestroyDeviceInfoList'
  | 'LocalFree'
  | 'fclose'
  | '_close'
  /** SC_HANDLE from OpenSCManagerW / OpenServiceW / CreateServiceW */
  | 'CloseServiceHandle';

/** What kind of thing the handle is: drives matching-close messages and the runtime's type checks. */
export type HandleKind =
  | 'Process' | 'Thread' | 'Event' | 'Mutant' | 'Semaphore' | 'Timer' | 'Job' | 'IoCompletion'
  | 'File' | 'Pipe' | 'Mailslot' | 'Section' | 'View' | 'Token' | 'Snapshot' | 'Find' | 'ChangeNotification'
  | 'RegistryKey' | 'Module' | 'Desktop' | 'WindowStation' | 'Window' | 'DeviceContext' | 'DeviceInfoSet'
  | 'VirtualChannel' | 'CrtFile' | 'CrtFd' | 'Any'
  /** SC_HANDLE (service control manager or service) */
  | 'Service'
  /** HLOCAL from LocalAlloc */
  | 'LocalMemory';

/** Where an acquired handle appears after a call. */
export type HandleSlot =
  /** the return value */
  | { readonly at: 'return' }
  /** an out-parameter (LPHANDLE): `out<HANDLE>()`'s `.value`, koffi `[null]`'s `[0]`, a Buffer, ... */
  | { readonly at: 'out'; readonly param: number }
  /** a field of a struct out-parameter (CreateProcessW's PROCESS_INFORMATION: hProcess, hThread) */
  | { readonly at: 'field'; readonly param: number; readonly field: string };

export interface Acquisition {
  readonly slot: HandleSlot;
  /** 'owned': the caller must release it; 'borrowed': never release (GetStdHandle, GetModuleHandleW, GetDC is owned...) ;
   *  'pseudo': a pseudo handle (GetCurrentProcess = -1, GetCurrentThread = -2) */
  readonly ownership: 'owned' | 'borrowed' | 'pseudo';
  readonly kind: HandleKind;
  /** who releases it (absent for borrowed and pseudo results) */
  readonly family?: ReleaserFamily;
  /**
   * The result is parameter N's own handle handed back, not a new one, unless that argument is NULL:
   * CreateIoCompletionPort returns ExistingCompletionPort when one is given; freopen returns its stream.
   * A consumer that ignores this field over-reports (a discarded "new" handle that is really the argument).
   */
  readonly returnsParam?: number;
}

export interface FunctionContract {
  /** the exported Win32 / CRT name, exactly as spelled by the SDK (CreateFileW, fopen, ...) */
  readonly name: string;
  /** the DLL or library it lives in: kernel32, advapi32, user32, psapi, setupapi, wtsapi32, msvcrt */
  readonly module: string;
  /** what the function itself returns */
  readonly returns: 'handle' | 'bool' | 'status' | 'dword' | 'pointer' | 'int' | 'void'
    /** a user-declared wrapper whose return type the declaration does not say */
    | 'unknown';
  /** how many parameters it declares (optional trailing ones included); every table entry sets it */
  readonly arity?: number;
  /** the value it returns on failure; for acquirers this is the sentinel the result must be tested against */
  readonly failure: FailureValue;
  /** handles it creates or hands out */
  readonly acquires?: readonly Acquisition[];
  /** parameters it releases, with the family they must come from */
  readonly releases?: readonly { readonly param: number; readonly family: ReleaserFamily }[];
  /** parameters whose ownership it takes on success (the callee or the object it returns closes them later):
   *  _fdopen(fd), _open_osfhandle(h), a user's `takes`. Closing them afterwards is a double close. */
  readonly takes?: readonly number[];
  /** handle parameters it only uses (a use after close is a bug; passing does not transfer ownership) */
  readonly borrows?: readonly number[];
  /** parameters it validates, throwing when they hold their failure value (only user declarations: an assertion helper) */
  readonly checks?: readonly number[];
  /** the parameter kinds it expects, index-aligned with `borrows`/`releases` where known (for wrong-type uses) */
  readonly paramKinds?: Readonly<Record<number, HandleKind | readonly HandleKind[]>>;
  /**
   * It starts code that runs elsewhere and hands it a value: a new thread of this process (CreateThread: its start
   * routine and that routine's parameter), a thread in another process (CreateRemoteThread), a new process (the
   * CreateProcess* command line). A pseudo handle there means another thread or process (pseudo-handle); a start
   * routine that closes its parameter takes the handle over (no-leak).
   */
  readonly startsCode?: { readonly in: 'thread' | 'process'; readonly parameter: number; readonly routine?: number };
  /** semantics that are not a plain acquire/release: DuplicateHandle's relation between source, target and options */
  readonly special?: 'duplicate-handle' | 'process-exit';
  /** the function never returns (ExitProcess, exit, abort) */
  readonly noReturn?: boolean;
  /** the ANSI/Unicode/Ex siblings that share this contract are separate entries; this names the doc page */
  readonly doc?: string;
  /** one line for the generated docs: a semantic the fields cannot say (conditional ownership, odd sentinels) */
  readonly notes?: string;
}

/**
 * A user's own wrapper, declared in `settings.handles.functions` like Clang's ownership attributes:
 * `{ openLog: { returns: 'owned', failure: 'invalid' }, closeLog: { releases: [0] }, logLine: { borrows: [0] }, Fred: { takes: [0] } }`.
 */
export interface UserFunctionDeclaration {
  /** the result is a handle the caller owns / may not release */
  readonly returns?: 'owned' | 'borrowed' | 'pseudo';
  /** the result's failure value (default 'null' for returns: 'owned') */
  readonly failure?: FailureValue;
  /** the releaser family of the result (default 'CloseHandle') */
  readonly family?: ReleaserFamily;
  /** parameters it closes */
  readonly releases?: readonly number[];
  /** parameters it only uses */
  readonly borrows?: readonly number[];
  /** parameters whose ownership it takes (stores into an owner that will close them): closing them afterwards is a double close */
  readonly takes?: readonly number[];
  /** parameters it validates, throwing when they hold their failure value (an assertion helper): a test of them */
  readonly checks?: readonly number[];
}
