import { issueCertificate } from '../dist/index.js';
import { residentData, issuanceData, SEAL_KEY, photoPool } from './common.mjs';
const photos = await photoPool(8);
const seal = { privateKey: SEAL_KEY };
for (let i = 0; i < 20; i++) await issueCertificate({ ...residentData(i), photo: photos[i % 8] }, { issuance: issuanceData(i), seal });
const ts = [];
for (let i = 0; i < 200; i++) { const t = performance.now(); await issueCertificate({ ...residentData(i), photo: photos[i % 8] }, { issuance: issuanceData(i), seal }); ts.push(performance.now() - t); }
ts.sort((a, b) => a - b); console.log('median', ts[100].toFixed(1), 'p95', ts[190].toFixed(1));
