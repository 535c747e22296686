/**
 * suket: the Indonesian surat keterangan pengganti KTP-el, as a print-ready
 * PDF with a signed seal. Everything the package offers; its parts are also
 * at `suket/register`, `suket/seal` and `suket/signature`.
 * @module suket
 */
export { generateCertificate, issueCertificate, streamCertificate, createGenerator, VERSION } from './generate.js';
export type { GenerateOptions, IssuanceOverrides, IssuedCertificate, Generator, StreamedCertificate } from './generate.js';
export { writeCertificateFile } from './write.js';
export { checkTemplate } from './check-template.js';
export * from './subpaths/register.js';
export * from './subpaths/seal.js';
export * from './subpaths/signature.js';
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
export type { ParsedNumber, IssuanceContext } from './validate/issuance.js';
export type { Issuance, IssuanceInput, OfficeInput, SignatoryInput } from './validate/issuance.js';
export { validateCertificateInput } from './validate/index.js';
export type { ValidInput } from './validate/index.js';
export { parseNik, nipProblems } from './validate/nik.js';
export type { NikInfo, Sex, Problem as NumberProblem } from './validate/nik.js';
export { OCCUPATIONS } from './data/occupations.js';

export { loadTemplate, BUILTIN_TEMPLATES, DEFAULT_TEMPLATE } from './template/load.js';
export type { LoadedTemplate, Paper } from './template/load.js';
export { templateJsonSchema, PAPERS } from './template/schema.js';
export type { TemplateDefinition, TemplateElement } from './template/schema.js';
export type {
  TextElement,
  StackElement,
  TableElement,
  PhotoElement,
  BarcodeElement,
  ImageElement,
  LineElement,
  ElementBox,
  TextStyle,
  TemplateFont,
  TemplatePaper,
} from './template/definition.js';
export type { DataPath } from './template/data.js';
export type { FormatterSpec, Formatter } from './template/placeholders.js';
export { DATA_PATHS, FORMATTERS } from './template/placeholders.js';
export type { CivilDate } from './dates.js';
export { TIME_ZONES, resolveTimeZone } from './time-zones.js';
export type { TimeZone } from './time-zones.js';
