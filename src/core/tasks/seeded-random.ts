/**
 * The project's one pseudo-random number generator. Everything that must be
 * reproducible (task splits, reflect minibatches, sampling order) draws from here, so
 * the same seed gives the same result on any machine and any Node version.
 *
 * mulberry32 for the stream, FNV-1a (32-bit, over UTF-8 bytes) to turn strings into
 * seeds. Neither is cryptographic; both are tiny, fast and fully specified, which is
 * what reproducibility needs.
 */

/** 32-bit FNV-1a hash of the UTF-8 bytes of `text`, as an unsigned integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Turns a number or string seed into the 32-bit state mulberry32 starts from. */
export function seedToState(seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed);
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be a finite number or a string; got ${seed}.`);
  // Integers keep their low 32 bits; fractions and large values go through the hash so
  // that 1.5 and 1 (or 2**32 and 0) do not collide.
  return Number.isInteger(seed) && Math.abs(seed) <= 0xffffffff ? seed >>> 0 : hashString(String(seed));
}

/**
 * A reproducible stream of floats in [0, 1) (mulberry32). Each call to the returned
 * function advances the stream.
 */
export function createSeededRandom(seed: number | string): () => number {
  let state = seedToState(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A reproducible float in [0, 1) for one key under one seed, independent of any other key. */
export function seededUnitValue(seed: number | string, key: string): number {
  return createSeededRandom(hashString(`${seedToState(seed)}:${key}`))();
}

/**
 * A shuffled copy of `items` (Fisher–Yates driven by mulberry32). The input is not
 * changed. Same items in the same order + same seed → same result everywhere.
 */
export function shuffleWithSeed<T>(items: readonly T[], seed: number | string): T[] {
  const random = createSeededRandom(seed);
  const result = items.slice();
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other], result[index]];
  }
  return result;
}
