/**
 * advapi32: tokens, the registry (RegCloseKey family, status-code results) and the service control
 * manager (CloseServiceHandle family).
 */
import type { FunctionContract, HandleKind } from '../types.js';
import { outParam, owned, structField } from './shapes.js';

type Shape = Omit<FunctionContract, 'name'>;
const A = 'advapi32';

const borrowsKind = (kind: HandleKind, arity: number, returns: FunctionContract['returns'] = 'bool'): Shape => ({
  module: A, returns, failure: returns === 'status' ? 'status' : 'false', arity, borrows: [0], paramKinds: { 0: kind },
});
const logonUser: Shape = {
  module: A, returns: 'bool', failure: 'false', arity: 6, acquires: [owned('Token', outParam(5))],
};
const regOpenKeyEx: Shape = {
  module: A, returns: 'status', failure: 'status', arity: 5, acquires: [owned('RegistryKey', outParam(4), 'RegCloseKey')],
  borrows: [0], paramKinds: { 0: 'RegistryKey' },
  notes: 'Returns an error code (ERROR_SUCCESS = 0), not a handle and not a BOOL; the key is valid only when it returned 0.',
};
const regCreateKeyEx: Shape = { ...regOpenKeyEx, arity: 9, acquires: [owned('RegistryKey', outParam(7), 'RegCloseKey')] };
const regShortOpen: Shape = { ...regOpenKeyEx, arity: 3, acquires: [owned('RegistryKey', outParam(2), 'RegCloseKey')] };
const scManager: Shape = {
  module: A, returns: 'handle', failure: 'null', arity: 3, acquires: [owned('Service', undefined, 'CloseServiceHandle')],
  notes: 'An SC_HANDLE is not a kernel handle: release it with CloseServiceHandle.',
};
const openService: Shape = { ...scManager, borrows: [0], paramKinds: { 0: 'Service' } };

export const ADVAPI32: readonly FunctionContract[] = [
  // --- tokens
  {
    name: 'OpenProcessToken', module: A, returns: 'bool', failure: 'false', arity: 3,
    acquires: [owned('Token', outParam(2))], borrows: [0], paramKinds: { 0: 'Process' },
  },
  {
    name: 'OpenThreadToken', module: A, returns: 'bool', failure: 'false', arity: 4,
    acquires: [owned('Token', outParam(3))], borrows: [0], paramKinds: { 0: 'Thread' },
    notes: 'Fails with ERROR_NO_TOKEN when the thread is not impersonating.',
  },
  {
    name: 'DuplicateTokenEx', module: A, returns: 'bool', failure: 'false', arity: 6,
    acquires: [owned('Token', outParam(5))], borrows: [0], paramKinds: { 0: 'Token' },
  },
  {
    name: 'DuplicateToken', module: A, returns: 'bool', failure: 'false', arity: 3,
    acquires: [owned('Token', outParam(2))], borrows: [0], paramKinds: { 0: 'Token' },
  },
  {
    ...borrowsKind('Token', 6), name: 'AdjustTokenPrivileges',
    notes: 'TRUE does not mean every privilege was set: GetLastError() is ERROR_NOT_ALL_ASSIGNED then.',
  },
  { ...borrowsKind('Token', 5), name: 'GetTokenInformation' },
  { ...borrowsKind('Token', 4), name: 'SetTokenInformation' },
  { ...borrowsKind('Token', 1), name: 'ImpersonateLoggedOnUser' },
  { name: 'LogonUserA', ...logonUser },
  { name: 'LogonUserW', ...logonUser },
  {
    name: 'CreateProcessWithLogonW', module: A, returns: 'bool', failure: 'false', arity: 11,
    acquires: [owned('Process', structField(10, 'hProcess')), owned('Thread', structField(10, 'hThread'))],
    startsCode: { in: 'process', parameter: 5 },
  },
  {
    name: 'CreateProcessWithTokenW', module: A, returns: 'bool', failure: 'false', arity: 9,
    acquires: [owned('Process', structField(8, 'hProcess')), owned('Thread', structField(8, 'hThread'))],
    startsCode: { in: 'process', parameter: 3 },
    borrows: [0], paramKinds: { 0: 'Token' },
  },

  // --- registry
  { name: 'RegOpenKeyExA', ...regOpenKeyEx },
  { name: 'RegOpenKeyExW', ...regOpenKeyEx },
  { name: 'RegCreateKeyExA', ...regCreateKeyEx },
  { name: 'RegCreateKeyExW', ...regCreateKeyEx },
  { name: 'RegOpenKeyA', ...regShortOpen },
  { name: 'RegOpenKeyW', ...regShortOpen },
  { name: 'RegCreateKeyA', ...regShortOpen },
  { name: 'RegCreateKeyW', ...regShortOpen },
  {
    name: 'RegConnectRegistryW', module: A, returns: 'status', failure: 'status', arity: 3,
    acquires: [owned('RegistryKey', outParam(2), 'RegCloseKey')], borrows: [1], paramKinds: { 1: 'RegistryKey' },
  },
  {
    name: 'RegOpenCurrentUser', module: A, returns: 'status', failure: 'status', arity: 2,
    acquires: [owned('RegistryKey', outParam(1), 'RegCloseKey')],
  },
  {
    name: 'RegCloseKey', module: A, returns: 'status', failure: 'status', arity: 1,
    releases: [{ param: 0, family: 'RegCloseKey' }], paramKinds: { 0: 'RegistryKey' },
    notes: 'Registry keys are not kernel handles to CloseHandle.',
  },
  { ...borrowsKind('RegistryKey', 6, 'status'), name: 'RegQueryValueExA' },
  { ...borrowsKind('RegistryKey', 6, 'status'), name: 'RegQueryValueExW' },
  { ...borrowsKind('RegistryKey', 6, 'status'), name: 'RegSetValueExA' },
  { ...borrowsKind('RegistryKey', 6, 'status'), name: 'RegSetValueExW' },
  { ...borrowsKind('RegistryKey', 7, 'status'), name: 'RegGetValueW' },
  { ...borrowsKind('RegistryKey', 2, 'status'), name: 'RegDeleteValueW' },
  { ...borrowsKind('RegistryKey', 2, 'status'), name: 'RegDeleteKeyW' },
  { ...borrowsKind('RegistryKey', 8, 'status'), name: 'RegEnumKeyExW' },
  { ...borrowsKind('RegistryKey', 8, 'status'), name: 'RegEnumValueW' },
  { ...borrowsKind('RegistryKey', 12, 'status'), name: 'RegQueryInfoKeyW' },

  // --- services
  { name: 'OpenSCManagerA', ...scManager },
  { name: 'OpenSCManagerW', ...scManager },
  { name: 'OpenServiceA', ...openService },
  { name: 'OpenServiceW', ...openService },
  { name: 'CreateServiceW', ...openService, arity: 13 },
  {
    name: 'CloseServiceHandle', module: A, returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'CloseServiceHandle' }], paramKinds: { 0: 'Service' },
  },
  { ...borrowsKind('Service', 3), name: 'StartServiceW' },
  { ...borrowsKind('Service', 3), name: 'ControlService' },
  { ...borrowsKind('Service', 2), name: 'QueryServiceStatus' },
  { ...borrowsKind('Service', 1), name: 'DeleteService' },
];
