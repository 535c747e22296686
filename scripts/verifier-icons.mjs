// The verifier page's app icons (web/verifier/public/icon-*.png), drawn from
// one SVG: a QR finder pattern and a tick on the page's blue. Run once when
// the drawing changes; the PNGs are committed so a build needs no drawing.
import sharp from 'sharp';

const svg = (pad) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#0b3d91"/>
  <g transform="translate(${pad} ${pad}) scale(${(512 - 2 * pad) / 512})">
    <rect x="72" y="72" width="200" height="200" rx="12" fill="#fff"/>
    <rect x="104" y="104" width="136" height="136" rx="8" fill="#0b3d91"/>
    <rect x="136" y="136" width="72" height="72" rx="4" fill="#fff"/>
    <path d="M250 380 l70 70 l130 -170" fill="none" stroke="#fff" stroke-width="44" stroke-linecap="round" stroke-linejoin="round"/>
  </g>
</svg>`;

const out = new URL('../web/verifier/public/', import.meta.url);
for (const [name, size, pad] of [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  ['icon-maskable-512.png', 512, 64],
])
  await sharp(Buffer.from(svg(pad)))
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true })
    .toFile(new URL(name, out).pathname);
