export declare function keyPrefixFor(prefix: string | undefined, buildId: string | undefined): string;
