/**
 * `suket/seal`: making and checking seals, keys and signed lists, without
 * the renderer or the register. For a host that only checks papers (a
 * bank's system, a verifier of its own): it loads none of pdfkit, fontkit,
 * sharp or a database driver.
 * @example
 * import { verifySeal } from 'suket/seal';
 * const verdict = verifySeal(qrText, { trustList });
 * @module suket/seal
 */
export { createSeal } from '../seal/seal.js';
export { verifySeal, photoDigest } from '../seal/verify.js';
export { sealLink } from '../seal/link.js';
export type { SealVerdict, SealFailure, PhotoCheck, VerifyOptions, ListsUsed } from '../seal/verify.js';
export type { SealFields, SealInput } from '../seal/fields.js';
export { readTrustList } from '../seal/trust.js';
export type { TrustedKey } from '../seal/trust.js';
export { generateSealKeys, publicJwk } from '../seal/keys.js';
export type { KeyWindow, SealAlg, SealOptions, SealKeyOptions, SealSignerOptions, SealPublicJwk, TrustList, KeyInput, SealKeyPair } from '../seal/keys.js';
export { openTrustList, openRevocations, mergeRevocations, revocationEntry } from '../trust/lists.js';
export type { ListStatus, TrustListPayload, RevocationsPayload, EditionMark, RevocationsCheck } from '../trust/lists.js';
export type { PublicJwk } from '../trust/jws.js';
export { signTrustList, signRevocations } from '../trust/sign.js';
export type { ListEdition } from '../trust/sign.js';
export { SuketError, isSuketError } from '../errors.js';
export type { Issue, IssueCode, SuketErrorCode } from '../errors.js';
