// Types of test/fuzz-mutate.mjs, for the TypeScript tests.
export interface Source {
  name: string;
  bytes: Uint8Array;
}
export interface Variant {
  name: string;
  bytes: Uint8Array;
  description: string;
}
export const MUTATION_KINDS: string[];
export const STRUCTURAL_KINDS: string[];
export function mutate(sources: Source[], seed: number): Variant;
export function mutateStructure(sources: Source[], seed: number): Variant;
