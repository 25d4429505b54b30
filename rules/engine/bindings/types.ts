/**
 * Public types of the binding index: how a call expression maps to a Win32 function of the contract table,
 * through which FFI binding, and how that binding represents handles at run time.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionContract } from '../../../contracts/types.js';

/**
 * How a handle (or other value) looks in JavaScript for one binding's declared type.
 * - 'number': a signed number (our runtime, koffi int/intptr/int64, ffi-napi 'long'/'int'/'int64'); INVALID is -1
 * - 'unsigned-bigint': always a bigint, never negative (bun u64, node:ffi pointers and uint64)
 * - 'signed-bigint': always a bigint, may be negative (bun i64, ffi-rs BigInt)
 * - 'pointer': an object or null (koffi void* / opaque HANDLE External, Deno 'pointer', ffi-napi Buffer, jsrt pointer, ffi-rs External)
 * - 'number-or-null': bun 'ptr' (a number, or null for NULL)
 * - 'unsigned-number-or-bigint': koffi uint64/uintptr/size_t, Deno u64/usize and win32-api HANDLE: a number while it
 *   fits in 2^53, a bigint above (so INVALID_HANDLE_VALUE is 0xFFFFFFFFFFFFFFFFn while NULL is the number 0)
 * - 'boolean': a JS boolean (koffi/Deno/bun 'bool'), only for BOOL-like results
 * - 'unknown': not declared in a way the index understands
 */
export type HandleRepresentation =
  | 'number'
  | 'unsigned-bigint'
  | 'signed-bigint'
  | 'pointer'
  | 'number-or-null'
  | 'unsigned-number-or-bigint'
  | 'boolean'
  | 'unknown';

/** Which binding a call goes through. 'runtime': imported from eslint-plugin-handles/runtime; 'name': only its name says so. */
export type BindingStyle =
  | 'runtime'
  | 'koffi'
  | 'ffi-napi'
  | 'bun'
  | 'deno'
  | 'node-ffi'
  | 'ffi-rs'
  | 'jsrt'
  | 'win32-api'
  | 'name';

/** The Win32 function a call expression reaches, and how its binding represents values. */
export interface BoundCallee {
  /** the contract table's name (CloseHandle, CreateFileW, ...) */
  readonly win32Name: string;
  readonly contract: FunctionContract;
  readonly style: BindingStyle;
  /** how the function's result looks in JS */
  readonly returns: HandleRepresentation;
  /** how each Win32 parameter is passed (index = Win32 parameter position); empty when the declaration says nothing */
  readonly params: readonly HandleRepresentation[];
  /** for pointer parameters that receive a handle (LPHANDLE, `_Out_ HANDLE *`, `void **`): how the received handle looks */
  readonly outValues: readonly (HandleRepresentation | undefined)[];
  /** the call returns a Promise or runs on a worker thread (Deno nonblocking, koffi `.async`, an async forwarder) */
  readonly async: boolean;
  /** the declaration site: the lib.func call, the symbols property, the import specifier, the forwarding function, ... */
  readonly node: TSESTree.Node;
  /** the library as loaded (kernel32, user32, ...), lower case without `.dll`, when known */
  readonly library?: string;
  /**
   * For forwarding wrappers that do not pass their parameters through in order: for each Win32 parameter, which
   * argument of the wrapper's call holds it (undefined: fixed inside the wrapper). Absent = identity.
   */
  readonly argumentIndex?: readonly (number | undefined)[];
  /**
   * Where the Win32 arguments are when they are not the call's own arguments: ffi-rs `load({ paramsValue: [...] })`
   * ('options-paramsValue') and ffi-rs `define()` functions called with one array (`k.OpenProcess([a, b, c])`, 'first-array').
   */
  readonly argumentsIn?: 'options-paramsValue' | 'first-array';
  /** the local name the file uses for the binding's module (`koffi`, `ffi`, `Deno`), for fix texts */
  readonly moduleAlias?: string;
}

export interface BindingIndex {
  /** The Win32 function a call reaches, or undefined (not a table function, a local function with its own body, a non-Windows library). */
  resolve(call: TSESTree.CallExpression | TSESTree.NewExpression): BoundCallee | undefined;
  /** The call's argument expressions in Win32 parameter order (ffi-rs paramsValue, reordering wrappers); [] when unresolved. */
  argumentsOf(call: TSESTree.CallExpression | TSESTree.NewExpression): readonly (TSESTree.Node | undefined)[];
  /** Every FFI declaration of a table function found in the file (empty when the file has no FFI). */
  readonly declarations: readonly BoundCallee[];
  /** the file mentions an FFI library at all (the quick text check) */
  readonly hasFfi: boolean;
  /** internal errors swallowed so far (each one made a call unresolved or the declaration list partial); 0 when healthy */
  readonly internalErrors: number;
  /** The expression a `const`/`let` identifier was initialised with (following `as`/`!`), for out-param analysis. */
  initializerOf(id: TSESTree.Identifier): TSESTree.Expression | undefined;
}

/** The scope-manager parts the index reads (satisfied by @typescript-eslint/scope-manager's ScopeManager). */
export interface BindingScopeManager {
  readonly scopes: readonly BindingScope[];
}

export interface BindingScope {
  readonly references: readonly BindingReference[];
  readonly variables: readonly BindingVariable[];
}

export interface BindingReference {
  readonly identifier: unknown;
  readonly resolved: BindingVariable | null;
  /** the assigned expression for write references (scope-manager's Reference.writeExpr) */
  readonly writeExpr?: unknown;
}

export interface BindingVariable {
  readonly name: string;
  readonly defs: readonly { readonly type: string; readonly node: unknown; readonly name: unknown; readonly parent?: unknown }[];
  readonly identifiers: readonly unknown[];
  readonly references?: readonly BindingReference[];
}
