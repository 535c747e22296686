// Writes the sample resident and issuance the consumer programs in test/consumers read.
import { writeFileSync } from 'node:fs';
import { sampleIssuance, sampleResident } from '../src/sample.js';

writeFileSync('test/consumers/resident.json', JSON.stringify(sampleResident(), null, 2) + '\n');
writeFileSync('test/consumers/issuance.json', JSON.stringify(sampleIssuance(), null, 2) + '\n');
