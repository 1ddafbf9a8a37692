// The network diagram as the videos draw it (scenes/kit/network.py): layers of circles filled by
// their activations, a layer larger than 16 drawn as 8 + ⋮ + 8 of its neurons (the ones the
// trained network listens to most, chosen by the kit's own rule at build time), edges coloured by
// their weight's sign and sized by its magnitude (the kit's five levels of width and opacity), the
// real count beside an elided layer, the digits 0-9 beside the outputs. Drawn in SVG in scene units.
(function (Live) {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const UNIT = 0.01; // manim's stroke widths are hundredths of a scene unit

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  // numpy.percentile (linear) of |values|: the kit's edge_scale.
  function edgeScale(weights, percentile) {
    const s = Float64Array.from(weights, Math.abs).sort();
    const at = (percentile / 100) * (s.length - 1), i = Math.floor(at), t = at - i;
    const v = i + 1 < s.length ? s[i] + (s[i + 1] - s[i]) * t : s[s.length - 1];
    return v || 1.0;
  }

  function create(svg, sizes, drawn, style, onNeuron) {
    const S = style;
    const layers = sizes.length;
    const layerGap = Math.min(S.LAYER_GAP, S.DIAGRAM_WIDTH / (layers - 1));
    const elided = drawn.map(function (d, l) { return d.length < sizes[l]; });
    const positions = drawn.map(function (d, l) {
      const count = d.length, x = (l - (layers - 1) / 2) * layerGap;
      return d.map(function (_, i) {
        const slot = elided[l] && i >= count / 2 ? i + 1 : i;
        const y = elided[l] ? (count / 2 - slot) * S.NEURON_GAP : ((count - 1) / 2 - i) * S.NEURON_GAP;
        return [x, -y]; // SVG's y grows downwards
      });
    });
    let maxY = 0;
    positions.forEach(function (p) { p.forEach(function (q) { maxY = Math.max(maxY, Math.abs(q[1])); }); });
    const half = (layers - 1) / 2 * layerGap;
    const pad = 0.9;
    svg.setAttribute("viewBox", [-half - pad, -maxY - 0.45, 2 * half + 2 * pad, 2 * maxY + 0.9].join(" "));
    svg.innerHTML = "";
    const edgeGroup = el("g", { class: "edges", "aria-hidden": "true" }, svg);
    const gapGroups = [], edges = [];
    for (let gap = 0; gap + 1 < layers; gap++) {
      const g = el("g", { class: "gap", "data-gap": gap }, edgeGroup);
      gapGroups.push(g);
      const list = [];
      drawn[gap + 1].forEach(function (dst, j) {
        drawn[gap].forEach(function (src, i) {
          const a = positions[gap][i], b = positions[gap + 1][j];
          const line = el("line", { x1: a[0] + S.NEURON_RADIUS, y1: a[1], x2: b[0] - S.NEURON_RADIUS, y2: b[1] }, g);
          list.push({ line: line, src: src, dst: dst });
        });
      });
      edges.push(list);
    }
    const neurons = [];
    const neuronGroup = el("g", { class: "neurons" }, svg);
    drawn.forEach(function (d, l) {
      const g = el("g", { class: "layer", "data-layer": l, role: "group",
        "aria-label": layerName(sizes, l) + ", " + sizes[l] + (l === 0 ? " pixels" : " neurons") },
      neuronGroup);
      const row = d.map(function (neuron, i) {
        const p = positions[l][i];
        const c = el("circle", { cx: p[0], cy: p[1], r: S.NEURON_RADIUS, class: "neuron", tabindex: "0", role: "button",
          "stroke-width": S.NEURON_STROKE * UNIT, "data-layer": l, "data-neuron": neuron }, g);
        c.addEventListener("click", function () { onNeuron(l, neuron); });
        c.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); onNeuron(l, neuron); }
        });
        return c;
      });
      neurons.push(row);
      if (elided[l]) {
        const h = d.length / 2, a = positions[l][h - 1], b = positions[l][h];
        el("text", { x: a[0], y: (a[1] + b[1]) / 2, class: "dots", "text-anchor": "middle", "dominant-baseline": "central",
          "aria-hidden": "true" }, neuronGroup).textContent = "⋮";
        const top = positions[l][0][1], bottom = positions[l][d.length - 1][1];
        const side = l === 0 ? -1 : 1, x = a[0] + side * (S.NEURON_RADIUS + 0.12);
        el("path", { class: "brace", d: brace(x, top - S.NEURON_RADIUS, bottom + S.NEURON_RADIUS, side) }, neuronGroup);
        el("text", { x: x + side * 0.16, y: (top + bottom) / 2, class: "count", "text-anchor": side < 0 ? "end" : "start",
          "dominant-baseline": "central" }, neuronGroup).textContent = String(sizes[l]);
      }
    });
    const last = layers - 1;
    drawn[last].forEach(function (neuron, i) {
      const p = positions[last][i];
      el("text", { x: p[0] + S.NEURON_RADIUS + 0.14, y: p[1], class: "digit-label", "dominant-baseline": "central",
        "aria-hidden": "true" }, svg).textContent = String(neuron);
    });
    return { svg: svg, sizes: sizes, drawn: drawn, neurons: neurons, edges: edges, gapGroups: gapGroups, style: S };
  }

  function brace(x, top, bottom, side) {
    const d = 0.08 * side, mid = (top + bottom) / 2;
    return "M " + (x - d) + " " + top + " Q " + x + " " + top + " " + x + " " + (top + 0.1) +
      " L " + x + " " + (mid - 0.1) + " Q " + x + " " + mid + " " + (x + d) + " " + mid +
      " Q " + x + " " + mid + " " + x + " " + (mid + 0.1) + " L " + x + " " + (bottom - 0.1) +
      " Q " + x + " " + bottom + " " + (x - d) + " " + bottom;
  }

  // Edges for a network's weights: sign -> class (its colour comes from the theme's CSS), magnitude
  // -> one of the kit's levels of width and opacity; the scale is each gap's own 95th percentile.
  function setWeights(diagram, network) {
    const S = diagram.style;
    diagram.edges.forEach(function (list, gap) {
      const n = network.sizes[gap];
      const weights = list.map(function (e) { return network.W[gap][e.dst * n + e.src]; });
      const scale = edgeScale(weights, S.EDGE_SCALE_PERCENTILE);
      list.forEach(function (e, i) {
        const w = weights[i];
        const ratio = Math.min(Math.max(Math.abs(w) / scale, 0), 1);
        const level = Math.min(Math.floor(ratio * S.EDGE_LEVELS), S.EDGE_LEVELS - 1);
        const width = S.EDGE_MIN_WIDTH + (S.EDGE_MAX_WIDTH - S.EDGE_MIN_WIDTH) * level / (S.EDGE_LEVELS - 1);
        const opacity = S.EDGE_MIN_OPACITY + (S.EDGE_MAX_OPACITY - S.EDGE_MIN_OPACITY) * level / (S.EDGE_LEVELS - 1);
        e.line.setAttribute("class", w >= 0 ? "positive" : "negative");
        e.line.setAttribute("stroke-width", width * UNIT);
        e.line.setAttribute("stroke-opacity", opacity);
      });
    });
  }

  // Fills by activation (opacity of the theme's activation colour), for the layers up to `shown`;
  // the later ones are left empty and their edges faded (the stepper).
  function setActivations(diagram, activations, shown) {
    diagram.neurons.forEach(function (row, l) {
      row.forEach(function (circle) {
        const neuron = Number(circle.dataset.neuron);
        const a = activations[l][neuron];
        const visible = l <= shown;
        circle.setAttribute("fill-opacity", visible ? Math.min(Math.max(a, 0), 1) : 0);
        circle.classList.toggle("pending", !visible);
        circle.setAttribute("aria-label", neuronLabel(diagram, l, neuron) +
          (visible ? ", activation " + a.toFixed(3) : ", not computed yet"));
      });
    });
    diagram.gapGroups.forEach(function (g, gap) { g.classList.toggle("pending", gap + 1 > shown); });
  }

  // One name per layer, as the videos say it: input layer, hidden layer 1, 2, ..., output layer.
  function layerName(sizes, l) {
    return l === 0 ? "input layer" : l === sizes.length - 1 ? "output layer" : "hidden layer " + l;
  }

  function neuronLabel(diagram, l, neuron) {
    const last = diagram.sizes.length - 1;
    if (l === 0) return "pixel row " + Math.floor(neuron / 28) + " column " + (neuron % 28);
    if (l === last) return "output " + neuron;
    return layerName(diagram.sizes, l) + ", neuron " + neuron;
  }

  function select(diagram, l, neuron) {
    diagram.svg.querySelectorAll(".selected").forEach(function (n) { n.classList.remove("selected"); });
    diagram.svg.querySelectorAll(".incoming").forEach(function (n) { n.classList.remove("incoming"); });
    if (l === null) return;
    diagram.neurons[l].forEach(function (c) { if (Number(c.dataset.neuron) === neuron) c.classList.add("selected"); });
    if (l > 0) diagram.edges[l - 1].forEach(function (e) { if (e.dst === neuron) e.line.classList.add("incoming"); });
  }

  Live.diagram = { create, setWeights, setActivations, select, neuronLabel, layerName, edgeScale };
})(globalThis.Live = globalThis.Live || {});
