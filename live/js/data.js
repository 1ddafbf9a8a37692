// The bundle as the page carries it (written by pipeline/live.py): JSON with the arrays in base64,
// little-endian, decoded here into typed arrays.
(function (Live) {
  "use strict";

  function bytes(b64) {
    const text = atob(b64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  function float64(b64) { return new Float64Array(bytes(b64).buffer); }
  function float32(b64) { return new Float32Array(bytes(b64).buffer); }

  function load(text) {
    const raw = JSON.parse(text);
    const net = raw.network;
    const network = Live.network.makeNetwork(net.sizes, net.activation, net.W.map(float64), net.b.map(float64));
    const digits = raw.digits;
    const images = bytes(digits.image);
    const noise = bytes(raw.noise.image);
    const training = raw.training;
    return {
      raw: raw,
      network: network,
      drawn: raw.drawn,
      style: raw.style,
      themes: raw.themes,
      theme: raw.theme,
      facts: raw.facts,
      digits: digits.index.map(function (index, i) {
        return { index: index, label: digits.label[i], image: images.subarray(i * 784, (i + 1) * 784) };
      }),
      defaultDigit: digits.default,
      roles: digits.roles,
      noise: Array.from({ length: raw.noise.count }, function (_, i) { return noise.subarray(i * 784, (i + 1) * 784); }),
      training: {
        steps: training.snapshot_step,
        params: float32(training.snapshot_params),
        curveStep: training.curve_step,
        curveCost: training.curve_cost,
        curveAccuracy: training.curve_accuracy,
        probeSize: training.probe_size,
        note: training.note,
        test: training.test, // per snapshot {accuracy, cost} on the test set, or null
      },
    };
  }

  Live.data = { load, bytes };
})(globalThis.Live = globalThis.Live || {});
