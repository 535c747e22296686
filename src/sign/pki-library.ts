/**
 * pkijs and asn1js (BSD-3), loaded on first use: they take some 70 ms to
 * load, and only signing PDFs needs them, so importing suket does not pay
 * for them. Loaded synchronously (Node 20.19 requires ES modules), since a
 * signer is prepared synchronously, before any number is taken.
 */
import type { X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';

type Pkijs = typeof import('pkijs');
type Asn1js = typeof import('asn1js');

let loaded: { pkijs: Pkijs; asn1js: Asn1js } | undefined;

function load(): { pkijs: Pkijs; asn1js: Asn1js } {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = { pkijs: require('pkijs') as Pkijs, asn1js: require('asn1js') as Asn1js };
  }
  return loaded;
}

/** A module that loads on its first property read. */
function lazy<T extends object>(pick: () => T): T {
  return new Proxy({} as T, { get: (_target, property) => Reflect.get(pick(), property) });
}

/** pkijs, loaded when first used. */
export const pkijs: Pkijs = lazy(() => load().pkijs);
/** asn1js (the same instance pkijs uses), loaded when first used. */
export const asn1js: Asn1js = lazy(() => load().asn1js);

type Certificate = InstanceType<Pkijs['Certificate']>;
const parsed = new WeakMap<X509Certificate, Certificate>();
let encodedOnce: Pkijs['Certificate'] | undefined;

/** A pkijs Certificate that builds its ASN.1 once: pkijs re-reads the certificate's bytes each time it is encoded (half a millisecond). */
function certificateClass(): Pkijs['Certificate'] {
  encodedOnce ??= class EncodedOnce extends load().pkijs.Certificate {
    #schema: ReturnType<Certificate['toSchema']> | undefined;
    override toSchema(encodeFlag?: boolean): ReturnType<Certificate['toSchema']> {
      if (encodeFlag) return super.toSchema(encodeFlag);
      this.#schema ??= super.toSchema();
      return this.#schema;
    }
  };
  return encodedOnce;
}

/**
 * A certificate as pkijs reads it, parsed once (about a millisecond each)
 * and encoded once: a signer's chain is the same for every PDF it signs.
 */
export function parsedCertificate(cert: X509Certificate): Certificate {
  let known = parsed.get(cert);
  if (!known) {
    known = certificateClass().fromBER(new Uint8Array(cert.raw));
    parsed.set(cert, known);
  }
  return known;
}
