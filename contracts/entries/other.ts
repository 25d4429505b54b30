/**
 * psapi, setupapi, wtsapi32 and ntdll: the smaller libraries, each with its own releaser or sentinel.
 */
import type { FunctionContract } from '../types.js';
import { KERNEL_OBJECT_KINDS } from '../vocabulary.js';
import { outParam, owned } from './shapes.js';

type Shape = Omit<FunctionContract, 'name'>;

const enumModules: Shape = {
  module: 'psapi', returns: 'bool', failure: 'false', arity: 4, borrows: [0], paramKinds: { 0: 'Process' },
  notes: 'The HMODULEs it fills in are not references: never FreeLibrary them.',
};
const processAndModule: Shape = {
  module: 'psapi', returns: 'dword', failure: 'null', arity: 4, borrows: [0, 1], paramKinds: { 0: 'Process', 1: 'Module' },
  notes: 'Returns the string length; 0 on failure.',
};
const getClassDevs: Shape = {
  module: 'setupapi', returns: 'handle', failure: 'invalid', arity: 4,
  acquires: [owned('DeviceInfoSet', undefined, 'SetupDiDestroyDeviceInfoList')],
  notes: 'Fails with INVALID_HANDLE_VALUE, not NULL.',
};
const deviceInfoUse = (arity: number): Shape => ({
  module: 'setupapi', returns: 'bool', failure: 'false', arity, borrows: [0], paramKinds: { 0: 'DeviceInfoSet' },
});
const channelOpen: Shape = {
  module: 'wtsapi32', returns: 'handle', failure: 'null', arity: 3,
  acquires: [owned('VirtualChannel', undefined, 'WTSVirtualChannelClose')],
};
const channelUse = (arity: number): Shape => ({
  module: 'wtsapi32', returns: 'bool', failure: 'false', arity, borrows: [0], paramKinds: { 0: 'VirtualChannel' },
});

export const OTHER_LIBRARIES: readonly FunctionContract[] = [
  // --- psapi
  { name: 'EnumProcessModules', ...enumModules },
  { name: 'EnumProcessModulesEx', ...enumModules, arity: 5 },
  { name: 'GetModuleFileNameExA', ...processAndModule },
  { name: 'GetModuleFileNameExW', ...processAndModule },
  { name: 'GetModuleBaseNameW', ...processAndModule },
  { name: 'GetProcessImageFileNameW', module: 'psapi', returns: 'dword', failure: 'null', arity: 3, borrows: [0], paramKinds: { 0: 'Process' } },
  { name: 'GetProcessMemoryInfo', module: 'psapi', returns: 'bool', failure: 'false', arity: 3, borrows: [0], paramKinds: { 0: 'Process' } },

  // --- setupapi
  { name: 'SetupDiGetClassDevsA', ...getClassDevs },
  { name: 'SetupDiGetClassDevsW', ...getClassDevs },
  { name: 'SetupDiCreateDeviceInfoList', ...getClassDevs, arity: 2 },
  { name: 'SetupDiEnumDeviceInfo', ...deviceInfoUse(3) },
  { name: 'SetupDiEnumDeviceInterfaces', ...deviceInfoUse(5) },
  { name: 'SetupDiGetDeviceInterfaceDetailW', ...deviceInfoUse(6) },
  { name: 'SetupDiGetDeviceRegistryPropertyW', ...deviceInfoUse(7) },
  {
    name: 'SetupDiOpenDevRegKey', module: 'setupapi', returns: 'handle', failure: 'invalid', arity: 6,
    acquires: [owned('RegistryKey', undefined, 'RegCloseKey')], borrows: [0], paramKinds: { 0: 'DeviceInfoSet' },
    notes: 'A registry key that fails with INVALID_HANDLE_VALUE (unlike RegOpenKeyEx): RegCloseKey it.',
  },
  {
    name: 'SetupDiDestroyDeviceInfoList', module: 'setupapi', returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'SetupDiDestroyDeviceInfoList' }], paramKinds: { 0: 'DeviceInfoSet' },
  },

  // --- wtsapi32
  { name: 'WTSVirtualChannelOpen', ...channelOpen },
  { name: 'WTSVirtualChannelOpenEx', ...channelOpen },
  {
    name: 'WTSVirtualChannelClose', module: 'wtsapi32', returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'WTSVirtualChannelClose' }], paramKinds: { 0: 'VirtualChannel' },
  },
  { name: 'WTSVirtualChannelRead', ...channelUse(5) },
  { name: 'WTSVirtualChannelWrite', ...channelUse(4) },
  { name: 'WTSVirtualChannelQuery', ...channelUse(4) },
  {
    name: 'WTSQueryUserToken', module: 'wtsapi32', returns: 'bool', failure: 'false', arity: 2,
    acquires: [owned('Token', outParam(1))],
  },

  // --- ntdll
  {
    name: 'NtClose', module: 'ntdll', returns: 'status', failure: 'status', arity: 1,
    releases: [{ param: 0, family: 'CloseHandle' }], paramKinds: { 0: KERNEL_OBJECT_KINDS },
    notes: 'The native CloseHandle: returns an NTSTATUS (negative on failure).',
  },
];
