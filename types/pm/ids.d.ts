export declare function localIdFor(address: string): number;
