/**
 * C prototype strings (koffi `lib.func('BOOL __stdcall CloseHandle(_In_ HANDLE h)')`, jsrt prototype arrays) and
 * C / koffi type names → how the binding represents the value in JS.
 */
import type { HandleRepresentation } from './types.js';

export type ParamDirection = 'in' | 'out' | 'inout';

export interface CParam {
  /** the type as written, without SAL annotations and the parameter name (`HANDLE *`, `void *`, `uint32_t`) */
  readonly type: string;
  readonly direction: ParamDirection;
}

export interface CPrototype {
  readonly name: string;
  readonly returnType: string;
  readonly params: readonly CParam[];
}

const CALLING_CONVENTIONS = new Set([
  '__stdcall', '__cdecl', '__fastcall', '__thiscall', '__vectorcall', 'WINAPI', 'APIENTRY', 'CALLBACK', 'NTAPI', 'WINAPIV',
  'WINBASEAPI', 'WINUSERAPI', 'WINADVAPI', 'extern', 'static', 'inline', '__declspec',
]);

/** C keywords and type words that are never a parameter name. */
const TYPE_WORDS = new Set([
  'void', 'char', 'short', 'int', 'long', 'signed', 'unsigned', 'float', 'double', 'bool', '_Bool', 'const', 'volatile',
  'struct', 'union', 'enum', 'restrict', '__restrict', 'wchar_t', 'char16_t', 'char32_t',
]);

/** SAL annotation: `_In_`, `_Out_opt_`, `_Inout_updates_bytes_(n)`, `_Outptr_result_maybenull_` */
const SAL = /\b_(In|Out|Inout|Outptr|Reserved|Pre|Post|Ret|Deref|Frees|When|Success|Must|Check|Null|Notnull|Maybenull)[A-Za-z_]*_?(\([^()]*(\([^()]*\))*[^()]*\))?/g;

/**
 * Parses `<ret> [conv] Name(<params>)[;]`. Returns undefined when the text is not a prototype.
 * Direction comes from SAL (`_Out_`, `_Outptr_`, `_Inout_`); pointer depth stays in the type.
 */
export function parsePrototype(text: string): CPrototype | undefined {
  const source = text.trim().replace(/;\s*$/, '');
  const close = source.lastIndexOf(')');
  if (close < 0) return undefined;
  // the '(' that opens the parameter list: match parentheses backwards from the last ')'
  let depth = 0;
  let open = -1;
  for (let i = close; i >= 0; i--) {
    if (source[i] === ')') depth++;
    else if (source[i] === '(') {
      depth--;
      if (depth === 0) { open = i; break; }
    }
  }
  if (open <= 0) return undefined;
  const head = source.slice(0, open).trim();
  const nameMatch = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(head);
  if (!nameMatch) return undefined;
  const name = nameMatch[1]!;
  const returnType = head
    .slice(0, nameMatch.index)
    .replace(SAL, ' ')
    .replace(/\*/g, ' * ')
    .split(/\s+/)
    .filter((t) => t && !CALLING_CONVENTIONS.has(t))
    .join(' ')
    .replace(/\s*\*\s*/g, ' *')
    .trim();
  if (!returnType) return undefined;
  const inner = source.slice(open + 1, close).trim();
  const params: CParam[] = [];
  if (inner && inner !== 'void') {
    for (const raw of splitTopLevel(inner)) {
      if (raw.trim() === '...') continue;
      params.push(parseParam(raw));
    }
  }
  return { name, returnType, params };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseParam(raw: string): CParam {
  let direction: ParamDirection = 'in';
  const sal = raw.match(SAL) ?? [];
  for (const annotation of sal) {
    if (/^_Inout/.test(annotation)) direction = 'inout';
    else if (/^_Out/.test(annotation)) direction = 'out';
  }
  // koffi's own direction words
  let text = raw.replace(SAL, ' ').replace(/\[[^\]]*\]/g, ' *');
  const koffiDir = /^\s*(_?(?:out|inout)_?)\s+/i.exec(text);
  if (koffiDir) {
    direction = /inout/i.test(koffiDir[1]!) ? 'inout' : 'out';
    text = text.slice(koffiDir[0].length);
  }
  const tokens = text.replace(/\*/g, ' * ').split(/\s+/).filter(Boolean);
  // a trailing identifier after at least one type token is the parameter's name
  const last = tokens[tokens.length - 1];
  const typeTokens = tokens.filter((t) => t !== '*');
  if (last && last !== '*' && typeTokens.length >= 2 && !TYPE_WORDS.has(last)) tokens.pop();
  const type = tokens.join(' ').replace(/\s*\*/g, ' *').replace(/\s+/g, ' ').trim();
  return { type, direction };
}

/** Windows handle typedefs: opaque pointers unless the file aliases them to an integer type. */
const HANDLE_TYPEDEFS = new Set([
  'HANDLE', 'HMODULE', 'HINSTANCE', 'HWND', 'HDC', 'HKEY', 'HDESK', 'HWINSTA', 'SC_HANDLE', 'HLOCAL', 'HGLOBAL', 'HDEVINFO',
  'HPCON', 'HMENU', 'HICON', 'HBITMAP', 'HBRUSH', 'HFONT', 'HGDIOBJ', 'HHOOK', 'HRGN', 'HMONITOR', 'HCURSOR', 'HPEN',
  'HPALETTE', 'HRSRC', 'HKL', 'HCRYPTPROV', 'HTOKEN', 'PSID', 'LPVOID', 'PVOID', 'LPCVOID', 'HPSS', 'FARPROC',
]);
/** pointer-to-handle typedefs (out-params) */
const HANDLE_POINTER_TYPEDEFS = new Set(['PHANDLE', 'LPHANDLE', 'PHKEY', 'LPHKEY', 'PHMODULE', 'PVOID *']);

const SIGNED_NUMBERS = new Set([
  'char', 'signed char', 'short', 'short int', 'signed short', 'int', 'signed', 'signed int', 'long', 'long int', 'signed long',
  'long long', 'long long int', 'signed long long', 'int8', 'int16', 'int32', 'int64', 'int8_t', 'int16_t', 'int32_t', 'int64_t',
  'intptr', 'intptr_t', 'ssize_t', 'ptrdiff_t', 'LONG', 'INT', 'BOOL', 'LONG_PTR', 'INT_PTR', 'LONGLONG', 'LONG64', 'INT64',
  'NTSTATUS', 'HRESULT', 'LRESULT', 'LPARAM', 'SHORT', 'CHAR', 'errno_t', 'i8', 'i16', 'i32', 'i64',
]);
const UNSIGNED_SMALL = new Set([
  'unsigned char', 'unsigned short', 'unsigned short int', 'unsigned', 'unsigned int', 'unsigned long', 'unsigned long int',
  'uint8', 'uint16', 'uint32', 'uint8_t', 'uint16_t', 'uint32_t', 'uchar', 'ushort', 'uint', 'ulong', 'DWORD', 'UINT', 'ULONG',
  'WORD', 'BYTE', 'BOOLEAN', 'ACCESS_MASK', 'UINT32', 'DWORD32', 'ATOM', 'WPARAM32', 'u8', 'u16', 'u32', 'char16_t', 'wchar_t',
]);
const UNSIGNED_64 = new Set([
  'uint64', 'uint64_t', 'unsigned long long', 'unsigned long long int', 'uintptr', 'uintptr_t', 'size_t', 'ULONG_PTR',
  'DWORD_PTR', 'UINT_PTR', 'SIZE_T', 'ULONGLONG', 'DWORD64', 'ULONG64', 'UINT64', 'WPARAM', 'u64',
]);
const BOOLEANS = new Set(['bool', '_Bool']);

/** `const HANDLE` → `HANDLE`; `void*` → `void *`; `struct X *` → `X *` */
export function normaliseCType(type: string): string {
  return type
    .replace(/\b(const|volatile|struct|union|enum|restrict|__restrict)\b/g, ' ')
    .replace(/\*/g, ' * ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ \*/g, ' *');
}

export interface TypeInfo {
  /** how a value of this type is passed/returned */
  readonly rep: HandleRepresentation;
  /** for pointers to handles (out-params): how the handle read back looks */
  readonly pointee?: HandleRepresentation;
}

/**
 * How koffi / jsrt represent a C type. `aliases` holds names the file defined (`koffi.alias('HANDLE', 'uint64')`,
 * `koffi.pointer('HANDLE', koffi.opaque())`). jsrt has pointer objects for every pointer-ish type.
 */
export function cTypeInfo(type: string, aliases: ReadonlyMap<string, TypeInfo> = new Map()): TypeInfo {
  const t = normaliseCType(type);
  const stars = (t.match(/\*/g) ?? []).length;
  const base = t.replace(/\s*\*/g, '').trim();
  const aliased = aliases.get(base);
  if (stars === 0) {
    if (aliased) return aliased;
    return { rep: scalarRep(base), pointee: HANDLE_POINTER_TYPEDEFS.has(base) ? 'pointer' : undefined };
  }
  // a pointer: to a handle (HANDLE *, void **, PHANDLE *) the pointee is the handle's own representation
  if (stars === 1) {
    const pointee = aliased ? aliased.rep : base === 'void' ? undefined : HANDLE_TYPEDEFS.has(base) ? 'pointer' : scalarRep(base);
    return { rep: 'pointer', pointee: pointee === 'unknown' ? undefined : pointee };
  }
  return { rep: 'pointer', pointee: 'pointer' };
}

function scalarRep(base: string): HandleRepresentation {
  if (HANDLE_TYPEDEFS.has(base) || HANDLE_POINTER_TYPEDEFS.has(base)) return 'pointer';
  if (BOOLEANS.has(base)) return 'boolean';
  if (SIGNED_NUMBERS.has(base) || UNSIGNED_SMALL.has(base)) return 'number';
  if (UNSIGNED_64.has(base)) return 'unsigned-number-or-bigint';
  if (/^(str|str16|string|string16|char \*|LPCWSTR|LPWSTR|LPCSTR|LPSTR)$/.test(base)) return 'unknown';
  if (/^(P|LP)[A-Z0-9_]+$/.test(base)) return 'pointer';
  return 'unknown';
}

/** bun:ffi FFIType names (member or string). */
export function bunTypeRep(name: string): HandleRepresentation {
  switch (name) {
    case 'ptr': case 'pointer': case 'buffer': case 'function': case 'callback': case 'cstring':
      return 'number-or-null';
    case 'u64': case 'uint64_t': case 'usize':
      return 'unsigned-bigint';
    case 'i64': case 'int64_t': case 'isize':
      return 'signed-bigint';
    case 'u64_fast':
      return 'unsigned-number-or-bigint';
    case 'i64_fast':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'i8': case 'i16': case 'i32': case 'u8': case 'u16': case 'u32': case 'int8_t': case 'int16_t': case 'int32_t':
    case 'uint8_t': case 'uint16_t': case 'uint32_t': case 'int': case 'char': case 'f32': case 'f64': case 'float': case 'double':
      return 'number';
    default:
      return 'unknown';
  }
}

/**
 * Deno.dlopen native types. 64-bit integer results are `number | bigint`: a number while the value is a safe
 * integer, a bigint above (Deno.PointerValue / NativeBigIntType docs), so u64 handles compare with 0 for NULL and
 * 0xFFFFFFFFFFFFFFFFn for INVALID_HANDLE_VALUE, and a signed i64 -1 is the number -1.
 */
export function denoTypeRep(name: string): HandleRepresentation {
  switch (name) {
    case 'pointer': case 'buffer': case 'function':
      return 'pointer';
    case 'u64': case 'usize':
      return 'unsigned-number-or-bigint';
    case 'i64': case 'isize':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'i8': case 'i16': case 'i32': case 'u8': case 'u16': case 'u32': case 'f32': case 'f64':
      return 'number';
    default:
      return 'unknown';
  }
}

/** node:ffi type names: pointers (and any type with `*`) are bigints; 64-bit integers are bigints. */
export function nodeFfiTypeRep(name: string): HandleRepresentation {
  const t = normaliseCType(name);
  if (t === 'pointer' || t.includes('*')) return 'unsigned-bigint';
  if (/^(u64|uint64_t|unsigned long long( int)?)$/.test(t)) return 'unsigned-bigint';
  if (/^(i64|int64_t|(signed )?long long( int)?)$/.test(t)) return 'signed-bigint';
  if (t === 'bool') return 'boolean';
  if (t === 'void') return 'unknown';
  return 'number';
}

/** ffi-napi / ref type names. Large 64-bit values come back as strings, so unsigned 64-bit is 'unknown'. */
export function ffiNapiTypeRep(name: string): HandleRepresentation {
  const t = normaliseCType(name);
  if (t === 'string' || t === 'CString') return 'unknown';
  if (t === 'pointer' || t.includes('*')) return 'pointer';
  if (/^(long|int|int32|int16|int8|short|char|longlong|int64|ssize_t)$/.test(t)) return 'number';
  if (/^(size_t|uint64|ulonglong)$/.test(t)) return 'unknown';
  if (/^(ulong|uint|uint32|uint16|uint8|ushort|uchar|byte)$/.test(t)) return 'number';
  if (t === 'bool') return 'boolean';
  if (HANDLE_TYPEDEFS.has(t)) return 'pointer';
  if (SIGNED_NUMBERS.has(t) || UNSIGNED_SMALL.has(t)) return 'number';
  return 'unknown';
}

/** ffi-rs DataType members. */
export function ffiRsTypeRep(name: string): HandleRepresentation {
  switch (name) {
    case 'External':
      return 'pointer';
    case 'BigInt':
      return 'signed-bigint';
    case 'I32': case 'I64': case 'U8': case 'U64': case 'I16': case 'I8': case 'U32': case 'U16': case 'Double': case 'Float':
      return 'number';
    case 'Boolean':
      return 'boolean';
    default:
      return 'unknown';
  }
}

/** win32-api type constants (`DTypes.HANDLE`, `DModel.HWND`, `D.BOOL`): HANDLE is uint64 on x64. */
export function win32ApiTypeRep(name: string): HandleRepresentation {
  if (HANDLE_TYPEDEFS.has(name) && name !== 'LPVOID' && name !== 'PVOID' && name !== 'LPCVOID') return 'unsigned-number-or-bigint';
  return scalarRep(name);
}
