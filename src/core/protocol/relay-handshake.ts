/**
 * Pairing proof between a publisher (the extension) and the relay, with the
 * token the relay prints and the carer pastes once. Each side proves it
 * knows the token by an HMAC-SHA256 over both sides' fresh nonces; the token
 * itself never crosses the wire. The publisher checks the relay's proof
 * before it sends anything but its nonce, so a program that merely listens
 * on the relay's port learns nothing (docs/relay.md, "Pairing").
 *
 *   publisher -> relay  { type: 'auth-hello', nonce: Np }
 *   relay -> publisher  { type: 'auth-challenge', nonce: Nr, proof: HMAC(token, "relay" Np Nr) }
 *   publisher -> relay  { type: 'auth-proof', proof: HMAC(token, "publisher" Np Nr) }
 *   relay -> publisher  { type: 'auth-ok' }            (or closes with PAIRING_REFUSED / PUBLISHER_BUSY)
 *
 * Pure WebCrypto (`crypto.subtle`), which browsers and Node 20 both have.
 */

/** The WebSocket subprotocol a publisher asks for to authenticate by this handshake instead of `?token=`. */
export const PAIRING_SUBPROTOCOL = 'brainbrowsr.pair.v1';
/** Close code: the proof was wrong or missing (the relay's, or the publisher's). */
export const PAIRING_REFUSED = 4001;
/** Close code: another publisher holds this relay (one per token); try again later. */
export const PUBLISHER_BUSY = 4009;

export interface AuthHello {
  type: 'auth-hello';
  nonce: string;
}
export interface AuthChallenge {
  type: 'auth-challenge';
  nonce: string;
  proof: string;
}
export interface AuthProof {
  type: 'auth-proof';
  proof: string;
}
export interface AuthOk {
  type: 'auth-ok';
}

const NONCE_BYTES = 32;
/** base64url of 32 bytes, unpadded. */
const B64_32 = /^[A-Za-z0-9_-]{43}$/;

const toBase64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function newNonce(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)));
}

const encoder = new TextEncoder();
const key = (token: string) =>
  crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
/** Who proves: the role is part of what is signed, so one side's proof is never valid as the other's. */
const signed = (role: 'relay' | 'publisher', publisherNonce: string, relayNonce: string) =>
  encoder.encode(`brainbrowsr-pair-v1\n${role}\n${publisherNonce}\n${relayNonce}`);

export async function pairingProof(
  token: string,
  role: 'relay' | 'publisher',
  publisherNonce: string,
  relayNonce: string,
): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await key(token), signed(role, publisherNonce, relayNonce));
  return toBase64Url(new Uint8Array(mac));
}

/** Checks a proof in constant time (WebCrypto's verify); anything malformed is simply wrong. */
export async function proofValid(
  token: string,
  role: 'relay' | 'publisher',
  publisherNonce: string,
  relayNonce: string,
  proof: unknown,
): Promise<boolean> {
  if (typeof proof !== 'string' || !B64_32.test(proof) || token.length === 0) return false;
  return crypto.subtle.verify('HMAC', await key(token), fromBase64Url(proof), signed(role, publisherNonce, relayNonce));
}

/** True for a nonce of the right form (the relay refuses anything else before signing). */
export const isNonce = (v: unknown): v is string => typeof v === 'string' && B64_32.test(v);

/** Parses one handshake frame; undefined for anything that is not the expected JSON object. */
export function handshakeFrame<T extends { type: string }>(text: string, type: T['type']): T | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === type ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The publisher's side, one per connection: `hello()` first; `answer()` takes
 * the relay's challenge and returns the proof to send, or undefined when the
 * relay did not prove it holds the token (then send nothing more and close).
 */
export class PublisherHandshake {
  private readonly nonce = newNonce();

  constructor(private readonly token: string) {}

  hello(): AuthHello {
    return { type: 'auth-hello', nonce: this.nonce };
  }

  async answer(text: string): Promise<AuthProof | undefined> {
    const c = handshakeFrame<AuthChallenge>(text, 'auth-challenge');
    if (!c || !isNonce(c.nonce)) return undefined;
    if (!(await proofValid(this.token, 'relay', this.nonce, c.nonce, c.proof))) return undefined;
    return { type: 'auth-proof', proof: await pairingProof(this.token, 'publisher', this.nonce, c.nonce) };
  }
}
