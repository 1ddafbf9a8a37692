// netcore's preprocessing of a user's picture, step for step (netcore/digits.py, netcore/paper.py,
// netcore/strokes.py): the page must give the network the 28x28 that `python -m netcore predict`
// gives it. Every constant comes from netcore itself, put into the page as Live.spec by
// pipeline/live.py; tests/live checks both implementations on the same pictures.
(function (Live) {
  "use strict";
  const N = Live.numeric;

  function spec() { return Live.spec.preprocess; }

  // ---------------------------------------------------------------- digits.ink
  // RGBA pixels (what a canvas gives) to an ink map in [0, 1], as digits.ink does for an image
  // Pillow decodes: strokes on a transparent background are the alpha channel; otherwise the
  // picture's grey level (Pillow's ITU-R 601-2 luma, in its integer arithmetic) goes to paper.
  function inkFromRGBA(rgba, w, h) {
    const alpha = new Float64Array(w * h);
    let opaque = true;
    for (let p = 0; p < w * h; p++) {
      alpha[p] = rgba[4 * p + 3] / 255.0;
      if (rgba[4 * p + 3] !== 255) opaque = false;
    }
    if (!opaque && N.median(border(alpha, h, w)) < 0.5) {
      return reduce(N.image(h, w, alpha)); // strokes drawn on a transparent background
    }
    const grey = new Float64Array(w * h);
    for (let p = 0; p < w * h; p++) {
      const l = (rgba[4 * p] * 19595 + rgba[4 * p + 1] * 38470 + rgba[4 * p + 2] * 7471 + 0x8000) >>> 16;
      grey[p] = l / 255.0;
    }
    return inkOnPaper(reduce(N.image(h, w, grey)));
  }

  function border(data, h, w) {
    const out = [];
    for (let j = 0; j < w; j++) out.push(data[j]);
    for (let j = 0; j < w; j++) out.push(data[(h - 1) * w + j]);
    for (let i = 0; i < h; i++) out.push(data[i * w]);
    for (let i = 0; i < h; i++) out.push(data[i * w + w - 1]);
    return out;
  }

  // digits._reduce: block averages down to at most WORK_SIDE on the longer side.
  function reduce(img) {
    const factor = Math.ceil(Math.max(img.h, img.w) / spec().work_side);
    if (factor <= 1) return img;
    const h = Math.floor(img.h / factor), w = Math.floor(img.w / factor);
    const out = new Float64Array(h * w);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        let s = 0;
        for (let a = 0; a < factor; a++) {
          const row = (i * factor + a) * img.w + j * factor;
          for (let b = 0; b < factor; b++) s += img.data[row + b];
        }
        out[i * w + j] = s / (factor * factor);
      }
    }
    return N.image(h, w, out);
  }

  // ---------------------------------------------------------------- paper.ink_on_paper
  function inkOnPaper(grey) {
    const P = spec().paper;
    const { h, w } = grey;
    const zeros = N.image(h, w);
    const smoothGrey = N.gaussianFilter(grey, 1.0);
    let lo = Infinity, hi = -Infinity;
    for (let p = 0; p < h * w; p++) {
      const v = smoothGrey.data[p];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo < P.MIN_CONTRAST) return zeros;
    if (lightStrokes(grey)) grey = N.image(h, w, grey.data.map(function (v) { return 1.0 - v; }));
    let paper = paperBrightness(grey);
    const darkening = new Float64Array(h * w), relative = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) {
      darkening[p] = Math.max(paper.data[p] - grey.data[p], 0.0);
      relative[p] = darkening[p] / paper.data[p];
    }
    const smooth = N.gaussianFilter(N.image(h, w, relative), 0.8);
    const floor = Math.max(noiseFloor(smooth), P.MIN_RELATIVE_INK);
    const smoothDark = N.gaussianFilter(N.image(h, w, darkening), 0.8);
    const marks = new Uint8Array(h * w);
    for (let p = 0; p < h * w; p++) {
      marks[p] = smooth.data[p] > floor && smoothDark.data[p] > P.MIN_CONTRAST / 2 ? 1 : 0;
    }
    const digit = digitMarks(marks, smooth.data, h, w);
    if (!digit.some(function (v) { return v; })) return zeros;
    paper = paperAround(grey, N.binaryDilation(digit, h, w, 2), paper);
    const rel = new Float64Array(h * w);
    const inDigit = [];
    for (let p = 0; p < h * w; p++) {
      rel[p] = Math.max(paper.data[p] - grey.data[p], 0.0) / paper.data[p];
      if (digit[p]) inDigit.push(rel[p]);
    }
    const near = N.binaryDilation(digit, h, w, 2);
    const core = N.percentiles(inDigit, [P.CORE_PERCENTILE])[0];
    const out = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) out[p] = near[p] ? Math.min(Math.max(rel[p] / core, 0.0), 1.0) : 0.0;
    return N.image(h, w, out);
  }

  function lightStrokes(grey) {
    const P = spec().paper;
    const size = 2 * Math.trunc(P.POLARITY_BLUR * Math.min(grey.h, grey.w)) + 1;
    const blur = N.uniformFilter(grey, size, "nearest");
    const local = N.image(grey.h, grey.w, grey.data.map(function (v, p) { return v - blur.data[p]; }));
    const q = N.percentiles(N.gaussianFilter(local, 1.0).data, [0.1, 50, 99.9]);
    return q[2] - q[1] > q[1] - q[0];
  }

  function cellOf(h, w) {
    return Math.max(1, Math.ceil(Math.max(h, w) / spec().paper.COARSE_SIDE));
  }

  function fullSize(coarse, cell, h, w) {
    const rows = new Float64Array(h), cols = new Float64Array(w);
    for (let i = 0; i < h; i++) rows[i] = (i + 0.5) / cell - 0.5;
    for (let j = 0; j < w; j++) cols[j] = (j + 0.5) / cell - 0.5;
    const full = N.bilinearGrid(coarse, rows, cols);
    const floor = spec().paper.MIN_CONTRAST;
    for (let p = 0; p < full.data.length; p++) full.data[p] = Math.max(full.data[p], floor);
    return full;
  }

  function paperBrightness(grey) {
    const P = spec().paper;
    const cell = cellOf(grey.h, grey.w);
    const coarse = N.cells(grey, cell, N.median);
    const window = Math.max(3, N.roundHalfEven(P.BACKGROUND_WINDOW * Math.min(coarse.h, coarse.w)) | 1);
    const margin = window;
    const closed = N.greyClosing(N.padReflectOdd(coarse, margin), window);
    const smooth = N.crop(N.gaussianFilter(closed, window / 4), margin, closed.h - margin, margin, closed.w - margin);
    return fullSize(smooth, cell, grey.h, grey.w);
  }

  function paperAround(grey, ink, firstGuess) {
    const P = spec().paper;
    const { h, w } = grey;
    const cell = cellOf(h, w);
    const onPaper = new Float64Array(h * w), paperGrey = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) {
      onPaper[p] = ink[p] ? 0.0 : 1.0;
      paperGrey[p] = grey.data[p] * onPaper[p];
    }
    const total = N.gaussianFilter(N.cells(N.image(h, w, paperGrey), cell, N.mean), P.AROUND_CELLS, "nearest");
    const count = N.gaussianFilter(N.cells(N.image(h, w, onPaper), cell, N.mean), P.AROUND_CELLS, "nearest");
    const prior = N.cells(firstGuess, cell, N.mean);
    const local = N.image(total.h, total.w, total.data.map(function (t, p) {
      return (t + P.PRIOR_WEIGHT * prior.data[p]) / (count.data[p] + P.PRIOR_WEIGHT);
    }));
    return fullSize(local, cell, h, w);
  }

  function noiseFloor(relative) {
    const P = spec().paper;
    const n = relative.data.length;
    const clear = new Uint8Array(n);
    for (let p = 0; p < n; p++) clear[p] = relative.data[p] > P.CLEAR_INK ? 1 : 0;
    const clearInk = N.binaryDilation(clear, relative.h, relative.w, 3);
    let count = 0;
    for (let p = 0; p < n; p++) if (!clearInk[p]) count++;
    let paper;
    if (count > 0.1 * n) {
      paper = new Float64Array(count);
      for (let p = 0, k = 0; p < n; p++) if (!clearInk[p]) paper[k++] = relative.data[p];
    } else {
      paper = relative.data;
    }
    const median = N.median(paper);
    const mad = N.median(paper.map(function (v) { return Math.abs(v - median); }));
    return median + P.NOISE_FLOOR_SIGMAS * 1.4826 * mad;
  }

  function digitMarks(marks, strength, h, w) {
    const P = spec().paper;
    const { labels, count } = N.label8(marks, h, w);
    if (count === 0) return marks;
    const mass = new Float64Array(count);
    const boxes = [];
    for (let l = 0; l < count; l++) boxes.push({ top: h, bottom: 0, left: w, right: 0 });
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const l = labels[i * w + j];
        if (!l) continue;
        mass[l - 1] += strength[i * w + j];
        const b = boxes[l - 1];
        if (i < b.top) b.top = i;
        if (i + 1 > b.bottom) b.bottom = i + 1;
        if (j < b.left) b.left = j;
        if (j + 1 > b.right) b.right = j + 1;
      }
    }
    const edge = boxes.map(function (box, i) { return alongEdge(labels, i + 1, box, h, w); });
    if (!edge.every(Boolean)) edge.forEach(function (e, i) { if (e) mass[i] = 0.0; });
    let main = 0;
    for (let i = 1; i < count; i++) if (mass[i] > mass[main]) main = i;
    const kept = new Set([main]);
    let { top, bottom, left, right } = boxes[main];
    let changed = true;
    while (changed) {
      changed = false;
      const reach = P.NEAR_FRACTION * Math.max(bottom - top, right - left);
      for (let i = 0; i < count; i++) {
        if (kept.has(i) || mass[i] < P.SPECK_FRACTION * mass[main]) continue;
        const b = boxes[i];
        const gap = Math.max(top - b.bottom, b.top - bottom, left - b.right, b.left - right, 0);
        if (gap <= reach) {
          kept.add(i);
          top = Math.min(top, b.top); bottom = Math.max(bottom, b.bottom);
          left = Math.min(left, b.left); right = Math.max(right, b.right);
          changed = true;
        }
      }
    }
    const out = new Uint8Array(h * w);
    for (let p = 0; p < h * w; p++) out[p] = labels[p] && kept.has(labels[p] - 1) ? 1 : 0;
    return out;
  }

  function alongEdge(labels, index, box, h, w) {
    const { top, bottom, left, right } = box;
    if (top > 0 && left > 0 && bottom < h && right < w) return false;
    const strip = Math.max(2, Math.trunc(spec().paper.EDGE_STRIP * Math.min(h, w)));
    let mine = 0, near = 0;
    for (let i = top; i < bottom; i++) {
      for (let j = left; j < right; j++) {
        if (labels[i * w + j] !== index) continue;
        mine++;
        if (i < strip || i >= h - strip || j < strip || j >= w - strip) near++;
      }
    }
    return near > 0.5 * mine;
  }

  // ---------------------------------------------------------------- strokes
  function strokeWidth(mask, h, w) {
    let area = 0, edges = 0;
    for (let i = -1; i < h; i++) {
      for (let j = -1; j < w; j++) {
        const here = i >= 0 && j >= 0 && mask[i * w + j] ? 1 : 0;
        const below = i + 1 < h && j >= 0 && mask[(i + 1) * w + j] ? 1 : 0;
        const right = j + 1 < w && i >= 0 && mask[i * w + j + 1] ? 1 : 0;
        if (i >= 0 && j >= 0) area += here;
        if (j >= 0 && here !== below) edges++;
        if (i >= 0 && here !== right) edges++;
      }
    }
    return edges === 0 ? 0.0 : (2.0 * area) / ((edges * Math.PI) / 4);
  }

  function widenedFraction(fraction) {
    const S = spec().strokes;
    const weight = Math.min(Math.max((S.MNIST_LOW - fraction) / (S.MNIST_LOW - S.THIN_FRACTION), 0.0), 1.0);
    return fraction + weight * (S.MNIST_FRACTION - fraction);
  }

  function thicken(ink, threshold) {
    const S = spec().strokes;
    const mask = ink.data.map(function (v) { return v > threshold ? 1 : 0; });
    const box = N.bounds(mask, ink.h, ink.w);
    if (!box) return ink;
    const side = Math.max(box.bottom - box.top + 1, box.right - box.left + 1);
    const width = strokeWidth(mask, ink.h, ink.w);
    const target = widenedFraction(width / side);
    if (target <= width / side) return ink;
    const radius = (target * side - width) / (2 * (1 - target));
    const pad = Math.ceil(radius) + 2;
    const h = ink.h + 2 * pad, w = ink.w + 2 * pad;
    const padded = new Float64Array(h * w);
    let max = 0;
    for (let i = 0; i < ink.h; i++) {
      for (let j = 0; j < ink.w; j++) {
        const v = ink.data[i * ink.w + j];
        padded[(i + pad) * w + j + pad] = v;
        if (v > max) max = v;
      }
    }
    let core = padded.map(function (v) { return v > S.CORE_LEVEL ? 1 : 0; });
    if (!core.some(Boolean)) core = padded.map(function (v) { return v >= 0.5 * max ? 1 : 0; });
    const distance = N.distanceTransform(Uint8Array.from(core), h, w);
    const out = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) {
      const widened = Math.min(Math.max(radius + 0.5 - distance.data[p], 0.0), 1.0);
      out[p] = Math.max(padded[p], widened * max);
    }
    return N.image(h, w, out);
  }

  // ---------------------------------------------------------------- digits.to_mnist
  function cropToInk(img, threshold) {
    const mask = img.data.map(function (v) { return v > threshold ? 1 : 0; });
    const b = N.bounds(mask, img.h, img.w);
    return b && N.crop(img, b.top, b.bottom + 1, b.left, b.right + 1);
  }

  // The 28x28 (Uint8Array of 784, row by row) the network receives, or null when no ink stands out.
  function toMnist(inkMap) {
    const S = spec();
    let crop = cropToInk(inkMap, S.ink_threshold);
    if (!crop) return null;
    crop = cropToInk(thicken(crop, S.ink_threshold), S.ink_threshold);
    const { h, w } = crop;
    const scale = S.box / Math.max(h, w);
    const newH = Math.max(1, N.roundHalfEven(h * scale)), newW = Math.max(1, N.roundHalfEven(w * scale));
    const asFloat32 = N.image(h, w, crop.data.map(Math.fround));
    const patch = Live.resample.resizeLanczos(asFloat32, newW, newH);
    for (let p = 0; p < patch.data.length; p++) patch.data[p] = Math.min(Math.max(patch.data[p], 0.0), 1.0);
    const [cy, cx] = N.centerOfMass(patch);
    const F = S.field, centre = F / 2;
    const top = Math.min(Math.max(N.roundHalfEven(centre - cy), 0), F - newH);
    const left = Math.min(Math.max(N.roundHalfEven(centre - cx), 0), F - newW);
    const out = new Uint8Array(F * F);
    for (let i = 0; i < newH; i++) {
      for (let j = 0; j < newW; j++) out[(top + i) * F + left + j] = N.roundHalfEven(patch.data[i * newW + j] * 255);
    }
    return out;
  }

  function fromRGBA(rgba, w, h) {
    return toMnist(inkFromRGBA(rgba, w, h));
  }

  Live.preprocess = { inkFromRGBA, inkOnPaper, thicken, toMnist, fromRGBA, strokeWidth };
})(globalThis.Live = globalThis.Live || {});
