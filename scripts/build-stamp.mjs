// Whether dist/ was built from the sources as they are now: a SHA-256 of
// every file the build reads, written to dist/.build-stamp at the end of
// `npm run build`. Content, not times: a checkout or a copy changes times.
//   node scripts/build-stamp.mjs write    (the build's last step)
//   node scripts/build-stamp.mjs ensure   (builds only when dist/ is not current: npm run demo)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads: the sources, the page, templates and fonts, and how they are built. */
const INPUTS = ['src', 'web', 'templates', 'fonts', 'scripts/after-build.mjs', 'tsup.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
const STAMP = 'dist/.build-stamp';

/** The files under a path (relative to root), in a fixed order. */
function files(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .filter((name) => name !== 'node_modules' && name !== 'dist')
    .sort()
    .flatMap((name) => files(root, join(path, name)));
}

/** The digest of every input file's path (relative) and bytes, in a fixed order. */
export function sourcesDigest(root = '.') {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => files(root, p)))
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

/** Whether dist/ holds a build of the sources as they are. */
export function isCurrent(root = '.') {
  const stamp = join(root, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourcesDigest(root);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const verb = process.argv[2];
  if (verb === 'write') writeFileSync(STAMP, `${sourcesDigest()}\n`);
  else if (verb === 'ensure') {
    if (isCurrent()) console.error('dist/ is current: not rebuilt');
    else process.exitCode = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status ?? 1;
  } else {
    console.error('usage: node scripts/build-stamp.mjs write|ensure');
    process.exitCode = 2;
  }
}
