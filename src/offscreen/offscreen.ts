import { profileMismatch } from '../core/ssvep/profile';
import { ByteStreamDevice } from '../core/devices/byte-device';
import type { Clock } from '../core/devices/clock';
import { CYTON_COMMANDS, CytonDecoder } from '../core/devices/cyton';
import { type DeviceKind, SERIAL_DEVICES, type SerialDeviceKind } from '../core/devices/registry';
import { SimulatedCytonTransport } from '../core/devices/simulated-transport';
import type { Device, DeviceInfo } from '../core/devices/types';
import type {
  DetectionInfo,
  FromWorker,
  LongerLook,
  ProfileSource,
  Settings,
  StreamStatus,
  ToBackground,
  ToOffscreen,
  ToPages,
  ToWorker,
} from '../core/protocol/messages';
import { STATUS_OFF } from '../core/protocol/messages';
import { simulatedChannelNames } from '../core/sim/session';
import {
  activeProfile,
  closeInterrupted,
  loadRecording as loadStoredRecording,
  RecordingWriter,
} from '../extension/recordings-db';
import { PlaybackDevice } from '../core/devices/playback';
import { installHelpAlarm } from './help-alarm';
import { RelayPublisher } from './relay-publisher';
import { WebSerialTransport, serialAvailable } from './web-serial';

/**
 * The offscreen document owns the headset for as long as the browser runs:
 * it opens the device, decodes its bytes, feeds a Worker running the online
 * pipeline, and reports status, heartbeats and detections to the service
 * worker and to the relay. A lost signal is retried with backoff, so the
 * user in the bed needs nobody to click.
 */
const clock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};
const send = (m: ToBackground) => chrome.runtime.sendMessage(m).catch(() => undefined);
const now = () => performance.timeOrigin + performance.now();

let settings: Settings | undefined;
let status: StreamStatus = STATUS_OFF;
let device: Device | undefined;
let simTransport: SimulatedCytonTransport | undefined;
let wanted: DeviceKind | undefined;
let session = 0;
let lastSampleAt = 0;
let visibleTargets: number[] = [];
let longerLook: LongerLook | undefined;
let writer: RecordingWriter | undefined;
let liveUntil = 0;
let liveBuffer: Float32Array[][] = [];
let lastScores: number[] = [];
let streamInfo: DeviceInfo | undefined;
const worker = new Worker(new URL('./pipeline.worker.ts', import.meta.url), { type: 'module' });
const relay = new RelayPublisher((state) => setStatus({ relay: state }));

function setStatus(patch: Partial<StreamStatus>): void {
  status = { ...status, ...patch, updatedAt: Date.now() };
  void send({ to: 'background', type: 'status', status });
  relay.publish({
    type: 'status',
    state: status.state,
    device: status.deviceName ?? status.device,
    message: status.message,
    samplesLost: status.samplesLost,
    targets: settings?.layout.targets.map((t) => ({
      index: t.index,
      label: t.label,
      frequency: t.frequency,
      action: t.feedAction,
    })),
  });
}

const toWorker = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      setStatus({ calibrated: m.calibrated });
      break;
    case 'heartbeat': {
      const { scores, t, candidate, progress, warmingUp, contact } = m.heartbeat;
      // Status changes only when these do: they reach every tab.
      const learning = warmingUp === true;
      const poorContact = contact
        ? (streamInfo?.channelNames[contact.channel] ?? `channel ${contact.channel + 1}`)
        : undefined;
      if (learning !== (status.learning ?? false) || poorContact !== status.poorContact) {
        setStatus({ learning, poorContact });
      }
      lastScores = scores;
      void send({ to: 'background', type: 'heartbeat', scores, t, candidate, progress });
      relay.publish({ type: 'heartbeat', time: t, scores });
      break;
    }
    case 'selection': {
      const s = m.selection;
      const detection: DetectionInfo = {
        target: s.target,
        label: s.label,
        frequency: s.frequency,
        confidence: s.confidence,
        t: s.t,
        decidedAt: m.decidedAt,
        decodedAt: m.decodedAt,
      };
      void send({ to: 'background', type: 'detection', detection });
      relay.publish({
        type: 'detection',
        target: s.target,
        label: s.label,
        frequency: s.frequency,
        time: s.t,
        confidence: s.confidence,
      });
      break;
    }
    case 'error':
      setStatus({ state: 'error', message: `classifier: ${m.message}` });
      break;
  }
};

function targetsOf(s: Settings) {
  return s.layout.targets.map((t) => ({ label: t.label, frequency: t.frequency }));
}

async function makeDevice(kind: DeviceKind): Promise<Device> {
  if (kind === 'simulated') {
    simTransport = new SimulatedCytonTransport(
      clock,
      { seed: Date.now() % 100000, subject: 1, mains: settings?.mains ?? 50 },
      40,
      settings?.simulationSpeed ?? 1,
    );
    const info: DeviceInfo = {
      kind: 'simulated',
      name: 'Simulated headset',
      channelNames: simulatedChannelNames(8),
      sampleRate: 250,
      units: 'uV',
    };
    const enc = new TextEncoder();
    return new ByteStreamDevice(info, simTransport, new CytonDecoder(), {
      start: [enc.encode(CYTON_COMMANDS.start)],
      stop: [enc.encode(CYTON_COMMANDS.stop)],
    });
  }
  if (kind === 'playback') {
    const id = settings?.playbackId;
    if (id === undefined) throw new Error('no recording chosen for playback');
    const rec = await loadStoredRecording(id);
    return new PlaybackDevice(rec, clock, { loop: true, name: `recording: ${rec.description ?? id}` });
  }
  if (kind in SERIAL_DEVICES) {
    if (!serialAvailable()) throw new Error('Web Serial is not available in this browser');
    const profile = SERIAL_DEVICES[kind as SerialDeviceKind];
    const ports = await navigator.serial.getPorts();
    if (ports.length === 0) throw new Error('no serial port granted yet: use Connect on the Connect page');
    // Prefer a port matching the device's USB ids, else the most recently granted one.
    const match =
      ports.find((p) => profile.usbFilters.some((f) => p.getInfo().usbVendorId === f.usbVendorId)) ??
      ports[ports.length - 1];
    return new ByteStreamDevice(profile.info(), new WebSerialTransport(match, profile.baudRate), profile.decoder(), {
      start: profile.start,
      stop: profile.stop,
    });
  }
  throw new Error(`${kind} headsets connect from the Connect page (Web Bluetooth), not in the background`);
}

async function profileSource(info: DeviceInfo): Promise<ProfileSource> {
  const s = settings!;
  // The user's own calibration for this headset, when it fits the stream and the targets.
  const stored = await activeProfile(info.kind).catch(() => undefined);
  const sig = stored?.profile.signal;
  const sameTargets = sig?.targets.map((t) => t.frequency).join() === s.layout.targets.map((t) => t.frequency).join();
  const mismatch = stored && profileMismatch(stored.profile, info.sampleRate, info.channelNames);
  if (stored && !mismatch && sameTargets) {
    setStatus({ profileName: stored.name });
    return { kind: 'profile', profile: stored.profile };
  }
  if (stored) {
    // Never apply a calibration to other electrodes or targets: say why and run uncalibrated.
    const why = mismatch ?? 'it was made for other target frequencies';
    setStatus({ message: `Calibration "${stored.name}" is not used: ${why}. Calibrate again for this headset.` });
  }
  setStatus({ profileName: info.kind === 'simulated' ? 'simulated user (built in)' : 'none (not calibrated)' });
  if (info.kind === 'simulated') return { kind: 'simulated-user', targets: targetsOf(s), mains: s.mains };
  return {
    kind: 'uncalibrated',
    targets: targetsOf(s),
    mains: s.mains,
    sampleRate: info.sampleRate,
    channelCount: info.channelNames.length,
  };
}

/** Runs `kind` until told otherwise, reconnecting after losses with backoff. */
async function run(kind: DeviceKind): Promise<void> {
  const mine = ++session;
  let backoff = 1000;
  let lost = 0;
  while (mine === session) {
    setStatus({ state: 'connecting', device: kind, message: undefined });
    try {
      const d = await makeDevice(kind);
      device = d;
      d.on((e) => {
        if (e.type === 'samples-lost') {
          lost += e.count;
          setStatus({ samplesLost: lost });
        }
      });
      await d.open();
      await d.start();
      setStatus({ deviceName: d.info.name });
      streamInfo = d.info;
      toWorker({ type: 'init', source: await profileSource(d.info), tuning: settings?.tuning });
      toWorker({ type: 'visible-targets', targets: visibleTargets, longerLook });
      lastSampleAt = performance.now();
      for await (const block of d.samples()) {
        if (mine !== session) break;
        lastSampleAt = performance.now();
        if (status.state !== 'streaming') {
          setStatus({ state: 'streaming', message: undefined });
          backoff = 1000;
        }
        onBlock(block.data);
        toWorker(
          { type: 'samples', data: block.data, decodedAt: now() },
          block.data.map((c) => c.buffer),
        );
      }
      await d.close().catch(() => undefined);
      if (mine !== session) return;
      setStatus({ state: 'signal-lost', message: 'the headset stopped sending' });
    } catch (e) {
      if (mine !== session) return;
      setStatus({ state: 'signal-lost', message: e instanceof Error ? e.message : String(e) });
    }
    await clock.sleep(backoff);
    backoff = Math.min(backoff * 2, 15000);
  }
}

// No samples for 2 s while streaming: the signal is lost even if the port stays open.
let lastHeapReport = 0;
setInterval(() => {
  const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  if (mem && Date.now() - lastHeapReport > 10_000) {
    lastHeapReport = Date.now();
    setStatus({ heapMB: Math.round((mem.usedJSHeapSize / 2 ** 20) * 10) / 10 });
  }
  if (status.state === 'streaming' && performance.now() - lastSampleAt > 2000) {
    setStatus({ state: 'signal-lost', message: 'no data for 2 s' });
  }
}, 500);

/** Recording and the live view see every block before it moves to the worker. */
function onBlock(data: Float32Array[]): void {
  if (writer) {
    writer.append(data);
    if (writer.error) setStatus({ message: writer.error });
  }
  if (performance.now() < liveUntil) liveBuffer.push(data.map((c) => c.slice()));
}

// Live data to extension pages, ten times a second while one listens.
setInterval(() => {
  if (performance.now() > liveUntil || liveBuffer.length === 0 || !streamInfo) {
    liveBuffer = [];
    return;
  }
  const parts = liveBuffer;
  liveBuffer = [];
  const m: ToPages = {
    to: 'pages',
    type: 'live',
    sampleRate: streamInfo.sampleRate,
    channels: streamInfo.channelNames,
    data: streamInfo.channelNames.map((_, c) => parts.flatMap((p) => Array.from(p[c] ?? []))),
    scores: lastScores,
    samplesLost: status.samplesLost,
    recording: writer ? { id: writer.id, samples: writer.samples, error: writer.error } : undefined,
  };
  chrome.runtime.sendMessage(m).catch(() => undefined);
}, 100);

async function stopDevice(): Promise<void> {
  session++;
  const d = device;
  device = undefined;
  simTransport = undefined;
  if (d) {
    await d.stop().catch(() => undefined);
    await d.close().catch(() => undefined);
  }
}

chrome.runtime.onMessage.addListener((raw: unknown, _sender, reply) => {
  const m = raw as ToOffscreen;
  if (m?.to !== 'offscreen') return undefined;
  switch (m.type) {
    case 'settings':
      settings = m.settings;
      relay.configure(m.settings.relay, m.settings.relayToken, m.settings.relayPort);
      if (device)
        void profileSource(device.info).then((source) => toWorker({ type: 'init', source, tuning: settings?.tuning }));
      break;
    case 'connect':
      if (!settings) break;
      // Already on it (a playback may have been given another recording: restart that).
      if (wanted === m.device && device && status.state !== 'error' && m.device !== 'playback') break;
      wanted = m.device;
      if (m.device === 'ganglion' || m.device === 'muse') {
        // Bluetooth headsets stream from the Connect page (external-samples).
        void stopDevice().then(() =>
          setStatus({ state: 'connecting', device: m.device, message: 'waiting for the Connect page' }),
        );
        break;
      }
      void stopDevice().then(() => run(m.device));
      break;
    case 'disconnect':
      wanted = undefined;
      void stopDevice().then(() => setStatus({ state: 'off', device: 'none', deviceName: undefined }));
      break;
    case 'gaze':
      simTransport?.sim.setAttended(m.frequency);
      break;
    case 'mode':
      relay.publish({ type: 'mode', mode: m.mode });
      break;
    case 'action':
      relay.publish({ type: 'action', mode: m.mode, action: m.action, target: m.target, text: m.text.slice(0, 200) });
      break;
    case 'visible-targets':
      visibleTargets = m.targets;
      longerLook = m.longerLook;
      toWorker({ type: 'visible-targets', targets: m.targets, longerLook });
      break;
    case 'external-samples': {
      if (device || !settings) break;
      if (status.device !== m.device || status.state !== 'streaming') {
        session++;
        wanted = m.device;
        setStatus({
          state: 'streaming',
          device: m.device,
          deviceName: m.name,
          message: 'streaming from the Connect page',
        });
        toWorker({
          type: 'init',
          source: {
            kind: 'uncalibrated',
            targets: targetsOf(settings),
            mains: settings.mains,
            sampleRate: m.sampleRate,
            channelCount: m.data.length,
          },
        });
        toWorker({ type: 'visible-targets', targets: visibleTargets, longerLook });
      }
      lastSampleAt = performance.now();
      if (m.lost > 0) setStatus({ samplesLost: status.samplesLost + m.lost });
      const data = m.data.map((c) => Float32Array.from(c));
      onBlock(data);
      toWorker(
        { type: 'samples', data, decodedAt: now() },
        data.map((c) => c.buffer),
      );
      break;
    }
    case 'simulate-disconnect':
      simTransport?.disconnect();
      break;
    case 'get-status':
      reply(status);
      return true;
    case 'record-start':
      if (!streamInfo || status.state !== 'streaming') {
        reply({ error: 'no headset data to record: connect a headset first' });
        return true;
      }
      void (async () => {
        await writer?.close();
        writer = await RecordingWriter.create({
          name: m.name,
          device: streamInfo!.kind,
          channels: streamInfo!.channelNames,
          sampleRate: streamInfo!.sampleRate,
        });
        reply({ id: writer.id });
      })().catch((e: Error) => reply({ error: e.message }));
      return true;
    case 'record-stop':
      void (async () => {
        const w = writer;
        writer = undefined;
        reply(w ? await w.close() : undefined);
      })();
      return true;
    case 'annotate':
      reply(writer ? writer.annotate(m.label, m.duration) : undefined);
      return undefined;
    case 'live-subscribe':
      liveUntil = performance.now() + 3000;
      break;
    case 'profile-changed':
      if (device)
        void profileSource(device.info).then((source) => toWorker({ type: 'init', source, tuning: settings?.tuning }));
      break;
  }
  return undefined;
});

void closeInterrupted().catch(() => undefined);
installHelpAlarm();

// Ask for settings when (re)started: the service worker holds them.
void chrome.runtime
  .sendMessage({ to: 'background', type: 'get-settings' } satisfies ToBackground)
  .then((s: Settings) => {
    if (!s) return;
    settings = s;
    relay.configure(s.relay, s.relayToken, s.relayPort);
    // 'none': no headset chosen yet; the Connect page (or npm start) chooses one.
    if (!wanted && s.device !== 'none') {
      wanted = s.device;
      void run(s.device);
    }
  });
