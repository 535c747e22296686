/**
 * What a seal carries, and the rules for it, in one place: the mapping
 * from a validated resident and issuance to seal fields, the check that
 * `createSeal` applies to fields a host passes directly, and the rule that
 * decides whether the optional photo digest goes in.
 */
import { z } from 'zod';
import { SuketError } from '../errors.js';
import { CIVIL_DATE, parseCivilDate, type CivilDate } from '../dates.js';
import { fromZod, report, wordingOf } from '../validate/fields.js';
import { checkNumber } from '../validate/issuance.js';
import { nikProblems, SEXES, type Sex } from '../validate/nik.js';
import type { Issuance } from '../validate/issuance.js';
import type { Resident } from '../validate/resident.js';

/** The facts a seal carries, decoded. */
export interface SealFields {
  version: number;
  number: string;
  nik: string;
  /** As printed: upper case, NFC. */
  name: string;
  birthPlace: string;
  birthDate: CivilDate;
  sex: Sex;
  officeCode: string;
  issuedAt: CivilDate;
  validUntil: CivilDate;
  /** Hex (lower case) of the first 16 bytes of SHA-256 of the embedded photo. */
  photoHash?: string;
}

/** The fields a seal is made from (the version is the format's own). */
export type SealInput = Omit<SealFields, 'version'>;

/** The seal's fields for a validated certificate. */
export function sealFieldsOf(resident: Resident, issuance: Issuance, photoHash?: string): SealInput {
  return {
    number: issuance.number,
    nik: resident.nik,
    name: resident.name,
    birthPlace: resident.birthPlace,
    birthDate: resident.birthDate,
    sex: resident.sex,
    officeCode: issuance.office.regionCode,
    issuedAt: issuance.issuedAt,
    validUntil: issuance.validUntil,
    ...(photoHash !== undefined ? { photoHash } : {}),
  };
}

// Controls, invisible and unassigned characters never belong in a seal.
const PRINTABLE = /^[^\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}]+$/u;
const sealText = (max: number) =>
  z.string().superRefine((s, ctx) => {
    if (s.length === 0 || s.length > max) report(ctx, s.length ? 'too_long' : 'empty', `must be 1 to ${max} characters`);
    else if (s !== s.trim() || !PRINTABLE.test(s)) report(ctx, 'characters', 'must be trimmed text without control or invisible characters');
  });
const sealDate = z.string().superRefine((s, ctx) => {
  if (!parseCivilDate(s)) report(ctx, 'date', CIVIL_DATE);
});

const sealInputSchema = z
  .object({
    version: z.literal(1).optional(),
    number: z.string().superRefine((s, ctx) => {
      const { value, problem } = checkNumber(s);
      if (problem) report(ctx, problem.code, problem.message);
      else if (value !== s) report(ctx, 'format', 'must be normalised as printed (trimmed, single spaces, NFC)');
    }),
    nik: z.string().superRefine((s, ctx) => {
      for (const p of nikProblems(s)) report(ctx, p.code, wordingOf(p));
    }),
    name: sealText(80),
    birthPlace: sealText(60),
    birthDate: sealDate,
    sex: z.enum(SEXES),
    officeCode: z.string().regex(/^\d{2}(\d{2})?$/, 'must be 2 or 4 digits'),
    issuedAt: sealDate,
    validUntil: sealDate,
    photoHash: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits (16 bytes)')
      .optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.validUntil <= f.issuedAt) report(ctx, 'conflict', 'must be after issuedAt', ['validUntil']);
  });

/**
 * Checks fields before they are signed; throws SuketError INVALID_INPUT
 * (paths under `fields.`) listing every problem. Nothing is changed
 * silently: a value the seal cannot carry as given is refused.
 */
export function checkSealInput(fields: unknown): SealInput {
  const parsed = sealInputSchema.safeParse(fields, { reportInput: true });
  if (!parsed.success) throw new SuketError('INVALID_INPUT', fromZod(parsed.error.issues, ['fields']));
  const { version: _version, ...rest } = parsed.data;
  return { ...rest, name: rest.name.normalize('NFC') };
}

/** Alphanumeric characters QR version 13 holds at level Q (69 x 69 modules, docs/seal-v1.md). */
export const SEAL_V13Q_CHARS = 352;

/**
 * The photo digest (key 11, optional in v1) goes in only while the seal
 * still fits QR version 13-Q, so long names keep the code the size the
 * format plans for. `lengthWithDigest` is the seal's exact length with it.
 */
export const includePhotoDigest = (photoAvailable: boolean, lengthWithDigest: number): boolean => photoAvailable && lengthWithDigest <= SEAL_V13Q_CHARS;

/** A placeholder digest of the right length, for measuring a seal before the photo is ready. */
export const DIGEST_PLACEHOLDER = '00'.repeat(16);
