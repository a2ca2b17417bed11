import type { WebSocket } from 'ws';
import {
  type AuthHello,
  type AuthProof,
  handshakeFrame,
  isNonce,
  newNonce,
  PAIRING_REFUSED,
  pairingProof,
  proofValid,
} from '../src/core/protocol/relay-handshake';
import { messageText } from './frames';

/**
 * The relay's side of the pairing proof (src/core/protocol/relay-handshake.ts):
 * answers the publisher's nonce with its own proof, then checks the
 * publisher's. Resolves true when the publisher proved it holds the token;
 * otherwise the connection is closed (PAIRING_REFUSED) and it resolves
 * false. One frame at a time, within `timeoutMs`, nothing else accepted.
 */
export function pairPublisher(ws: WebSocket, token: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let publisherNonce: string | undefined;
    const relayNonce = newNonce();
    let settled = false;
    let working = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (!ok) ws.close(PAIRING_REFUSED, 'not paired with this relay');
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onClose = () => finish(false);
    const onMessage = (data: Parameters<typeof messageText>[0], isBinary: boolean) => {
      // A second frame before the first is answered is not how a publisher pairs.
      if (working || isBinary) return finish(false);
      const text = messageText(data);
      if (publisherNonce === undefined) {
        const hello = handshakeFrame<AuthHello>(text, 'auth-hello');
        if (!hello || !isNonce(hello.nonce)) return finish(false);
        const nonce = hello.nonce;
        publisherNonce = nonce;
        working = true;
        void pairingProof(token, 'relay', nonce, relayNonce).then((proof) => {
          working = false;
          if (!settled) ws.send(JSON.stringify({ type: 'auth-challenge', nonce: relayNonce, proof }));
        });
        return;
      }
      const answer = handshakeFrame<AuthProof>(text, 'auth-proof');
      if (!answer) return finish(false);
      working = true;
      void proofValid(token, 'publisher', publisherNonce, relayNonce, answer.proof).then(finish);
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}
