import { readFileSync } from 'node:fs';
import { decodeCapture } from '../../core/devices/capture';
import { captureKinds, headsetSpec } from '../../core/devices/registry';
import { bidsLabelFault } from '../../core/recording/bids';
import { formatFromName, RecordingError } from '../../core/recording/index';
import { exportBids } from '../../node/bids-export';
import { eventsPathOf } from '../../node/files';
import { checkOutput } from '../../node/output';
import { checkReadable, fromRecording, openRecordingFile, type RecordingFile } from '../../node/recording-file';
import { writeRecordingFile } from '../../node/write-recording';
import { UsageError } from '../errors';
import { parseCommand } from '../help';

export const CONVERT_HELP = `brainbrowsr convert IN OUT [--device ${captureKinds().join('|')} [--firmware V]] [--force]
       brainbrowsr convert IN --bids DIR [--subject S] [--session N] [--task T] [--reference R] [--force]

Converts a recording to BDF+, EDF+ or explorepy CSV (chosen by OUT's
extension; a CSV's trials go to OUT_events.tsv beside it). IN is any format
\`brainbrowsr info\` reads; it is converted a chunk at a time, so file size
does not matter. Markers and lost samples become annotations.

  --device KIND   IN is a raw headset capture. Lost samples are held at the
                  last value and annotated "lost N". Serial headsets: the
                  bytes as read from the port; Bluetooth headsets:
${framedCaptures()}
  --firmware V    with --device: the firmware version the headset reports
                  (${firmwareKinds().join(', ')}; e.g. 3.0.2 for a Ganglion on firmware 3,
                  which packs samples differently; default: the older firmware)
  --stream NAME   IN is an XDF: the stream to convert (default: the one of type EEG)
  --force         replace OUT (and OUT_events.tsv) if they exist

  --bids DIR      write IN into the BIDS-EEG dataset DIR (created if needed):
                  sub-S[/ses-N]/eeg/sub-S[_ses-N]_task-T_eeg.bdf with its _eeg.json
                  (rate, mains frequency found in the signal, reference),
                  _channels.tsv and _events.tsv; dataset_description.json,
                  participants.tsv and README are added when missing
  --subject S     BIDS subject label, letters and digits (default 01)
  --session N     BIDS session label (default: none)
  --task T        BIDS task label (default ssvep)
  --reference R   the EEG reference, for _eeg.json (default n/a: unknown)

OUT is written to a temporary file and renamed when complete; it is never
the input or the input's events table.`;

/** How the Bluetooth headsets' captures are laid out, from the headset table. */
function framedCaptures(): string {
  return captureKinds()
    .flatMap((k) => {
      const link = headsetSpec(k)?.bluetooth;
      if (!link) return [];
      const index = link.notify.length > 1 ? 'a characteristic byte + ' : '';
      return [`${' '.repeat(18)}${k}: ${index}${link.notificationBytes}-byte notifications`];
    })
    .join('\n');
}

/** Headsets whose decoding depends on the firmware they report. */
function firmwareKinds(): string[] {
  return captureKinds().filter((k) => headsetSpec(k)?.bluetooth?.firmware);
}

/** convert IN OUT: between BDF+, EDF+ and CSV; with --device, IN is a raw headset capture. */
export function convert(argv: string[]): void {
  const { positionals, values } = parseCommand(argv, CONVERT_HELP, {
    device: { type: 'string' },
    firmware: { type: 'string' },
    force: { type: 'boolean' },
    stream: { type: 'string' },
    bids: { type: 'string' },
    subject: { type: 'string' },
    session: { type: 'string' },
    task: { type: 'string' },
    reference: { type: 'string' },
  });
  if (!positionals) return;
  if (values.bids !== undefined) return convertToBids(positionals, values);
  if (positionals.length !== 2) throw new UsageError(`usage: ${CONVERT_HELP.split('\n')[0]}`);
  const [input, output] = positionals;
  const format = formatFromName(output);
  if (!format) throw new UsageError(`${output}: output must end in .bdf, .edf or .csv`);
  const force = values.force === true;
  const inputs = [input, eventsPathOf(input)];
  checkOutput(output, inputs, force);
  if (format === 'csv') checkOutput(eventsPathOf(output), inputs, force);
  let file: RecordingFile;
  if (values.firmware !== undefined && !firmwareKinds().includes(values.device ?? '')) {
    throw new UsageError(`--firmware goes with --device ${firmwareKinds().join(' or ')}`);
  }
  if (values.device !== undefined) {
    if (!(captureKinds() as string[]).includes(values.device)) {
      throw new UsageError(`--device must be one of ${captureKinds().join(', ')}`);
    }
    const known = headsetSpec(values.device)?.bluetooth?.firmware?.versions;
    // A version the decoder does not know would decode as the older firmware, silently: refused instead.
    if (values.firmware !== undefined && known && !known.pattern.test(values.firmware.trim())) {
      throw new UsageError(
        `--firmware must be a ${values.device} firmware version (${known.named}), not "${values.firmware}"`,
      );
    }
    checkReadable(input);
    const r = decodeCapture(values.device, readFileSync(input), values.firmware);
    if (r.recording.data[0].length === 0) {
      throw new RecordingError(input, `no ${values.device} packets found (${r.skipped} bytes skipped)`);
    }
    console.error(
      `${input}: ${r.recording.data[0].length} samples at ${r.recording.sampleRate} Hz; ` +
        `lost ${r.lost} samples (${r.filled} inside the recording, held at the last value and annotated); ` +
        `skipped ${r.skipped} bytes; ${r.resyncs} resynchronisations (counter or clock jumps not believed, annotated)`,
    );
    for (const n of r.notes) console.error(`${input}: at ${n.time.toFixed(3)} s: ${n.label} (annotated)`);
    file = fromRecording(input, r.recording);
  } else file = openRecordingFile(input, { stream: values.stream });
  const written = writeRecordingFile(file, output, format);
  console.error(`wrote ${written.join(' and ')}`);
}

/** convert IN --bids DIR: one recording into a BIDS-EEG dataset. */
function convertToBids(
  positionals: string[],
  values: {
    bids?: string;
    subject?: string;
    session?: string;
    task?: string;
    reference?: string;
    stream?: string;
    device?: string;
    force?: boolean;
  },
): void {
  if (positionals.length !== 1) throw new UsageError(`usage: ${CONVERT_HELP.split('\n')[1].trim()}`);
  if (values.device !== undefined)
    throw new UsageError('--bids takes a recording, not a raw capture: convert it first');
  const entities = { subject: values.subject ?? '01', session: values.session, task: values.task ?? 'ssvep' };
  for (const [option, value] of Object.entries(entities)) {
    const fault = value === undefined ? undefined : bidsLabelFault(option, value);
    if (fault) throw new UsageError(fault);
  }
  const file = openRecordingFile(positionals[0], { stream: values.stream });
  const written = exportBids(file, values.bids!, {
    ...entities,
    reference: values.reference ?? 'n/a',
    force: values.force === true,
  });
  console.error(`wrote ${written.join(', ')}`);
}
