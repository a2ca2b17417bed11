import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Annotation, Recording, RecordingMeta } from '../core/recording/types';
import type { Profile } from '../core/ssvep/profile';

export type { RecordingMeta };

/**
 * Recordings and profiles in IndexedDB (through idb), shared by the
 * offscreen document (which records) and the extension pages (which list,
 * export, import and calibrate). Samples are stored in chunks as they
 * arrive, so a crash loses at most the unflushed half second.
 */
export interface SampleChunk {
  recordingId: number;
  seq: number;
  data: Float32Array[];
}

export interface StoredProfile {
  id?: number;
  name: string;
  createdAt: number;
  device: string;
  profile: Profile;
  active: boolean;
  /** The calibration's result as the studio judged it (see core/ssvep/calibration-verdict). */
  result?: { accuracy: number; measure: 'looks' | 'windows'; verdict: 'good' | 'usable' | 'too-low' };
}

interface Schema extends DBSchema {
  recordings: { key: number; value: RecordingMeta };
  chunks: { key: [number, number]; value: SampleChunk; indexes: { byRecording: number } };
  profiles: { key: number; value: StoredProfile };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | undefined;

export function db(): Promise<IDBPDatabase<Schema>> {
  dbPromise ??= openDB<Schema>('brainbrowsr', 1, {
    upgrade(d) {
      d.createObjectStore('recordings', { keyPath: 'id', autoIncrement: true });
      const chunks = d.createObjectStore('chunks', { keyPath: ['recordingId', 'seq'] });
      chunks.createIndex('byRecording', 'recordingId');
      d.createObjectStore('profiles', { keyPath: 'id', autoIncrement: true });
    },
  });
  return dbPromise;
}

export async function listRecordings(): Promise<RecordingMeta[]> {
  return (await (await db()).getAll('recordings')).sort((a, b) => b.createdAt - a.createdAt);
}

export async function renameRecording(id: number, name: string): Promise<void> {
  const d = await db();
  const meta = await d.get('recordings', id);
  if (meta) await d.put('recordings', { ...meta, name });
}

export async function deleteRecording(id: number): Promise<void> {
  const d = await db();
  const tx = d.transaction(['recordings', 'chunks'], 'readwrite');
  await tx.objectStore('recordings').delete(id);
  const keys = await tx.objectStore('chunks').index('byRecording').getAllKeys(id);
  for (const k of keys) await tx.objectStore('chunks').delete(k);
  await tx.done;
}

/** A stored recording as a core Recording (samples joined from its chunks). */
export async function loadRecording(id: number): Promise<Recording> {
  const d = await db();
  const meta = await d.get('recordings', id);
  if (!meta) throw new Error(`recording ${id} does not exist`);
  const chunks = (await d.getAllFromIndex('chunks', 'byRecording', id)).sort((a, b) => a.seq - b.seq);
  const total = chunks.reduce((n, c) => n + (c.data[0]?.length ?? 0), 0);
  const data = meta.channels.map(() => new Float32Array(total));
  let o = 0;
  for (const c of chunks) {
    c.data.forEach((ch, i) => data[i]?.set(ch, o));
    o += c.data[0]?.length ?? 0;
  }
  return {
    channels: meta.channels.map((label) => ({ label, unit: 'uV' })),
    sampleRate: meta.sampleRate,
    data,
    annotations: meta.annotations,
    description: meta.name,
  };
}

/** Stores a whole recording (imports). */
export async function saveRecording(rec: Recording, name: string, device = 'import'): Promise<number> {
  const d = await db();
  const id = await d.add('recordings', {
    name,
    createdAt: Date.now(),
    device,
    channels: rec.channels.map((c) => c.label),
    sampleRate: rec.sampleRate,
    samples: rec.data[0]?.length ?? 0,
    annotations: rec.annotations,
    open: false,
  });
  const step = Math.max(1, Math.round(rec.sampleRate * 10));
  const n = rec.data[0]?.length ?? 0;
  for (let i = 0, seq = 0; i < n; i += step, seq++) {
    await d.put('chunks', { recordingId: id, seq, data: rec.data.map((c) => c.slice(i, Math.min(n, i + step))) });
  }
  return id;
}

/**
 * Writes a live stream: samples are buffered and flushed every `flushMs`
 * (one chunk and the updated sample count per flush).
 */
export class RecordingWriter {
  private buffer: Float32Array[][] = [];
  private buffered = 0;
  private seq = 0;
  private timer: ReturnType<typeof setInterval>;
  private meta!: RecordingMeta;
  private writing: Promise<void> = Promise.resolve();
  /** Set when a write failed (e.g. the storage quota): the recording has stopped. */
  error?: string;

  private constructor(
    readonly id: number,
    flushMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
  }

  static async create(
    meta: Omit<RecordingMeta, 'id' | 'samples' | 'open' | 'annotations' | 'createdAt'>,
    flushMs = 500,
  ): Promise<RecordingWriter> {
    const full: RecordingMeta = { ...meta, createdAt: Date.now(), samples: 0, annotations: [], open: true };
    const id = await (await db()).add('recordings', full);
    const w = new RecordingWriter(id, flushMs);
    w.meta = { ...full, id };
    return w;
  }

  /** Samples written or waiting to be written. */
  get samples(): number {
    return this.meta.samples + this.buffered;
  }

  append(data: Float32Array[]): void {
    if (this.error) return;
    this.buffer.push(data.map((c) => c.slice()));
    this.buffered += data[0]?.length ?? 0;
  }

  /** An annotation at the current end of the recording (seconds from its start). */
  annotate(label: string, duration: number, onset = this.samples / this.meta.sampleRate): Annotation {
    const a = { onset, duration, label };
    this.meta.annotations.push(a);
    return a;
  }

  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.error) return;
      const parts = this.buffer;
      const n = this.buffered;
      this.buffer = [];
      this.buffered = 0;
      try {
        const d = await db();
        const tx = d.transaction(['recordings', 'chunks'], 'readwrite');
        if (n > 0) {
          const data = this.meta.channels.map((_, c) => {
            const out = new Float32Array(n);
            let o = 0;
            for (const p of parts) {
              out.set(p[c], o);
              o += p[c].length;
            }
            return out;
          });
          await tx.objectStore('chunks').put({ recordingId: this.id, seq: this.seq++, data });
        }
        this.meta.samples += n;
        await tx.objectStore('recordings').put(this.meta);
        await tx.done;
      } catch (e) {
        const err = e as DOMException;
        this.error =
          err?.name === 'QuotaExceededError'
            ? 'storage is full: the recording stopped'
            : `recording failed: ${err?.message ?? e}`;
      }
    });
    return this.writing;
  }

  async close(): Promise<RecordingMeta> {
    clearInterval(this.timer);
    this.meta.open = false;
    await this.flush();
    return this.meta;
  }
}

/** Marks recordings left open by a closed or crashed offscreen document as finished (what was flushed is kept). */
export async function closeInterrupted(): Promise<number> {
  const d = await db();
  let n = 0;
  for (const r of await d.getAll('recordings')) {
    if (r.open) {
      await d.put('recordings', { ...r, open: false, name: `${r.name} (interrupted)` });
      n++;
    }
  }
  return n;
}

export async function saveProfile(p: Omit<StoredProfile, 'id' | 'createdAt' | 'active'>): Promise<number> {
  const d = await db();
  const tx = d.transaction('profiles', 'readwrite');
  for (const old of await tx.store.getAll())
    if (old.active && old.device === p.device) await tx.store.put({ ...old, active: false });
  const id = await tx.store.add({ ...p, createdAt: Date.now(), active: true });
  await tx.done;
  return id;
}

export async function activeProfile(device: string): Promise<StoredProfile | undefined> {
  const all = await (await db()).getAll('profiles');
  return all.filter((p) => p.active && p.device === device).sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** Makes one saved profile the active one for its headset. */
export async function activateProfile(id: number): Promise<void> {
  const d = await db();
  const tx = d.transaction('profiles', 'readwrite');
  const chosen = await tx.store.get(id);
  if (!chosen) throw new Error(`profile ${id} does not exist`);
  for (const p of await tx.store.getAll()) {
    if (p.device === chosen.device) await tx.store.put({ ...p, active: p.id === id });
  }
  await tx.done;
}

export async function deleteProfile(id: number): Promise<void> {
  await (await db()).delete('profiles', id);
}

export async function listProfiles(): Promise<StoredProfile[]> {
  return (await (await db()).getAll('profiles')).sort((a, b) => b.createdAt - a.createdAt);
}
