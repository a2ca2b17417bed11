"""Reference FBCCA in numpy/scipy: the same job as the training-free replay.

Reads float32 channels x samples from argv[1] and a JSON job from argv[2]
(rate, targets + neighbour frequencies, harmonics, sub-band edges, mains,
window, step); streams it causally (sosfilt with carried state, a notch,
the filter bank), and every step computes the canonical correlation of the
window with every frequency's references in every sub-band (centred thin
QR of both sides, singular values of Qx' Qy), as MATLAB's canoncorr does.
Prints seconds of EEG processed per second of wall time (one core).
Written for the benchmark only; not a project dependency.
"""
import json
import sys
import time

import numpy as np
from scipy import signal

x = np.fromfile(sys.argv[1], dtype=np.float32)
job = json.loads(open(sys.argv[2]).read())
fs = job["rate"]
C = job["channels"]
x = x.reshape(C, -1).astype(np.float64)
n = x.shape[1]
step = int(round(job["step"] * fs))
win = step * int(round(job["window"] / job["step"]))

start = time.perf_counter()
sos_notch = []
if job["mains"]:
    b, a = signal.iirnotch(job["mains"], 30, fs)
    sos_notch.append(signal.tf2sos(b, a))
    if 2 * job["mains"] < fs / 2 - 1:
        b, a = signal.iirnotch(2 * job["mains"], 30, fs)
        sos_notch.append(signal.tf2sos(b, a))
notch = np.vstack(sos_notch) if sos_notch else None
bands = [signal.butter(4, [lo, hi], btype="bandpass", fs=fs, output="sos") for lo, hi in job["bands"]]
zn = None if notch is None else np.zeros((notch.shape[0], C, 2))
zb = [np.zeros((s.shape[0], C, 2)) for s in bands]
buf = [np.zeros((C, 0)) for _ in bands]
t = np.arange(n) / fs
refs = []
for f in job["frequencies"]:
    cols = []
    for h in range(1, job["harmonics"] + 1):
        cols += [np.cos(2 * np.pi * h * f * t), np.sin(2 * np.pi * h * f * t)]
    refs.append(np.array(cols))

windows = 0
for i in range(0, n - step + 1, step):
    chunk = x[:, i : i + step]
    if notch is not None:
        chunk, zn = signal.sosfilt(notch, chunk, axis=1, zi=zn)
    for b, sos in enumerate(bands):
        y, zb[b] = signal.sosfilt(sos, chunk, axis=1, zi=zb[b])
        buf[b] = np.concatenate([buf[b], y], axis=1)[:, -win:]
    if buf[0].shape[1] < win:
        continue
    end = i + step
    for b in range(len(bands)):
        X = buf[b].T - buf[b].T.mean(axis=0)
        qx, _ = np.linalg.qr(X)
        for r in refs:
            Y = r[:, end - win : end].T
            Y = Y - Y.mean(axis=0)
            qy, _ = np.linalg.qr(Y)
            np.linalg.svd(qx.T @ qy, compute_uv=False)[0]
    windows += 1
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": n / fs, "elapsed": elapsed, "windows": windows}))
