/**
 * XML Encryption as SAML's `<saml:EncryptedAssertion>` uses it: the assertion encrypted with AES-GCM or
 * AES-CBC (the block ciphers AWS documents for a SAML provider's private keys), its content key wrapped with
 * RSA-OAEP for one of the provider's private keys. The cryptography is xml-encryption's; this module decides
 * which algorithms it may use and which keys it tries.
 *
 * Refused whatever the key: RSA PKCS#1 v1.5 key transport (Bleichenbacher's padding oracle; Node 20 no
 * longer decrypts it without `--security-revert`) and Triple DES. xml-encryption counts AES-CBC as insecure
 * too (it has no integrity of its own), so its blanket switch is off and the list below is the check; the
 * caller makes CBC safe to accept by answering every failure to reach a validly signed assertion alike.
 * The EncryptedKey is found where xml-encryption looks for it: in any KeyInfo inside the EncryptedAssertion,
 * or named by a RetrievalMethod (a sibling EncryptedKey outside a KeyInfo that nothing points at is not tried).
 */
import { XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom';
import { decrypt } from 'xml-encryption';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const XMLENC11 = 'http://www.w3.org/2009/xmlenc11#';

/** Block ciphers for the EncryptedData and key transports for the EncryptedKey, by Algorithm URI. */
const ALLOWED_ALGORITHMS: ReadonlySet<string> = new Set([
  `${XMLENC}aes128-cbc`,
  `${XMLENC}aes256-cbc`,
  `${XMLENC11}aes128-gcm`,
  `${XMLENC11}aes256-gcm`,
  `${XMLENC}rsa-oaep-mgf1p`,
  `${XMLENC11}rsa-oaep`,
]);

function allElements(root: XmlElement): XmlElement[] {
  return [root, ...Array.from(root.getElementsByTagName('*') as ArrayLike<XmlElement>)];
}

/**
 * The plaintext of `encrypted` (an EncryptedAssertion) with the first of `keys` (PEM) that opens it, or
 * undefined when none does or it uses an algorithm outside {@link ALLOWED_ALGORITHMS}.
 *
 * @example
 *   const xml = decryptAssertion(encryptedAssertionElement, provider.decryptionKeys());
 */
export function decryptAssertion(encrypted: XmlElement, keys: readonly string[]): string | undefined {
  const all = allElements(encrypted);
  // Every EncryptionMethod, wherever it is: xml-encryption picks the ones it uses by local name alone.
  const methods = all.filter((e) => e.localName === 'EncryptionMethod');
  if (methods.length === 0 || methods.some((m) => !ALLOWED_ALGORITHMS.has(m.getAttribute('Algorithm') ?? ''))) return undefined;
  if (all.filter((e) => e.localName === 'EncryptedData').length !== 1) return undefined;
  const xml = new XMLSerializer().serializeToString(encrypted);
  for (const key of keys) {
    let plaintext: string | undefined;
    try {
      // xml-encryption answers synchronously; were that to change, nothing would be set and the assertion
      // would be refused rather than read half-done.
      decrypt(xml, { key, disallowDecryptionWithInsecureAlgorithm: false, warnInsecureAlgorithm: false }, (err, result) => {
        if (!err) plaintext = result;
      });
    } catch {
      plaintext = undefined;
    }
    if (plaintext !== undefined) return plaintext;
  }
  return undefined;
}
