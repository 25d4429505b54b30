/**
 * kernel32 (and kernelbase): kernel objects released with CloseHandle, plus find handles, change
 * notifications, views and modules. Arity counts every declared parameter; indexes are 0-based.
 */
import type { FunctionContract, HandleKind } from '../types.js';
import { KERNEL_OBJECT_KINDS } from '../vocabulary.js';
import { FILE_LIKE, WAITABLE, borrowed, outParam, owned, pseudo, structField } from './shapes.js';

type Shape = Omit<FunctionContract, 'name'>;
const K = 'kernel32';

// Shapes shared by ANSI/Unicode/Ex siblings.
const createFileNoTemplate: Shape = {
  module: K, returns: 'handle', failure: 'invalid', arity: 5, acquires: [owned('File')],
  notes: 'Also opens pipes, mailslot clients and devices (\\\\.\\X); fails with INVALID_HANDLE_VALUE, never NULL.',
};
const createFile: Shape = { ...createFileNoTemplate, arity: 7, borrows: [6], paramKinds: { 6: 'File' } };
const createNamedPipe: Shape = { module: K, returns: 'handle', failure: 'invalid', arity: 8, acquires: [owned('Pipe')] };
const createMailslot: Shape = { module: K, returns: 'handle', failure: 'invalid', arity: 4, acquires: [owned('Mailslot')] };
const findFirstFile: Shape = {
  module: K, returns: 'handle', failure: 'invalid', arity: 2, acquires: [owned('Find', undefined, 'FindClose')],
  notes: 'A find handle is not a kernel handle: CloseHandle on it is wrong.',
};
const findFirstFileEx: Shape = { ...findFirstFile, arity: 6 };
const findNextFile: Shape = { module: K, returns: 'bool', failure: 'false', arity: 2, borrows: [0], paramKinds: { 0: 'Find' } };
const findFirstChange: Shape = {
  module: K, returns: 'handle', failure: 'invalid', arity: 3,
  acquires: [owned('ChangeNotification', undefined, 'FindCloseChangeNotification')],
};
const createEvent: Shape = { module: K, returns: 'handle', failure: 'null', arity: 4, acquires: [owned('Event')] };
const openEvent: Shape = { module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Event')] };
const createMutex: Shape = { module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Mutant')] };
const createMutexEx: Shape = { ...createMutex, arity: 4 };
const openMutex: Shape = { module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Mutant')] };
const createSemaphore: Shape = { module: K, returns: 'handle', failure: 'null', arity: 4, acquires: [owned('Semaphore')] };
const createSemaphoreEx: Shape = { ...createSemaphore, arity: 6 };
const openSemaphore: Shape = { module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Semaphore')] };
const createTimer: Shape = { module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Timer')] };
const createJob: Shape = { module: K, returns: 'handle', failure: 'null', arity: 2, acquires: [owned('Job')] };
const openJob: Shape = { module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Job')] };
const createFileMapping: Shape = {
  module: K, returns: 'handle', failure: 'null', arity: 6, acquires: [owned('Section')],
  borrows: [0], paramKinds: { 0: 'File' },
  notes: 'Fails with NULL, not INVALID_HANDLE_VALUE; hFile = INVALID_HANDLE_VALUE means a pagefile-backed section (a failed CreateFile passed here is silently accepted).',
};
const openFileMapping: Shape = { module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Section')] };
const mapView: Shape = {
  module: K, returns: 'pointer', failure: 'null', arity: 5, acquires: [owned('View', undefined, 'UnmapViewOfFile')],
  borrows: [0], paramKinds: { 0: 'Section' },
  notes: 'The view holds its own reference to the section: closing the mapping handle first is fine, the view still needs UnmapViewOfFile.',
};
const processInformation = (param: number) => [
  owned('Process', structField(param, 'hProcess')),
  owned('Thread', structField(param, 'hThread')),
];
const createProcess: Shape = {
  module: K, returns: 'bool', failure: 'false', arity: 10, acquires: processInformation(9), startsCode: { in: 'process', parameter: 1 },
  notes: 'Both PROCESS_INFORMATION handles are owned: close hThread too, even when only the process is waited on.',
};
const toolhelpWalk: Shape = { module: K, returns: 'bool', failure: 'false', arity: 2, borrows: [0], paramKinds: { 0: 'Snapshot' } };
const loadLibrary: Shape = { module: K, returns: 'handle', failure: 'null', arity: 1, acquires: [owned('Module', undefined, 'FreeLibrary')] };
const loadLibraryEx: Shape = { ...loadLibrary, arity: 3 };
const getModuleHandle: Shape = {
  module: K, returns: 'handle', failure: 'null', arity: 1, acquires: [borrowed('Module')],
  notes: 'Does not add a reference: FreeLibrary on the result unloads a module someone else loaded.',
};
const waitSingle: Shape = { module: K, returns: 'dword', failure: 'wait-failed', borrows: [0], paramKinds: { 0: WAITABLE } };
const waitMultiple: Shape = {
  module: K, returns: 'dword', failure: 'wait-failed',
  notes: 'lpHandles is an array of borrowed handles (at most 64).',
};
const fileIo: Shape = { module: K, returns: 'bool', failure: 'false', arity: 5, borrows: [0], paramKinds: { 0: FILE_LIKE } };
const borrowsProcess = (arity: number, returns: FunctionContract['returns'] = 'bool', failure: FunctionContract['failure'] = 'false'): Shape =>
  ({ module: K, returns, failure, arity, borrows: [0], paramKinds: { 0: 'Process' } });
const borrowsThread = (arity: number, returns: FunctionContract['returns'] = 'bool', failure: FunctionContract['failure'] = 'false'): Shape =>
  ({ module: K, returns, failure, arity, borrows: [0], paramKinds: { 0: 'Thread' } });
const borrowsKind = (kind: HandleKind | readonly HandleKind[], arity: number): Shape =>
  ({ module: K, returns: 'bool', failure: 'false', arity, borrows: [0], paramKinds: { 0: kind } });

export const KERNEL32: readonly FunctionContract[] = [
  // --- handles in general
  {
    name: 'CloseHandle', module: K, returns: 'bool', failure: 'false', arity: 1, releases: [{ param: 0, family: 'CloseHandle' }],
    paramKinds: { 0: KERNEL_OBJECT_KINDS },
    notes: 'Only for kernel objects: not for find handles, registry keys, modules, windows, DCs or CRT files.',
  },
  {
    name: 'DuplicateHandle', module: K, returns: 'bool', failure: 'false', arity: 7, special: 'duplicate-handle',
    borrows: [0, 1, 2], paramKinds: { 0: 'Process', 1: 'Any', 2: 'Process' },
    acquires: [owned('Any', outParam(3))],
    notes: 'The duplicate lives in the target process (param 2): owned here only when that is the current process. DUPLICATE_CLOSE_SOURCE closes param 1 even when the call fails.',
  },
  { name: 'GetHandleInformation', module: K, returns: 'bool', failure: 'false', arity: 2, borrows: [0], paramKinds: { 0: 'Any' } },
  { name: 'SetHandleInformation', module: K, returns: 'bool', failure: 'false', arity: 3, borrows: [0], paramKinds: { 0: 'Any' } },
  {
    name: 'CompareObjectHandles', module: K, returns: 'bool', failure: 'false', arity: 2, borrows: [0, 1], paramKinds: { 0: 'Any', 1: 'Any' },
    notes: 'FALSE also means "different objects" (ERROR_NOT_SAME_OBJECT), not only failure.',
  },
  { name: 'GetCurrentProcess', module: K, returns: 'handle', failure: 'none', arity: 0, acquires: [pseudo('Process')], notes: 'Pseudo handle -1 (same bits as INVALID_HANDLE_VALUE).' },
  { name: 'GetCurrentThread', module: K, returns: 'handle', failure: 'none', arity: 0, acquires: [pseudo('Thread')], notes: 'Pseudo handle -2: means whichever thread uses it.' },
  { name: 'GetCurrentProcessId', module: K, returns: 'dword', failure: 'none', arity: 0 },
  { name: 'GetCurrentThreadId', module: K, returns: 'dword', failure: 'none', arity: 0 },
  { name: 'GetLastError', module: K, returns: 'dword', failure: 'none', arity: 0 },
  { name: 'SetLastError', module: K, returns: 'void', failure: 'none', arity: 1 },
  {
    name: 'GetStdHandle', module: K, returns: 'handle', failure: 'invalid', arity: 1, acquires: [borrowed('Any')],
    notes: 'May also return NULL (no standard handle); the process owns the result.',
  },
  {
    name: 'SetStdHandle', module: K, returns: 'bool', failure: 'false', arity: 2, borrows: [1], paramKinds: { 1: FILE_LIKE },
    notes: 'Does not close the previous standard handle and does not take ownership of the new one.',
  },

  // --- synchronisation objects
  { name: 'CreateEventA', ...createEvent },
  { name: 'CreateEventW', ...createEvent },
  { name: 'CreateEventExA', ...createEvent },
  { name: 'CreateEventExW', ...createEvent },
  { name: 'OpenEventA', ...openEvent },
  { name: 'OpenEventW', ...openEvent },
  { name: 'SetEvent', ...borrowsKind('Event', 1) },
  { name: 'ResetEvent', ...borrowsKind('Event', 1) },
  { name: 'PulseEvent', ...borrowsKind('Event', 1) },
  { name: 'CreateMutexA', ...createMutex },
  { name: 'CreateMutexW', ...createMutex },
  { name: 'CreateMutexExA', ...createMutexEx },
  { name: 'CreateMutexExW', ...createMutexEx },
  { name: 'OpenMutexA', ...openMutex },
  { name: 'OpenMutexW', ...openMutex },
  { name: 'ReleaseMutex', ...borrowsKind('Mutant', 1) },
  { name: 'CreateSemaphoreA', ...createSemaphore },
  { name: 'CreateSemaphoreW', ...createSemaphore },
  { name: 'CreateSemaphoreExA', ...createSemaphoreEx },
  { name: 'CreateSemaphoreExW', ...createSemaphoreEx },
  { name: 'OpenSemaphoreA', ...openSemaphore },
  { name: 'OpenSemaphoreW', ...openSemaphore },
  { name: 'ReleaseSemaphore', ...borrowsKind('Semaphore', 3) },
  { name: 'CreateWaitableTimerA', ...createTimer },
  { name: 'CreateWaitableTimerW', ...createTimer },
  { name: 'CreateWaitableTimerExW', ...createTimer, arity: 4 },
  { name: 'OpenWaitableTimerW', ...createTimer },
  { name: 'SetWaitableTimer', ...borrowsKind('Timer', 6) },
  { name: 'CancelWaitableTimer', ...borrowsKind('Timer', 1) },
  { name: 'WaitForSingleObject', ...waitSingle, arity: 2 },
  { name: 'WaitForSingleObjectEx', ...waitSingle, arity: 3 },
  { name: 'WaitForMultipleObjects', ...waitMultiple, arity: 4 },
  { name: 'WaitForMultipleObjectsEx', ...waitMultiple, arity: 5 },
  {
    name: 'SignalObjectAndWait', module: K, returns: 'dword', failure: 'wait-failed', arity: 4,
    borrows: [0, 1], paramKinds: { 0: ['Event', 'Mutant', 'Semaphore'], 1: WAITABLE },
  },

  // --- files, pipes, mailslots, devices
  { name: 'CreateFileA', ...createFile },
  { name: 'CreateFileW', ...createFile },
  { name: 'CreateFile2', ...createFileNoTemplate },
  { name: 'ReadFile', ...fileIo },
  { name: 'WriteFile', ...fileIo },
  { name: 'ReadFileEx', ...fileIo },
  { name: 'WriteFileEx', ...fileIo },
  { name: 'GetFileSizeEx', ...borrowsKind('File', 2) },
  {
    name: 'GetFileSize', module: K, returns: 'dword', failure: 'none', arity: 2, borrows: [0], paramKinds: { 0: 'File' },
    notes: 'Fails with INVALID_FILE_SIZE (0xFFFFFFFF), which is also a valid low DWORD: only GetLastError tells; prefer GetFileSizeEx.',
  },
  { name: 'GetFileType', module: K, returns: 'dword', failure: 'null', arity: 1, borrows: [0], paramKinds: { 0: FILE_LIKE }, notes: 'FILE_TYPE_UNKNOWN (0) with an error on failure.' },
  { name: 'SetFilePointerEx', ...borrowsKind('File', 4) },
  { name: 'SetEndOfFile', ...borrowsKind('File', 1) },
  { name: 'FlushFileBuffers', ...borrowsKind(FILE_LIKE, 1) },
  { name: 'GetFileInformationByHandle', ...borrowsKind('File', 2) },
  { name: 'GetOverlappedResult', ...borrowsKind(FILE_LIKE, 4) },
  { name: 'CancelIo', ...borrowsKind(FILE_LIKE, 1) },
  { name: 'CancelIoEx', ...borrowsKind(FILE_LIKE, 2) },
  { name: 'LockFileEx', ...borrowsKind('File', 6) },
  { name: 'UnlockFileEx', ...borrowsKind('File', 5) },
  {
    name: 'DeviceIoControl', module: K, returns: 'bool', failure: 'false', arity: 8, borrows: [0], paramKinds: { 0: 'File' },
    notes: 'On a stale handle value that was recycled, the control code goes to whatever object now has the value.',
  },
  { name: 'CreateNamedPipeA', ...createNamedPipe },
  { name: 'CreateNamedPipeW', ...createNamedPipe },
  { name: 'ConnectNamedPipe', ...borrowsKind('Pipe', 2) },
  { name: 'DisconnectNamedPipe', ...borrowsKind('Pipe', 1) },
  { name: 'PeekNamedPipe', ...borrowsKind('Pipe', 6) },
  { name: 'SetNamedPipeHandleState', ...borrowsKind('Pipe', 4) },
  {
    name: 'CreatePipe', module: K, returns: 'bool', failure: 'false', arity: 4,
    acquires: [owned('Pipe', outParam(0)), owned('Pipe', outParam(1))],
    notes: 'Two owned handles: close the write end you do not use, or the reader never sees end-of-file.',
  },
  { name: 'CreateMailslotA', ...createMailslot },
  { name: 'CreateMailslotW', ...createMailslot },
  { name: 'GetMailslotInfo', ...borrowsKind('Mailslot', 5) },
  { name: 'SetMailslotInfo', ...borrowsKind('Mailslot', 2) },
  { name: 'FindFirstFileA', ...findFirstFile },
  { name: 'FindFirstFileW', ...findFirstFile },
  { name: 'FindFirstFileExA', ...findFirstFileEx },
  { name: 'FindFirstFileExW', ...findFirstFileEx },
  { name: 'FindNextFileA', ...findNextFile },
  { name: 'FindNextFileW', ...findNextFile },
  { name: 'FindClose', module: K, returns: 'bool', failure: 'false', arity: 1, releases: [{ param: 0, family: 'FindClose' }], paramKinds: { 0: 'Find' } },
  { name: 'FindFirstChangeNotificationA', ...findFirstChange },
  { name: 'FindFirstChangeNotificationW', ...findFirstChange },
  { name: 'FindNextChangeNotification', ...borrowsKind('ChangeNotification', 1) },
  {
    name: 'FindCloseChangeNotification', module: K, returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'FindCloseChangeNotification' }], paramKinds: { 0: 'ChangeNotification' },
  },
  {
    name: 'CreateIoCompletionPort', module: K, returns: 'handle', failure: 'null', arity: 4,
    acquires: [{ ...owned('IoCompletion'), returnsParam: 1 }],
    borrows: [0, 1], paramKinds: { 0: FILE_LIKE, 1: 'IoCompletion' },
    notes: 'A new port only when ExistingCompletionPort (param 1) is NULL; otherwise it returns that port again (do not close it twice). FileHandle may be INVALID_HANDLE_VALUE.',
  },
  { name: 'GetQueuedCompletionStatus', ...borrowsKind('IoCompletion', 5) },
  { name: 'PostQueuedCompletionStatus', ...borrowsKind('IoCompletion', 4) },

  // --- sections and views
  { name: 'CreateFileMappingA', ...createFileMapping },
  { name: 'CreateFileMappingW', ...createFileMapping },
  { name: 'OpenFileMappingA', ...openFileMapping },
  { name: 'OpenFileMappingW', ...openFileMapping },
  { name: 'MapViewOfFile', ...mapView },
  { name: 'MapViewOfFileEx', ...mapView, arity: 6 },
  {
    name: 'UnmapViewOfFile', module: K, returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'UnmapViewOfFile' }], paramKinds: { 0: 'View' },
    notes: 'Takes the view address, not the mapping handle (the mapping goes to CloseHandle).',
  },
  { name: 'FlushViewOfFile', module: K, returns: 'bool', failure: 'false', arity: 2, borrows: [0], paramKinds: { 0: 'View' } },

  // --- processes and threads
  { name: 'CreateProcessA', ...createProcess },
  { name: 'CreateProcessW', ...createProcess },
  {
    name: 'CreateProcessAsUserA', ...createProcess, module: 'advapi32', arity: 11, acquires: processInformation(10),
    borrows: [0], paramKinds: { 0: 'Token' }, startsCode: { in: 'process', parameter: 2 },
  },
  {
    name: 'CreateProcessAsUserW', ...createProcess, module: 'advapi32', arity: 11, acquires: processInformation(10),
    borrows: [0], paramKinds: { 0: 'Token' }, startsCode: { in: 'process', parameter: 2 },
  },
  { name: 'OpenProcess', module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Process')], notes: 'Fails with NULL, not INVALID_HANDLE_VALUE.' },
  { name: 'TerminateProcess', ...borrowsProcess(2) },
  { name: 'GetExitCodeProcess', ...borrowsProcess(2) },
  { name: 'GetProcessHandleCount', ...borrowsProcess(2) },
  { name: 'GetProcessId', ...borrowsProcess(1, 'dword', 'null') },
  { name: 'GetProcessTimes', ...borrowsProcess(5) },
  { name: 'GetPriorityClass', ...borrowsProcess(1, 'dword', 'null') },
  { name: 'SetPriorityClass', ...borrowsProcess(2) },
  { name: 'QueryFullProcessImageNameA', ...borrowsProcess(4) },
  { name: 'QueryFullProcessImageNameW', ...borrowsProcess(4) },
  { name: 'ReadProcessMemory', ...borrowsProcess(5) },
  { name: 'WriteProcessMemory', ...borrowsProcess(5) },
  { name: 'VirtualAllocEx', ...borrowsProcess(5, 'pointer', 'null'), notes: 'Memory in the target process, released with VirtualFreeEx (not modelled as a handle).' },
  { name: 'VirtualFreeEx', ...borrowsProcess(4) },
  { name: 'VirtualQueryEx', ...borrowsProcess(4, 'dword', 'null'), notes: 'Returns the number of bytes written; 0 on failure.' },
  { name: 'K32EnumProcessModules', ...borrowsProcess(4), notes: 'The HMODULEs it returns are not references: never FreeLibrary them.' },
  { name: 'K32GetModuleFileNameExW', ...borrowsProcess(4, 'dword', 'null'), borrows: [0, 1], paramKinds: { 0: 'Process', 1: 'Module' } },
  { name: 'IsWow64Process', ...borrowsProcess(2) },
  {
    name: 'CreateThread', module: K, returns: 'handle', failure: 'null', arity: 6, acquires: [owned('Thread')],
    startsCode: { in: 'thread', routine: 2, parameter: 3 },
    notes: 'The thread keeps running after its handle is closed; closing the handle is still required.',
  },
  {
    name: 'CreateRemoteThread', module: K, returns: 'handle', failure: 'null', arity: 7, acquires: [owned('Thread')],
    borrows: [0], paramKinds: { 0: 'Process' },
    startsCode: { in: 'process', routine: 3, parameter: 4 },
  },
  {
    name: 'CreateRemoteThreadEx', module: K, returns: 'handle', failure: 'null', arity: 8, acquires: [owned('Thread')],
    borrows: [0], paramKinds: { 0: 'Process' },
    startsCode: { in: 'process', routine: 3, parameter: 4 },
  },
  { name: 'OpenThread', module: K, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Thread')] },
  { name: 'TerminateThread', ...borrowsThread(2) },
  { name: 'GetExitCodeThread', ...borrowsThread(2) },
  { name: 'GetThreadId', ...borrowsThread(1, 'dword', 'null') },
  { name: 'SuspendThread', ...borrowsThread(1, 'dword', 'wait-failed'), notes: 'Fails with (DWORD)-1 = 0xFFFFFFFF, the same value as WAIT_FAILED.' },
  { name: 'ResumeThread', ...borrowsThread(1, 'dword', 'wait-failed'), notes: 'Fails with (DWORD)-1 = 0xFFFFFFFF, the same value as WAIT_FAILED.' },
  { name: 'SetThreadPriority', ...borrowsThread(2) },
  { name: 'GetThreadContext', ...borrowsThread(2) },
  { name: 'SetThreadContext', ...borrowsThread(2) },
  { name: 'QueueUserAPC', module: K, returns: 'dword', failure: 'null', arity: 3, borrows: [1], paramKinds: { 1: 'Thread' } },
  {
    name: 'ExitProcess', module: K, returns: 'void', failure: 'none', arity: 1, noReturn: true, special: 'process-exit',
    notes: 'Never returns; the system closes every handle of the process.',
  },
  { name: 'ExitThread', module: K, returns: 'void', failure: 'none', arity: 1, noReturn: true },

  // --- toolhelp snapshots
  {
    name: 'CreateToolhelp32Snapshot', module: K, returns: 'handle', failure: 'invalid', arity: 2, acquires: [owned('Snapshot')],
    notes: 'Fails with INVALID_HANDLE_VALUE; released with CloseHandle.',
  },
  { name: 'Process32First', ...toolhelpWalk },
  { name: 'Process32FirstW', ...toolhelpWalk },
  { name: 'Process32Next', ...toolhelpWalk },
  { name: 'Process32NextW', ...toolhelpWalk },
  { name: 'Module32First', ...toolhelpWalk },
  { name: 'Module32FirstW', ...toolhelpWalk },
  { name: 'Module32Next', ...toolhelpWalk },
  { name: 'Module32NextW', ...toolhelpWalk },
  { name: 'Thread32First', ...toolhelpWalk },
  { name: 'Thread32Next', ...toolhelpWalk },

  // --- jobs
  { name: 'CreateJobObjectA', ...createJob },
  { name: 'CreateJobObjectW', ...createJob },
  { name: 'OpenJobObjectW', ...openJob },
  {
    name: 'AssignProcessToJobObject', module: K, returns: 'bool', failure: 'false', arity: 2,
    borrows: [0, 1], paramKinds: { 0: 'Job', 1: 'Process' },
  },
  { name: 'TerminateJobObject', ...borrowsKind('Job', 2) },
  { name: 'SetInformationJobObject', ...borrowsKind('Job', 4) },

  // --- modules
  { name: 'LoadLibraryA', ...loadLibrary },
  { name: 'LoadLibraryW', ...loadLibrary },
  { name: 'LoadLibraryExA', ...loadLibraryEx },
  { name: 'LoadLibraryExW', ...loadLibraryEx },
  { name: 'FreeLibrary', module: K, returns: 'bool', failure: 'false', arity: 1, releases: [{ param: 0, family: 'FreeLibrary' }], paramKinds: { 0: 'Module' } },
  {
    name: 'FreeLibraryAndExitThread', module: K, returns: 'void', failure: 'none', arity: 2, noReturn: true,
    releases: [{ param: 0, family: 'FreeLibrary' }], paramKinds: { 0: 'Module' },
  },
  { name: 'GetModuleHandleA', ...getModuleHandle },
  { name: 'GetModuleHandleW', ...getModuleHandle },
  { name: 'GetProcAddress', module: K, returns: 'pointer', failure: 'null', arity: 2, borrows: [0], paramKinds: { 0: 'Module' } },
  { name: 'GetModuleFileNameW', module: K, returns: 'dword', failure: 'null', arity: 3, borrows: [0], paramKinds: { 0: 'Module' } },

  // --- local memory
  {
    name: 'LocalAlloc', module: K, returns: 'handle', failure: 'null', arity: 2, acquires: [owned('LocalMemory', undefined, 'LocalFree')],
  },
  {
    name: 'LocalFree', module: K, returns: 'handle', failure: 'none', arity: 1, releases: [{ param: 0, family: 'LocalFree' }], paramKinds: { 0: 'LocalMemory' },
    notes: 'Returns NULL on success and the handle itself on failure. Also frees buffers that FormatMessage/ConvertSidToStringSid allocate.',
  },
];
