// A CommonJS program that checks a seal and a signer by the subpaths alone.
const { generateSealKeys, createSeal, verifySeal, isSuketError } = require('suket/seal');
const { prepareSigner } = require('suket/signature');
const { RECORD_STATUSES } = require('suket/register');

const keys = generateSealKeys();
let refused;
try {
  prepareSigner({}, new Date());
} catch (e) {
  refused = isSuketError(e) ? e.code : 'not a SuketError';
}
console.log(
  JSON.stringify({
    kind: 'cjs',
    seal: typeof createSeal,
    verdict: verifySeal('nope', { trustList: { keys: [keys.publicJwk] } }).reason,
    refused,
    statuses: RECORD_STATUSES.length,
  }),
);
