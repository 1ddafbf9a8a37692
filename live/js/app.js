// The page: a digit (drawn, a photo, a test image, noise) through the network, shown as the
// videos show it; the stepper, the neuron inspector, the training replay, themes, full screen.
(function (Live) {
  "use strict";
  const $ = function (id) { return document.getElementById(id); };
  const PAD = 336; // the drawing pad's pixels (shown at its CSS size): 12 for each of the 28 the network sees
  const BRUSH = 20; // pad pixels: a stroke about as thick, relative to a digit, as MNIST's pen

  const state = {
    bundle: null,
    network: null, // the parameters shown: the trained ones, or a training snapshot
    snapshot: null, // index of the snapshot shown, null for the trained network
    image: null, // Uint8Array(784): what the network receives
    source: "",
    forward: null,
    shown: 0, // the stepper: layers up to this one are computed
    selected: null, // [layer, neuron]
    strokes: [], // the pad's strokes in pad pixels, for anyone checking
    pad: { side: PAD, brush: BRUSH },
    timings: { start: null, firstAnswer: null, updates: [] }, // milliseconds, for bench/live_speed.py
  };
  Live.state = state;

  // ---------------------------------------------------------------- start
  function start() {
    const t0 = performance.now();
    const bundle = Live.data.load($("bundle").textContent);
    Live.spec = bundle.raw.spec;
    state.bundle = bundle;
    state.network = bundle.network;
    state.shown = bundle.network.sizes.length - 1;
    state.diagram = Live.diagram.create($("diagram"), bundle.network.sizes, bundle.drawn, bundle.style, inspect);
    Live.diagram.setWeights(state.diagram, state.network);
    buildBars();
    buildDigitChoices();
    setupPad();
    setupPhoto();
    setupTraining();
    setupKeys();
    setTheme(bundle.theme);
    $("theme").addEventListener("change", function () { setTheme($("theme").value); });
    $("fullscreen").addEventListener("click", toggleFullscreen);
    $("facts").textContent = factsText(bundle);
    const first = bundle.digits.find(function (d) { return d.index === bundle.defaultDigit; }) || bundle.digits[0];
    showTestDigit(first);
    state.timings.start = performance.now() - t0; // reading the bundle to the first answer
    state.timings.firstAnswer = performance.now(); // since the page began to load (navigation start)
    document.body.dataset.ready = "true";
  }

  function factsText(bundle) {
    const f = bundle.facts, sizes = bundle.network.sizes.join("-");
    return "The videos' " + sizes + " " + bundle.network.activation + " network" +
      (f.imported ? " (imported: " + f.source + ")" : "") + ", " + (100 * f.test_accuracy).toFixed(2) +
      " % right on MNIST's " + f.test_total.toLocaleString("en") + " test digits.";
  }

  // ---------------------------------------------------------------- one digit through the network
  function show(image, source) {
    const t = performance.now();
    state.image = image;
    state.source = source;
    run();
    drawReceived(image);
    $("source").textContent = source;
    state.timings.updates.push(performance.now() - t);
  }

  function run() {
    if (!state.image) return;
    state.forward = Live.network.forward(state.network, state.image);
    render();
  }

  function render() {
    const fwd = state.forward, last = state.network.sizes.length - 1;
    Live.diagram.setActivations(state.diagram, fwd.activations, state.shown);
    const done = state.shown >= last;
    const out = fwd.output;
    state.bars.forEach(function (bar, d) {
      const v = out[d];
      bar.fill.style.width = done ? (100 * Math.min(Math.max(v, 0), 1)).toFixed(2) + "%" : "0%";
      bar.value.textContent = done ? v.toFixed(3) : "…";
      const isAnswer = done && d === fwd.answer;
      bar.row.classList.toggle("answer", isAnswer);
      bar.mark.textContent = isAnswer ? "◀ answer" : "";
    });
    $("answer").textContent = done ? String(fwd.answer) : "?";
    $("answer-note").textContent = done ? "output " + fwd.answer + " is the largest: " + out[fwd.answer].toFixed(3)
      : "press → to compute the " + Live.diagram.layerName(state.network.sizes, state.shown + 1);
    document.body.dataset.answer = done ? String(fwd.answer) : "";
    $("stage").textContent = stageText();
    if (state.selected) inspect(state.selected[0], state.selected[1]);
  }

  function stageText() {
    const last = state.network.sizes.length - 1;
    if (state.shown === 0) return "Step 0 of " + last + ": the input, " + state.network.sizes[0] + " pixels";
    return "Step " + state.shown + " of " + last + ": the " + Live.diagram.layerName(state.network.sizes, state.shown) + " computed";
  }

  // ---------------------------------------------------------------- the output bars
  function buildBars() {
    const list = $("bars");
    list.innerHTML = "";
    state.bars = [];
    const outputs = state.network.sizes[state.network.sizes.length - 1];
    for (let d = 0; d < outputs; d++) {
      const row = document.createElement("li");
      row.innerHTML = '<span class="digit">' + d + '</span><span class="track"><span class="fill"></span></span>' +
        '<span class="value"></span><span class="mark"></span>';
      list.appendChild(row);
      state.bars.push({ row: row, fill: row.querySelector(".fill"), value: row.querySelector(".value"),
        mark: row.querySelector(".mark") });
    }
  }

  // The 28x28 the network receives, MNIST's light ink on black, one cell per pixel.
  function drawReceived(image) {
    const canvas = $("received"), ctx = canvas.getContext("2d");
    const data = ctx.createImageData(28, 28);
    for (let p = 0; p < 784; p++) {
      data.data[4 * p] = data.data[4 * p + 1] = data.data[4 * p + 2] = image[p];
      data.data[4 * p + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }

  // ---------------------------------------------------------------- test images and noise
  function buildDigitChoices() {
    const select = $("test-digit"), b = state.bundle;
    const role = {};
    ["each_digit", "threes", "mistakes"].forEach(function (r) { (b.roles[r] || []).forEach(function (i) { role[i] = role[i] || r; }); });
    const names = { each_digit: "one of each digit", threes: "threes", mistakes: "a mistake the network makes" };
    b.digits.forEach(function (d, i) {
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = "test image " + d.index + " (a " + d.label + (role[d.index] === "mistakes" ? ", a mistake" : "") + ")";
      select.appendChild(option);
    });
    $("show-test").addEventListener("click", function () { showTestDigit(b.digits[Number(select.value)]); });
    select.addEventListener("change", function () { showTestDigit(b.digits[Number(select.value)]); });
    let noise = 0;
    $("noise").addEventListener("click", function () {
      const image = b.noise[noise % b.noise.length];
      noise++;
      clearPad();
      showPicture(image);
      show(image, "random noise " + noise + " of " + b.noise.length + " (the noise the videos show)");
    });
  }

  function showTestDigit(d) {
    $("test-digit").value = String(state.bundle.digits.indexOf(d));
    clearPad();
    showPicture(d.image);
    show(d.image, "MNIST test image " + d.index + " (a " + d.label + ")");
  }

  // A picture behind the pad (a test image, noise, a photo) until someone draws.
  function showPicture(image28, bitmap) {
    const canvas = $("picture"), ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (bitmap) {
      ctx.fillStyle = "#808080"; // a mid-grey backdrop: strokes on a transparent picture show, dark or light
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      const s = Math.min(canvas.width / bitmap.width, canvas.height / bitmap.height);
      const w = bitmap.width * s, h = bitmap.height * s;
      ctx.drawImage(bitmap, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
    } else if (image28) {
      const small = document.createElement("canvas");
      small.width = small.height = 28;
      const sctx = small.getContext("2d"), data = sctx.createImageData(28, 28);
      for (let p = 0; p < 784; p++) {
        data.data[4 * p] = data.data[4 * p + 1] = data.data[4 * p + 2] = image28[p];
        data.data[4 * p + 3] = 255;
      }
      sctx.putImageData(data, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
    }
    canvas.hidden = false;
  }

  // ---------------------------------------------------------------- drawing
  function setupPad() {
    const pad = $("pad");
    pad.width = pad.height = PAD;
    $("picture").width = $("picture").height = PAD;
    const ctx = pad.getContext("2d", { willReadFrequently: true });
    let drawing = null, pending = false;
    function at(event) {
      const r = pad.getBoundingClientRect();
      return [(event.clientX - r.left) * PAD / r.width, (event.clientY - r.top) * PAD / r.height];
    }
    pad.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      pad.setPointerCapture(event.pointerId);
      if (state.source.indexOf("your drawing") !== 0) clearPad();
      $("picture").hidden = true;
      drawing = [at(event)];
      state.strokes.push(drawing);
      dot(ctx, drawing[0]);
      schedule();
    });
    pad.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      (events.length ? events : [event]).forEach(function (e) {
        const p = at(e), q = drawing[drawing.length - 1];
        segment(ctx, q, p);
        drawing.push(p);
      });
      schedule();
    });
    function end() { drawing = null; schedule(); }
    pad.addEventListener("pointerup", end);
    pad.addEventListener("pointercancel", end);
    function schedule() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; updateFromPad(); });
    }
    $("clear").addEventListener("click", function () { clearPad(); $("source").textContent = "the pad is empty: draw a digit"; });
  }

  function dot(ctx, p) {
    ctx.fillStyle = "#fff";
    ctx.beginPath();
    ctx.arc(p[0], p[1], BRUSH / 2, 0, 2 * Math.PI);
    ctx.fill();
  }
  function segment(ctx, a, b) {
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = BRUSH;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
  }

  function clearPad() {
    const pad = $("pad");
    pad.getContext("2d").clearRect(0, 0, pad.width, pad.height);
    state.strokes = [];
    state.source = "";
  }

  // The pad is strokes on a transparent background: netcore reads such a picture by its alpha.
  function updateFromPad() {
    const pad = $("pad");
    const rgba = pad.getContext("2d", { willReadFrequently: true }).getImageData(0, 0, pad.width, pad.height).data;
    const t = performance.now();
    const image = Live.preprocess.fromRGBA(rgba, pad.width, pad.height);
    if (!image) return;
    show(image, "your drawing (" + state.strokes.length + " stroke" + (state.strokes.length === 1 ? "" : "s") + ")");
    state.timings.updates[state.timings.updates.length - 1] = performance.now() - t;
  }

  // ---------------------------------------------------------------- photos
  function setupPhoto() {
    const input = $("photo");
    input.addEventListener("change", function () { if (input.files[0]) readPhoto(input.files[0]); });
    const target = $("pad-box");
    ["dragenter", "dragover"].forEach(function (type) {
      target.addEventListener(type, function (event) { event.preventDefault(); target.classList.add("dropping"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      target.addEventListener(type, function () { target.classList.remove("dropping"); });
    });
    target.addEventListener("drop", function (event) {
      event.preventDefault();
      const file = event.dataTransfer.files[0];
      if (file) readPhoto(file);
    });
  }

  // Decoded by the browser upright (EXIF orientation) and without colour conversion, as Pillow reads it.
  function readPhoto(file) {
    $("source").textContent = "reading " + file.name + "…";
    createImageBitmap(file, { imageOrientation: "from-image", colorSpaceConversion: "none", premultiplyAlpha: "none" })
      .then(function (bitmap) {
        const canvas = document.createElement("canvas");
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        const ctx = canvas.getContext("2d", { willReadFrequently: true });
        ctx.drawImage(bitmap, 0, 0);
        const rgba = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        const image = Live.preprocess.fromRGBA(rgba, bitmap.width, bitmap.height);
        clearPad();
        showPicture(null, bitmap);
        if (!image) {
          $("source").textContent = file.name + ": no digit found (no ink stands out from the background)";
          document.body.dataset.photo = "empty";
          return;
        }
        show(image, "your photo " + file.name);
        document.body.dataset.photo = "done";
      })
      .catch(function () {
        $("source").textContent = file.name + ": not a picture this browser can read";
        document.body.dataset.photo = "error";
      });
  }

  // ---------------------------------------------------------------- stepper and keys
  function step(by) {
    const last = state.network.sizes.length - 1;
    state.shown = Math.min(Math.max(state.shown + by, 0), last);
    render();
  }

  function setupKeys() {
    $("step-back").addEventListener("click", function () { step(-1); });
    $("step-next").addEventListener("click", function () { step(1); });
    document.addEventListener("keydown", function (event) {
      const tag = event.target.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
      if (event.key === "ArrowRight" || event.key === "PageDown") { event.preventDefault(); step(1); }
      else if (event.key === "ArrowLeft" || event.key === "PageUp") { event.preventDefault(); step(-1); }
      else if (event.key === "Escape" && state.selected) { inspect(null); }
      else if (event.key === "f" && !event.ctrlKey && !event.metaKey && !event.altKey) { toggleFullscreen(); }
    });
  }

  // ---------------------------------------------------------------- the neuron inspector
  function fmt(v) { return (v >= 0 ? "+" : "−") + Math.abs(v).toFixed(3); }

  function inspect(l, neuron) {
    const box = $("inspector");
    if (l === null) {
      state.selected = null;
      Live.diagram.select(state.diagram, null);
      box.innerHTML = '<p class="hint">Click a neuron (or Tab to it and press Enter) to see its weights and its sum.</p>';
      return;
    }
    state.selected = [l, neuron];
    Live.diagram.select(state.diagram, l, neuron);
    const fwd = state.forward, net = state.network, label = Live.diagram.neuronLabel(state.diagram, l, neuron);
    let html = "<h3>" + label + "</h3>";
    if (l > state.shown) {
      box.innerHTML = html + "<p>Not computed yet: press → until the " + Live.diagram.layerName(net.sizes, l) + " is reached.</p>";
      return;
    }
    if (l === 0) {
      html += "<p>This pixel is " + state.image[neuron] + " of 255, so the neuron's activation is " +
        state.image[neuron] + " / 255 = " + fwd.activations[0][neuron].toFixed(3) + ".</p>";
      box.innerHTML = html;
      return;
    }
    const n = net.sizes[l - 1], W = net.W[l - 1], a = fwd.activations[l - 1];
    const weights = W.subarray(neuron * n, (neuron + 1) * n);
    let sum = 0;
    const terms = [];
    for (let i = 0; i < n; i++) { sum += weights[i] * a[i]; terms.push(i); }
    const b = net.b[l - 1][neuron], z = fwd.zs[l - 1][neuron], act = fwd.activations[l][neuron];
    const f = l < net.sizes.length - 1 ? net.activation : "sigmoid";
    const fname = f === "sigmoid" ? "σ" : "ReLU";
    if (l === 1 && n === 784) {
      html += '<div class="weights"><canvas id="weight-image" width="28" height="28" role="img" aria-label="' +
        "the 784 weights into " + label + " as a 28 by 28 picture, one pixel per weight" +
        '"></canvas><p class="legend"><span class="swatch positive"></span> + positive &nbsp; <span class="swatch negative"></span> − negative' +
        "<br>brighter = larger |w|</p></div>";
    }
    // The sum first (always in view), then the terms it adds up.
    html += '<p class="sum">w·a = ' + fmt(sum) + " &nbsp; b = " + fmt(b) + "<br>z = w·a + b = " + fmt(z) + " &nbsp; " + fname +
      "(z) = " + act.toFixed(4) + "</p>";
    terms.sort(function (x, y) { return Math.abs(weights[y] * a[y]) - Math.abs(weights[x] * a[x]); });
    const shownTerms = terms.slice(0, l === 1 ? 6 : 16);
    html += '<table class="terms"><caption>' + (n > shownTerms.length ? "the " + shownTerms.length +
      " largest of its " + n + " terms w × a" : "its " + n + " terms w × a") +
      "</caption><tr><th>from</th><th>w</th><th>a</th><th>w × a</th></tr>";
    shownTerms.forEach(function (i) {
      html += "<tr><td>" + Live.diagram.neuronLabel(state.diagram, l - 1, i) + "</td><td>" + fmt(weights[i]) +
        "</td><td>" + a[i].toFixed(3) + "</td><td>" + fmt(weights[i] * a[i]) + "</td></tr>";
    });
    html += "</table>";
    box.innerHTML = html;
    if (l === 1 && n === 784) drawWeightImage($("weight-image"), weights);
  }

  // The kit's weight image: hue = sign, brightness = |w| over the background (99th percentile full).
  function drawWeightImage(canvas, weights) {
    const theme = state.bundle.themes[state.theme];
    const scale = Live.diagram.edgeScale(weights, state.bundle.style.WEIGHT_IMAGE_PERCENTILE);
    const pos = rgb(theme.positive), neg = rgb(theme.negative), bg = rgb(theme.background);
    const ctx = canvas.getContext("2d"), data = ctx.createImageData(28, 28);
    for (let p = 0; p < 784; p++) {
      const t = Math.min(Math.abs(weights[p]) / scale, 1), c = weights[p] >= 0 ? pos : neg;
      for (let k = 0; k < 3; k++) data.data[4 * p + k] = Math.round(bg[k] + (c[k] - bg[k]) * t);
      data.data[4 * p + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }

  function rgb(hex) {
    return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  }

  // ---------------------------------------------------------------- watching it learn
  function setupTraining() {
    const t = state.bundle.training, slider = $("snapshot");
    slider.max = String(t.steps.length);
    slider.value = String(t.steps.length);
    slider.addEventListener("input", function () { setSnapshot(Number(slider.value)); });
    let timer = null;
    $("play").addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (Number(slider.value) >= t.steps.length) setSnapshot(0);
      $("play").textContent = "❚❚ Pause";
      $("play").setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        const next = Number(slider.value) + 1;
        setSnapshot(next);
        if (next >= t.steps.length) stop();
      }, 450);
    });
    function stop() {
      clearInterval(timer);
      timer = null;
      $("play").textContent = "▶ Replay training";
      $("play").setAttribute("aria-pressed", "false");
    }
    $("training-note").textContent = t.note ? t.note + "." : "";
    drawCurve();
    setSnapshot(t.steps.length);
  }

  // 0..S-1: the run's snapshots; S: the trained network the videos use.
  function setSnapshot(i) {
    const b = state.bundle, t = b.training, count = b.network.sizes.reduce(function (s, n, l, sizes) {
      return l ? s + n * sizes[l - 1] + n : s;
    }, 0);
    $("snapshot").value = String(i);
    if (i >= t.steps.length) {
      state.snapshot = null;
      state.network = b.network;
      $("snapshot-text").textContent = "The trained network (what the videos use): " +
        (100 * b.facts.test_accuracy).toFixed(2) + " % of the test set right, average cost " + b.facts.test_cost.toFixed(4) + ".";
    } else {
      state.snapshot = i;
      state.network = Live.network.fromVector(t.params.subarray(i * count, (i + 1) * count), b.network.sizes,
        b.network.activation);
      const c = nearestCurve(t.steps[i]);
      const measured = t.test ? " On the " + b.facts.test_total.toLocaleString("en") + " test digits: " +
        (100 * t.test[i].accuracy).toFixed(2) + " % right, average cost " + t.test[i].cost.toFixed(4) + "." : "";
      $("snapshot-text").textContent = "Snapshot " + (i + 1) + " of " + t.steps.length + ": after " +
        t.steps[i].toLocaleString("en") + " steps of gradient descent." + measured + " The run's cost curve (" +
        t.probeSize.toLocaleString("en") + " training digits) at step " + t.curveStep[c].toLocaleString("en") +
        ", the nearest it was measured: cost " + t.curveCost[c].toFixed(4) + ", " + (100 * t.curveAccuracy[c]).toFixed(1) +
        " % right.";
    }
    $("snapshot").setAttribute("aria-valuetext", $("snapshot-text").textContent);
    Live.diagram.setWeights(state.diagram, state.network);
    run();
    drawCurve();
  }

  function nearestCurve(stepNumber) {
    const s = state.bundle.training.curveStep;
    let best = 0;
    for (let i = 1; i < s.length; i++) if (Math.abs(s[i] - stepNumber) < Math.abs(s[best] - stepNumber)) best = i;
    return best;
  }

  // The cost curve of the run (log step axis), the snapshot shown marked on it.
  function drawCurve() {
    const canvas = $("curve"), t = state.bundle.training, theme = state.bundle.themes[state.theme || state.bundle.theme];
    const ratio = window.devicePixelRatio || 1, w = canvas.clientWidth, h = canvas.clientHeight;
    if (!w || !h) return;
    canvas.width = w * ratio; canvas.height = h * ratio;
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, w, h);
    const maxStep = Math.max(t.curveStep[t.curveStep.length - 1], t.steps[t.steps.length - 1]);
    const maxCost = Math.max.apply(null, t.curveCost.concat(t.test ? t.test.map(function (e) { return e.cost; }) : []));
    const x = function (s) { return 34 + (w - 44) * Math.log1p(s) / Math.log1p(maxStep); };
    const y = function (c) { return 8 + (h - 26) * (1 - c / maxCost); };
    ctx.strokeStyle = theme.dim_text; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(34, 8); ctx.lineTo(34, h - 18); ctx.lineTo(w - 10, h - 18); ctx.stroke();
    ctx.fillStyle = theme.dim_text; ctx.font = "12px 'DejaVu Sans', sans-serif";
    ctx.fillText("cost", 2, 16);
    ctx.fillText("steps (log scale) →", w - 130, h - 4);
    ctx.strokeStyle = theme.text; ctx.lineWidth = 2;
    ctx.beginPath();
    t.curveStep.forEach(function (s, i) { if (i) ctx.lineTo(x(s), y(t.curveCost[i])); else ctx.moveTo(x(s), y(t.curveCost[i])); });
    ctx.stroke();
    // The snapshots' test costs (when the page carries them) as dots; the one shown, larger.
    if (t.test) {
      ctx.fillStyle = theme.accent;
      t.steps.forEach(function (s, i) {
        ctx.beginPath(); ctx.arc(x(s), y(t.test[i].cost), 2.5, 0, 2 * Math.PI); ctx.fill();
      });
      ctx.fillText("● test set", w - 270, 16);
      ctx.fillStyle = theme.text;
      ctx.fillText("— " + t.probeSize.toLocaleString("en") + " training digits", w - 175, 16);
    }
    if (state.snapshot !== null) {
      const i = state.snapshot, c = nearestCurve(t.steps[i]);
      const at = t.test ? [x(t.steps[i]), y(t.test[i].cost)] : [x(t.curveStep[c]), y(t.curveCost[c])];
      ctx.fillStyle = theme.accent; ctx.strokeStyle = theme.background; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(at[0], at[1], 7, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    }
  }

  // ---------------------------------------------------------------- themes, full screen
  function setTheme(name) {
    const theme = state.bundle.themes[name];
    state.theme = name;
    $("theme").value = name;
    const root = document.documentElement.style;
    ["background", "text", "dim_text", "neuron_stroke", "activation", "positive", "negative", "accent", "correct", "wrong"]
      .forEach(function (key) { root.setProperty("--" + key.replace("_", "-"), theme[key]); });
    document.documentElement.dataset.theme = name;
    drawCurve();
    if (state.selected) inspect(state.selected[0], state.selected[1]);
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () {});
  }

  Live.app = { start, show, showTestDigit, setTheme, setSnapshot, step, inspect, readPhoto, updateFromPad };
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})(globalThis.Live = globalThis.Live || {});
