import type { Annotation } from '../../core/recording/types';
import type { FromWorker } from '../../core/protocol/messages';
import type { Settings } from '../../core/state/settings';
import { loadRecording } from '../../extension/recordings-db';

/**
 * Fits the profile to the calibration's recording in a pipeline worker (the
 * core calibration, off the page's thread), leaving out the steps that were
 * interrupted.
 */
export async function fitCalibration(
  recordingId: number,
  settings: Settings,
  interrupted: readonly Annotation[],
): Promise<FromWorker> {
  const rec = await loadRecording(recordingId);
  const dropped = (a: Annotation) => interrupted.some((b) => b.onset === a.onset && b.label === a.label);
  const worker = new Worker(new URL('../../extension/pipeline.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<FromWorker>((resolve) => {
      worker.onmessage = (e: MessageEvent<FromWorker>) => resolve(e.data);
      worker.postMessage(
        {
          type: 'calibrate',
          recording: {
            channels: rec.channels.map((c) => c.label),
            sampleRate: rec.sampleRate,
            data: rec.data,
            annotations: rec.annotations.filter((a) => !dropped(a)),
          },
          targets: settings.layout.targets.map((t) => ({ label: t.label, frequency: t.frequency })),
          mains: settings.mains,
        },
        rec.data.map((c) => c.buffer),
      );
    });
  } finally {
    worker.terminate();
  }
}
