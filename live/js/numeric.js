// The few numpy / scipy.ndimage / Python operations netcore's preprocessing uses, ported so that
// the page computes what netcore computes (tests/live compare them on the same inputs).
// An image is {h, w, data: Float64Array} in row-major order, like a numpy array of shape (h, w).
(function (Live) {
  "use strict";

  function image(h, w, data) {
    return { h: h, w: w, data: data || new Float64Array(h * w) };
  }

  // Python's round() and numpy's np.round: halves go to the even neighbour.
  function roundHalfEven(x) {
    const r = Math.round(x);
    if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
    return r;
  }

  // Index of position i in an axis of n samples, outside it as scipy.ndimage's boundary modes say.
  function reflectIndex(i, n) { // 'reflect': d c b a | a b c d | d c b a
    if (n === 1) return 0;
    const m = 2 * n;
    i = ((i % m) + m) % m;
    return i >= n ? m - 1 - i : i;
  }
  function nearestIndex(i, n) { // 'nearest': a a a | a b c d | d d d
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  }
  const MODES = { reflect: reflectIndex, nearest: nearestIndex };

  // One line of samples along an axis: read into / written from a scratch buffer.
  function alongAxes(img, axis, lineOp) {
    const { h, w, data } = img;
    const out = new Float64Array(h * w);
    const n = axis === 0 ? h : w;
    const lines = axis === 0 ? w : h;
    const line = new Float64Array(n);
    const result = new Float64Array(n);
    for (let k = 0; k < lines; k++) {
      for (let i = 0; i < n; i++) line[i] = axis === 0 ? data[i * w + k] : data[k * w + i];
      lineOp(line, result);
      for (let i = 0; i < n; i++) {
        if (axis === 0) out[i * w + k] = result[i]; else out[k * w + i] = result[i];
      }
    }
    return image(h, w, out);
  }

  // scipy.ndimage.correlate1d with a symmetric kernel of odd length.
  function correlateLine(kernel, mode) {
    const r = (kernel.length - 1) / 2;
    const index = MODES[mode];
    return function (line, out) {
      const n = line.length;
      for (let i = 0; i < n; i++) {
        let s = 0;
        if (i - r >= 0 && i + r < n) {
          for (let j = -r; j <= r; j++) s += line[i + j] * kernel[j + r];
        } else {
          for (let j = -r; j <= r; j++) s += line[index(i + j, n)] * kernel[j + r];
        }
        out[i] = s;
      }
    };
  }

  // scipy.ndimage.gaussian_filter (truncate 4.0): axis 0, then axis 1.
  function gaussianKernel(sigma) {
    const radius = Math.trunc(4.0 * sigma + 0.5);
    const k = new Float64Array(2 * radius + 1);
    let sum = 0;
    for (let x = -radius; x <= radius; x++) {
      k[x + radius] = Math.exp((-0.5 / (sigma * sigma)) * x * x);
      sum += k[x + radius];
    }
    for (let i = 0; i < k.length; i++) k[i] /= sum;
    return k;
  }
  function gaussianFilter(img, sigma, mode) {
    const line = correlateLine(gaussianKernel(sigma), mode || "reflect");
    return alongAxes(alongAxes(img, 0, line), 1, line);
  }

  // scipy.ndimage.uniform_filter with an odd size.
  function uniformFilter(img, size, mode) {
    const index = MODES[mode || "reflect"];
    const r = (size - 1) / 2;
    const line = function (src, out) {
      const n = src.length;
      let s = 0;
      for (let j = -r; j <= r; j++) s += src[index(j, n)];
      out[0] = s / size;
      for (let i = 1; i < n; i++) {
        s += src[index(i + r, n)] - src[index(i - r - 1, n)];
        out[i] = s / size;
      }
    };
    return alongAxes(alongAxes(img, 0, line), 1, line);
  }

  // scipy.ndimage.grey_closing with a flat square of odd side: max filter, then min filter.
  function extremeFilter(img, size, pick, mode) {
    const index = MODES[mode || "reflect"];
    const r = (size - 1) / 2;
    const isMax = pick === Math.max;
    const line = function (src, out) {
      // A sliding window over the line extended by r each side: a deque of candidate positions,
      // their values monotonic, so each step is amortised O(1) whatever the window's size.
      const n = src.length, ext = new Float64Array(n + 2 * r), deque = new Int32Array(n + 2 * r);
      for (let i = 0; i < n + 2 * r; i++) ext[i] = src[index(i - r, n)];
      let head = 0, tail = 0;
      for (let i = 0; i < n + 2 * r; i++) {
        const v = ext[i];
        while (tail > head && (isMax ? ext[deque[tail - 1]] <= v : ext[deque[tail - 1]] >= v)) tail--;
        deque[tail++] = i;
        if (deque[head] <= i - size) head++;
        if (i >= size - 1) out[i - size + 1] = ext[deque[head]];
      }
    };
    return alongAxes(alongAxes(img, 0, line), 1, line);
  }
  function greyClosing(img, size) {
    return extremeFilter(extremeFilter(img, size, Math.max), size, Math.min);
  }

  // numpy.pad(a, margin, mode="reflect", reflect_type="odd"), axis 0 then axis 1, in chunks as
  // numpy does when the margin is wider than the array.
  function padReflectOdd(img, margin) {
    function padLine(src, margin) {
      let cur = Array.from(src);
      let left = margin, right = margin;
      while (left > 0 || right > 0) {
        const n = cur.length;
        const lc = Math.min(left, n - 1);
        const pre = [];
        for (let k = lc; k >= 1; k--) pre.push(2 * cur[0] - cur[k]);
        left -= lc;
        const mid = pre.concat(cur);
        const m = mid.length;
        const rc = Math.min(right, n - 1);
        const post = [];
        for (let k = 1; k <= rc; k++) post.push(2 * mid[m - 1] - mid[m - 1 - k]);
        right -= rc;
        cur = mid.concat(post);
        if (n === 1) break; // a single sample cannot be reflected
      }
      return cur;
    }
    const { h, w, data } = img;
    const H = h + 2 * margin, W = w + 2 * margin;
    const tmp = new Float64Array(H * w);
    for (let k = 0; k < w; k++) {
      const col = new Array(h);
      for (let i = 0; i < h; i++) col[i] = data[i * w + k];
      const p = padLine(col, margin);
      for (let i = 0; i < H; i++) tmp[i * w + k] = p[i];
    }
    const out = new Float64Array(H * W);
    for (let i = 0; i < H; i++) {
      const p = padLine(tmp.subarray(i * w, (i + 1) * w), margin);
      for (let k = 0; k < W; k++) out[i * W + k] = p[k];
    }
    return image(H, W, out);
  }

  function crop(img, top, bottom, left, right) { // rows [top, bottom), cols [left, right)
    const h = bottom - top, w = right - left;
    const out = new Float64Array(h * w);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) out[i * w + j] = img.data[(i + top) * img.w + j + left];
    }
    return image(h, w, out);
  }

  // numpy.pad(a, ((0, extra_h), (0, extra_w)), mode="edge"), then the mean or the median of each
  // cell x cell block: a coarse grid.
  function cells(img, cell, reduce) {
    const { h, w, data } = img;
    const ch = Math.ceil(h / cell), cw = Math.ceil(w / cell);
    const out = new Float64Array(ch * cw);
    const block = new Float64Array(cell * cell);
    for (let ci = 0; ci < ch; ci++) {
      for (let cj = 0; cj < cw; cj++) {
        let n = 0;
        for (let i = ci * cell; i < (ci + 1) * cell; i++) {
          const row = Math.min(i, h - 1) * w;
          for (let j = cj * cell; j < (cj + 1) * cell; j++) block[n++] = data[row + Math.min(j, w - 1)];
        }
        out[ci * cw + cj] = reduce(block);
      }
    }
    return image(ch, cw, out);
  }
  function mean(values) {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i];
    return s / values.length;
  }
  // The k-th smallest of a (reordering a): Hoare's selection, linear on average. The values
  // selected are the same as a full sort's, only found faster.
  function select(a, k, lo, hi) {
    while (hi > lo) {
      const pivot = a[(lo + hi) >> 1];
      let i = lo, j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
      }
      if (k <= j) hi = j; else if (k >= i) lo = i; else break;
    }
    return a[k];
  }
  // The k-th and (k+1)-th smallest values of `values` (copied first).
  function orderPair(values, k) {
    const a = Float64Array.from(values), n = a.length;
    const first = select(a, k, 0, n - 1);
    if (k + 1 >= n) return [first, first];
    let next = Infinity;
    for (let i = k + 1; i < n; i++) if (a[i] < next) next = a[i]; // everything right of k is >= a[k]
    return [first, next];
  }
  function median(values) {
    const n = values.length, m = n >> 1;
    if (n % 2) return orderPair(values, m)[0];
    const pair = orderPair(values, m - 1);
    return (pair[0] + pair[1]) / 2;
  }

  // numpy.percentile (linear) of many percentiles at once.
  function percentiles(values, qs) {
    const n = values.length;
    return qs.map(function (q) {
      const at = (q / 100) * (n - 1);
      const i = Math.floor(at), t = at - i;
      const pair = orderPair(values, Math.min(i, n - 1));
      if (i + 1 >= n) return pair[0];
      const a = pair[0], b = pair[1], d = b - a;
      return t >= 0.5 ? b - d * (1 - t) : a + d * t;
    });
  }

  // scipy.ndimage.map_coordinates(order=1, mode="nearest") on the grid of rows x cols.
  function bilinearGrid(coarse, rows, cols) {
    const out = new Float64Array(rows.length * cols.length);
    const { h, w, data } = coarse;
    for (let i = 0; i < rows.length; i++) {
      const y = Math.min(Math.max(rows[i], 0), h - 1);
      const y0 = Math.floor(y), ty = y - y0, y1 = Math.min(y0 + 1, h - 1);
      for (let j = 0; j < cols.length; j++) {
        const x = Math.min(Math.max(cols[j], 0), w - 1);
        const x0 = Math.floor(x), tx = x - x0, x1 = Math.min(x0 + 1, w - 1);
        out[i * cols.length + j] =
          (1 - ty) * ((1 - tx) * data[y0 * w + x0] + tx * data[y0 * w + x1]) +
          ty * ((1 - tx) * data[y1 * w + x0] + tx * data[y1 * w + x1]);
      }
    }
    return image(rows.length, cols.length, out);
  }

  // scipy.ndimage.binary_dilation with the default cross, `iterations` times, border 0.
  // Masks are Uint8Array of h * w.
  function binaryDilation(mask, h, w, iterations) {
    let cur = mask;
    for (let it = 0; it < iterations; it++) {
      const out = new Uint8Array(h * w);
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) {
          const p = i * w + j;
          out[p] = cur[p] || (i > 0 && cur[p - w]) || (i < h - 1 && cur[p + w]) ||
            (j > 0 && cur[p - 1]) || (j < w - 1 && cur[p + 1]) ? 1 : 0;
        }
      }
      cur = out;
    }
    return cur;
  }

  // scipy.ndimage.label with a 3x3 block (8-connected): labels 1..count in the raster order of
  // each component's first pixel, as scipy numbers them.
  function label8(mask, h, w) {
    const labels = new Int32Array(h * w);
    const parent = [0];
    function find(a) {
      while (parent[a] !== a) { parent[a] = parent[parent[a]]; a = parent[a]; }
      return a;
    }
    function union(a, b) {
      a = find(a); b = find(b);
      if (a < b) parent[b] = a; else if (b < a) parent[a] = b;
      return Math.min(a, b);
    }
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const p = i * w + j;
        if (!mask[p]) continue;
        let l = 0;
        const neighbours = [];
        if (j > 0) neighbours.push(p - 1);
        if (i > 0) {
          if (j > 0) neighbours.push(p - w - 1);
          neighbours.push(p - w);
          if (j < w - 1) neighbours.push(p - w + 1);
        }
        for (const q of neighbours) {
          if (labels[q]) l = l ? union(l, labels[q]) : find(labels[q]);
        }
        if (!l) { l = parent.length; parent.push(l); }
        labels[p] = l;
      }
    }
    const final = new Int32Array(parent.length);
    let count = 0;
    for (let l = 1; l < parent.length; l++) {
      const root = find(l);
      final[l] = root === l ? ++count : final[root];
    }
    for (let p = 0; p < h * w; p++) if (labels[p]) labels[p] = final[labels[p]];
    return { labels: labels, count: count };
  }

  // Exact Euclidean distance to the nearest `zero` pixel (scipy.ndimage.distance_transform_edt of
  // ~zero): Felzenszwalb and Huttenlocher's squared distances, then a square root.
  function distanceTransform(zero, h, w) {
    const INF = 1e20;
    const f = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) f[p] = zero[p] ? 0 : INF;
    const n = Math.max(h, w);
    const v = new Int32Array(n), z = new Float64Array(n + 1), g = new Float64Array(n);
    // One line of squared distances in place: its samples at start, start + stride, ...
    function pass(start, stride, count) {
      for (let q = 0; q < count; q++) g[q] = f[start + q * stride];
      let k = 0;
      v[0] = 0; z[0] = -Infinity; z[1] = Infinity;
      for (let q = 1; q < count; q++) {
        let s = ((g[q] + q * q) - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
        while (s <= z[k]) { // z[0] is -Infinity: stops at k = 0
          k--;
          s = ((g[q] + q * q) - (g[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
        }
        k++; v[k] = q; z[k] = s; z[k + 1] = Infinity;
      }
      k = 0;
      for (let q = 0; q < count; q++) {
        while (z[k + 1] < q) k++;
        f[start + q * stride] = (q - v[k]) * (q - v[k]) + g[v[k]];
      }
    }
    for (let j = 0; j < w; j++) pass(j, w, h);
    for (let i = 0; i < h; i++) pass(i * w, 1, w);
    const out = new Float64Array(h * w);
    for (let p = 0; p < h * w; p++) out[p] = Math.sqrt(f[p]);
    return image(h, w, out);
  }

  // Rows and columns [first, last] where a mask has any pixel set (null when empty).
  function bounds(mask, h, w) {
    let top = -1, bottom = -1, left = w, right = -1;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        if (mask[i * w + j]) {
          if (top < 0) top = i;
          bottom = i;
          if (j < left) left = j;
          if (j > right) right = j;
        }
      }
    }
    return top < 0 ? null : { top: top, bottom: bottom, left: left, right: right };
  }

  function centerOfMass(img) {
    let total = 0, sy = 0, sx = 0;
    for (let i = 0; i < img.h; i++) {
      for (let j = 0; j < img.w; j++) {
        const v = img.data[i * img.w + j];
        total += v; sy += v * i; sx += v * j;
      }
    }
    return [sy / total, sx / total];
  }

  Live.numeric = {
    image, roundHalfEven, gaussianFilter, uniformFilter, greyClosing, padReflectOdd, crop, cells, mean, median,
    percentiles, bilinearGrid, binaryDilation, label8, distanceTransform, bounds, centerOfMass,
  };
})(globalThis.Live = globalThis.Live || {});
