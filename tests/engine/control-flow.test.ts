/**
 * End-to-end engine tests for control flow: each construct with a valid case (no finding) and an invalid one
 * (exact kind, line and certainty). Lines count from 1 at the first line of the snippet (the import).
 */
import { describe, expect, it } from 'vitest';
import { kinds, findings } from './helpers.js';

const IMPORT = "import { CloseHandle, CreateEventW, SetEvent, WaitForSingleObject, owned } from 'eslint-plugin-handles/runtime';\n";
const E = 'CreateEventW(null, true, false, null)';
/** check-before-use's findings (unchecked uses, stores, releases) are not what these ownership tests are about. */
const withoutUnchecked = (list: string[]): string[] => list.filter((k) => !k.startsWith('unchecked-use'));
const code = (body: string) => IMPORT + body.replace(/^\n/, '');

describe('constant folding and correlated conditions (no path enumeration)', () => {
  it('prunes constant branches: if (true), if (false), const flags, switch (5), one-trip loops', () => {
    expect(kinds(code(`
const DEBUG = false;
function a() { const h = ${E}; if (!h) return; if (true) CloseHandle(h); }
function b() { const h = ${E}; if (!h) return; if (false) return; CloseHandle(h); }
function c() { const h = ${E}; if (!h) return; if (DEBUG) return; CloseHandle(h); }
function d() { const h = ${E}; if (!h) return; switch (5) { case 4: break; case 5: CloseHandle(h); } }
function e() { const h = ${E}; if (!h) return; do { CloseHandle(h); } while (false); }
function f() { const h = ${E}; if (!h) return; for (;;) { CloseHandle(h); break; } }
function g() { const h = ${E}; if (!h) return; while (true) { SetEvent(h); CloseHandle(h); break; } }
function k() { const h = ${E}; if (!h) return; CloseHandle(h); if (0) CloseHandle(h); }
`))).toEqual([]);
  });

  it('still reports the branch a constant makes certain', () => {
    expect(kinds(code(`
function a() {
  const h = ${E};
  if (!h) return;
  if (false) CloseHandle(h);
}
function b() {
  const h = ${E};
  if (!h) return;
  if (1 + 1 === 2) CloseHandle(h);
  CloseHandle(h);
}
`))).toEqual(['leak@3 definite', 'double-close@11 definite']);
  });

  it('correlated flags: the same condition guards the acquisition and the close', () => {
    expect(withoutUnchecked(kinds(code(`
function a(f: boolean) {
  let h = 0;
  if (f) h = ${E};
  if (f) CloseHandle(h);
}
function b(mode: number) {
  let h = 0;
  if (mode === 2) { h = ${E}; if (!h) return; }
  if (mode === 2) CloseHandle(h);
}
function c(f: boolean) {
  const h = ${E};
  if (!h) return;
  if (f) CloseHandle(h);
  if (!f) CloseHandle(h);
}
`)))).toEqual([]);
    expect(withoutUnchecked(kinds(code(`
function d(f: boolean, g: boolean) {
  let h = 0;
  if (f) h = ${E};
  if (g) CloseHandle(h);
}
`)))).toEqual(['leak@4 definite']);
  });

  it('scales linearly: 1,000 sequential diamonds finish fast and find nothing', () => {
    const n = 1000;
    let body = 'function many(flags: boolean[]) {\n';
    for (let i = 0; i < n; i++) body += `  const h${i} = ${E};\n`;
    for (let i = 0; i < n; i++) body += `  if (flags[${i}]) { SetEvent(h${i}); CloseHandle(h${i}); } else { CloseHandle(h${i}); }\n`;
    const start = performance.now();
    expect(withoutUnchecked(kinds(code(body + '}\n')))).toEqual([]);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe('branches, switch, loops, labels', () => {
  it('if/else: both arms close; one arm leaks', () => {
    expect(kinds(code(`
function ok(x: number) { const h = ${E}; if (!h) return; if (x) { CloseHandle(h); } else { CloseHandle(h); } }
function bad(x: number) {
  const h = ${E};
  if (!h) return;
  if (x > 1) { CloseHandle(h); } else { SetEvent(h); }
}
`))).toEqual(['leak@4 definite']);
  });

  it('switch fall-through reaches the close; a case that breaks early leaks; no default skips', () => {
    expect(kinds(code(`
function ok(k: number) {
  const h = ${E};
  if (!h) return;
  switch (k) { case 0: SetEvent(h); case 1: CloseHandle(h); break; default: CloseHandle(h); }
}
function early(k: number) {
  const h = ${E};
  if (!h) return;
  switch (k) { case 0: break; case 1: CloseHandle(h); break; default: CloseHandle(h); }
}
function noDefault(k: number) {
  const h = ${E};
  if (!h) return;
  switch (k) { case 0: CloseHandle(h); break; }
}
`))).toEqual(['leak@8 definite', 'leak@13 definite']);
  });

  it('loops reach a fixpoint: per-iteration handles, break/continue, labels', () => {
    expect(kinds(code(`
function ok(n: number) {
  for (let i = 0; i < n; i++) {
    const h = ${E};
    if (!h) continue;
    SetEvent(h);
    CloseHandle(h);
  }
  const g = ${E};
  if (!g) return;
  while (n-- > 0) WaitForSingleObject(g, 0);
  CloseHandle(g);
  outer: for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = ${E};
      if (!k) break outer;
      CloseHandle(k);
      if (j > i) continue outer;
    }
  }
}
function breaks(n: number) {
  for (let i = 0; i < n; i++) {
    const h = ${E};
    if (!h) return;
    if (i === 3) break;
    CloseHandle(h);
  }
}
function labelled(n: number) {
  outer: for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const h = ${E};
      if (!h) return;
      if (j === i) continue outer;
      CloseHandle(h);
    }
  }
}
`))).toEqual(['leak@24 definite', 'leak@33 definite']);
  });

  it('a close inside a loop body is a maybe double close (not on every path), and zero trips leak', () => {
    expect(kinds(code(`
function f(n: number) {
  const h = ${E};
  if (!h) return;
  for (let i = 0; i < n; i++) CloseHandle(h);
}
`))).toEqual(['leak@3 definite', 'double-close@5 maybe']);
  });
});

describe('try / catch / finally and throw', () => {
  it('a close in finally covers returns, throws and breaks inside try', () => {
    expect(kinds(code(`
function f(n: number) {
  const h = ${E};
  if (!h) return 0;
  try {
    if (n < 0) throw new Error('negative');
    if (n === 0) return 1;
    for (;;) { if (n > 3) break; n++; }
    SetEvent(h);
  } finally {
    CloseHandle(h);
  }
  return 2;
}
`))).toEqual([]);
  });

  it('a throw while a handle is open is a normal-path leak; on the failure edge it holds nothing', () => {
    expect(findings(code(`
function f(n: number) {
  const h = ${E};
  if (!h) throw new Error('no event');
  if (n < 0) throw new Error('negative');
  CloseHandle(h);
}
`))).toEqual(['leak@3 definite handle=h path=when it throws at line 5']);
  });

  it('a throw caught by a catch that returns without closing leaks there', () => {
    expect(findings(code(`
function f(n: number) {
  const h = ${E};
  if (!h) return;
  try {
    if (n < 0) throw new Error('x');
    CloseHandle(h);
  } catch (e) {
    return;
  }
}
`)).map((s) => s.replace(/ suggestions.*/, ''))).toEqual(['leak@3 definite handle=h path=on the early return at line 9']);
  });

  it('a throwing call between acquire and close is an exception-path leak (leak-on-exception)', () => {
    expect(findings(code(`
function f(parse: (x: number) => void) {
  const h = ${E};
  if (!h) return;
  parse(1);
  CloseHandle(h);
}
async function g(delay: (ms: number) => Promise<void>) {
  const h = ${E};
  if (!h) return;
  try { await delay(1); } finally { CloseHandle(h); }
}
`))).toEqual(['leak-on-exception@3 definite handle=h path=when `parse` throws (line 5)']);
  });
});

describe('short-circuits, ternaries, optional chaining', () => {
  it('h && CloseHandle(h) closes every success value; ok && CloseHandle(h) may skip it', () => {
    expect(kinds(code(`
function ok() { const h = ${E}; h && CloseHandle(h); }
function bad(ok: boolean) {
  const h = ${E};
  if (!h) return;
  ok && CloseHandle(h);
}
function ternary(f: boolean) {
  const h = ${E};
  if (!h) return;
  f ? CloseHandle(h) : SetEvent(h);
}
function nullish(keep: number | null) {
  const h = ${E};
  if (!h) return;
  keep ?? CloseHandle(h);
}
`))).toEqual(['leak@4 definite', 'leak@9 definite', 'leak@14 definite']);
  });

  it('optional chaining may skip the whole call (and an unknown method call may throw)', () => {
    expect(kinds(code(`
function f(o?: { done?: (x: boolean) => void }) {
  const h = ${E};
  if (!h) return;
  o?.done?.(CloseHandle(h));
}
function g(o: { log(x: number): void } | undefined) {
  const h = ${E};
  if (!h) return;
  o?.log(1);
  CloseHandle(h);
}
`))).toEqual(['leak@3 definite', 'leak-on-exception@8 definite']);
  });
});

describe('async, generators, using, DisposableStack, callbacks, sinks', () => {
  it('generators that close in finally are fine; one that never closes leaks', () => {
    expect(kinds(code(`
function* ok() { const h = ${E}; if (!h) return; try { yield 1; } finally { CloseHandle(h); } }
function* bad() {
  const h = ${E};
  if (!h) return;
  yield 1;
}
`))).toEqual(['leak@4 definite']);
  });

  it('using / await using dispose at the end of the scope; an OwnedHandle nobody disposes leaks', () => {
    expect(withoutUnchecked(kinds(code(`
async function ok() {
  using a = owned(${E});
  await using b = owned(${E});
  SetEvent(a.value);
  SetEvent(b.value);
}
function bad() {
  const e = owned(${E});
  SetEvent(e.value);
}
function twice() {
  using e = owned(${E});
  CloseHandle(e.value);
}
`)))).toEqual(['leak@9 definite', 'double-close@13 definite']);
  });

  it('DisposableStack.defer/adopt/use release when the stack is disposed', () => {
    expect(withoutUnchecked(kinds(code(`
function f() {
  using stack = new DisposableStack();
  const a = ${E};
  if (!a) return;
  stack.defer(() => CloseHandle(a));
  const b = ${E};
  if (!b) return;
  stack.adopt(b, CloseHandle);
  const c = stack.use(owned(${E}));
  SetEvent(c.value);
}
`)))).toEqual([]);
  });

  it('a deferred close plus a synchronous close is a double close; a deferred use after a close is a use after close', () => {
    expect(findings(code(`
function f() {
  const h = ${E};
  if (!h) return;
  setTimeout(() => CloseHandle(h), 10);
  CloseHandle(h);
}
function g() {
  const h = ${E};
  if (!h) return;
  setTimeout(() => SetEvent(h), 10);
  CloseHandle(h);
}
function sync(items: number[]) {
  const h = ${E};
  if (!h) return;
  items.forEach(() => SetEvent(h));
  CloseHandle(h);
}
`))).toEqual([
      'double-close@5 definite handle=h previous=CloseHandle@6',
      'use-after-close@11 definite handle=h previous=CloseHandle@12',
      // strict only: forEach is an unknown call between acquire and close
      'leak-on-exception@15 definite handle=h path=when `forEach` throws (line 17)',
    ]);
  });

  it('process.exit(), never-returning calls and ExitProcess end a path without a leak', () => {
    expect(kinds(code(`
declare function fail(msg: string): never;
function a(x: number) { const h = ${E}; if (!h) return; if (x) process.exit(1); CloseHandle(h); }
function b(x: number) { const h = ${E}; if (!h) return; if (x) fail('x'); CloseHandle(h); }
function c(x: number) { const h = ${E}; if (!h) return; if (x) { ExitProcess(1); } CloseHandle(h); }
`))).toEqual([]);
  });
});

describe('generators stopped early', () => {
  it('a consumer that stops at a yield while a handle is open is an exception-like path (strict)', () => {
    expect(findings(code(`
function* gen() {
  const h = ${E};
  if (!h) return;
  yield 1;
  CloseHandle(h);
}
function* safe() {
  const h = ${E};
  if (!h) return;
  try { yield 1; } finally { CloseHandle(h); }
}
`))).toEqual(['leak-on-exception@3 definite handle=h path=when the consumer stops at the `yield` on line 5']);
  });
});

describe('DisposableStack as a local owner', () => {
  it('a stack never disposed leaks what it adopted; dispose() closes; a hand close before disposal is a double close', () => {
    expect(findings(code(`
function never() {
  const stack = new DisposableStack();
  const h = ${E};
  if (!h) return;
  stack.adopt(h, CloseHandle);
}
function disposed() {
  const stack = new DisposableStack();
  const e = stack.use(owned(${E}));
  stack.dispose();
  SetEvent(e.value);
}
function twice() {
  using stack = new DisposableStack();
  const h = ${E};
  if (!h) return;
  stack.defer(() => CloseHandle(h));
  CloseHandle(h);
}
`))).toEqual([
      'leak@4 definite handle=h path=at the end of `never`',
      'use-after-close@12 definite handle=e previous=stack.dispose()@11',
      'double-close@18 definite handle=h previous=CloseHandle@19',
    ]);
  });

  it('wrap-in-try-finally: statements between the check and the close go into try, the close into finally', async () => {
    const { analyzeCode } = await import('./helpers.js');
    const text = code(`
function f(parse: (x: number) => void) {
  const h = ${E};
  if (!h) return;
  parse(1);
  SetEvent(h);
  CloseHandle(h);
}
`);
    const [leak] = analyzeCode(text).findings;
    expect(leak!.kind).toBe('leak-on-exception');
    const edit = leak!.suggestions.find((x) => x.kind === 'wrap-in-try-finally')!.edits[0]!;
    expect(text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1])).toBe(code(`
function f(parse: (x: number) => void) {
  const h = ${E};
  if (!h) return;
  try {
    parse(1);
    SetEvent(h);
  } finally {
    CloseHandle(h);
  }
}
`));
  });
});

describe('timers and loop tests', () => {
  it('clearTimeout cancels the deferred use; a loop ended by a failing call is its normal end', () => {
    expect(findings(code(`
declare function waitAsync(h: number): Promise<void>;
async function f(ms: number) {
  const h = ${E};
  if (!h) throw new Error('CreateEventW');
  const timer = setTimeout(() => SetEvent(h), ms);
  try { await waitAsync(h); } finally { clearTimeout(timer); CloseHandle(h); }
}
function g(step: (h: number) => boolean) {
  const h = ${E};
  if (!h) return 0;
  let n = 0;
  while (WaitForSingleObject(h, 0)) n++;
  return n;
}
`))).toEqual(['leak@10 definite handle=h path=at the end of `g`']);
  });
});
