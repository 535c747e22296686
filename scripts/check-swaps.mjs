// The build's module swaps (tsup.config.ts) must each have matched: an
// esbuild resolve hook that stops matching (a dependency moved a file)
// silently does nothing, and the bundle grows back what it was meant to
// leave out. Read from the bundles' source maps after each build.

/** Each swap: the stand-in that must be in some bundle, and the module it replaces, which must be in none. */
export const SWAPS = [
  { name: 'lazy-brotli', standIn: 'src/bundle/brotli-lazy.ts', replaced: /node_modules\/brotli\/(decompress|dec\/)/ },
  { name: 'no-pdf-encryption', standIn: 'src/bundle/no-pdf-encryption.ts', replaced: /node_modules\/@noble\/ciphers\/.*aes/ },
  { name: 'lazy-unicode-trie', standIn: 'src/bundle/unicode-trie-lazy.ts', replaced: /node_modules\/unicode-trie\// },
  { name: 'english-only-zod', standIn: 'src/bundle/zod-locales.ts', replaced: /node_modules\/zod\/v4\/locales\/(?!en\.js$)[^/]+$/ },
];

/**
 * What is wrong with the bundles' sources (paths relative to the project), one sentence a swap.
 * @param {readonly string[]} sources every source of every bundle
 * @returns {string[]}
 */
export function swapProblems(sources) {
  const problems = [];
  for (const swap of SWAPS) {
    if (!sources.some((s) => s.endsWith(swap.standIn))) problems.push(`${swap.name}: its stand-in ${swap.standIn} is in no bundle (the swap matched nothing)`);
    const leaked = sources.find((s) => swap.replaced.test(s));
    if (leaked) problems.push(`${swap.name}: ${leaked} is bundled, which the swap was to replace`);
  }
  return problems;
}
