import WebSocket from 'ws';
import { messageText } from '../../../relay/frames';
import { startRelay, type Relay } from '../../../relay/server';
import { parsePublisherMessage } from '../../core/protocol/relay';
import { type Session, stamp } from './demo-session';

/** The demo's relay on `port`, or none when the port is taken (a relay the user runs may be there): said, not fatal. */
export async function startDemoRelay(port: number, token: string, session: Session): Promise<Relay | undefined> {
  try {
    const relay = await startRelay({ port, host: '127.0.0.1', token, allowOrigins: [] });
    session.add(() => relay.close());
    console.log(`${stamp()} relay on ws://127.0.0.1:${relay.port}/ (BrainServR clients can connect now)`);
    return relay;
  } catch (e) {
    const why = (e instanceof Error && (e as NodeJS.ErrnoException).code) || String(e);
    console.log(`${stamp()} relay not started on port ${port} (${why}); is one already running? Going on without it.`);
    return undefined;
  }
}

/** Prints every detection and headset state as a relay client with the token sees it (labels included). */
export function printDetections(relay: Relay, token: string, session: Session): void {
  const sub = new WebSocket(`ws://127.0.0.1:${relay.port}/?token=${encodeURIComponent(token)}`, ['brainbrowsr.v2']);
  session.add(() => sub.terminate());
  let lastState = '';
  sub.on('message', (d, isBinary) => {
    if (isBinary) return;
    // Detections and statuses are the publisher's, forwarded as they came; hello and the rest are not shown.
    const parsed = parsePublisherMessage(messageText(d));
    if (!parsed.ok) return;
    const m = parsed.value;
    if (m.type === 'detection') {
      console.log(
        `${stamp()} detection: target ${m.target} (${m.label}, ${m.frequency} Hz, confidence ${m.confidence?.toFixed(2)})`,
      );
    }
    if (m.type === 'status' && m.state !== lastState) {
      lastState = m.state;
      console.log(`${stamp()} headset: ${m.state}${m.message ? ` (${m.message})` : ''}`);
    }
  });
  sub.on('error', (e) => {
    // terminate() on the way out ends a connection still opening with an error: only others are news.
    if (!session.stopped) console.warn(`${stamp()} relay subscriber (detections shown here): ${e.message}`);
  });
}
