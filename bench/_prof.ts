import { OnlinePipeline } from '../src/core/online/pipeline';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';
import { loadRecording } from '../src/node/files';
const rec = loadRecording('/work/shared/datasets/ssvep-exo/sub-01_ses-2.bdf');
const profile = trainingFreeProfile([13, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f })), 256, 8, 50);
const n = rec.data[0].length;
const t0 = performance.now();
for (let rep = 0; rep < 3; rep++) {
  const p = new OnlinePipeline(profile);
  for (let i = 0; i < n; i += 64) p.push(rec.data.map((x) => x.subarray(i, Math.min(n, i + 64))));
}
const ms = (performance.now() - t0) / 3;
console.log(`${(n / 256 / (ms / 1000)).toFixed(0)}x real time (${ms.toFixed(0)} ms per pass, ${(n/256).toFixed(0)} s)`);
