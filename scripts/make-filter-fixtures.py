"""Reference filter designs and outputs from scipy for tests/dsp.test.ts.

Run: python3 scripts/make-filter-fixtures.py  (needs python3-scipy; not a project dependency)
"""
import json
import numpy as np
import scipy
import scipy.signal as ss

rng = np.random.default_rng(7)
x = rng.standard_normal(300)
cases = []


def add(name, sos, spec):
    cases.append({
        "name": name,
        "spec": spec,
        "sos": sos.tolist(),
        "impulse": ss.sosfilt(sos, np.r_[1.0, np.zeros(199)]).tolist(),
        "noise": ss.sosfilt(sos, x).tolist(),
    })


for fam, order, btype, cut, fs in [
    ("butter", 4, "bandpass", [6, 90], 256),
    ("butter", 4, "bandpass", [24, 115], 256),
    ("butter", 2, "bandpass", [0.5, 35], 250),
    ("butter", 4, "lowpass", [40], 250),
    ("butter", 2, "highpass", [1], 250),
    ("butter", 3, "bandstop", [45, 55], 500),
    ("cheby1", 4, "bandpass", [6, 90], 256),
    ("cheby1", 6, "bandpass", [14, 90], 1000),
]:
    if fam == "butter":
        sos = ss.butter(order, cut if len(cut) > 1 else cut[0], btype=btype, fs=fs, output="sos")
    else:
        sos = ss.cheby1(order, 0.5, cut, btype=btype, fs=fs, output="sos")
    add(f"{fam}-{btype}-{order}-{'-'.join(map(str, cut))}@{fs}", sos,
        {"family": fam, "order": order, "type": btype, "cutoff": cut, "sampleRate": fs, "rippleDb": 0.5})

for f0, q, fs in [(50, 30, 256), (60, 30, 250)]:
    b, a = ss.iirnotch(f0, q, fs)
    add(f"notch-{f0}@{fs}", np.array([np.r_[b, a]]), {"notch": f0, "quality": q, "sampleRate": fs})

orders = []
for wp, ws, fs in [([6, 90], [4, 100], 256), ([14, 90], [10, 100], 256), ([6, 90], [4, 100], 1000)]:
    n, _ = ss.cheb1ord(wp, ws, 3, 40, fs=fs)
    orders.append({"pass": wp, "stop": ws, "sampleRate": fs, "order": int(n)})

json.dump({"scipy": scipy.__version__, "input": x.tolist(), "cases": cases, "cheb1ord": orders},
          open("tests/fixtures/filters.json", "w"))
print("wrote", len(cases), "cases")

# Canonical correlations of random data (QR + SVD, as MATLAB canoncorr) for tests/cca.test.ts.
def canoncorr(X, Y):
    X = X - X.mean(0)
    Y = Y - Y.mean(0)
    qx, _ = np.linalg.qr(X)
    qy, _ = np.linalg.qr(Y)
    return np.clip(np.linalg.svd(qx.T @ qy, compute_uv=False), 0, 1)


cca_cases = []
for n, p, q in [(200, 4, 3), (512, 8, 6), (64, 3, 5)]:
    X = rng.standard_normal((n, p))
    Y = rng.standard_normal((n, q))
    Y[:, 0] += 0.8 * X[:, 0]  # some real correlation
    cca_cases.append({"x": X.T.tolist(), "y": Y.T.tolist(), "rho": canoncorr(X, Y).tolist()})
json.dump(cca_cases, open("tests/fixtures/cca.json", "w"))
print("wrote", len(cca_cases), "CCA cases")
