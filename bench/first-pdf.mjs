// Started as a fresh process: load a contender, make one PDF, write it, exit.
import { readFileSync, writeFileSync } from 'node:fs';

const [contender, photoFile, outFile] = process.argv.slice(2);
const c = await import(`./contenders/${contender}.mjs`);
await c.setup();
writeFileSync(outFile, await c.render(0, new Uint8Array(readFileSync(photoFile))));
await c.teardown();
