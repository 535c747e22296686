// suket itself, through its public call.
import { issueCertificate } from '../../dist/index.js';
import { issuanceData, residentData, SEAL_KEY } from '../common.mjs';

export const name = 'suket';
const seal = { privateKey: SEAL_KEY };
export async function setup() {}
export async function render(i, photo) {
  return (await issueCertificate({ ...residentData(i), photo }, { issuance: issuanceData(i), seal })).pdf;
}
export async function teardown() {}
