/**
 * Win32 constants the runtime's functions take and return (values from the Windows SDK headers; the spec
 * runtime-spec.md §0.1, §1, §3, §5, §6 lists the ones whose semantics matter).
 */

/** A HANDLE in the model: a signed 32-bit integer (NULL 0, INVALID_HANDLE_VALUE -1, pseudo handles -1 / -2). */
export type HANDLE = number;

export const NULL = 0;
export const INVALID_HANDLE_VALUE = -1;
export const TRUE = true;
export const FALSE = false;

// Standard handle constants (not handles; translated by CloseHandle/DuplicateHandle/Get/SetHandleInformation).
export const STD_INPUT_HANDLE = -10;
export const STD_OUTPUT_HANDLE = -11;
export const STD_ERROR_HANDLE = -12;

// DuplicateHandle options.
export const DUPLICATE_CLOSE_SOURCE = 0x1;
export const DUPLICATE_SAME_ACCESS = 0x2;
export const DUPLICATE_SAME_ATTRIBUTES = 0x4;

// Handle flags.
export const HANDLE_FLAG_INHERIT = 0x1;
export const HANDLE_FLAG_PROTECT_FROM_CLOSE = 0x2;

// Win32 error codes.
export const ERROR_SUCCESS = 0;
export const ERROR_INVALID_FUNCTION = 1;
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_PATH_NOT_FOUND = 3;
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_INVALID_HANDLE = 6;
export const ERROR_NOT_ENOUGH_MEMORY = 8;
export const ERROR_NO_MORE_FILES = 18;
export const ERROR_SHARING_VIOLATION = 32;
export const ERROR_HANDLE_EOF = 38;
export const ERROR_FILE_EXISTS = 80;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_BROKEN_PIPE = 109;
export const ERROR_INSUFFICIENT_BUFFER = 122;
export const ERROR_INVALID_NAME = 123;
export const ERROR_ALREADY_EXISTS = 183;
export const ERROR_PIPE_BUSY = 231;
export const ERROR_NO_DATA = 232;
export const ERROR_MORE_DATA = 234;
export const ERROR_NOT_OWNER = 288;
export const ERROR_TOO_MANY_POSTS = 298;
export const ERROR_INVALID_ADDRESS = 487;
export const ERROR_PIPE_CONNECTED = 535;
export const ERROR_PIPE_LISTENING = 536;
export const ERROR_FILE_INVALID = 1006;
export const ERROR_NO_SYSTEM_RESOURCES = 1450;
export const ERROR_NOT_SAME_OBJECT = 1656;

// NTSTATUS values (the NT layer's results; §0.1).
export const STATUS_SUCCESS = 0x00000000;
export const STATUS_PENDING = 0x00000103;
export const STATUS_OBJECT_NAME_EXISTS = 0x40000000;
export const STATUS_INVALID_HANDLE = 0xc0000008;
export const STATUS_INVALID_PARAMETER = 0xc000000d;
export const STATUS_NO_MEMORY = 0xc0000017;
export const STATUS_ACCESS_DENIED = 0xc0000022;
export const STATUS_OBJECT_TYPE_MISMATCH = 0xc0000024;
export const STATUS_OBJECT_NAME_INVALID = 0xc0000033;
export const STATUS_OBJECT_NAME_NOT_FOUND = 0xc0000034;
export const STATUS_OBJECT_NAME_COLLISION = 0xc0000035;
export const STATUS_OBJECT_PATH_NOT_FOUND = 0xc000003a;
export const STATUS_MUTANT_NOT_OWNED = 0xc0000046;
export const STATUS_SEMAPHORE_LIMIT_EXCEEDED = 0xc0000047;
export const STATUS_INSUFFICIENT_RESOURCES = 0xc000009a;
export const STATUS_PROCESS_IS_TERMINATING = 0xc000010a;
export const STATUS_PIPE_BROKEN = 0xc000014b;
export const STATUS_NOT_SAME_OBJECT = 0xc00001ac;
export const STATUS_HANDLE_NOT_CLOSABLE = 0xc0000235;

// Wait results.
export const WAIT_OBJECT_0 = 0;
export const WAIT_ABANDONED = 0x80;
export const WAIT_ABANDONED_0 = 0x80;
export const WAIT_TIMEOUT = 0x102;
export const WAIT_FAILED = 0xffffffff;
export const INFINITE = 0xffffffff;
export const STILL_ACTIVE = 259;
export const MAXIMUM_WAIT_OBJECTS = 64;

// Standard access rights (§6.1).
export const DELETE = 0x00010000;
export const READ_CONTROL = 0x00020000;
export const WRITE_DAC = 0x00040000;
export const WRITE_OWNER = 0x00080000;
export const SYNCHRONIZE = 0x00100000;
export const STANDARD_RIGHTS_REQUIRED = 0x000f0000;
export const STANDARD_RIGHTS_READ = READ_CONTROL;
export const STANDARD_RIGHTS_WRITE = READ_CONTROL;
export const STANDARD_RIGHTS_EXECUTE = READ_CONTROL;
export const STANDARD_RIGHTS_ALL = 0x001f0000;
export const SPECIFIC_RIGHTS_ALL = 0x0000ffff;
export const ACCESS_SYSTEM_SECURITY = 0x01000000;
export const MAXIMUM_ALLOWED = 0x02000000;
export const GENERIC_ALL = 0x10000000;
export const GENERIC_EXECUTE = 0x20000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_READ = 0x80000000;
/** Bits 21-23 and 26-27: DuplicateHandle rejects them (§3.1 step 4). */
export const RESERVED_ACCESS_BITS = 0x0ce00000;

// Event / mutex / semaphore rights.
export const EVENT_QUERY_STATE = 0x1;
export const EVENT_MODIFY_STATE = 0x2;
export const EVENT_ALL_ACCESS = 0x1f0003;
export const MUTANT_QUERY_STATE = 0x1;
export const MUTEX_MODIFY_STATE = 0x1;
export const MUTEX_ALL_ACCESS = 0x1f0001;
export const MUTANT_ALL_ACCESS = 0x1f0001;
export const SEMAPHORE_QUERY_STATE = 0x1;
export const SEMAPHORE_MODIFY_STATE = 0x2;
export const SEMAPHORE_ALL_ACCESS = 0x1f0003;

// Process rights.
export const PROCESS_TERMINATE = 0x1;
export const PROCESS_CREATE_THREAD = 0x2;
export const PROCESS_SET_SESSIONID = 0x4;
export const PROCESS_VM_OPERATION = 0x8;
export const PROCESS_VM_READ = 0x10;
export const PROCESS_VM_WRITE = 0x20;
export const PROCESS_DUP_HANDLE = 0x40;
export const PROCESS_CREATE_PROCESS = 0x80;
export const PROCESS_SET_QUOTA = 0x100;
export const PROCESS_SET_INFORMATION = 0x200;
export const PROCESS_QUERY_INFORMATION = 0x400;
export const PROCESS_SUSPEND_RESUME = 0x800;
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
export const PROCESS_SET_LIMITED_INFORMATION = 0x2000;
/** Vista and later (XP/2003: 0x1F0FFF). */
export const PROCESS_ALL_ACCESS = 0x1fffff;

// Thread rights.
export const THREAD_TERMINATE = 0x1;
export const THREAD_SUSPEND_RESUME = 0x2;
export const THREAD_ALERT = 0x4;
export const THREAD_GET_CONTEXT = 0x8;
export const THREAD_SET_CONTEXT = 0x10;
export const THREAD_SET_INFORMATION = 0x20;
export const THREAD_QUERY_INFORMATION = 0x40;
export const THREAD_SET_THREAD_TOKEN = 0x80;
export const THREAD_IMPERSONATE = 0x100;
export const THREAD_DIRECT_IMPERSONATION = 0x200;
export const THREAD_SET_LIMITED_INFORMATION = 0x400;
export const THREAD_QUERY_LIMITED_INFORMATION = 0x800;
export const THREAD_RESUME = 0x1000;
export const THREAD_ALL_ACCESS = 0x1fffff;

// File rights.
export const FILE_READ_DATA = 0x1;
export const FILE_LIST_DIRECTORY = 0x1;
export const FILE_WRITE_DATA = 0x2;
export const FILE_ADD_FILE = 0x2;
export const FILE_APPEND_DATA = 0x4;
export const FILE_CREATE_PIPE_INSTANCE = 0x4;
export const FILE_READ_EA = 0x8;
export const FILE_WRITE_EA = 0x10;
export const FILE_EXECUTE = 0x20;
export const FILE_DELETE_CHILD = 0x40;
export const FILE_READ_ATTRIBUTES = 0x80;
export const FILE_WRITE_ATTRIBUTES = 0x100;
export const FILE_ALL_ACCESS = 0x1f01ff;
export const FILE_GENERIC_READ = 0x120089;
export const FILE_GENERIC_WRITE = 0x120116;
export const FILE_GENERIC_EXECUTE = 0x1200a0;

// Section (file mapping) rights.
export const SECTION_QUERY = 0x1;
export const SECTION_MAP_WRITE = 0x2;
export const SECTION_MAP_READ = 0x4;
export const SECTION_MAP_EXECUTE = 0x8;
export const SECTION_EXTEND_SIZE = 0x10;
export const SECTION_MAP_EXECUTE_EXPLICIT = 0x20;
export const SECTION_ALL_ACCESS = 0xf001f;
export const FILE_MAP_COPY = 0x1;
export const FILE_MAP_WRITE = 0x2;
export const FILE_MAP_READ = 0x4;
export const FILE_MAP_EXECUTE = 0x20;
export const FILE_MAP_ALL_ACCESS = 0xf001f;

// Page protection (CreateFileMapping).
export const PAGE_NOACCESS = 0x01;
export const PAGE_READONLY = 0x02;
export const PAGE_READWRITE = 0x04;
export const PAGE_WRITECOPY = 0x08;
export const PAGE_EXECUTE = 0x10;
export const PAGE_EXECUTE_READ = 0x20;
export const PAGE_EXECUTE_READWRITE = 0x40;
export const PAGE_EXECUTE_WRITECOPY = 0x80;
export const SEC_COMMIT = 0x8000000;

// CreateFile.
export const FILE_SHARE_READ = 0x1;
export const FILE_SHARE_WRITE = 0x2;
export const FILE_SHARE_DELETE = 0x4;
export const CREATE_NEW = 1;
export const CREATE_ALWAYS = 2;
export const OPEN_EXISTING = 3;
export const OPEN_ALWAYS = 4;
export const TRUNCATE_EXISTING = 5;
export const FILE_ATTRIBUTE_READONLY = 0x1;
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;
export const FILE_ATTRIBUTE_NORMAL = 0x80;
export const FILE_FLAG_OVERLAPPED = 0x40000000;

// Pipes and mailslots.
export const PIPE_ACCESS_INBOUND = 0x1;
export const PIPE_ACCESS_OUTBOUND = 0x2;
export const PIPE_ACCESS_DUPLEX = 0x3;
export const PIPE_TYPE_BYTE = 0x0;
export const PIPE_TYPE_MESSAGE = 0x4;
export const PIPE_READMODE_BYTE = 0x0;
export const PIPE_READMODE_MESSAGE = 0x2;
export const PIPE_WAIT = 0x0;
export const PIPE_NOWAIT = 0x1;
export const PIPE_UNLIMITED_INSTANCES = 255;
export const MAILSLOT_WAIT_FOREVER = 0xffffffff;
export const MAILSLOT_NO_MESSAGE = 0xffffffff;

// Processes and threads.
export const CREATE_SUSPENDED = 0x4;
export const DETACHED_PROCESS = 0x8;
export const CREATE_NEW_CONSOLE = 0x10;
export const CREATE_NO_WINDOW = 0x08000000;
export const EXTENDED_STARTUPINFO_PRESENT = 0x00080000;
export const STARTF_USESTDHANDLES = 0x100;

// Toolhelp.
export const TH32CS_SNAPHEAPLIST = 0x1;
export const TH32CS_SNAPPROCESS = 0x2;
export const TH32CS_SNAPTHREAD = 0x4;
export const TH32CS_SNAPMODULE = 0x8;
export const TH32CS_SNAPMODULE32 = 0x10;
export const TH32CS_SNAPALL = 0xf;
export const TH32CS_INHERIT = 0x80000000;

// DeviceIoControl control-code fields (bits 14-15 = required access).
export const FILE_ANY_ACCESS = 0;
export const FILE_READ_ACCESS = 1;
export const FILE_WRITE_ACCESS = 2;
export const METHOD_BUFFERED = 0;
/** CTL_CODE(DeviceType, Function, Method, Access) from winioctl.h. */
export function CTL_CODE(deviceType: number, func: number, method: number, access: number): number {
  return ((deviceType << 16) | (access << 14) | (func << 2) | method) >>> 0;
}
