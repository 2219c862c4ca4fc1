/** The bench's figures, one per line on stdout. */
export function report(name: string, value: string, detail = ''): void {
    console.log(`${name.padEnd(36)} ${value.padStart(10)}  ${detail}`);
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
export const ms = (value: number): string => `${Math.round(value)} ms`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const kib = (bytes: number): string => bytes >= 10 * 1024 * 1024 ? mib(bytes) : `${(bytes / 1024).toFixed(0)} KiB`;
