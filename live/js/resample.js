// Pillow's Image.resize(..., Image.Resampling.LANCZOS) of a 32-bit float ("F") image, ported from
// Pillow's Resample.c: coefficients in double, a horizontal pass then a vertical one, each result
// stored as a 32-bit float (Math.fround), as Pillow's F images hold them.
(function (Live) {
  "use strict";
  const SUPPORT = 3.0;

  function sinc(x) {
    if (x === 0.0) return 1.0;
    x = x * Math.PI;
    return Math.sin(x) / x;
  }
  function lanczos(x) {
    return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
  }

  // precompute_coeffs(inSize, 0, inSize, outSize): per output pixel, its first input pixel, how
  // many it reads, and their weights.
  function coefficients(inSize, outSize) {
    const scale = inSize / outSize;
    const filterscale = Math.max(scale, 1.0);
    const support = SUPPORT * filterscale;
    const ksize = Math.ceil(support) * 2 + 1;
    const kk = new Float64Array(outSize * ksize);
    const bounds = new Int32Array(outSize * 2);
    for (let xx = 0; xx < outSize; xx++) {
      const center = (xx + 0.5) * scale;
      const ss = 1.0 / filterscale;
      let xmin = Math.trunc(center - support + 0.5);
      if (xmin < 0) xmin = 0;
      let xmax = Math.trunc(center + support + 0.5);
      if (xmax > inSize) xmax = inSize;
      xmax -= xmin;
      let ww = 0.0;
      for (let x = 0; x < xmax; x++) {
        const w = lanczos((x + xmin - center + 0.5) * ss);
        kk[xx * ksize + x] = w;
        ww += w;
      }
      for (let x = 0; x < xmax; x++) if (ww !== 0.0) kk[xx * ksize + x] /= ww;
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return { ksize, kk, bounds };
  }

  // img: {h, w, data} of values already representable as 32-bit floats.
  function resizeLanczos(img, newW, newH) {
    let { h, w } = img;
    let data = Float32Array.from(img.data);
    const horiz = coefficients(w, newW);
    const vert = coefficients(h, newH);
    if (newW !== w) {
      // Only the rows the vertical pass reads.
      const first = vert.bounds[0];
      const last = vert.bounds[newH * 2 - 2] + vert.bounds[newH * 2 - 1];
      if (newH !== h) {
        for (let i = 0; i < newH; i++) vert.bounds[i * 2] -= first;
      }
      const rows = newH !== h ? last - first : h;
      const offset = newH !== h ? first : 0;
      const out = new Float32Array(rows * newW);
      for (let yy = 0; yy < rows; yy++) {
        const row = (yy + offset) * w;
        for (let xx = 0; xx < newW; xx++) {
          const xmin = horiz.bounds[xx * 2], xmax = horiz.bounds[xx * 2 + 1], k = xx * horiz.ksize;
          let ss = 0.0;
          for (let x = 0; x < xmax; x++) ss += data[row + x + xmin] * horiz.kk[k + x];
          out[yy * newW + xx] = ss;
        }
      }
      data = out; w = newW; h = rows;
    }
    if (newH !== img.h) {
      const out = new Float32Array(newH * w);
      for (let yy = 0; yy < newH; yy++) {
        const ymin = vert.bounds[yy * 2], ymax = vert.bounds[yy * 2 + 1], k = yy * vert.ksize;
        for (let xx = 0; xx < w; xx++) {
          let ss = 0.0;
          for (let y = 0; y < ymax; y++) ss += data[(y + ymin) * w + xx] * vert.kk[k + y];
          out[yy * w + xx] = ss;
        }
      }
      data = out; h = newH;
    }
    return Live.numeric.image(h, w, Float64Array.from(data));
  }

  Live.resample = { resizeLanczos };
})(globalThis.Live = globalThis.Live || {});
