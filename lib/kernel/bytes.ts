// Integers in host byte order, as the kernel lays out its structs, netlink
// headers and attributes (network-order fields use Buffer's *BE methods).
import os from 'node:os';

export const LITTLE_ENDIAN = os.endianness() === 'LE';

export const readU16 = (b: Buffer, o: number): number => (LITTLE_ENDIAN ? b.readUInt16LE(o) : b.readUInt16BE(o));
export const readU32 = (b: Buffer, o: number): number => (LITTLE_ENDIAN ? b.readUInt32LE(o) : b.readUInt32BE(o));
export const readS32 = (b: Buffer, o: number): number => (LITTLE_ENDIAN ? b.readInt32LE(o) : b.readInt32BE(o));
export const readU64 = (b: Buffer, o: number): bigint => (LITTLE_ENDIAN ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));

export function writeU16(b: Buffer, o: number, v: number): void {
  if (LITTLE_ENDIAN) b.writeUInt16LE(v, o);
  else b.writeUInt16BE(v, o);
}

export function writeU32(b: Buffer, o: number, v: number): void {
  if (LITTLE_ENDIAN) b.writeUInt32LE(v, o);
  else b.writeUInt32BE(v, o);
}

export function writeS32(b: Buffer, o: number, v: number): void {
  if (LITTLE_ENDIAN) b.writeInt32LE(v, o);
  else b.writeInt32BE(v, o);
}

export function writeU64(b: Buffer, o: number, v: bigint): void {
  if (LITTLE_ENDIAN) b.writeBigUInt64LE(v, o);
  else b.writeBigUInt64BE(v, o);
}
