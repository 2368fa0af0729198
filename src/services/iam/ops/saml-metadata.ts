/**
 * What IAM reads from SAML 2.0 metadata: the IdP's entity ID, its signing certificates (what STS checks
 * assertion signatures against) and the document's validUntil.
 *
 * AWS's checks, as observed: the document must be well-formed XML whose root is an `EntityDescriptor` or
 * `EntitiesDescriptor` in the SAML metadata namespace, and every `X509Certificate` in it must decode to a
 * certificate; otherwise "Could not parse metadata". Metadata without any certificate, without a
 * SingleSignOnService, with an expired validUntil or with only encryption keys is accepted.
 */
import { certificateFromBase64, pemOf } from './x509.js';
import { childrenNamed, parseXml, XmlSyntaxError, type XmlElement } from './xml-reader.js';

export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SamlMetadata {
  entityId: string;
  /** Certificates of `KeyDescriptor`s with `use="signing"` or no `use`, as PEM, in document order. */
  signingCertificates: string[];
  /** The root's validUntil, when it has a valid one (ISO-8601). */
  validUntil?: string;
}

/** Parsed metadata, or undefined when AWS would answer "Could not parse metadata". */
export function parseSamlMetadata(document: string): SamlMetadata | undefined {
  let root: XmlElement;
  try {
    root = parseXml(document);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return undefined;
    throw e;
  }
  if (root.ns !== MD_NS || (root.local !== 'EntityDescriptor' && root.local !== 'EntitiesDescriptor')) return undefined;
  const entities = root.local === 'EntityDescriptor' ? [root] : descendants(root, MD_NS, 'EntityDescriptor');
  // The IdP entity: the first one with an IDPSSODescriptor, else the first one.
  const idp = entities.find((e) => childrenNamed(e, MD_NS, 'IDPSSODescriptor').length > 0) ?? entities[0];
  const entityId = idp?.attrs.get('entityID');
  if (!idp || entityId === undefined || entityId === '') return undefined;

  // Every certificate anywhere in the document must parse, even ones we don't keep.
  for (const c of descendants(root, DS_NS, 'X509Certificate')) if (!certificateFromBase64(c.text)) return undefined;

  const signing: string[] = [];
  for (const sso of childrenNamed(idp, MD_NS, 'IDPSSODescriptor')) {
    for (const kd of childrenNamed(sso, MD_NS, 'KeyDescriptor')) {
      const use = kd.attrs.get('use');
      if (use !== undefined && use !== 'signing') continue;
      for (const c of descendants(kd, DS_NS, 'X509Certificate')) {
        const cert = certificateFromBase64(c.text);
        if (cert) signing.push(pemOf(cert));
      }
    }
  }
  const vu = root.attrs.get('validUntil');
  const validUntil = vu !== undefined && !Number.isNaN(Date.parse(vu)) ? new Date(vu).toISOString() : undefined;
  return { entityId, signingCertificates: signing, ...(validUntil ? { validUntil } : {}) };
}

function descendants(el: XmlElement, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.ns === ns && c.local === local) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
