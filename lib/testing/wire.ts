// JSON with bigint and Buffer values, for messages between a test and an agent.

export function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return { $buffer: Buffer.from((value as { data: number[] }).data).toString('base64') };
  }
  return value;
}

export function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object') {
    const v = value as { $bigint?: unknown; $buffer?: unknown };
    if (typeof v.$bigint === 'string' && Object.keys(v).length === 1) return BigInt(v.$bigint);
    if (typeof v.$buffer === 'string' && Object.keys(v).length === 1) return Buffer.from(v.$buffer, 'base64');
  }
  return value;
}

export function encode(value: unknown): string {
  return JSON.stringify(value, replacer);
}

export function decode(line: string): unknown {
  return JSON.parse(line, reviver);
}

/** A serialized Error: what survives the trip. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  [key: string]: unknown;
}

export function errorToWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const out: WireError = { name: err.name, message: err.message };
  if (err.stack) out.stack = err.stack;
  for (const [k, v] of Object.entries(err)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
