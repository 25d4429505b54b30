#!/usr/bin/env node
/**
 * Generated handle-dense code for bench/lint.mjs: functions of branches, loops, switches, try blocks and
 * short-circuits around handle calls (correct code: every handle is closed), and a single function of N
 * sequential conditional closes (the scaling shape). Deterministic: a seeded PRNG, no dependencies.
 *
 *   node bench/corpus/generate.mjs <out-dir> [files=20] [functionsPerFile=25] [unitsPerFunction=8]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORTS =
  "import { CloseHandle, CreateEventW, CreateFileW, DuplicateHandle, GetCurrentProcess, GetFileSizeEx, ResetEvent, SetEvent, WaitForSingleObject, INVALID_HANDLE_VALUE, DUPLICATE_SAME_ACCESS, out } from 'eslint-plugin-handles/runtime';\n";

/** mulberry32: a small deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One unit of handle code around construct `kind`, using handle names suffixed with `k`. */
function unit(kind, k) {
  const h = `h${k}`;
  switch (kind) {
    case 0: // if / else
      return `  const ${h} = CreateEventW(null, true, false, null);
  if (!${h}) return -1;
  if (a > ${k}) {
    SetEvent(${h});
    CloseHandle(${h});
  } else {
    CloseHandle(${h});
  }
`;
    case 1: // loop with continue
      return `  for (let i = 0; i < n; i++) {
    const ${h} = CreateEventW(null, false, false, null);
    if (!${h}) continue;
    if (i % 3 === 0) {
      CloseHandle(${h});
      continue;
    }
    SetEvent(${h});
    CloseHandle(${h});
  }
`;
    case 2: // try / finally with an early return inside
      return `  const ${h} = CreateFileW(path, 0x80000000, 1, null, 3, 0, null);
  if (${h} === INVALID_HANDLE_VALUE) return -1;
  try {
    const size${k} = out();
    if (!GetFileSizeEx(${h}, size${k})) return -2;
    total += Number(size${k}.value);
  } finally {
    CloseHandle(${h});
  }
`;
    case 3: // switch with fall-through
      return `  const ${h} = CreateEventW(null, true, false, null);
  if (!${h}) return -1;
  switch (a % 3) {
    case 0:
      SetEvent(${h});
    // falls through
    case 1:
      CloseHandle(${h});
      break;
    default:
      CloseHandle(${h});
  }
`;
    case 4: // short-circuits and ternaries
      return `  const ${h} = CreateEventW(null, true, false, null);
  ${h} && SetEvent(${h}) && ResetEvent(${h});
  const r${k} = ${h} ? WaitForSingleObject(${h}, 0) : -1;
  total += r${k};
  if (${h}) CloseHandle(${h});
`;
    case 5: // DuplicateHandle into this process
      return `  const d${k} = out();
  if (DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), d${k}, 0, false, DUPLICATE_SAME_ACCESS)) {
    WaitForSingleObject(d${k}.value, 0);
    CloseHandle(d${k}.value);
  }
`;
    default: // labelled loops with break
      return `  outer${k}: for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const ${h} = CreateEventW(null, false, false, null);
      if (!${h}) break outer${k};
      try {
        if (j === a) break outer${k};
        SetEvent(${h});
      } finally {
        CloseHandle(${h});
      }
    }
  }
`;
  }
}

const KINDS = 7;

/** A file of `functions` functions of `units` random units each. */
export function generateDenseFile(seed, functions = 25, units = 8) {
  const random = prng(seed);
  let text = IMPORTS;
  for (let f = 0; f < functions; f++) {
    text += `\nexport function work${f}(a, n, path, source) {\n  let total = 0;\n`;
    for (let u = 0; u < units; u++) text += unit(Math.floor(random() * KINDS), u);
    text += '  return total;\n}\n';
  }
  return text;
}

/** `files` dense files: [{ name, text }]. */
export function generateDenseCorpus(files = 20, functionsPerFile = 25, unitsPerFunction = 8) {
  return Array.from({ length: files }, (_, i) => ({
    name: `dense-${i}.ts`,
    text: generateDenseFile(1000 + i, functionsPerFile, unitsPerFunction),
  }));
}

/**
 * One function of `n` sequential conditional closes: n handles are acquired, then each is closed in one arm
 * or the other of its own `if`, so up to n handles are open across n diamonds.
 */
export function generateSequentialCloses(n) {
  let text = IMPORTS + '\nexport function sequential(flags) {\n';
  for (let i = 0; i < n; i++) text += `  const h${i} = CreateEventW(null, true, false, null);\n`;
  for (let i = 0; i < n; i++) {
    text += `  if (flags[${i}]) {\n    SetEvent(h${i});\n    CloseHandle(h${i});\n  } else {\n    CloseHandle(h${i});\n  }\n`;
  }
  return text + '}\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, files = '20', functions = '25', units = '8'] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node bench/corpus/generate.mjs <out-dir> [files] [functionsPerFile] [unitsPerFunction]');
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  for (const file of generateDenseCorpus(Number(files), Number(functions), Number(units))) writeFileSync(join(outDir, file.name), file.text);
  writeFileSync(join(outDir, 'sequential-1000.ts'), generateSequentialCloses(1000));
  console.log(`wrote ${files} dense files and sequential-1000.ts to ${outDir}`);
}
