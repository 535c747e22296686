/** The counter's words: Bahasa Indonesia first, English on the toggle. */
export type Lang = 'id' | 'en';

const ID = {
  title: 'Loket surat keterangan',
  loginTitle: 'Masuk',
  name: 'Nama pengguna',
  password: 'Kata sandi',
  loginButton: 'Masuk',
  logout: 'Keluar',
  homeTitle: 'Selamat bekerja',
  toggle: 'English',
  role_petugas: 'Petugas loket: mencari, membuat konsep, mencetak surat yang disetujui',
  role_kepala: 'Kepala (atau yang diberi wewenang): menyetujui, mengembalikan, membatalkan, mengganti',
  role_admin: 'Admin: akun dan pengaturan (hanya baca)',
  LOGIN_FAILED: 'Nama pengguna atau kata sandi salah.',
  ACCOUNT_LOCKED: 'Akun dikunci karena terlalu banyak kata sandi salah. Coba lagi pukul {until}.',
  TOO_MANY_ATTEMPTS: 'Terlalu banyak percobaan yang salah dari komputer ini. Tunggu sebentar, lalu coba lagi.',
  HTTPS_REQUIRED: 'Loket hanya dapat dipakai lewat HTTPS di jaringan kantor. Hubungi petugas TI.',
  INVALID_INPUT: 'Isi nama pengguna dan kata sandi.',
  OFFLINE: 'Layanan tidak dapat dihubungi. Periksa jaringan, lalu coba lagi.',
  UNEXPECTED: 'Terjadi kesalahan. Coba lagi.',
  newDraft: 'Konsep baru',
  photo: 'Pas foto (berwarna, 3x4)',
  photoRequired: 'Pilih pas foto penduduk.',
  sendDraft: 'Kirim untuk persetujuan',
  draftSent: 'Konsep terkirim: menunggu persetujuan kepala.',
  fixFields: 'Periksa kolom yang ditandai.',
  approvedTitle: 'Disetujui, siap cetak',
  queueTitle: 'Menunggu persetujuan',
  emptyQueue: 'Tidak ada konsep yang menunggu.',
  viewPage: 'Lihat halaman',
  approve: 'Setujui',
  returnDraft: 'Kembalikan',
  returnNote: 'Catatan untuk petugas:',
  approvedAs: 'Disetujui dengan nomor {number}',
  print: 'Cetak',
  draftedBy: 'dari {who}',
} as const;

export type WordKey = keyof typeof ID;

const EN: Record<WordKey, string> = {
  title: 'Certificate counter',
  loginTitle: 'Log in',
  name: 'User name',
  password: 'Password',
  loginButton: 'Log in',
  logout: 'Log out',
  homeTitle: 'Welcome',
  toggle: 'Bahasa Indonesia',
  role_petugas: 'Clerk: search, draft, print approved papers',
  role_kepala: 'Head (or delegate): approve, send back, void, replace',
  role_admin: 'Administrator: accounts and settings (read-only)',
  LOGIN_FAILED: 'Wrong user name or password.',
  ACCOUNT_LOCKED: 'The account is locked after too many wrong passwords. Try again at {until}.',
  TOO_MANY_ATTEMPTS: 'Too many wrong attempts from this computer. Wait a while, then try again.',
  HTTPS_REQUIRED: 'The counter works only over HTTPS on the office network. Ask the IT staff.',
  INVALID_INPUT: 'Fill in the user name and password.',
  OFFLINE: 'The service cannot be reached. Check the network, then try again.',
  UNEXPECTED: 'Something went wrong. Try again.',
  newDraft: 'New draft',
  photo: 'Passport photo (colour, 3x4)',
  photoRequired: "Choose the resident's photo.",
  sendDraft: 'Send for approval',
  draftSent: 'Draft sent: waiting for the head to approve.',
  fixFields: 'Check the fields marked.',
  approvedTitle: 'Approved, ready to print',
  queueTitle: 'Waiting for approval',
  emptyQueue: 'No draft is waiting.',
  viewPage: 'See the page',
  approve: 'Approve',
  returnDraft: 'Send back',
  returnNote: 'A note for the clerk:',
  approvedAs: 'Approved as number {number}',
  print: 'Print',
  draftedBy: 'from {who}',
};

export const WORDS: Record<Lang, Record<WordKey, string>> = { id: ID, en: EN };

/** A word in a language, with `{name}` filled in. */
export const word = (lang: Lang, key: WordKey, params: Record<string, string> = {}): string =>
  WORDS[lang][key].replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? '');
