/**
 * Engine findings for pseudo-handle ('pseudo-escape', 'pseudo-invalid-test') on the codemods' parse (typescript-estree +
 * scope-manager without lib globals), beside the RuleTester spec in tests/rules/pseudo-handle.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCode } from './helpers.js';

function pseudo(code: string): string[] {
  const result = analyzeCode(code);
  expect(result.debug?.failedFunctions ?? 0).toBe(0);
  return result.findings
    .filter((f) => f.kind === 'pseudo-escape' || f.kind === 'pseudo-invalid-test')
    .map((f) => `${f.kind}@${f.node.loc.start.line} ${f.certainty} ${f.handle} ${f.pseudo?.which}/${f.pseudo?.escape ?? f.pseudo?.test}${f.suggestions.length ? ' +fix' : ''}`);
}

describe('pseudo-handle engine findings', () => {
  it('knows the channels to other threads and processes, and where the fix cannot go', () => {
    const code = `import { GetCurrentThread, GetCurrentProcess, CreateThread } from 'eslint-plugin-handles/runtime';
import { parentPort, Worker } from 'node:worker_threads';
import * as cp from 'node:child_process';
const { fork } = require('child_process');
export function a(cond: boolean) {
  const me = cond ? GetCurrentThread() : 5;
  parentPort?.postMessage({ me });
  const w = new Worker('x.js', { argv: [\`--t=\${GetCurrentThread()}\`] });
  w.postMessage(String(GetCurrentThread()) + 'x');
  cp.execSync('helper ' + GetCurrentProcess());
  const c = fork('c.js');
  c.send([GetCurrentProcess()]);
  process.send?.({ p: GetCurrentProcess() });
  const local = {};
  local.t = GetCurrentThread();
  const arrow = () => GetCurrentThread();
  if (cond) CreateThread(null, 0, null, GetCurrentThread(), 0, null);
}
let shared = 0;
export function b() { shared = GetCurrentThread(); }
export function c() { return shared; }
const onlyTop = GetCurrentThread();
console.log(onlyTop);
`;
    expect(pseudo(code)).toEqual([
      'pseudo-escape@7 definite me thread/worker',
      'pseudo-escape@8 definite GetCurrentThread() thread/worker +fix',
      'pseudo-escape@9 definite GetCurrentThread() thread/worker +fix',
      'pseudo-escape@10 definite GetCurrentProcess() process/process',
      'pseudo-escape@12 definite GetCurrentProcess() process/process',
      'pseudo-escape@13 definite GetCurrentProcess() process/process',
      'pseudo-escape@16 maybe GetCurrentThread() thread/return',
      'pseudo-escape@17 definite GetCurrentThread() thread/create-thread',
      'pseudo-escape@20 maybe GetCurrentThread() thread/module',
    ]);
  });

  it('compares with INVALID_HANDLE_VALUE in the representation the value has', () => {
    const code = `import { GetCurrentThread, GetCurrentProcess, INVALID_HANDLE_VALUE, WaitForSingleObject } from 'eslint-plugin-handles/runtime';
export function t(x: boolean) {
  const h = x ? GetCurrentProcess() : GetCurrentThread();
  if (h == INVALID_HANDLE_VALUE) return;
  const p = GetCurrentProcess();
  if (p !== -1) WaitForSingleObject(p, 0);
  if (p === -1n) return;
  while (GetCurrentProcess() === INVALID_HANDLE_VALUE) {}
}
`;
    expect(pseudo(code)).toEqual([
      'pseudo-invalid-test@4 definite h process/h == INVALID_HANDLE_VALUE',
      'pseudo-invalid-test@6 definite p process/p !== -1',
      'pseudo-invalid-test@8 definite GetCurrentProcess() process/GetCurrentProcess() === INVALID_HANDLE_VALUE',
    ]);
  });

  it('through koffi: a pointer never equals -1; the escape has no runtime fix', () => {
    const code = `import koffi from 'koffi';
const kernel32 = koffi.load('kernel32.dll');
const GetCurrentProcess = kernel32.func('void * __stdcall GetCurrentProcess()');
const GetCurrentThread = kernel32.func('void * __stdcall GetCurrentThread()');
const CreateThread = kernel32.func('void * __stdcall CreateThread(void *a, uintptr_t s, void *f, void *p, uint32_t fl, void *id)');
export function k() {
  const p = GetCurrentProcess();
  if (p === -1) return;
  CreateThread(null, 0, null, GetCurrentThread(), 0, null);
}
`;
    expect(pseudo(code)).toEqual(['pseudo-escape@9 definite GetCurrentThread() thread/create-thread']);
  });

  it('class field initialisers and worker fields', () => {
    const code = `import { GetCurrentThread } from 'eslint-plugin-handles/runtime';
import type { Worker } from 'worker_threads';
export class Host {
  private owner = GetCurrentThread();
  constructor(private readonly worker: Worker) {}
  share(): void {
    this.worker.postMessage({ owner: GetCurrentThread() });
  }
}
export function fill(target: { owner: unknown }): void {
  target.owner = GetCurrentThread();
}
`;
    expect(pseudo(code)).toEqual([
      'pseudo-escape@4 maybe GetCurrentThread() thread/field',
      'pseudo-escape@7 definite GetCurrentThread() thread/worker +fix',
      'pseudo-escape@11 maybe GetCurrentThread() thread/field +fix',
    ]);
  });
});

describe('pseudo-handle engine findings on paths', () => {
  it('a call in a branch the path did not take is not sent', () => {
    const code = `import { GetCurrentThread } from 'eslint-plugin-handles/runtime';
import { Worker } from 'node:worker_threads';
const DEBUG = false;
export function send(w: Worker, real: number) {
  w.postMessage(DEBUG ? GetCurrentThread() : real);
  w.postMessage(real || GetCurrentThread());
}
`;
    expect(pseudo(code)).toEqual(['pseudo-escape@6 definite GetCurrentThread() thread/worker']);
  });
});
