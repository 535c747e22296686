/** Both halves together, with the checks that need both. */
import { SuketError, type Issue } from '../errors.js';
import { checkIssuance, type Issuance, type IssuanceContext } from './issuance.js';
import { birthAfterIssue, checkResident, type Resident } from './resident.js';

export interface ValidInput {
  resident: Resident;
  issuance: Issuance;
  warnings: Issue[];
}

/**
 * Validates a resident and an issuance together and reports every problem
 * of both at once: resident paths as they are (`address.rt`), issuance
 * paths under `issuance.`; a birth date after the issue day is a conflict.
 * @throws SuketError INVALID_INPUT listing every problem.
 * @example const { resident, issuance, warnings } = validateCertificateInput(row, office);
 */
export function validateCertificateInput(resident: unknown, issuance: unknown, context: IssuanceContext = {}): ValidInput {
  const r = checkResident(resident);
  const i = checkIssuance(issuance, ['issuance'], context);
  const issues = [...r.issues, ...i.issues];
  const born = r.value && i.value ? birthAfterIssue(r.value.birthDate, i.value.issuedAt) : undefined;
  if (born) issues.push(born);
  if (issues.length || !r.value || !i.value) throw new SuketError('INVALID_INPUT', issues);
  return { resident: r.value, issuance: i.value, warnings: r.warnings };
}
