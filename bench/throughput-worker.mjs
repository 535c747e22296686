// One thread of the all-cores run: renders its share of certificates.
import { parentPort, workerData } from 'node:worker_threads';

const { contender, photos, start, count } = workerData;
const c = await import(`./contenders/${contender}.mjs`);
await c.setup();
for (let i = 0; i < 3; i++) await c.render(start + i, photos[i % photos.length]);
parentPort.postMessage({ ready: true });
await new Promise((res) => parentPort.once('message', res));
let bytes = 0;
for (let i = 0; i < count; i++) bytes += (await c.render(start + i, photos[(start + i) % photos.length])).length;
await c.teardown();
parentPort.postMessage({ done: true, bytes });
