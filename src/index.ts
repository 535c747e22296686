/** suket: the Indonesian surat keterangan pengganti KTP-el, as a print-ready PDF with a signed seal. */
export { generateCertificate, issueCertificate, streamCertificate, createGenerator, VERSION } from './generate.js';
export type { GenerateOptions, IssuanceOverrides, IssuedCertificate, Generator, StreamedCertificate } from './generate.js';
export { writeCertificateFile } from './write.js';
export { checkTemplate } from './check-template.js';
export { openRegister, Register, checkForRegister, registerIssuance } from './register/register.js';
export type { RegisterIssueOptions, RegisteredCertificate, OpenRegisterOptions } from './register/register.js';
export type { CertificateRecord, RecordStatus, RecordQuery, Revocation, MonthCount, RecordedIssuance } from './register/types.js';
export { RECORD_STATUSES } from './register/types.js';
export type { CounterReset } from './register/counter.js';
export type { TemplateCheck } from './check-template.js';

export { SuketError, isSuketError } from './errors.js';
export type { Issue, IssueCode, SuketErrorCode } from './errors.js';
export { messageIn } from './language/catalogue.js';
export type { MessageKey, MessageParams } from './language/catalogue.js';
export { languageOf, languageOfRequest } from './language/language.js';
export type { Language } from './language/language.js';

export { validateResident, SEXES, RELIGIONS, MARITAL_STATUSES, BLOOD_TYPES } from './validate/resident.js';
export type { Resident, ResidentInput, Religion, MaritalStatus, BloodType, Checked } from './validate/resident.js';
export { validateIssuance, formatNumber, parseNumber, mergeIssuance } from './validate/issuance.js';
export type { ParsedNumber } from './validate/issuance.js';
export type { Issuance, IssuanceInput, OfficeInput, SignatoryInput } from './validate/issuance.js';
export { validateCertificateInput } from './validate/index.js';
export type { ValidInput } from './validate/index.js';
export { parseNik, nipProblems } from './validate/nik.js';
export type { NikInfo, Sex } from './validate/nik.js';
export { OCCUPATIONS } from './data/occupations.js';

export { createSeal } from './seal/seal.js';
export { verifySeal, photoDigest } from './seal/verify.js';
export { sealLink } from './seal/link.js';
export type { SealVerdict, SealFailure, PhotoCheck, VerifyOptions, ListsUsed } from './seal/verify.js';
export { openTrustList, openRevocations, mergeRevocations, revocationEntry } from './trust/lists.js';
export type { ListStatus, TrustListPayload, RevocationsPayload, EditionMark, RevocationsCheck } from './trust/lists.js';
export type { PublicJwk } from './trust/jws.js';
export { signTrustList, signRevocations } from './trust/sign.js';
export type { ListEdition } from './trust/sign.js';
export type { SealFields, SealInput } from './seal/fields.js';
export { readTrustList } from './seal/trust.js';
export type { TrustedKey } from './seal/trust.js';
export { generateSealKeys, publicJwk } from './seal/keys.js';
export { signPdf, prepareSigner } from './sign/index.js';
export type { PdfSignOptions, ExternalPdfSigner, ReadySigner } from './sign/index.js';
export type { KeyWindow, SealAlg, SealOptions, SealKeyOptions, SealSignerOptions, SealPublicJwk, TrustList, KeyInput, SealKeyPair } from './seal/keys.js';

export { loadTemplate, BUILTIN_TEMPLATES, DEFAULT_TEMPLATE } from './template/load.js';
export type { LoadedTemplate, Paper } from './template/load.js';
export { templateJsonSchema, PAPERS } from './template/schema.js';
export type { TemplateDefinition, TemplateElement } from './template/schema.js';
export { DATA_PATHS, FORMATTERS } from './template/placeholders.js';
export type { CivilDate } from './dates.js';
export { TIME_ZONES, resolveTimeZone } from './time-zones.js';
export type { TimeZone } from './time-zones.js';
