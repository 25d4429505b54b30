/**
 * The C runtime (msvcrt / ucrtbase): FILE* streams (fclose, NULL on failure) and int file descriptors
 * (_close, -1 on failure), and the bridges between them and Win32 handles.
 */
import type { FunctionContract } from '../types.js';
import { borrowed, outParam, owned } from './shapes.js';

type Shape = Omit<FunctionContract, 'name'>;
const C = 'msvcrt';

const fopen: Shape = { module: C, returns: 'pointer', failure: 'null', arity: 2, acquires: [owned('CrtFile', undefined, 'fclose')] };
const freopen: Shape = {
  module: C, returns: 'pointer', failure: 'null', arity: 3,
  acquires: [{ ...owned('CrtFile', undefined, 'fclose'), returnsParam: 2 }], takes: [2], paramKinds: { 2: 'CrtFile' },
  notes: 'Returns the same stream it was given (param 2); on failure that stream is closed anyway.',
};
const fopenS: Shape = {
  module: C, returns: 'status', failure: 'status', arity: 3, acquires: [owned('CrtFile', outParam(0), 'fclose')],
  notes: 'Returns an errno value (0 on success).',
};
const open: Shape = {
  module: C, returns: 'int', failure: 'minus-one', arity: 3, acquires: [owned('CrtFd', undefined, '_close')],
  notes: 'The third argument (pmode) is optional. 0 is a valid descriptor: test for -1.',
};
const sopenS: Shape = {
  module: C, returns: 'status', failure: 'status', arity: 5, acquires: [owned('CrtFd', outParam(0), '_close')],
  notes: 'Returns an errno value (0 on success).',
};
const streamUse = (arity: number, param: number, returns: FunctionContract['returns'] = 'int'): Shape => ({
  module: C, returns, failure: 'none', arity, borrows: [param], paramKinds: { [param]: 'CrtFile' },
});
const fdUse = (arity: number): Shape => ({
  module: C, returns: 'int', failure: 'minus-one', arity, borrows: [0], paramKinds: { 0: 'CrtFd' },
});

export const CRT: readonly FunctionContract[] = [
  { name: 'fopen', ...fopen },
  { name: '_wfopen', ...fopen },
  { name: '_fsopen', ...fopen, arity: 3 },
  { name: 'freopen', ...freopen },
  { name: '_wfreopen', ...freopen },
  { name: 'fopen_s', ...fopenS },
  { name: '_wfopen_s', ...fopenS },
  {
    name: '_fdopen', module: C, returns: 'pointer', failure: 'null', arity: 2,
    acquires: [owned('CrtFile', undefined, 'fclose')], takes: [0], paramKinds: { 0: 'CrtFd' },
    notes: 'The stream takes over the descriptor: fclose closes it, a later _close is a double close.',
  },
  {
    name: 'fclose', module: C, returns: 'int', failure: 'minus-one', arity: 1,
    releases: [{ param: 0, family: 'fclose' }], paramKinds: { 0: 'CrtFile' }, notes: 'Fails with EOF (-1).',
  },
  { name: 'fread', ...streamUse(4, 3) },
  { name: 'fwrite', ...streamUse(4, 3) },
  { name: 'fgets', ...streamUse(3, 2, 'pointer') },
  { name: 'fputs', ...streamUse(2, 1) },
  { name: 'fflush', ...streamUse(1, 0) },
  { name: 'fseek', ...streamUse(3, 0) },
  { name: 'ftell', ...streamUse(1, 0) },
  {
    name: '_fileno', module: C, returns: 'int', failure: 'minus-one', arity: 1, acquires: [borrowed('CrtFd')],
    borrows: [0], paramKinds: { 0: 'CrtFile' }, notes: 'The descriptor still belongs to the stream: do not _close it.',
  },
  {
    name: '_beginthreadex', module: C, returns: 'handle', failure: 'null', arity: 6, acquires: [owned('Thread')],
    startsCode: { in: 'thread', routine: 2, parameter: 3 },
    notes: 'Returns 0 on failure (errno set). The thread handle is the caller\'s: CloseHandle it (unlike _beginthread).',
  },
  {
    name: '_beginthread', module: C, returns: 'handle', failure: 'invalid', arity: 3, acquires: [borrowed('Thread')],
    startsCode: { in: 'thread', routine: 0, parameter: 2 },
    notes: 'Returns -1 on failure. The thread closes its own handle when it exits: never CloseHandle it (the value may already name another object).',
  },
  { name: '_open', ...open },
  { name: '_wopen', ...open },
  { name: '_sopen_s', ...sopenS },
  { name: '_wsopen_s', ...sopenS },
  {
    name: '_close', module: C, returns: 'int', failure: 'minus-one', arity: 1,
    releases: [{ param: 0, family: '_close' }], paramKinds: { 0: 'CrtFd' },
    notes: 'Also closes the Win32 handle behind the descriptor: a later CloseHandle of _get_osfhandle\'s result is a double close.',
  },
  { name: '_read', ...fdUse(3) },
  { name: '_write', ...fdUse(3) },
  { name: '_lseek', ...fdUse(3) },
  {
    name: '_get_osfhandle', module: C, returns: 'handle', failure: 'invalid', arity: 1, acquires: [borrowed('File')],
    borrows: [0], paramKinds: { 0: 'CrtFd' }, notes: 'The handle still belongs to the descriptor: _close it, do not CloseHandle it.',
  },
  {
    name: '_open_osfhandle', module: C, returns: 'int', failure: 'minus-one', arity: 2,
    acquires: [owned('CrtFd', undefined, '_close')], takes: [0], paramKinds: { 0: 'File' },
    notes: 'On success the descriptor owns the handle: _close closes both.',
  },
  { name: 'exit', module: C, returns: 'void', failure: 'none', arity: 1, noReturn: true, special: 'process-exit' },
  { name: '_exit', module: C, returns: 'void', failure: 'none', arity: 1, noReturn: true, special: 'process-exit' },
  { name: 'abort', module: C, returns: 'void', failure: 'none', arity: 0, noReturn: true, special: 'process-exit' },
];
