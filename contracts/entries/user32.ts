/**
 * user32 and gdi32: device contexts (ReleaseDC vs DeleteDC), desktops, window stations, and windows
 * (HWNDs are never owned by whoever looks them up).
 */
import type { FunctionContract, HandleKind } from '../types.js';
import { borrowed, owned } from './shapes.js';

type Shape = Omit<FunctionContract, 'name'>;
const U = 'user32';
const G = 'gdi32';

const getDC: Shape = {
  module: U, returns: 'handle', failure: 'null', arity: 1, acquires: [owned('DeviceContext', undefined, 'ReleaseDC')],
  borrows: [0], paramKinds: { 0: 'Window' },
  notes: 'Released with ReleaseDC(hWnd, hDC), not DeleteDC and not CloseHandle.',
};
const createDesktop: Shape = {
  module: U, returns: 'handle', failure: 'null', arity: 6, acquires: [owned('Desktop', undefined, 'CloseDesktop')],
};
const openDesktop: Shape = { ...createDesktop, arity: 4 };
const windowStation: Shape = {
  module: U, returns: 'handle', failure: 'null', arity: 4, acquires: [owned('WindowStation', undefined, 'CloseWindowStation')],
};
const findWindow: Shape = {
  module: U, returns: 'handle', failure: 'null', arity: 2, acquires: [borrowed('Window')],
  notes: 'An HWND is not closable.',
};
const borrowsKind = (kind: HandleKind, arity: number): Shape => ({
  module: U, returns: 'bool', failure: 'false', arity, borrows: [0], paramKinds: { 0: kind },
});
const createDC: Shape = {
  module: G, returns: 'handle', failure: 'null', arity: 4, acquires: [owned('DeviceContext', undefined, 'DeleteDC')],
  notes: 'A created DC goes to DeleteDC, not ReleaseDC.',
};

export const USER32: readonly FunctionContract[] = [
  // --- device contexts
  { name: 'GetDC', ...getDC },
  { name: 'GetWindowDC', ...getDC },
  { name: 'GetDCEx', ...getDC, arity: 3 },
  {
    name: 'ReleaseDC', module: U, returns: 'int', failure: 'null', arity: 2,
    borrows: [0], releases: [{ param: 1, family: 'ReleaseDC' }], paramKinds: { 0: 'Window', 1: 'DeviceContext' },
    notes: 'The DC is the SECOND argument; returns 0 when it was not released.',
  },
  { name: 'CreateDCA', ...createDC },
  { name: 'CreateDCW', ...createDC },
  { name: 'CreateCompatibleDC', ...createDC, arity: 1, borrows: [0], paramKinds: { 0: 'DeviceContext' } },
  {
    name: 'DeleteDC', module: G, returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'DeleteDC' }], paramKinds: { 0: 'DeviceContext' },
  },

  // --- desktops and window stations
  { name: 'CreateDesktopA', ...createDesktop },
  { name: 'CreateDesktopW', ...createDesktop },
  { name: 'OpenDesktopA', ...openDesktop },
  { name: 'OpenDesktopW', ...openDesktop },
  { name: 'OpenInputDesktop', ...openDesktop, arity: 3 },
  {
    name: 'CloseDesktop', module: U, returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'CloseDesktop' }], paramKinds: { 0: 'Desktop' },
  },
  { name: 'SwitchDesktop', ...borrowsKind('Desktop', 1) },
  { name: 'SetThreadDesktop', ...borrowsKind('Desktop', 1) },
  {
    name: 'GetThreadDesktop', module: U, returns: 'handle', failure: 'null', arity: 1, acquires: [borrowed('Desktop')],
    notes: 'The thread\'s own desktop: never CloseDesktop it.',
  },
  { name: 'CreateWindowStationW', ...windowStation },
  { name: 'OpenWindowStationW', ...windowStation, arity: 3 },
  {
    name: 'CloseWindowStation', module: U, returns: 'bool', failure: 'false', arity: 1,
    releases: [{ param: 0, family: 'CloseWindowStation' }], paramKinds: { 0: 'WindowStation' },
  },
  { name: 'GetProcessWindowStation', module: U, returns: 'handle', failure: 'null', arity: 0, acquires: [borrowed('WindowStation')] },
  { name: 'SetProcessWindowStation', ...borrowsKind('WindowStation', 1) },

  // --- windows (never owned)
  { name: 'GetForegroundWindow', module: U, returns: 'handle', failure: 'null', arity: 0, acquires: [borrowed('Window')], notes: 'An HWND is not closable.' },
  { name: 'GetDesktopWindow', module: U, returns: 'handle', failure: 'none', arity: 0, acquires: [borrowed('Window')] },
  { name: 'GetConsoleWindow', module: 'kernel32', returns: 'handle', failure: 'null', arity: 0, acquires: [borrowed('Window')] },
  { name: 'FindWindowA', ...findWindow },
  { name: 'FindWindowW', ...findWindow },
  { name: 'FindWindowExW', ...findWindow, arity: 4, borrows: [0, 1], paramKinds: { 0: 'Window', 1: 'Window' } },
  { name: 'GetWindowThreadProcessId', module: U, returns: 'dword', failure: 'null', arity: 2, borrows: [0], paramKinds: { 0: 'Window' } },
];
