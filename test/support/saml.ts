/**
 * SAML 2.0 responses built, signed and encrypted in tests, as an IdP would: IdP metadata naming a signing
 * certificate, an assertion with AWS's attributes, the Response around it, enveloped RSA-SHA256 signatures
 * (xml-crypto) on the assertion or on the Response, and XML Encryption of the assertion written here with
 * `node:crypto` alone, independently of the library the server decrypts with.
 *
 *   const assertion = signAssertion(assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'alice' }), key, cert);
 *   const response = b64(responseXml(encryptAssertion(assertion, providerKey.publicKey)));
 */
import { constants, createCipheriv, publicEncrypt, randomBytes, type CipherGCM, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { derBase64, type KeyPair } from './certificates.js';

export const IDP_ENTITY = 'https://idp.example.com/saml';
export const SIGN_IN = 'https://signin.aws.amazon.com/saml';

export function samlMetadata(certPem: string): string {
  return (
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${IDP_ENTITY}">` +
    '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${derBase64(certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}

export interface AssertionSpec {
  roles: string[];
  sessionName?: string | undefined;
  nameId?: string;
  audience?: string;
  recipient?: string;
  issuer?: string;
  notOnOrAfter?: Date;
  attributes?: Record<string, string[]>;
  id?: string;
}

const esc = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function assertionXml(a: AssertionSpec): string {
  const issued = new Date();
  const until = (a.notOnOrAfter ?? new Date(Date.now() + 5 * 60_000)).toISOString();
  const attrs: Record<string, string[]> = {
    'https://aws.amazon.com/SAML/Attributes/Role': a.roles,
    ...(a.sessionName !== undefined ? { 'https://aws.amazon.com/SAML/Attributes/RoleSessionName': [a.sessionName] } : {}),
    ...a.attributes,
  };
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${a.id ?? '_a' + Math.random().toString(36).slice(2)}" Version="2.0" IssueInstant="${issued.toISOString()}">` +
    `<saml:Issuer>${esc(a.issuer ?? IDP_ENTITY)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${esc(a.nameId ?? 'alice')}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${esc(a.recipient ?? SIGN_IN)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${new Date(issued.getTime() - 60_000).toISOString()}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${esc(a.audience ?? SIGN_IN)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${issued.toISOString()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    '<saml:AttributeStatement>' +
    Object.entries(attrs)
      .map(([name, values]) => `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
      .join('') +
    '</saml:AttributeStatement></saml:Assertion>'
  );
}

export function responseXml(inner: string, status = 'urn:oasis:names:tc:SAML:2.0:status:Success'): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${Math.random().toString(36).slice(2)}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${SIGN_IN}">` +
    `<saml:Issuer>${IDP_ENTITY}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${status}"/></samlp:Status>${inner}</samlp:Response>`
  );
}

/** An enveloped RSA-SHA256 signature over the element `local` (the first), placed after its Issuer. */
function signElement(xml: string, local: 'Assertion' | 'Response', key: KeyPair, cert: string): string {
  const sig = new SignedXml({
    privateKey: key.privatePem,
    publicCert: cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: `//*[local-name(.)='${local}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `//*[local-name(.)='${local}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/** Signs the (only) assertion of `xml` (a Response or the assertion alone). */
export const signAssertion = (xml: string, key: KeyPair, cert: string): string => signElement(xml, 'Assertion', key, cert);

/** Signs the Response `xml`: over everything in it, an encrypted assertion's ciphertext included. */
export const signResponse = (xml: string, key: KeyPair, cert: string): string => signElement(xml, 'Response', key, cert);

export const b64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const XMLENC11 = 'http://www.w3.org/2009/xmlenc11#';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

export type BlockCipher = 'aes128-cbc' | 'aes256-cbc' | 'aes128-gcm' | 'aes256-gcm' | 'tripledes-cbc';
/** `rsa-oaep` is XML Encryption 1.1's, here with SHA-256 for both the digest and MGF1. */
export type KeyTransport = 'rsa-oaep-mgf1p' | 'rsa-oaep' | 'rsa-1_5';

export interface EncryptOptions {
  cipher?: BlockCipher;
  transport?: KeyTransport;
  /** `nested`: the EncryptedKey inside EncryptedData's KeyInfo; `sibling`: next to it, named by a RetrievalMethod. */
  keyPlacement?: 'nested' | 'sibling';
}

const CIPHERS: Record<BlockCipher, { uri: string; node: string; keyBytes: number; ivBytes: number; gcm: boolean }> = {
  'aes128-cbc': { uri: `${XMLENC}aes128-cbc`, node: 'aes-128-cbc', keyBytes: 16, ivBytes: 16, gcm: false },
  'aes256-cbc': { uri: `${XMLENC}aes256-cbc`, node: 'aes-256-cbc', keyBytes: 32, ivBytes: 16, gcm: false },
  'aes128-gcm': { uri: `${XMLENC11}aes128-gcm`, node: 'aes-128-gcm', keyBytes: 16, ivBytes: 12, gcm: true },
  'aes256-gcm': { uri: `${XMLENC11}aes256-gcm`, node: 'aes-256-gcm', keyBytes: 32, ivBytes: 12, gcm: true },
  'tripledes-cbc': { uri: `${XMLENC}tripledes-cbc`, node: 'des-ede3-cbc', keyBytes: 24, ivBytes: 8, gcm: false },
};

/**
 * `<saml:EncryptedAssertion>` holding `assertion` (its XML) encrypted for `recipient` (the SAML provider's
 * public key), by default with AES-256-GCM and RSA-OAEP-MGF1P. Ciphertext layouts are XML Encryption's: IV
 * then ciphertext (CBC, padding whose last byte is its length), IV then ciphertext then the 16-byte tag (GCM).
 */
export function encryptAssertion(assertion: string, recipient: KeyObject, opts: EncryptOptions = {}): string {
  const c = CIPHERS[opts.cipher ?? 'aes256-gcm'];
  const transport = opts.transport ?? 'rsa-oaep-mgf1p';
  const cek = randomBytes(c.keyBytes);
  const iv = randomBytes(c.ivBytes);
  const cipher = createCipheriv(c.node, cek, iv);
  const body = Buffer.concat([cipher.update(assertion, 'utf8'), cipher.final()]);
  const data = Buffer.concat([iv, body, ...(c.gcm ? [(cipher as CipherGCM).getAuthTag()] : [])]);

  const wrapped =
    transport === 'rsa-1_5'
      ? publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_PADDING }, cek)
      : publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: transport === 'rsa-oaep' ? 'sha256' : 'sha1' }, cek);
  const method =
    transport === 'rsa-oaep'
      ? `<xenc:EncryptionMethod Algorithm="${XMLENC11}rsa-oaep"><ds:DigestMethod xmlns:ds="${DSIG}" Algorithm="${XMLENC}sha256"/><xenc11:MGF xmlns:xenc11="${XMLENC11}" Algorithm="${XMLENC11}mgf1sha256"/></xenc:EncryptionMethod>`
      : transport === 'rsa-oaep-mgf1p'
        ? `<xenc:EncryptionMethod Algorithm="${XMLENC}rsa-oaep-mgf1p"><ds:DigestMethod xmlns:ds="${DSIG}" Algorithm="${DSIG}sha1"/></xenc:EncryptionMethod>`
        : `<xenc:EncryptionMethod Algorithm="${XMLENC}rsa-1_5"/>`;
  const sibling = opts.keyPlacement === 'sibling';
  const encryptedKey = `<xenc:EncryptedKey xmlns:xenc="${XMLENC}"${sibling ? ' Id="_k1"' : ''}>${method}<xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey>`;
  const keyInfo = sibling ? `<ds:RetrievalMethod URI="#_k1" Type="${XMLENC}EncryptedKey"/>` : encryptedKey;
  return (
    '<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">' +
    `<xenc:EncryptedData xmlns:xenc="${XMLENC}" Type="${XMLENC}Element"><xenc:EncryptionMethod Algorithm="${c.uri}"/>` +
    `<ds:KeyInfo xmlns:ds="${DSIG}">${keyInfo}</ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${data.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>` +
    (sibling ? encryptedKey : '') +
    '</saml:EncryptedAssertion>'
  );
}

/** `xml` with one bit of the encrypted assertion's ciphertext (at `offset` bytes into it) flipped. */
export function flipCiphertextBit(xml: string, offset: number): string {
  const m = /(<xenc:CipherData><xenc:CipherValue>)([^<]+)(<\/xenc:CipherValue><\/xenc:CipherData><\/xenc:EncryptedData>)/.exec(xml);
  if (!m || m[2] === undefined) throw new Error('no EncryptedData ciphertext in the XML');
  const bytes = Buffer.from(m[2], 'base64');
  bytes[offset] = (bytes[offset] ?? 0) ^ 0x01;
  return xml.replace(m[0], `${m[1]}${bytes.toString('base64')}${m[3]}`);
}
