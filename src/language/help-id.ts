/**
 * The command line's help in Bahasa Indonesia, keyed by its English text
 * (which lives beside each flag in the command's own module). A test walks
 * every command, argument and flag and checks each has its line here.
 */
export const HELP_ID: Readonly<Record<string, string>> = {
  // suket itself and commander's own lines
  'Surat keterangan pengganti KTP-el: print-ready PDFs with a signed seal anyone can check offline':
    'Surat keterangan pengganti KTP-el: PDF siap cetak dengan segel bertanda tangan yang dapat diperiksa siapa pun tanpa internet',
  'print stack traces and causes': 'tampilkan jejak galat dan penyebabnya',
  'the language of messages and help: id or en (default: SUKET_LANG, else the locale)':
    'bahasa pesan dan bantuan: id atau en (bawaan: SUKET_LANG, atau bahasa sistem)',
  'output the version number': 'tampilkan nomor versi',
  // suket serve users and the counter
  "the counter's people: petugas (clerk), kepala (head or delegate), admin (kept in the register)":
    'petugas loket: petugas, kepala (atau yang diberi wewenang), admin (disimpan di register)',
  'make a counter account; the password is asked for (or read from stdin)': 'buat akun loket; kata sandi ditanyakan (atau dibaca dari stdin)',
  'the login name, e.g. siti': 'nama untuk masuk, mis. siti',
  'petugas, kepala or admin': 'petugas, kepala, atau admin',
  'the name shown on screen and in the log (default: the login name)': 'nama yang tampil di layar dan di log (bawaan: nama untuk masuk)',
  'the accounts, disabled ones too': 'daftar akun, termasuk yang dinonaktifkan',
  "set an account's password (and unlock it)": 'atur kata sandi akun (dan buka kuncinya)',
  'stop an account working and end its sessions': 'nonaktifkan akun dan akhiri sesinya',
  'do not host the counter page at /loket/': 'jangan sajikan halaman loket di /loket/',
  'display help for command': 'tampilkan bantuan perintah',

  '... and this private key (PEM)': '... dan kunci privat ini (PEM)',
  'CSV delimiter (Indonesian Excel reads ;)': 'pemisah kolom CSV (Excel berbahasa Indonesia membaca ;)',
  'JSON Lines only: each PDF too, so an import can reprint': 'hanya JSON Lines: sertakan juga tiap PDF, agar hasil impor dapat mencetak ulang',
  'PDF file (default: kalibrasi-<paper>.pdf)': 'berkas PDF (bawaan: kalibrasi-<kertas>.pdf)',
  'PDF file of the new certificate': 'berkas PDF surat keterangan yang baru',
  'PDF file, or - for standard output': 'berkas PDF, atau - untuk keluaran standar',
  'PNG file': 'berkas PNG',
  'RFC 3161 time-stamp authority for the PDF signature (PAdES B-T)': 'penyedia cap waktu RFC 3161 untuk tanda tangan PDF (PAdES B-T)',
  'a .csv or .jsonl export': 'berkas ekspor .csv atau .jsonl',
  'a consistent copy of the register file, while issuing goes on': 'salinan utuh berkas register, sementara penerbitan tetap berjalan',
  'a draft for approval: KONSEP across the page, no number, no seal, no signature, not recorded':
    'konsep untuk disetujui: tulisan KONSEP melintang, tanpa nomor surat, tanpa segel, tanpa tanda tangan, tidak dicatat',
  'a key pair for the seal: private key (owner-only) and public JWK with its kid':
    'sepasang kunci segel: kunci privat (hanya pemilik) dan JWK publik beserta kid-nya',
  'a line above the title, e.g. "a.n. WALI KOTA CIREBON"': 'baris di atas jabatan, mis. "a.n. WALI KOTA CIREBON"',
  'a printer test sheet: mm rulers, a 100 mm line, the 30 x 40 mm photo box, a QR at 0.423 mm modules; print it at 100% and measure':
    'lembar uji pencetak: penggaris mm, garis 100 mm, kotak foto 30 x 40 mm, QR bermodul 0,423 mm; cetak pada 100% lalu ukur',
  'a ready office folder: settings, register, seal key, a resident sheet with Indonesian headers, next steps':
    'folder kantor siap pakai: pengaturan, register, kunci segel, daftar warga berjudul kolom bahasa Indonesia, langkah berikutnya',
  'a seal key of the trust list (PKCS#8 PEM)': 'kunci segel yang ada di daftar kunci tepercaya (PKCS#8 PEM)',
  'a signed revocation list (revocations.jws)': 'daftar pencabutan bertanda tangan (revocations.jws)',
  'a signed revocation list (the register voids are used in any case)': 'daftar pencabutan bertanda tangan (pencabutan di register tetap dipakai)',
  'add seal keys (a .jwk.json from keygen) to the next edition': 'tambahkan kunci segel (.jwk.json dari keygen) ke edisi berikutnya',
  'address to listen on (default 127.0.0.1: put a reverse proxy in front, or give 0.0.0.0)':
    'alamat yang didengarkan (bawaan 127.0.0.1: pasang reverse proxy di depannya, atau beri 0.0.0.0)',
  algorithm: 'algoritme',
  'also sign the PDF (PAdES) with this PKCS#12 file': 'tandatangani juga PDF-nya (PAdES) dengan berkas PKCS#12 ini',
  'also write one PDF with every certificate of the folder in row order, for one print job':
    'tulis juga satu PDF berisi semua surat keterangan di folder, urut baris, untuk sekali cetak',
  'as JSON': 'dalam JSON',
  'as in the trust list': 'seperti di daftar kunci tepercaya',
  'at most this many (default 100)': 'paling banyak sejumlah ini (bawaan 100)',
  'build the verifier site: the page, the root public key, and the signed lists if given':
    'bangun situs pemeriksa: halamannya, kunci publik akar, dan daftar bertanda tangan bila diberikan',
  'by when the next edition will be out': 'kapan edisi berikutnya terbit',
  'by when the next edition will be out (verifiers warn after it)': 'kapan edisi berikutnya terbit (pemeriksa memberi peringatan setelahnya)',
  'certificate number (instead of the numbering pattern)': 'nomor surat (sebagai ganti pola penomoran)',
  'check a seal: its text (SK1:...), a PDF, or a photo or scan of the paper': 'periksa segel: teksnya (SK1:...), PDF, atau foto atau pindaian suratnya',
  'create the register, once, on the machine (or PostgreSQL database) that keeps it':
    'buat register, sekali saja, di komputer (atau basis data PostgreSQL) yang menyimpannya',
  'day of checking, YYYY-MM-DD (default: today)': 'tanggal pemeriksaan, TTTT-BB-HH (bawaan: hari ini)',
  'default today': 'bawaan hari ini',
  'default: the invented sample resident': 'bawaan: warga contoh rekaan',
  "end a seal key's signing window; papers it sealed before stay valid": 'akhiri masa tanda tangan kunci segel; surat yang disegelnya sebelumnya tetap sah',
  'every record, oldest first': 'semua catatan, dari yang terlama',
  'exactly this NIK': 'tepat NIK ini',
  'exactly this certificate number': 'tepat nomor surat ini',
  'file prefix': 'awalan nama berkas',
  'file, or - for standard output': 'berkas, atau - untuk keluaran standar',
  'first day the key may sign (YYYY-MM-DD)': 'hari pertama kunci boleh menandatangani (TTTT-BB-HH)',
  'host this verifier site (suket verifier build) at /periksa/, with a revocation list the service signs':
    'sajikan situs pemeriksa ini (suket verifier build) di /periksa/, dengan daftar pencabutan yang ditandatangani layanan',
  'how long a PDF may take to render': 'berapa lama PDF boleh dirender',
  'how many numbers per month and status': 'jumlah nomor surat per bulan dan status',
  'issue a corrected certificate in place of an issued one, and void the old one':
    'terbitkan surat keterangan yang sudah dibetulkan sebagai pengganti yang sudah terbit, dan cabut yang lama',
  'issue date, YYYY-MM-DD (default: today in the office time zone)': 'tanggal terbit, TTTT-BB-HH (bawaan: hari ini menurut zona waktu kantor)',
  'issued on or after, YYYY-MM-DD': 'terbit pada atau setelah, TTTT-BB-HH',
  'issued on or before, YYYY-MM-DD': 'terbit pada atau sebelum, TTTT-BB-HH',
  'largest request body in MB (default 8)': 'isi permintaan terbesar dalam MB (bawaan 8)',
  'last day the key may sign (YYYY-MM-DD)': 'hari terakhir kunci boleh menandatangani (TTTT-BB-HH)',
  'list, check and describe templates': 'daftar, periksa, dan jelaskan templat',
  'load a template and render it on each paper with the shortest and longest values the validator admits':
    'muat templat dan render di tiap ukuran kertas dengan isian terpendek dan terpanjang yang diterima pemeriksa data',
  'load an export into an empty register': 'muat hasil ekspor ke register yang masih kosong',
  'make a client and print its key, once': 'buat klien dan tampilkan kuncinya, sekali saja',
  'make the root key (keep it offline) and an empty trust folder': 'buat kunci akar (simpan di luar jaringan) dan folder kepercayaan yang kosong',
  'many certificates from CSV or JSON Lines and a folder of photos; safe to interrupt and rerun':
    'banyak surat keterangan dari Excel, CSV, atau JSON Lines dan folder foto; aman dihentikan dan dijalankan ulang',
  'office settings': 'pengaturan kantor',
  'office settings (JSON), which name the register': 'pengaturan kantor (JSON), yang menyebut registernya',
  'office settings (JSON): issuance, template, key, register, serve': 'pengaturan kantor (JSON): penerbitan, templat, kunci, register, layanan',
  'office settings (JSON): issuance, template, paper, key': 'pengaturan kantor (JSON): penerbitan, templat, kertas, kunci',
  'office settings (where the register is)': 'pengaturan kantor (tempat registernya)',
  'one certificate from a resident (JSON) and a photo, numbered and recorded by the register':
    'satu surat keterangan dari data warga (JSON) dan fotonya, diberi nomor surat dan dicatat oleh register',
  'one record in full': 'satu catatan selengkapnya',
  'only the entries after this edition (a delta for phones)': 'hanya entri setelah edisi ini (selisih untuk ponsel)',
  'only this status': 'hanya status ini',
  'output folder: PDFs, manifest.jsonl, report.jsonl': 'folder hasil: PDF, manifest.jsonl, report.jsonl',
  'overwrite existing files': 'timpa berkas yang sudah ada',
  'paper size': 'ukuran kertas',
  'part of the name, in any case, with or without accents': 'sebagian nama, huruf besar atau kecil, dengan atau tanpa aksen',
  "photo folder: the row's photo column, else <nik>.jpg/.png/.webp (default: the input file's folder)":
    'folder foto: kolom FOTO baris itu, atau <nik>.jpg/.png/.webp (bawaan: folder berkas masukan)',
  'port (default 8080)': 'port (bawaan 8080)',
  'print a sample certificate for an invented resident, signed with a key made for the demo':
    'cetak contoh surat keterangan untuk warga rekaan, disegel dengan kunci yang dibuat untuk peragaan',
  'print it as JSON': 'tampilkan dalam JSON',
  'print its identity as JSON': 'tampilkan identitasnya dalam JSON',
  'print the JSON Schema of template.json': 'tampilkan JSON Schema untuk template.json',
  'print the counts as JSON': 'tampilkan jumlahnya dalam JSON',
  'print the details (number, file, SHA-256, warnings) as JSON': 'tampilkan rinciannya (nomor surat, berkas, SHA-256, peringatan) dalam JSON',
  'print the record as JSON': 'tampilkan catatannya dalam JSON',
  'print the records as JSON': 'tampilkan catatan-catatannya dalam JSON',
  'print the summary as JSON': 'tampilkan ringkasannya dalam JSON',
  'print the verdict as JSON': 'tampilkan hasil pemeriksaannya dalam JSON',
  'print without the register: give --number or --sequence yourself (tests)': 'cetak tanpa register: beri --number atau --sequence sendiri (untuk uji)',
  'render a specimen (SPESIMEN across the page, a seal no verifier accepts) of a certificate or the sample resident to PNG, to look before printing':
    'render spesimen (tulisan SPESIMEN melintang, segel yang ditolak pemeriksa) surat keterangan atau warga contoh ke PNG, untuk dilihat sebelum dicetak',
  'render threads (default: one per core)': 'jumlah utas render (bawaan: satu per inti prosesor)',
  'render threads, each with 3 rows at once (default: one per two cores)':
    'jumlah utas render, masing-masing 3 baris sekaligus (bawaan: satu per dua inti prosesor)',
  'replace an existing output file': 'ganti berkas hasil yang sudah ada',
  'replace an existing root key': 'ganti kunci akar yang sudah ada',
  'requests that may wait for a thread before the service answers 503 (default 64)':
    'jumlah permintaan yang boleh menunggu utas sebelum layanan menjawab 503 (bawaan 64)',
  resolution: 'resolusi',
  'rows: an Excel workbook (.xlsx), a .csv (headers in Indonesian or as field names) or .jsonl':
    'baris data: buku kerja Excel (.xlsx), .csv (judul kolom bahasa Indonesia atau nama isian), atau .jsonl',
  'seal private key (PKCS#8 PEM); without one the barcode is not a seal': 'kunci privat segel (PKCS#8 PEM); tanpanya kode batang bukan segel',
  'seal text, .pdf, or an image (.png, .jpg, .webp)': 'teks segel, .pdf, atau gambar (.png, .jpg, .webp)',
  'search the records (number, NIK, name, dates, status)': 'cari catatan (nomor surat, NIK, nama, tanggal, status)',
  'sequence for the numbering pattern': 'nomor urut untuk pola penomoran',
  'serve HTTPS with this certificate (PEM) ...': 'sajikan HTTPS dengan sertifikat ini (PEM) ...',
  'sign the next edition of the trust list with the root key': 'tandatangani edisi berikutnya daftar kunci tepercaya dengan kunci akar',
  "sign the revocation list of the register's voided certificates with a seal key":
    'tandatangani daftar pencabutan (surat keterangan yang dicabut di register) dengan kunci segel',
  "stop a client's key working": 'hentikan kunci sebuah klien',
  'template: suket-ktp-el, surat-domisili, or a folder': 'templat: suket-ktp-el, surat-domisili, atau sebuah folder',
  'the HTTP service for office systems (PHP, Java, .NET ...): issue, read, void, verify':
    'layanan HTTP untuk sistem kantor (PHP, Java, .NET ...): terbitkan, baca, cabut, periksa',
  'the built-in templates': 'templat bawaan',
  'the certificate it replaces': 'surat keterangan yang digantikannya',
  'the client system, e.g. opensid-kesambi': 'sistem klien, mis. opensid-kesambi',
  'the client systems that may call the service (kept in the register)': 'sistem klien yang boleh memanggil layanan (disimpan di register)',
  'the clients, revoked ones too': 'para klien, termasuk yang kuncinya dicabut',
  'the copy (owner-only)': 'salinannya (hanya pemilik)',
  'the corrected resident': 'data warga yang sudah dibetulkan',
  "the environment variable holding the PKCS#12 file's passphrase (never a flag; default SUKET_SIGN_PASS)":
    'variabel lingkungan yang memuat kata sandi berkas PKCS#12 (tidak pernah lewat opsi; bawaan SUKET_SIGN_PASS)',
  'the government heading the letterhead, e.g. "PEMERINTAH KOTA CIREBON"': 'pemerintah daerah di kepala kop surat, mis. "PEMERINTAH KOTA CIREBON"',
  'the last day it may have signed (default today)': 'hari terakhir kunci itu boleh menandatangani (bawaan hari ini)',
  'the numbering pattern': 'pola penomoran surat',
  'the office folder to make (default: this folder)': 'folder kantor yang dibuat (bawaan: folder ini)',
  "the office's address, as the letterhead prints it": 'alamat kantor, seperti tercetak di kop surat',
  'the office\'s name, e.g. "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"': 'nama kantor, mis. "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"',
  "the office's region code (4 digits, as in the NIK): its time zone follows from it":
    'kode wilayah kantor (4 digit, seperti di NIK): zona waktunya mengikuti kode ini',
  "the office's root public key (suket trust init wrote it)": 'kunci publik akar kantor (ditulis oleh suket trust init)',
  "the office's telephone or e-mail": 'telepon atau surel kantor',
  'the offline verifier page an office hosts': 'halaman pemeriksa luring yang disajikan kantor',
  'the photo': 'fotonya',
  'the photo (else the path in the resident file)': 'fotonya (atau jalur foto di berkas data warga)',
  'the published keys: a root key signs the trust list of seal keys; seal keys sign revocations':
    'kunci yang diumumkan: kunci akar menandatangani daftar kunci segel tepercaya; kunci segel menandatangani pencabutan',
  'the records as an Excel workbook, CSV or JSON Lines, from one consistent snapshot':
    'catatan sebagai buku kerja Excel, CSV, atau JSON Lines, dari satu potret data yang utuh',
  'the register: a file or postgres:// URL (default: SUKET_REGISTER, the settings, or suket.db beside them)':
    'register: sebuah berkas atau URL postgres:// (bawaan: SUKET_REGISTER, pengaturan kantor, atau suket.db di sebelahnya)',
  'the register: every number issued once, every certificate on record': 'register: tiap nomor surat terbit sekali, tiap surat keterangan tercatat',
  'the resident, as in the README': 'data warga, seperti di README',
  'the root key of a signed trust list': 'kunci akar daftar kunci tepercaya yang bertanda tangan',
  'the root public key (root.jwk.json) a signed trust list must be signed by':
    'kunci publik akar (root.jwk.json) yang harus menandatangani daftar kunci tepercaya',
  'the same key gives the same certificate (default: made from this command: resident, photo, office, day, output)':
    'kunci yang sama menghasilkan surat keterangan yang sama (bawaan: dibuat dari perintah ini: warga, foto, kantor, tanggal, berkas hasil)',
  "the signatory's NIP (18 digits)": 'NIP penanda tangan (18 digit)',
  "the signatory's name, as printed": 'nama penanda tangan, seperti tercetak',
  "the signatory's title, as printed": 'jabatan penanda tangan, seperti tercetak',
  'the signed list': 'daftar bertanda tangan',
  'the signed revocation list to ship': 'daftar pencabutan bertanda tangan yang disertakan',
  'the signed trust list to ship (else put one beside the page later)':
    'daftar kunci tepercaya bertanda tangan yang disertakan (atau letakkan di samping halaman nanti)',
  "the signing certificate's chain must lead to this root (PEM or DER)": 'rantai sertifikat penanda tangan harus berujung pada akar ini (PEM atau DER)',
  'the site folder (its files are replaced)': 'folder situs (berkas di dalamnya diganti)',
  'the stored PDF of a certificate, byte for byte': 'PDF surat keterangan yang tersimpan, persis sama',
  'the trust folder': 'folder kepercayaan',
  "the workbook's sheet: its name as its tab shows it, or its position (default: the first)":
    'lembar di buku kerja: namanya seperti tertulis di tabnya, atau urutannya (bawaan: yang pertama)',
  'trust list: a signed list (trust-list.jws, with --root) or a JWK Set of office public keys':
    'daftar kunci tepercaya: daftar bertanda tangan (trust-list.jws, dengan --root) atau JWK Set kunci publik kantor',
  "what /v1/verify trusts: a trust list (default: the office's own seal key)":
    'yang dipercaya /v1/verify: daftar kunci tepercaya (bawaan: kunci segel kantor sendiri)',
  'what it may do, comma-separated: issue, void, read, verify': 'wewenangnya, dipisah koma: issue (terbitkan), void (cabut), read (baca), verify (periksa)',
  'where papers are issued, e.g. Cirebon': 'tempat surat diterbitkan, mis. Cirebon',
  'where to write': 'tempat menulis hasil',
  'which register the settings name': 'register yang disebut pengaturan kantor',
  'which register this is (its id, kind, location) and how many numbers reached each status':
    'register yang mana (id, jenis, lokasinya) dan berapa nomor surat pada tiap status',
  'who issues it (default: your login name)': 'petugas yang menerbitkan (bawaan: nama login Anda)',
  'who issues it, as recorded (default: your login name)': 'petugas yang menerbitkan, seperti dicatat (bawaan: nama login Anda)',
  'who issues them, as recorded (default: your login name)': 'petugas yang menerbitkan, seperti dicatat (bawaan: nama login Anda)',
  'who publishes the lists, as verifiers show it': 'penerbit daftar, seperti ditampilkan pemeriksa',
  'who voids it (default: your login name)': 'petugas yang mencabut (bawaan: nama login Anda)',
  'why (kept in the register, never published)': 'alasannya (disimpan di register, tidak pernah diumumkan)',
  'why residents of this batch get a second certificate while one of theirs is still valid (recorded)':
    'alasan warga di daftar ini mendapat surat keterangan kedua padahal yang lama masih berlaku (dicatat)',
  'why the old one is withdrawn': 'alasan yang lama dicabut',
  'why this resident gets a second certificate while one of theirs is still valid (recorded); else replace the old one':
    'alasan warga ini mendapat surat keterangan kedua padahal yang lama masih berlaku (dicatat); atau ganti yang lama',
  'withdraw an issued certificate; it then feeds the revocation list': 'cabut surat keterangan yang sudah terbit; lalu masuk daftar pencabutan',
  'withdrawn certificate numbers, one per line': 'nomor surat yang dicabut, satu per baris',
  'xlsx, csv or jsonl (default: by the file name, else csv)': 'xlsx, csv, atau jsonl (bawaan: menurut nama berkas, atau csv)',

  // commander's headings and the extras it adds after a description
  'Usage:': 'Penggunaan:',
  'Options:': 'Opsi:',
  'Arguments:': 'Argumen:',
  'Commands:': 'Perintah:',
  'Global Options:': 'Opsi umum:',
};
