/**
 * A real `suket` process in an Indonesian locale (issue 34): help, problems
 * and commander's own errors in Indonesian, codes and paths unchanged;
 * English where the locale or --lang says so.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from './service.js';

const cli = (args: string[], env: Record<string, string>) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('suket in an Indonesian locale', () => {
  it('LANG=id_ID.UTF-8 suket generate --help is in Indonesian; --lang en and an English locale are English', () => {
    const id = cli(['generate', '--help'], { LANG: 'id_ID.UTF-8' });
    expect(id.code).toBe(0);
    expect(id.out).toMatch(/^Penggunaan: suket generate \[opsi\] <resident\.json>/);
    for (const heading of ['Argumen:', 'Opsi:', 'Contoh:']) expect(id.out).toContain(heading);
    expect(id.out).toContain('satu surat keterangan dari data warga');
    expect(id.out).toContain('tampilkan bantuan perintah');
    expect(id.out).toContain('(pilihan: "F4", "A4")');
    for (const english of ['Usage:', 'Options:', 'one certificate from a resident', 'display help for command', 'paper size'])
      expect(id.out).not.toContain(english);
    const en = cli(['--lang', 'en', 'generate', '--help'], { LANG: 'id_ID.UTF-8' });
    expect(en.out).toMatch(/^Usage: suket generate \[options\] <resident\.json>/);
    expect(en.out).toContain('one certificate from a resident');
    expect(cli(['generate', '--help'], { LANG: 'en_US.UTF-8' }).out).toMatch(/^Usage:/);
    expect(cli(['generate', '--help'], { SUKET_LANG: 'id' }).out).toMatch(/^Penggunaan:/);
  });

  it("commander's own errors (an unknown flag, a bad choice) are in Indonesian too, each with the hint to --help", () => {
    const id = cli(['generate', 'x.json', '--papr', 'A4'], { LANG: 'id_ID.UTF-8' });
    expect(id.code).toBe(2);
    expect(id.err).toBe("galat: opsi '--papr' tidak dikenal\n(Maksudnya --paper?)\n(jalankan dengan --help untuk cara pakainya)\n");
    const choice = cli(['generate', 'x.json', '--paper', 'B5'], { LANG: 'id_ID.UTF-8' });
    expect(choice.err).toContain("galat: nilai 'B5' untuk opsi '--paper <size>' tidak sah. Pilihan yang boleh: F4, A4.");
    const en = cli(['generate', 'x.json', '--papr', 'A4'], { LANG: 'en_US.UTF-8' });
    expect(en.err).toBe("error: unknown option '--papr'\n(Did you mean --paper?)\n(run with --help for usage)\n");
  });

  it('a problem is in Indonesian with the same code and path as in English', () => {
    const args = ['generate', 'tidak-ada.json', '--no-register', '--number', '1'];
    const id = cli(args, { LANG: 'id_ID.UTF-8' });
    const en = cli(args, { LANG: 'en_US.UTF-8' });
    expect(id.code).toBe(1);
    expect(en.code).toBe(1);
    expect(id.err).toMatch(/^galat: IO_FAILED \(berkas atau register tidak dapat dibaca\)/);
    expect(en.err).toMatch(/^error: IO_FAILED\n/);
    const shape = (text: string) => [...text.matchAll(/^ {2}(\S+): .* \[(\w+)\]$/gm)].map((m) => [m[1], m[2]]);
    expect(shape(id.err)).toEqual(shape(en.err));
    expect(shape(id.err).length).toBeGreaterThan(0);
  });
});
