import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { messageIn, SuketError, parseNik, validateCertificateInput, validateIssuance, validateResident, type Issue, type ResidentInput } from '../src/index.js';
import { sampleIssuance, sampleResident } from '../src/sample.js';
import type { CivilDate } from '../src/dates.js';
import { birthAfterIssue } from '../src/validate/resident.js';

function issuesOf(fn: () => unknown): Issue[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SuketError);
    return [...(e as SuketError).issues];
  }
  throw new Error('expected a SuketError');
}

const codes = (issues: Issue[]) => issues.map((i) => `${i.path}:${i.code}`);
const withResident = (over: Record<string, unknown>) => ({ ...sampleResident(), ...over });

describe('resident: normalised as the paper prints it', () => {
  it('upper-cases, trims, collapses spaces, pads RT/RW and resolves codes', () => {
    const { value, warnings } = validateResident(
      withResident({
        name: '  sekar   ayu\tlarasati ',
        birthPlace: 'cirebon',
        occupation: 15,
        religion: 'katholik',
        bloodType: undefined,
        address: { ...sampleResident().address, rt: 3, rw: '12', street: ' jl.  kesambi raya ' },
      }),
    );
    expect(value.name).toBe('SEKAR AYU LARASATI');
    expect(value.birthPlace).toBe('CIREBON');
    expect(value.address).toMatchObject({ rt: '003', rw: '012', street: 'JL. KESAMBI RAYA' });
    expect(value.occupation).toEqual({ code: 15, name: 'KARYAWAN SWASTA' });
    expect(value.religion).toBe('KATOLIK');
    expect(value.bloodType).toBe('-');
    expect(warnings).toEqual([]);
  });

  it('prints legacy spellings the current way and accepts occupation names in any case', () => {
    const { value } = validateResident(withResident({ religion: 'Budha', occupation: 'pelajar / mahasiswa', sex: 'laki-laki', nik: '3274041708900042' }));
    expect(value.religion).toBe('BUDDHA');
    expect(value.occupation).toEqual({ code: 3, name: 'PELAJAR/MAHASISWA' });
    expect(value.sex).toBe('LAKI-LAKI');
  });

  it('applies Unicode NFC so the same name always has the same bytes', () => {
    const decomposed = 'Rene\u0301 Dupont';
    const { value } = validateResident(withResident({ name: decomposed, citizenship: 'WNA', nationality: 'Prancis' }));
    expect(value.name).toBe('REN\u00c9 DUPONT');
    expect(value.nationality).toBe('PRANCIS');
  });

  it('keeps names with apostrophes, dots, commas and hyphens', () => {
    expect(validateResident(withResident({ name: "Ma'ruf Al-Hakim, S.T." })).value.name).toBe("MA'RUF AL-HAKIM, S.T.");
  });

  it('reports every problem at once, each with path and stable code', () => {
    const issues = issuesOf(() =>
      validateResident({
        ...sampleResident(),
        nik: '12345',
        name: 'Budi 99',
        birthDate: '1990-02-30',
        sex: 'PRIA',
        address: { ...sampleResident().address, rt: 'x1', village: '' },
        religion: 'JEDI',
        occupation: 90,
        extra: 1,
      }),
    );
    expect(codes(issues)).toEqual(
      expect.arrayContaining([
        'nik:nik_format',
        'name:characters',
        'birthDate:date',
        'sex:not_allowed',
        'address.rt:format',
        'address.village:empty',
        'religion:not_allowed',
        'occupation:not_allowed',
        'extra:unknown_field',
      ]),
    );
  });

  it('names missing and mistyped fields', () => {
    const issues = issuesOf(() => validateResident({ nik: 3274045708900042, address: 'Cirebon' }));
    expect(codes(issues)).toEqual(expect.arrayContaining(['nik:type', 'name:required', 'birthDate:required', 'address:type', 'religion:required']));
  });

  it('never puts the NIK or the name in a message', () => {
    const nik = '3274041308901234';
    const e = (() => {
      try {
        validateResident(withResident({ nik: nik + '9', name: 'Rahasia 123', birthDate: '1990-13-01' }));
      } catch (err) {
        return err as SuketError;
      }
    })()!;
    expect(e.message).not.toContain(nik);
    expect(e.message).not.toMatch(/rahasia/i);
    expect(e.code).toBe('INVALID_INPUT');
  });

  it('rejects control characters, bidi overrides and zero-width characters', () => {
    for (const bad of ['SITI\u0000', 'SITI\u202eAMINAH', 'SI\u200bTI']) {
      expect(codes(issuesOf(() => validateResident(withResident({ name: bad }))))).toContain('name:characters');
      expect(codes(issuesOf(() => validateResident(withResident({ birthPlace: bad }))))).toContain('birthPlace:characters');
    }
  });

  it('bounds lengths before doing any work', () => {
    expect(codes(issuesOf(() => validateResident(withResident({ name: 'A'.repeat(10_000) }))))).toEqual(['name:too_long']);
  });

  it('requires nationality for WNA and refuses it for WNI', () => {
    expect(codes(issuesOf(() => validateResident(withResident({ citizenship: 'WNA' }))))).toEqual(['nationality:required']);
    expect(codes(issuesOf(() => validateResident(withResident({ nationality: 'JEPANG' }))))).toEqual(['nationality:conflict']);
  });

  it('accepts blood types with rhesus and refuses others', () => {
    expect(validateResident(withResident({ bloodType: 'ab+' })).value.bloodType).toBe('AB+');
    expect(validateResident(withResident({ bloodType: '-' })).value.bloodType).toBe('-');
    expect(codes(issuesOf(() => validateResident(withResident({ bloodType: 'C' }))))).toEqual(['bloodType:not_allowed']);
  });

  it('parses dates strictly', () => {
    for (const d of ['2022-13-31', '2023-02-29', '31-02-1990', '1990-8-17', '1990-08-17T00:00:00Z', ''])
      expect(codes(issuesOf(() => validateResident(withResident({ birthDate: d }))))).toContain('birthDate:date');
    expect(validateResident(withResident({ birthDate: '2000-02-29', nik: '3274046902000042' })).value.birthDate).toBe('2000-02-29');
  });
});

describe('NIK', () => {
  it('reads region, birth date and sex', () => {
    const info = parseNik('3274045708900042');
    expect(info).toMatchObject({
      provinceCode: '32',
      provinceName: 'JAWA BARAT',
      regencyCode: '3274',
      regencyKind: 'kota',
      districtCode: '327404',
      birthDay: 17,
      birthMonth: 8,
      birthYear2: 90,
      sex: 'PEREMPUAN',
      serial: 42,
    });
    expect(parseNik('3209011708900001')).toMatchObject({ sex: 'LAKI-LAKI', birthDay: 17, regencyKind: 'kabupaten' });
  });

  it.each([
    ['327404570890004', 'nik_format'],
    ['32740457089000421', 'nik_format'],
    ['32740457O8900042', 'nik_format'],
    ['3274043208900042', 'nik_date'],
    ['3274047208900042', 'nik_date'],
    ['3274044008900042', 'nik_date'],
    ['3274040008900042', 'nik_date'],
    ['3274041713900042', 'nik_date'],
    ['3274041700900042', 'nik_date'],
    ['3274043104900042', 'nik_date'],
    ['3274045708900000', 'nik_serial'],
  ])('rejects %s (%s)', (nik, code) => {
    expect(issuesOf(() => parseNik(nik)).map((i) => i.code)).toContain(code);
  });

  it('accepts 29 February (some century makes it a leap year) and women up to day 71', () => {
    expect(parseNik('3274042902000001').birthDay).toBe(29);
    expect(parseNik('3274047101900001').birthDay).toBe(31);
  });

  it('warns, without throwing, when the NIK disagrees with the biodata or the region list', () => {
    const { warnings } = validateResident(withResident({ nik: '9974041708910042' }));
    expect(codes(warnings).sort()).toEqual(['nik:nik_birth_date_mismatch', 'nik:nik_region_unknown', 'nik:nik_sex_mismatch']);
    for (const w of warnings) expect(w.message).not.toContain('9974');
  });

  it('takes the century from the stated birth date', () => {
    const { warnings } = validateResident(withResident({ nik: '3274045708900042', birthDate: '1890-08-17' }));
    expect(warnings).toEqual([]);
  });
});

describe('issuance', () => {
  it('expands a numbering pattern and defaults validity to six months', () => {
    const v = validateIssuance(sampleIssuance());
    expect(v.number).toBe('471.13/0001/Disdukcapil/XI/2026');
    expect(v.validUntil).toBe('2027-05-30');
    expect(v.timeZone).toBe('Asia/Jakarta');
  });

  it('supports every numbering token', () => {
    const v = validateIssuance({ ...sampleIssuance(), numbering: '{regionCode}-{year}{month}{day}-{seq}-{seq:6}', sequence: 42 });
    expect(v.number).toBe('3274-20261130-42-000042');
  });

  it('clamps month ends and honours validUntil', () => {
    expect(validateIssuance({ ...sampleIssuance(), issuedAt: '2026-08-31' }).validUntil).toBe('2027-02-28');
    expect(validateIssuance({ ...sampleIssuance(), validUntil: '2027-01-01' }).validUntil).toBe('2027-01-01');
    expect(validateIssuance({ ...sampleIssuance(), validMonths: 12 }).validUntil).toBe('2027-11-30');
  });

  it("takes the office's local day from an instant", () => {
    const instant = new Date('2026-11-30T16:30:00Z'); // 23:30 WIB, 01:30 WIT next day
    expect(validateIssuance({ ...sampleIssuance(), issuedAt: instant }).issuedAt).toBe('2026-11-30');
    expect(validateIssuance({ ...sampleIssuance(), issuedAt: instant, timeZone: 'WIT' })).toMatchObject({ issuedAt: '2026-12-01', timeZone: 'Asia/Jayapura' });
    expect(validateIssuance({ ...sampleIssuance(), issuedAt: undefined }, { now: instant }).issuedAt).toBe('2026-11-30');
  });

  it("agrees with the tz database on the office's day, for any instant in any of the three zones", () => {
    const day = (instant: Date, timeZone: string) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant).map((x) => [x.type, x.value]),
      );
      return `${p.year}-${p.month}-${p.day}`;
    };
    // 1940 to 2400: the years before 1970 take the tz database's history (Jakarta was +07:20, +07:30, +09:00).
    const instants = fc.integer({ min: Date.UTC(1940, 0, 1), max: Date.UTC(2400, 0, 1) }).map((ms) => new Date(ms));
    const nearMidnight = fc
      .integer({ min: 0, max: 150_000 })
      .map((d) => new Date(Date.UTC(1970, 0, 1) + d * 86_400_000 - 9 * 3_600_000 + (d % 4) * 3_600_000 - 1));
    const zones = fc.constantFrom('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura');
    fc.assert(
      fc.property(fc.oneof(instants, nearMidnight), zones, (instant, timeZone) => {
        expect(validateIssuance({ ...sampleIssuance(), issuedAt: instant, timeZone }).issuedAt).toBe(day(instant, timeZone));
      }),
      { numRuns: 2000 },
    );
  });

  it('reports every problem at once', () => {
    const i = sampleIssuance();
    const issues = issuesOf(() =>
      validateIssuance({
        ...i,
        number: 'X/1',
        numbering: '471/{nomor}',
        timeZone: 'Europe/Paris',
        validMonths: 0,
        office: { ...i.office, regionCode: '3A' },
        signatory: { ...i.signatory, nip: '196813121990031005' },
      }),
    );
    expect(codes(issues)).toEqual(
      expect.arrayContaining(['timeZone:not_allowed', 'validMonths:too_small', 'office.regionCode:format', 'signatory.nip:nip_date']),
    );
  });

  it('checks pattern, number and dates together', () => {
    const i = sampleIssuance();
    expect(codes(issuesOf(() => validateIssuance({ ...i, number: 'A/1' })))).toEqual(['numbering:conflict']);
    expect(codes(issuesOf(() => validateIssuance({ ...i, numbering: '471/{nomor}' }))).sort()).toEqual(['numbering:numbering', 'numbering:numbering']);
    expect(codes(issuesOf(() => validateIssuance({ ...i, numbering: undefined, sequence: undefined })))).toEqual(['number:required']);
    expect(codes(issuesOf(() => validateIssuance({ ...i, validUntil: '2026-11-29' })))).toEqual(['validUntil:conflict']);
  });

  it.each([
    ['19680512199003100', 'nip_format'],
    ['196805121990033005', 'nip_format'],
    ['196802301990031005', 'nip_date'],
    ['196805121990131005', 'nip_date'],
    ['196805121975031005', 'nip_date'],
  ])('rejects NIP %s (%s)', (nip, code) => {
    const i = sampleIssuance();
    expect(issuesOf(() => validateIssuance({ ...i, signatory: { ...i.signatory, nip } })).map((x) => x.code)).toContain(code);
  });

  it('puts issuance paths under issuance. when checked with a resident', () => {
    const i = sampleIssuance();
    const issues = issuesOf(() => validateCertificateInput({ ...sampleResident(), sex: 'X' }, { ...i, place: '' }));
    expect(codes(issues)).toEqual(['sex:not_allowed', 'issuance.place:empty']);
    const born = issuesOf(() => validateCertificateInput({ ...sampleResident(), birthDate: '2026-12-01', nik: '3274044112260042' }, i));
    expect(codes(born)).toEqual(['birthDate:conflict']);
    // Worded from the catalogue, as the counter's form shows it for a birth date after the office's today.
    expect(messageIn('id', born[0]!)).toBe(`tidak boleh sesudah tanggal surat (${i.issuedAt})`);
    expect(birthAfterIssue('2026-12-01' as CivilDate, '2026-12-01' as CivilDate)).toBeUndefined();
  });
});

describe('any input at all', () => {
  const check = (input: unknown) => {
    try {
      validateResident(input);
    } catch (e) {
      if (!(e instanceof SuketError)) throw e;
      for (const i of e.issues) expect(typeof i.path).toBe('string');
    }
  };

  it('either validates or throws SuketError, never another exception', () => {
    fc.assert(fc.property(fc.anything({ withMap: true, withSet: true, withTypedArray: true, withBigInt: true, withDate: true }), check), {
      numRuns: 400,
    });
  });

  it('holds for a valid resident with any one field replaced by anything', () => {
    const keys = Object.keys(sampleResident()) as Array<keyof ResidentInput>;
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything({ withTypedArray: true }), (key, value) => check({ ...sampleResident(), [key]: value })),
      { numRuns: 400 },
    );
  });

  it('holds for any string in any text field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('nik', 'name', 'birthPlace', 'birthDate', 'sex', 'religion', 'occupation'),
        fc.string({ unit: 'binary', maxLength: 300 }),
        (key, value) => check({ ...sampleResident(), [key]: value }),
      ),
      { numRuns: 400 },
    );
  });
});
