/**
 * The clerk's resident form, checked as the clerk types by the library's own
 * rules (src/validate, bundled into this page): the same codes and, in the
 * page's language, the same messages the service would answer.
 */
import { OCCUPATIONS } from '../../../src/data/occupations';
import { messageIn } from '../../../src/language/catalogue';
import { birthAfterIssue, BLOOD_TYPES, checkResident, MARITAL_STATUSES, RELIGIONS } from '../../../src/validate/resident';
import type { Lang } from './words';

/** Each field: its path in the resident, its label in both languages, and its kind. */
const FIELDS: ReadonlyArray<{ path: string; id: string; en: string; options?: readonly string[]; type?: string; optional?: boolean }> = [
  { path: 'nik', id: 'NIK', en: 'NIK' },
  { path: 'name', id: 'Nama lengkap', en: 'Full name' },
  { path: 'birthPlace', id: 'Tempat lahir', en: 'Place of birth' },
  { path: 'birthDate', id: 'Tanggal lahir', en: 'Date of birth', type: 'date' },
  { path: 'sex', id: 'Jenis kelamin', en: 'Sex', options: ['LAKI-LAKI', 'PEREMPUAN'] },
  { path: 'bloodType', id: 'Golongan darah', en: 'Blood type', options: BLOOD_TYPES, optional: true },
  { path: 'address.street', id: 'Alamat', en: 'Street address' },
  { path: 'address.rt', id: 'RT', en: 'RT' },
  { path: 'address.rw', id: 'RW', en: 'RW' },
  { path: 'address.village', id: 'Kelurahan/Desa', en: 'Village' },
  { path: 'address.district', id: 'Kecamatan', en: 'District' },
  { path: 'address.regency', id: 'Kabupaten/Kota', en: 'Regency or city' },
  { path: 'address.province', id: 'Provinsi', en: 'Province' },
  { path: 'religion', id: 'Agama', en: 'Religion', options: RELIGIONS },
  { path: 'maritalStatus', id: 'Status perkawinan', en: 'Marital status', options: MARITAL_STATUSES },
  { path: 'occupation', id: 'Pekerjaan', en: 'Occupation', options: OCCUPATIONS.map(([, name]) => name) },
  { path: 'citizenship', id: 'Kewarganegaraan', en: 'Citizenship', options: ['WNI', 'WNA'] },
];

const inputId = (path: string) => `f-${path.replace('.', '-')}`;

/** Builds the fields into `form` (before its buttons). */
export function buildFields(form: HTMLFormElement, lang: Lang): void {
  const anchor = form.querySelector('.photo-field');
  for (const f of FIELDS) {
    const label = document.createElement('label');
    label.htmlFor = inputId(f.path);
    label.dataset.id = f.id;
    label.dataset.en = f.en;
    label.textContent = lang === 'id' ? f.id : f.en;
    const input = f.options ? document.createElement('select') : document.createElement('input');
    input.id = inputId(f.path);
    input.name = f.path;
    if (input instanceof HTMLSelectElement) {
      input.append(new Option('', ''), ...f.options!.map((o) => new Option(o, o)));
    } else if (f.type) input.type = f.type;
    if (f.path === 'nik') Object.assign(input, { inputMode: 'numeric', maxLength: 16 });
    input.setAttribute('aria-describedby', `${input.id}-error`);
    const error = document.createElement('p');
    error.id = `${input.id}-error`;
    error.className = 'field-error';
    error.setAttribute('aria-live', 'polite');
    form.insertBefore(label, anchor);
    form.insertBefore(input, anchor);
    form.insertBefore(error, anchor);
  }
}

/** The form as a resident, as the library takes it (empty optional fields left out). */
export function residentOf(form: HTMLFormElement): Record<string, unknown> {
  const resident: Record<string, unknown> = { address: {} };
  for (const f of FIELDS) {
    const value = (form.elements.namedItem(f.path) as HTMLInputElement | HTMLSelectElement).value.trim();
    if (f.optional && !value) continue;
    const [head, tail] = f.path.split('.');
    if (tail) (resident.address as Record<string, unknown>)[tail] = value;
    else resident[head!] = value;
  }
  return resident;
}

/**
 * Shows each problem beside its field (only for the fields the clerk has
 * touched, unless `all`); true when there is none. `today` is the office's
 * day, which a paper approved now bears: a birth date after it is refused.
 */
export function showProblems(form: HTMLFormElement, lang: Lang, touched: ReadonlySet<string>, all: boolean, today?: string): boolean {
  const { value, issues, warnings } = checkResident(residentOf(form));
  const born = value && today ? birthAfterIssue(value.birthDate, today as typeof value.birthDate) : undefined;
  if (born) issues.push(born);
  for (const f of FIELDS) {
    const problem = issues.find((i) => i.path === f.path) ?? warnings.find((w) => w.path === f.path);
    const show = problem && (all || touched.has(f.path));
    const error = document.getElementById(`${inputId(f.path)}-error`)!;
    error.textContent = show ? messageIn(lang, problem) : '';
    error.classList.toggle('warning', Boolean(show && !issues.includes(problem)));
    (form.elements.namedItem(f.path) as HTMLElement).setAttribute('aria-invalid', String(Boolean(show && issues.includes(problem))));
  }
  return issues.length === 0;
}

/** The labels in the page's language. */
export function relabel(form: HTMLFormElement, lang: Lang): void {
  for (const label of form.querySelectorAll<HTMLLabelElement>('label[data-id]'))
    label.textContent = (lang === 'id' ? label.dataset.id : label.dataset.en) ?? '';
}
