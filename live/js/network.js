// The forward pass, as netcore.network.Network.forward computes it: a = f(W a + b) layer by layer in
// float64, hidden layers with the network's activation, the output layer always a sigmoid.
(function (Live) {
  "use strict";

  const ACTIVATIONS = {
    sigmoid: function (z) { return 1 / (1 + Math.exp(-z)); },
    relu: function (z) { return z > 0 ? z : 0; },
  };

  // {sizes, activation, W: [Float64Array k*n row-major], b: [Float64Array k]}
  function makeNetwork(sizes, activation, W, b) {
    return { sizes: sizes, activation: activation, W: W, b: b };
  }

  // netcore.network.unflatten: W1 (row-major), b1, W2, b2, ... from one parameter vector.
  function fromVector(vector, sizes, activation) {
    const W = [], b = [];
    let at = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const n = sizes[l], k = sizes[l + 1];
      W.push(Float64Array.from(vector.subarray(at, at + k * n)));
      at += k * n;
      b.push(Float64Array.from(vector.subarray(at, at + k)));
      at += k;
    }
    return makeNetwork(sizes, activation, W, b);
  }

  function squash(network, gap) {
    return ACTIVATIONS[gap < network.W.length - 1 ? network.activation : "sigmoid"];
  }

  // Every layer: zs[l] belongs to layer l + 1, activations[0] is the input (pixels / 255).
  function forward(network, pixels) {
    const input = new Float64Array(network.sizes[0]);
    for (let i = 0; i < input.length; i++) input[i] = pixels[i] / 255.0;
    const zs = [], activations = [input];
    let a = input;
    for (let l = 0; l < network.W.length; l++) {
      const W = network.W[l], b = network.b[l], n = network.sizes[l], k = network.sizes[l + 1];
      const f = squash(network, l);
      const z = new Float64Array(k), next = new Float64Array(k);
      for (let j = 0; j < k; j++) {
        let s = 0;
        const row = j * n;
        for (let i = 0; i < n; i++) s += W[row + i] * a[i];
        z[j] = s + b[j];
        next[j] = f(z[j]);
      }
      zs.push(z);
      activations.push(next);
      a = next;
    }
    return { zs: zs, activations: activations, output: a, answer: argmax(a) };
  }

  function argmax(values) {
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return best;
  }

  Live.network = { makeNetwork, fromVector, forward, argmax, squash };
})(globalThis.Live = globalThis.Live || {});
