/** The link form of the QR (docs/seal-v1.md section 1): the verifier page's address, `#`, then the seal. It imports nothing: the CLI loads it at start. */
/** docs/seal-v1.md section 1: every seal text starts so. */
export const SEAL_PREFIX = 'SK1:';

/**
 * The seal of a QR's text: `SK1:...`, or what follows `#` in the verifier
 * page's link; other text is given back as it is.
 * @example sealOf('https://dukcapil.example.go.id/periksa/#SK1:6BF...') // 'SK1:6BF...'
 */
export function sealOf(text: unknown): unknown {
  if (typeof text !== 'string' || !text.startsWith('https://')) return text;
  const at = text.indexOf(`#${SEAL_PREFIX}`);
  return at < 0 ? text : text.slice(at + 1);
}
