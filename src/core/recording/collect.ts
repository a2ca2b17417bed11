import type { StreamedRecording } from './streamed';
import type { Recording } from './types';

/** A streamed recording gathered into memory (the studio's import, small files). */
export function collect(rec: StreamedRecording): Recording {
  const data = rec.channels.map(() => new Float32Array(rec.samples));
  let at = 0;
  for (const chunk of rec.chunks(65536)) {
    chunk.forEach((c, i) => data[i].set(c, at));
    at += chunk[0].length;
  }
  return {
    channels: rec.channels,
    sampleRate: rec.sampleRate,
    data,
    annotations: rec.annotations,
    description: rec.description ?? rec.format,
  };
}
