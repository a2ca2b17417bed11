import { strToU8, zipSync } from 'fflate';
import { bidsDataset } from '../core/recording/bids';
import { encodeRecording, readRecording } from '../core/recording/index';
import type { Recording } from '../core/recording/types';
import {
  deleteRecording,
  listRecordings,
  loadRecording,
  renameRecording,
  saveRecording,
} from '../extension/recordings-db';
import { ask } from '../extension/messaging';
import { handled } from '../extension/handled';
import { $ } from '../extension/dom';

/**
 * Recordings: record the live stream, list, rename, delete, export as BDF+ or as a BIDS dataset (zip);
 * import any format the core reads (BDF+/EDF+, XDF, OpenBCI GUI text, muselsl or explorepy CSV).
 */
/** Hands bytes to the browser's download (the person chooses where; nothing is sent anywhere). */
function download(bytes: Uint8Array, name: string): void {
  const blob = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * One recording as a BIDS-EEG dataset (subject 01, task ssvep) in a zip, as
 * MNE-BIDS and EEGLAB read it once unzipped; the command line's
 * `convert --bids` files several people and sessions into one dataset.
 */
function bidsZip(rec: Recording, name: string): Uint8Array {
  const files = bidsDataset(rec, { subject: '01', task: 'ssvep', reference: 'n/a' }, name);
  const entries: Record<string, Uint8Array> = {};
  for (const [path, content] of files) entries[path] = typeof content === 'string' ? strToU8(content) : content;
  // Stored, not deflated: the zip is made at once in this page, and deflating hours of EEG would hold it up.
  return zipSync(entries, { level: 0 });
}

export async function initRecordings(): Promise<void> {
  const status = (text: string, cls = '') => {
    $('rec-status').textContent = text;
    $('rec-status').className = cls;
  };

  async function refresh(): Promise<void> {
    const list = await listRecordings();
    // A recording goes on in the background when this page is reloaded: offer to stop it.
    const open = list.some((r) => r.open);
    $<HTMLButtonElement>('rec-start').disabled = open;
    $<HTMLButtonElement>('rec-stop').disabled = !open;
    $('rec-list').replaceChildren(
      ...list.map((r) => {
        const tr = document.createElement('tr');
        tr.dataset.id = String(r.id);
        const cell = (text: string) => Object.assign(document.createElement('td'), { textContent: text });
        const actions = document.createElement('td');
        const button = (label: string, run: () => Promise<void>) => {
          const b = document.createElement('button');
          b.textContent = label;
          b.setAttribute('aria-label', `${label}: ${r.name}`);
          b.addEventListener('click', () => void run().catch((e: Error) => status(e.message, 'error')));
          actions.append(b, ' ');
        };
        const fileName = r.name.replace(/[^\w.-]+/g, '_');
        button('Export (BDF+ file)', async () => {
          const rec = await loadRecording(r.id!);
          download(encodeRecording(rec, 'bdf'), `${fileName}.bdf`);
        });
        button('Export for researchers (BIDS, zip)', async () => {
          const rec = await loadRecording(r.id!);
          download(bidsZip(rec, r.name), `${fileName}-bids.zip`);
        });
        button('Rename', async () => {
          const name = prompt('New name', r.name);
          if (name) await renameRecording(r.id!, name);
          await refresh();
        });
        button('Delete', async () => {
          if (confirm(`Delete "${r.name}"?`)) await deleteRecording(r.id!);
          await refresh();
        });
        tr.append(
          cell(r.name),
          cell(new Date(r.createdAt).toLocaleString()),
          cell(`${(r.samples / r.sampleRate).toFixed(1)} s${r.open ? ' (recording…)' : ''}`),
          cell(String(r.channels.length)),
          cell(String(r.annotations.length)),
          actions,
        );
        return tr;
      }),
    );
  }

  const failed = (reason: string, what: string) => status(`${what} failed: ${reason}`, 'error');
  $('rec-start').addEventListener(
    'click',
    handled(
      'Starting the recording',
      async () => {
        await ask({ to: 'offscreen', type: 'record-start', name: `Recording ${new Date().toLocaleString()}` });
        $<HTMLButtonElement>('rec-start').disabled = true;
        $<HTMLButtonElement>('rec-stop').disabled = false;
        status('Recording… It goes on if you close this tab; press Stop to end it.');
        await refresh();
      },
      (reason) => status(`Not recording: ${reason}.`, 'error'),
    ),
  );
  $('rec-stop').addEventListener(
    'click',
    handled(
      'Stopping the recording',
      async () => {
        await ask({ to: 'offscreen', type: 'record-stop' });
        $<HTMLButtonElement>('rec-start').disabled = false;
        $<HTMLButtonElement>('rec-stop').disabled = true;
        status('Saved: it is in the list below.', 'ok');
        await refresh();
      },
      failed,
    ),
  );
  $('rec-import').addEventListener(
    'change',
    handled('Importing the file', async (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (!file) return;
      try {
        const rec = readRecording(new Uint8Array(await file.arrayBuffer()), file.name);
        const id = await saveRecording(rec, file.name.replace(/\.(bdf|edf|csv|txt|xdf)$/i, ''));
        const lost = rec.annotations.filter((a) => /^lost \d+$/.test(a.label)).length;
        status(
          `Imported ${file.name}: ${rec.channels.length} sensors, ${(rec.data[0].length / rec.sampleRate).toFixed(0)} seconds (number ${id})` +
            (lost > 0 ? `; ${lost} gaps where samples were lost (marked).` : '.'),
          'ok',
        );
      } catch (err) {
        const e2 = err as DOMException;
        status(
          e2?.name === 'QuotaExceededError' ? 'Storage is full: delete old recordings first.' : (e2 as Error).message,
          'error',
        );
      }
      await refresh();
    }),
  );
  setInterval(() => void refresh(), 2000);
  await refresh();
}
