/**
 * SAML 2.0 responses as AssumeRoleWithSAML checks them: a base64 `samlp:Response` with exactly one
 * assertion, plain (`saml:Assertion`) or encrypted (`saml:EncryptedAssertion`, opened with one of the
 * provider's private keys), signed by one of the provider's signing certificates, issued by the provider's
 * entity, for AWS's sign-in endpoint, within its validity, naming the requested role and provider in its
 * Role attribute and a session name. A provider whose AssertionEncryptionMode is `Required` refuses plain
 * assertions.
 *
 * Signatures, as SAML core 6.2 and the Web SSO profile allow them: on the Response (over the assertion or
 * over its ciphertext), on the Assertion (made before it was encrypted, so verified after decryption), or
 * both; every signature present must verify, and at least one must cover the assertion.
 *
 * Signature wrapping: signatures are verified with xml-crypto, and everything read afterwards comes from
 * the XML that xml-crypto returns as signed (`getSignedReferences`), never from the original document; the
 * ciphertext decrypted is the one in the signed copy of the Response when the Response is signed. A
 * response with more than one assertion, duplicate IDs or a DOCTYPE is refused. Encrypted elements inside an
 * assertion (EncryptedID, EncryptedAttribute) are not decrypted: AWS documents encryption of whole assertions.
 */
import { createHash } from 'node:crypto';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { AwsError } from '../../errors.js';
import { decryptAssertion } from './saml-decrypt.js';

export const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const NAMEID_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
export const SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
export const SOURCE_IDENTITY_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SourceIdentity';

/** How far the IdP's clock may be from ours (AWS documents five minutes for SAML). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const invalid = (message: string): AwsError => new AwsError('InvalidIdentityToken', message);
// Unconfirmed wording: AWS's only known ExpiredTokenException text for SAML; used for every passed time limit.
const expired = (): AwsError => new AwsError('ExpiredTokenException', 'Token must be redeemed within 5 minutes of issuance');
const NO_AUDIENCE = 'Response does not contain the required audience.';

/**
 * The SAML attributes that become `saml:*` condition keys, by attribute name (the OIDs AWS documents; AWS
 * also takes the friendly names' keys from these OIDs only).
 */
const ATTRIBUTE_KEYS: Record<string, string[]> = {
  'urn:oid:2.5.4.3': ['saml:cn', 'saml:commonName'],
  'urn:oid:2.5.4.42': ['saml:givenName'],
  'urn:oid:2.5.4.4': ['saml:surname'],
  'urn:oid:0.9.2342.19200300.100.1.3': ['saml:mail'],
  'urn:oid:2.5.4.41': ['saml:name'],
  'urn:oid:0.9.2342.19200300.100.1.1': ['saml:uid'],
  'urn:oid:2.5.4.45': ['saml:x500UniqueIdentifier'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['saml:edupersonaffiliation'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': ['saml:edupersonnickname'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': ['saml:edupersonorgdn'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': ['saml:edupersonorgunitdn'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': ['saml:edupersonprimaryaffiliation'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['saml:edupersonprincipalname'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': ['saml:edupersonentitlement'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': ['saml:edupersonprimaryorgunitdn'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': ['saml:edupersonscopedaffiliation'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': ['saml:edupersontargetedid'],
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': ['saml:edupersonassurance'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.2': ['saml:eduorghomepageuri'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.3': ['saml:eduorgidentityauthnpolicyuri'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.4': ['saml:eduorglegalname'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.5': ['saml:eduorgsuperioruri'],
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.6': ['saml:eduorgwhitepagesuri'],
};

export interface SamlProviderRef {
  arn: string;
  name: string;
  accountId: string;
  entityId: string;
  /** PEM certificates. */
  signingCertificates: readonly string[];
  /** Its SAMLProviderUUID: a sign-in endpoint of its own ends in it. */
  uuid: string;
  /** `Required`: plain assertions are refused. */
  encryptionMode: 'Allowed' | 'Required';
  /** Its private keys (PEM), opened only when an assertion is encrypted. */
  decryptionKeys: () => readonly string[];
}

export interface SamlAssertion {
  issuer: string;
  subject: string;
  subjectType: string;
  /** The bearer confirmation's Recipient: the response's Audience, saml:aud. */
  recipient: string;
  nameQualifier: string;
  /** Every attribute's values, by Name. */
  attributes: Map<string, string[]>;
  /** The earliest SessionNotOnOrAfter (ms), when the IdP limits the session. */
  sessionNotOnOrAfter?: number;
  /** saml:* condition keys and aws:FederatedProvider. */
  keys: Record<string, string | string[]>;
}

function elements(parent: XmlElement, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as XmlElement).namespaceURI === ns && (n as XmlElement).localName === local) out.push(n as XmlElement);
  }
  return out;
}

function only(parent: XmlElement, ns: string, local: string): XmlElement | undefined {
  const list = elements(parent, ns, local);
  if (list.length > 1) throw invalid(`Response has more than one ${local}`); // Unconfirmed wording.
  return list[0];
}

const text = (e: XmlElement | undefined): string => (e?.textContent ?? '').trim();

function parseXml(xml: string): XmlElement {
  // No DTDs: nothing to expand, nothing to fetch.
  if (/<!DOCTYPE/i.test(xml)) throw invalid('Invalid SAML response'); // Unconfirmed wording.
  let bad = false;
  const doc = new DOMParser({ onError: () => (bad = true) }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (bad || !root) throw invalid('Invalid SAML response'); // Unconfirmed wording.
  return root;
}

function time(e: XmlElement, name: string): number | undefined {
  const v = e.getAttribute(name);
  if (v === null || v === '') return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw invalid(`Invalid ${name}`); // Unconfirmed wording.
  return t;
}

/** Whether `url` is AWS's SAML sign-in endpoint: global, regional, or the provider's own `/saml/acs/UUID`. */
export function isSignInEndpoint(url: string, uuid: string): boolean {
  const m = /^https:\/\/(?:([a-z0-9-]+)\.)?signin\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)\/saml(?:\/acs\/([^/?#]+))?$/.exec(url);
  return m !== null && (m[2] === undefined || m[2].toLowerCase() === uuid.toLowerCase());
}

const SIGNATURE_INVALID = 'Response signature invalid';
// Unconfirmed wording: AWS documents no message for an encrypted assertion it can't use. Every failure
// between the ciphertext and a validly signed assertion (no key opens it, bad padding or tag, plaintext that
// isn't one assertion, its signature) answers this one message: a different answer for each would be the
// padding oracle that breaks XML Encryption's CBC mode.
const DECRYPTION_FAILED = 'Failed to decrypt or verify the encrypted assertion';
// Unconfirmed wording: a plain assertion sent to a provider whose AssertionEncryptionMode is Required.
const ENCRYPTION_REQUIRED = 'Response does not contain the required encrypted assertion.';

/**
 * Verifies the signature `holder` carries in `xml` (the document `holder` was parsed from); returns the XML
 * xml-crypto verified, or undefined when `holder` has no signature. Throws `fail` for a signature that does
 * not verify or vouches for anything but `holder`.
 */
function signedContent(xml: string, holder: XmlElement, certificates: readonly string[], fail: () => AwsError): string | undefined {
  const sigs = elements(holder, DSIG_NS, 'Signature');
  if (sigs.length === 0) return undefined;
  if (sigs.length > 1) throw fail();
  const id = holder.getAttribute('ID');
  if (!id) throw fail();
  for (const pem of certificates) {
    const sig = new SignedXml({ publicCert: pem });
    try {
      sig.loadSignature(sigs[0] as unknown as Parameters<SignedXml['loadSignature']>[0]);
      if (!sig.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const refs = sig.getReferences();
    const contents = sig.getSignedReferences();
    // One reference, to the element that holds the signature: nothing else can be vouched for by it.
    if (refs.length !== 1 || refs[0]?.uri !== `#${id}` || contents.length !== 1 || contents[0] === undefined) throw fail();
    return contents[0];
  }
  throw fail();
}

/** Every `local` element of the assertion namespace in `root`'s subtree, `root` included. */
function assertionElements(root: XmlElement, local: 'Assertion' | 'EncryptedAssertion'): XmlElement[] {
  const self = root.namespaceURI === ASSERTION_NS && root.localName === local ? [root] : [];
  return [...self, ...Array.from(root.getElementsByTagNameNS(ASSERTION_NS, local) as ArrayLike<XmlElement>)];
}

/** The one assertion (plain or encrypted, as `local` says) in signed XML, and nothing else that could pass for one. */
function onlySigned(signed: string, local: 'Assertion' | 'EncryptedAssertion', fail: () => AwsError): XmlElement {
  const el = parseXml(signed);
  const found = assertionElements(el, local);
  const other = assertionElements(el, local === 'Assertion' ? 'EncryptedAssertion' : 'Assertion');
  if (found.length !== 1 || other.length !== 0 || !found[0]) throw fail();
  return found[0];
}

/** Whether two elements of `root`'s subtree (`root` included) share an ID. */
function duplicateIds(root: XmlElement): boolean {
  const ids = new Set<string>();
  for (const e of [root, ...Array.from(root.getElementsByTagName('*') as ArrayLike<XmlElement>)]) {
    const id = e.getAttribute('ID');
    if (id === null) continue;
    if (ids.has(id)) return true;
    ids.add(id);
  }
  return false;
}

const escapeAttr = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * The decrypted assertion of `encrypted`, as a document of its own and its Assertion element. The plaintext
 * is an XML fragment read in the context of the element it replaces (XML Encryption 4.5), so it is parsed
 * inside a wrapper that declares the namespaces in scope there.
 */
function decrypted(encrypted: XmlElement, keys: readonly string[]): { xml: string; assertion: XmlElement } {
  const fail = (): AwsError => invalid(DECRYPTION_FAILED);
  const plaintext = decryptAssertion(encrypted, keys);
  if (plaintext === undefined) throw fail();
  const scope = new Map<string, string>();
  for (let n: XmlElement | null = encrypted; n && n.nodeType === 1; n = n.parentNode as XmlElement | null) {
    for (const a of Array.from(n.attributes as ArrayLike<{ name: string; value: string }>)) {
      if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && !scope.has(a.name)) scope.set(a.name, a.value);
    }
  }
  const declarations = [...scope].map(([name, uri]) => ` ${name}="${escapeAttr(uri)}"`).join('');
  const xml = `<Decrypted${declarations}>${plaintext.replace(/^\s*<\?xml[^>]*\?>/, '')}</Decrypted>`;
  let wrapper: XmlElement;
  try {
    wrapper = parseXml(xml);
  } catch {
    throw fail();
  }
  const children: XmlElement[] = [];
  for (let n = wrapper.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) children.push(n as XmlElement);
    else if (n.nodeType !== 3 || (n.nodeValue ?? '').trim() !== '') throw fail();
  }
  const assertion = children[0];
  if (children.length !== 1 || !assertion || assertion.namespaceURI !== ASSERTION_NS || assertion.localName !== 'Assertion') throw fail();
  if (assertionElements(assertion, 'Assertion').length !== 1 || assertionElements(assertion, 'EncryptedAssertion').length !== 0 || duplicateIds(wrapper)) throw fail();
  return { xml, assertion };
}

/**
 * Reads and checks a base64 SAML response for `provider` at `now`. Throws AWS's errors: InvalidIdentityToken,
 * ExpiredTokenException, IDPRejectedClaim.
 */
export function verifySamlResponse(encoded: string, provider: SamlProviderRef, now: Date): SamlAssertion {
  const compact = encoded.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) throw invalid('Invalid base64 SAMLResponse');
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  const root = parseXml(xml);
  if (root.namespaceURI !== PROTOCOL_NS || root.localName !== 'Response') throw invalid('Invalid SAML response'); // Unconfirmed wording.

  const status = only(root, PROTOCOL_NS, 'Status');
  const code = status ? only(status, PROTOCOL_NS, 'StatusCode')?.getAttribute('Value') : undefined;
  // Unconfirmed wording: the IdP reports that the sign-in failed.
  if (code !== SUCCESS) throw new AwsError('IDPRejectedClaim', 'The identity provider did not authenticate the user.');

  // Exactly one assertion, plain or encrypted, anywhere in the document: a second one is the classic
  // wrapping attack.
  const plain = assertionElements(root, 'Assertion');
  const encrypted = assertionElements(root, 'EncryptedAssertion');
  const top = plain.length + encrypted.length === 1 ? (plain[0] ?? encrypted[0]) : undefined;
  if (!top || top.parentNode !== root) throw invalid('Invalid SAML response'); // Unconfirmed wording.
  // IDs must be unique: a reference must not be able to point at one of two elements.
  if (duplicateIds(root)) throw invalid(SIGNATURE_INVALID);
  const responseIssuer = text(only(root, ASSERTION_NS, 'Issuer'));
  if (responseIssuer !== '' && responseIssuer !== provider.entityId) throw invalid('Issuer not present in specified provider');
  if (plain.length === 1 && provider.encryptionMode === 'Required') throw invalid(ENCRYPTION_REQUIRED);

  const sigFail = (): AwsError => invalid(SIGNATURE_INVALID);
  const certs = provider.signingCertificates;
  const responseSigned = signedContent(xml, root, certs, sigFail);
  if (plain[0]) {
    if (responseSigned !== undefined) onlySigned(responseSigned, 'Assertion', sigFail);
    const signed = signedContent(xml, plain[0], certs, sigFail) ?? responseSigned;
    if (signed === undefined) throw sigFail();
    return readAssertion(onlySigned(signed, 'Assertion', sigFail), provider, now.getTime());
  }
  // Encrypted: the ciphertext the Response signature covers, when there is one.
  const cipher = responseSigned !== undefined ? onlySigned(responseSigned, 'EncryptedAssertion', sigFail) : top;
  const decFail = (): AwsError => invalid(DECRYPTION_FAILED);
  const inner = decrypted(cipher, provider.decryptionKeys());
  const innerSigned = signedContent(inner.xml, inner.assertion, certs, decFail);
  if (innerSigned !== undefined) return readAssertion(onlySigned(innerSigned, 'Assertion', decFail), provider, now.getTime());
  // Only the Response is signed: its signature covers the ciphertext, so the plaintext is the IdP's.
  if (responseSigned === undefined) throw decFail();
  return readAssertion(inner.assertion, provider, now.getTime());
}

function readAssertion(a: XmlElement, provider: SamlProviderRef, now: number): SamlAssertion {
  const issuer = text(only(a, ASSERTION_NS, 'Issuer'));
  if (issuer !== provider.entityId) throw invalid('Issuer not present in specified provider');

  const conditions = only(a, ASSERTION_NS, 'Conditions');
  if (!conditions) throw invalid(NO_AUDIENCE);
  const nb = time(conditions, 'NotBefore');
  // Unconfirmed wording: an assertion that is not valid yet.
  if (nb !== undefined && nb > now + CLOCK_SKEW_MS) throw invalid('Assertion is not yet valid');
  const noa = time(conditions, 'NotOnOrAfter');
  if (noa !== undefined && noa + CLOCK_SKEW_MS <= now) throw expired();
  const restrictions = elements(conditions, ASSERTION_NS, 'AudienceRestriction');
  if (restrictions.length === 0) throw invalid(NO_AUDIENCE);
  // Each restriction must name AWS (SAML: every AudienceRestriction must be met).
  for (const r of restrictions) {
    const ok = elements(r, ASSERTION_NS, 'Audience').some((x) => {
      const v = text(x);
      return v === 'urn:amazon:webservices' || isSignInEndpoint(v, provider.uuid);
    });
    if (!ok) throw invalid(NO_AUDIENCE);
  }

  const subjectEl = only(a, ASSERTION_NS, 'Subject');
  const nameId = subjectEl ? only(subjectEl, ASSERTION_NS, 'NameID') : undefined;
  const subject = text(nameId);
  if (!subjectEl || !nameId || subject === '') throw invalid('Response does not contain a NameID'); // Unconfirmed wording.
  const format = nameId.getAttribute('Format') || UNSPECIFIED;
  const subjectType = format.startsWith(NAMEID_PREFIX) ? format.slice(NAMEID_PREFIX.length) : format;
  const bearers = elements(subjectEl, ASSERTION_NS, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === BEARER);
  const data = bearers.length === 1 && bearers[0] ? only(bearers[0], ASSERTION_NS, 'SubjectConfirmationData') : undefined;
  // Unconfirmed wording: a response without one bearer confirmation for AWS's sign-in endpoint.
  if (!data) throw invalid('Response does not contain a valid SubjectConfirmation');
  const recipient = data.getAttribute('Recipient') ?? '';
  if (!isSignInEndpoint(recipient, provider.uuid)) throw invalid('Response does not contain a valid SubjectConfirmation');
  const dnoa = time(data, 'NotOnOrAfter');
  if (dnoa === undefined) throw invalid('Response does not contain a valid SubjectConfirmation');
  if (dnoa + CLOCK_SKEW_MS <= now) throw expired();
  const dnb = time(data, 'NotBefore');
  if (dnb !== undefined && dnb > now + CLOCK_SKEW_MS) throw invalid('Assertion is not yet valid');

  let sessionNotOnOrAfter: number | undefined;
  for (const s of elements(a, ASSERTION_NS, 'AuthnStatement')) {
    const t = time(s, 'SessionNotOnOrAfter');
    if (t !== undefined) sessionNotOnOrAfter = Math.min(sessionNotOnOrAfter ?? t, t);
  }

  const attributes = new Map<string, string[]>();
  for (const st of elements(a, ASSERTION_NS, 'AttributeStatement')) {
    for (const at of elements(st, ASSERTION_NS, 'Attribute')) {
      const name = at.getAttribute('Name') ?? '';
      const values = attributes.get(name) ?? [];
      for (const v of elements(at, ASSERTION_NS, 'AttributeValue')) values.push(text(v));
      attributes.set(name, values);
    }
  }

  // AWS documents: BASE64(SHA1(Issuer + AccountId + "/" + provider friendly name)).
  const nameQualifier = createHash('sha1').update(`${issuer}${provider.accountId}/${provider.name}`).digest('base64');
  const keys: Record<string, string | string[]> = {
    'aws:FederatedProvider': provider.arn,
    'saml:aud': recipient,
    'saml:iss': issuer,
    'saml:sub': subject,
    'saml:sub_type': subjectType,
    'saml:namequalifier': nameQualifier,
    'saml:doc': `${provider.accountId}/${provider.name}`,
  };
  for (const [name, values] of attributes) {
    for (const k of ATTRIBUTE_KEYS[name] ?? []) keys[k] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return { issuer, subject, subjectType, recipient, nameQualifier, attributes, ...(sessionNotOnOrAfter !== undefined ? { sessionNotOnOrAfter } : {}), keys };
}
