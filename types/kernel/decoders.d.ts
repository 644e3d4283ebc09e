import type { MptcpInfo as MptcpInfoFields, TcpInfo as TcpInfoFields } from './structs';
export declare function decodeMptcpInfo(b: Buffer, len: number, base?: number): MptcpInfoFields;
export declare function decodeTcpInfo(b: Buffer, len: number, base?: number): TcpInfoFields;
