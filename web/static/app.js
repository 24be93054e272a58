// dyad's dashboard: pick a dyad and a period; see its conflict and
// cooperation over time with escalation alerts, the network of who acts on
// whom, and the events with their sentences. State lives in the URL hash,
// so a view can be bookmarked and shared.
"use strict";

(() => {
  const { api, el, svg, label, quads, highlight, eventParts, attribution, goldsteinColour, safeURL, showError } = dyad;
  const $ = (id) => document.getElementById(id);
  const PAGE = 50;

  const state = {
    source: "", target: "", both: false, interval: "day", from: "", to: "",
    modality: "asserted", attribution: "all",
    bucket: null, // {from, to, label, undated}: the chart period whose events are listed
    cursor: "", // next_cursor of the events listed so far
  };
  let stats = null; // the last /api/stats answer

  // ----- state <-> URL hash and controls -----

  function readHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    for (const k of ["source", "target", "interval", "from", "to", "modality", "attribution"]) {
      if (h.has(k)) state[k] = h.get(k);
    }
    state.both = h.get("both") === "1";
  }

  function writeHash() {
    const h = new URLSearchParams();
    for (const k of ["source", "target", "interval", "from", "to", "modality", "attribution"]) {
      if (state[k]) h.set(k, state[k]);
    }
    if (state.both) h.set("both", "1");
    history.replaceState(null, "", "#" + h.toString());
  }

  function syncControls() {
    for (const k of ["source", "target", "interval", "from", "to", "modality", "attribution"]) {
      const c = $(k);
      if (c.tagName === "SELECT" && state[k] && ![...c.options].some((o) => o.value === state[k])) {
        c.append(el("option", { value: state[k] }, label(state[k])));
      }
      c.value = state[k];
    }
    $("both").checked = state.both;
  }

  function readControls() {
    for (const k of ["source", "target", "interval", "from", "to", "modality", "attribution"]) state[k] = $(k).value;
    state.both = $("both").checked;
  }

  function seriesParams() {
    const p = new URLSearchParams({ interval: state.interval, modality: state.modality, attribution: state.attribution });
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    if (state.both) p.set("both", "1");
    return p;
  }

  function seriesPath(extra) {
    const p = seriesParams();
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    const src = encodeURIComponent(state.source || "*"), tgt = encodeURIComponent(state.target || "*");
    return `api/dyads/${src}/${tgt}/series?${p}`;
  }

  // ----- loading -----

  async function loadActors() {
    const { actors } = await api("api/actors?level=country&limit=80");
    for (const id of ["source", "target"]) {
      const sel = $(id);
      sel.replaceChildren(el("option", { value: "" }, "any actor"),
        ...actors.map((a) => el("option", { value: a.code }, `${label(a.code)} (${a.events})`)));
    }
    return actors;
  }

  async function loadStats() {
    try {
      stats = await api("api/stats");
      const s = stats;
      $("stats").replaceChildren(`${s.documents} documents · ${s.events} events · ${s.mentions} mentions`);
      if (s.undated_events > 0) {
        // Undated events are in no chart or date range: say how many,
        // and list them on request, rather than let them vanish.
        $("stats").append(" · ", el("button", {
          type: "button", class: "linklike", id: "undated",
          title: "events whose documents gave no date: they are in no series, alert or date range",
          onclick: () => { state.bucket = { undated: true, label: "undated events" }; loadEvents(generation, true); },
        }, `${s.undated_events} undated events`));
      }
    } catch (e) {
      $("stats").textContent = "";
    }
  }

  let generation = 0; // drops answers of superseded requests

  async function refresh() {
    const gen = ++generation;
    writeHash();
    $("csv").href = seriesPath({ format: "csv" });
    state.bucket = null;
    await Promise.all([loadSeries(gen), loadNetwork(gen), loadAlerts(gen), loadEvents(gen, true)]);
    // Tells tests (and curious users) which view is fully drawn.
    if (gen === generation) document.body.dataset.view = `${state.source || "*"}-${state.target || "*"}`;
  }

  async function loadSeries(gen) {
    const box = $("chart");
    try {
      const ans = await api(seriesPath());
      if (gen !== generation) return;
      drawChart(box, ans);
    } catch (e) {
      showError(box, e);
    }
  }

  async function loadNetwork(gen) {
    const box = $("network");
    try {
      const p = seriesParams();
      p.delete("interval");
      p.delete("both");
      p.set("actors", "14");
      const ans = await api(`api/network?${p}`);
      if (gen !== generation) return;
      drawNetwork(box, ans);
    } catch (e) {
      showError(box, e);
    }
  }

  async function loadAlerts(gen) {
    const list = $("alerts");
    try {
      // The panel asks exactly what the chart asks (both directions
      // included), so that a triangle and its alert are one computation.
      const p = seriesParams();
      p.set("limit", "30");
      const ans = await api(`api/alerts?${p}`);
      if (gen !== generation) return;
      if (ans.alerts.length === 0) {
        list.replaceChildren(el("li", { class: "muted" }, `No alerts among the ${ans.dyads_checked} dyads of the most active actors in this period.`));
        return;
      }
      list.replaceChildren(...ans.alerts.map((a) => el("li", { class: `alert ${a.direction}` },
        el("button", {
          type: "button", class: "linklike",
          title: `z = ${a.z.toFixed(2)} (${a.rule}); Goldstein sum ${a.value} against a baseline of ${a.baseline}`,
          onclick: () => { state.source = a.source; state.target = a.target; syncControls(); refresh(); },
        }, el("span", { class: "when" }, a.start.slice(0, 10)), " ",
        el("strong", {}, `${a.source} ${state.both ? "↔" : "→"} ${a.target}`), " ",
        a.direction === "conflict" ? "turned toward conflict" : "turned toward cooperation",
        el("small", {}, ` · ${a.events} events, ${a.conflict_events} conflictual · ${a.rule} z=${a.z.toFixed(1)}`)))));
    } catch (e) {
      showError(list, e);
    }
  }

  function eventsParams() {
    const p = new URLSearchParams({ limit: String(PAGE) });
    if (state.cursor) p.set("cursor", state.cursor);
    if (state.both && state.source && state.target) {
      p.set("dyad", `${state.source}-${state.target}`);
    } else {
      if (state.source) p.set("source", state.source);
      if (state.target) p.set("target", state.target);
    }
    if (state.bucket && state.bucket.undated) {
      p.set("undated", "1");
    } else {
      const from = state.bucket ? state.bucket.from : state.from;
      const to = state.bucket ? state.bucket.to : state.to;
      if (from) p.set("from", from);
      if (to) p.set("to", to);
    }
    p.set("modality", state.modality === "all" ? "all" : "asserted");
    if (state.attribution === "named") p.set("attribution", "named");
    return p;
  }

  async function loadEvents(gen, reset) {
    const body = $("events").tBodies[0];
    if (reset) state.cursor = "";
    const dyadText = `${state.source || "any"} ${state.both ? "↔" : "→"} ${state.target || "any"}`;
    const period = state.bucket ? state.bucket.label : (state.from || state.to ? `${state.from || "…"} to ${state.to || "…"}` : "all dates");
    $("events-scope").replaceChildren(`${dyadText}, ${period}, ${state.modality === "all" ? "every modality" : "asserted events"}. `,
      state.bucket ? el("button", { type: "button", class: "linklike", onclick: () => { state.bucket = null; loadEvents(generation, true); } }, "Show the whole period") : "");
    try {
      const ans = await api(`api/events?${eventsParams()}`);
      if (gen !== generation) return;
      // The cursor continues where the page ended, however it was cut.
      state.cursor = ans.next_cursor || "";
      const rows = ans.events.map(eventRow);
      if (reset) body.replaceChildren(...rows);
      else body.append(...rows);
      if (reset && rows.length === 0) {
        body.replaceChildren(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No events for this dyad and period.")));
      }
      $("more").hidden = !ans.next_cursor;
    } catch (e) {
      body.replaceChildren(el("tr", {}, el("td", { colspan: 7, class: "error" }, String(e.message))));
    }
  }

  function docLink(id, text) {
    return el("a", { href: `doc.html?id=${encodeURIComponent(id)}` }, text);
  }

  function eventRow(e) {
    const sentence = el("td", { class: "sentence" }, ...highlight(e.sentence, e.sentence_span[0], eventParts(e)));
    if (e.quote) sentence.append(el("small", { class: "muted" }, " (quoted)"));
    const docs = el("td", { class: "docs" }, docLink(e.doc_id, "document"));
    const dups = (e.doc_ids || []).filter((d) => d !== e.doc_id);
    if (dups.length > 0) {
      docs.append(el("br"), el("small", {}, `also in ${dups.length}: `),
        ...dups.flatMap((d, i) => [i ? ", " : "", docLink(d, `#${i + 2}`)]));
    }
    if (safeURL(e.url)) docs.append(el("br"), el("a", { href: safeURL(e.url), rel: "noopener noreferrer", class: "ext" }, "source"));
    sentence.dataset.label = "Sentence";
    docs.dataset.label = "Documents";
    return el("tr", { "data-id": e.id },
      el("td", { class: "date", "data-label": "Date" }, e.date || "undated"),
      sentence,
      el("td", { class: "code", "data-label": "Event" },
        el("span", { class: "actors" }, `${e.source.code} → ${e.target.code}`), el("br"),
        el("span", { title: quads[e.quad] }, `CAMEO ${e.cameo}`), " ",
        el("span", { class: `quad q${e.quad}`, title: quads[e.quad] }, quads[e.quad]), el("br"),
        el("span", { class: "goldstein" }, `Goldstein ${e.goldstein > 0 ? "+" : ""}${e.goldstein}`),
        e.plover && e.plover.type ? el("small", { class: "muted" }, ` · ${e.plover.type}`) : ""),
      el("td", { "data-label": "Modality" }, el("span", { class: `modality ${e.modality}` }, e.modality)),
      el("td", { "data-label": "Attribution" }, attribution(e.attribution)),
      el("td", { class: "rule", "data-label": "Rule" }, e.rule),
      docs);
  }

  // ----- chart -----

  function niceTicks(lo, hi, n) {
    if (hi === lo) hi = lo + 1;
    const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
    // The ticks enclose the data: the first at or below lo, the last at or
    // above hi, so that nothing is drawn outside the axes.
    const ticks = [];
    const last = Math.ceil(hi / step - 1e-9) * step;
    for (let v = Math.floor(lo / step + 1e-9) * step; v <= last + step / 1e6; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
    return ticks;
  }

  const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function fmtBucket(iso, interval) {
    const d = new Date(iso);
    if (interval === "month") return `${monthNames[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    return `${d.getUTCDate()} ${monthNames[d.getUTCMonth()]}`;
  }

  function bucketEnd(iso, interval) {
    const d = new Date(iso);
    if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + (interval === "week" ? 7 : 1));
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }

  function drawLegend() {
    const item = (cls, text) => el("span", { class: "item" }, el("span", { class: `swatch ${cls}` }), text);
    $("legend").replaceChildren(item("coop", "cooperation (quads 1–2)"), item("conf", "conflict (quads 3–4)"),
      item("gold", "Goldstein sum (right axis)"), item("alert-conf", "alert: toward conflict"), item("alert-coop", "alert: toward cooperation"));
  }

  function drawChart(box, ans) {
    const pts = ans.points;
    if (pts.length === 0) {
      box.replaceChildren(el("p", { class: "muted" }, "No events for this dyad and period."));
      return;
    }
    const W = Math.max(box.clientWidth || 800, 260), H = 300;
    const m = { l: 46, r: 54, t: 22, b: 38 };
    const iw = W - m.l - m.r, ih = H - m.t - m.b;
    const coop = pts.map((p) => p.quad[1] + p.quad[2]);
    const conf = pts.map((p) => p.quad[3] + p.quad[4]);
    const gold = pts.map((p) => p.goldstein_sum);
    const yTicks = niceTicks(0, Math.max(1, ...coop, ...conf), 5);
    const yMax = yTicks[yTicks.length - 1];
    const gTicks = niceTicks(Math.min(0, ...gold), Math.max(0, ...gold), 5);
    const gLo = gTicks[0], gHi = gTicks[gTicks.length - 1];
    const n = pts.length;
    // Points sit a little inside the axes so that the first and last
    // periods, and their alert markers, are not cut by the frame.
    const pad = 10;
    const x = (i) => m.l + pad + (n === 1 ? (iw - 2 * pad) / 2 : (i * (iw - 2 * pad)) / (n - 1));
    const y = (v) => m.t + ih - (v / yMax) * ih;
    const gy = (v) => m.t + ih - ((v - gLo) / (gHi - gLo || 1)) * ih;

    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "chart-svg" });
    // Axes and grid.
    const axes = svg("g", { class: "axes" });
    for (const t of yTicks) {
      axes.append(svg("line", { x1: m.l, x2: m.l + iw, y1: y(t), y2: y(t), class: "grid" }),
        svg("text", { x: m.l - 6, y: y(t) + 4, "text-anchor": "end" }, String(t)));
    }
    for (const t of gTicks) {
      axes.append(svg("text", { x: m.l + iw + 6, y: gy(t) + 4, "text-anchor": "start", class: "gold-tick" }, String(t)));
    }
    if (gLo < 0 && gHi > 0) axes.append(svg("line", { x1: m.l, x2: m.l + iw, y1: gy(0), y2: gy(0), class: "zero" }));
    const step = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(iw / 80))));
    for (let i = 0; i < n; i += step) {
      axes.append(svg("line", { x1: x(i), x2: x(i), y1: m.t + ih, y2: m.t + ih + 5, class: "tick" }),
        svg("text", { x: x(i), y: m.t + ih + 18, "text-anchor": "middle" }, fmtBucket(pts[i].start, ans.interval)));
    }
    axes.append(svg("line", { x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih, class: "axis" }),
      svg("line", { x1: m.l, x2: m.l, y1: m.t, y2: m.t + ih, class: "axis" }),
      svg("line", { x1: m.l + iw, x2: m.l + iw, y1: m.t, y2: m.t + ih, class: "axis" }),
      svg("text", { x: 12, y: m.t + ih / 2, transform: `rotate(-90 12 ${m.t + ih / 2})`, "text-anchor": "middle", class: "axis-title" }, `events per ${ans.interval}`),
      svg("text", { x: W - 8, y: m.t + ih / 2, transform: `rotate(90 ${W - 8} ${m.t + ih / 2})`, "text-anchor": "middle", class: "axis-title" }, "Goldstein sum"));
    root.append(axes);

    // Alerts behind the data.
    const alertAt = new Map(ans.alerts.map((a) => [a.start, a]));
    const alerts = svg("g", { class: "alerts" });
    pts.forEach((p, i) => {
      const a = alertAt.get(p.start);
      if (!a) return;
      const cls = a.direction === "conflict" ? "alert-conf" : "alert-coop";
      alerts.append(svg("line", { x1: x(i), x2: x(i), y1: m.t, y2: m.t + ih, class: `alert-line ${cls}` }),
        svg("path", { d: `M${x(i) - 7},${m.t - 12} L${x(i) + 7},${m.t - 12} L${x(i)},${m.t} Z`, class: `alert-mark ${cls}` },
          svg("title", {}, `${p.start.slice(0, 10)}: turned toward ${a.direction} (${a.rule}, z = ${a.z.toFixed(2)})`)));
    });
    root.append(alerts);

    const line = (vals, yf, cls) => svg("path", { class: `line ${cls}`, d: vals.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${yf(v).toFixed(1)}`).join("") });
    root.append(line(gold, gy, "gold"), line(coop, y, "coop"), line(conf, y, "conf"));
    const dots = svg("g", { class: "points" });
    pts.forEach((p, i) => {
      if (coop[i] > 0) dots.append(svg("circle", { cx: x(i), cy: y(coop[i]), r: 3.5, class: "pt coop" }));
      if (conf[i] > 0) dots.append(svg("circle", { cx: x(i), cy: y(conf[i]), r: 3.5, class: "pt conf" }));
    });
    root.append(dots);

    // Hover and click zones, one per period.
    const zones = svg("g", { class: "zones" });
    const half = n === 1 ? iw / 2 : (iw - 2 * pad) / (n - 1) / 2;
    const tip = $("tooltip");
    pts.forEach((p, i) => {
      const idx = ans.index[i] || {};
      const a = alertAt.get(p.start);
      const zone = svg("rect", { x: x(i) - half, y: m.t, width: 2 * half, height: ih, class: "zone", tabindex: 0 });
      const show = (ev) => {
        tip.replaceChildren(
          el("strong", {}, ans.interval === "day" ? p.start.slice(0, 10) : `${ans.interval} of ${p.start.slice(0, 10)}`),
          el("div", {}, el("span", { class: "swatch coop" }), ` cooperation: ${coop[i]}`),
          el("div", {}, el("span", { class: "swatch conf" }), ` conflict: ${conf[i]}`),
          el("div", {}, `Goldstein sum: ${p.goldstein_sum.toFixed(1)} (mean ${p.goldstein_mean.toFixed(2)})`),
          idx.tested ? el("div", {}, `escalation z: ${idx.z.toFixed(2)}`) : el("div", { class: "muted" }, "baseline still forming"),
          a ? el("div", { class: `alert ${a.direction}` }, `⚠ alert: toward ${a.direction} (${a.rule})`) : "",
          p.events ? el("div", { class: "muted" }, "click to list these events") : "");
        tip.hidden = false;
        const r = ev.target.getBoundingClientRect();
        tip.style.left = `${Math.min(window.innerWidth - 240, r.left + window.scrollX + r.width / 2 + 12)}px`;
        tip.style.top = `${r.top + window.scrollY + 20}px`;
      };
      zone.addEventListener("mouseenter", show);
      zone.addEventListener("focus", show);
      zone.addEventListener("mouseleave", () => { tip.hidden = true; });
      zone.addEventListener("blur", () => { tip.hidden = true; });
      zone.addEventListener("click", () => {
        state.bucket = { from: p.start.slice(0, 10), to: bucketEnd(p.start, ans.interval), label: `${ans.interval} of ${p.start.slice(0, 10)}` };
        loadEvents(generation, true);
      });
      zones.append(zone);
    });
    root.append(zones);
    box.replaceChildren(root);
  }

  // ----- network -----

  // The network shows the busiest dyads (MAX_EDGES edges) and the actors
  // they join. Nodes are placed by a force layout (linked actors attract,
  // all repel) that fills the panel; a separation pass keeps every pair of
  // nodes far enough apart for an arrow between them, and an edge that
  // would cross another node bends around it.
  const MAX_EDGES = 24;

  function layoutNetwork(nodes, edges, W, H, margin) {
    const n = nodes.length;
    const idx = new Map(nodes.map((d, i) => [d.code, i]));
    // Start on a circle in the API's order (busiest first): deterministic,
    // so the same data always gives the same picture.
    const pos = nodes.map((d, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return { x: W / 2 + (W / 2 - margin) * 0.8 * Math.cos(a), y: H / 2 + (H / 2 - margin) * 0.8 * Math.sin(a) };
    });
    if (n === 1) return [{ x: W / 2, y: H / 2 }];
    const links = edges.map((e) => [idx.get(e.source), idx.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
    const k = Math.sqrt(((W - 2 * margin) * (H - 2 * margin)) / n) * 0.9;
    let temp = Math.min(W, H) / 8;
    for (let it = 0; it < 300; it++) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
          const d = Math.max(0.01, Math.hypot(dx, dy));
          const f = (k * k) / d;
          dx /= d; dy /= d;
          disp[i].x += dx * f; disp[i].y += dy * f;
          disp[j].x -= dx * f; disp[j].y -= dy * f;
        }
      }
      for (const [a, b] of links) {
        let dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
        const d = Math.max(0.01, Math.hypot(dx, dy));
        const f = (d * d) / k;
        dx /= d; dy /= d;
        disp[a].x -= dx * f; disp[a].y -= dy * f;
        disp[b].x += dx * f; disp[b].y += dy * f;
      }
      for (let i = 0; i < n; i++) {
        const d = Math.max(0.01, Math.hypot(disp[i].x, disp[i].y));
        pos[i].x += (disp[i].x / d) * Math.min(d, temp);
        pos[i].y += (disp[i].y / d) * Math.min(d, temp);
      }
      temp = Math.max(1, temp * 0.985);
    }
    // Fit the layout to the panel: it uses the whole width and height.
    const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    for (const p of pos) {
      p.x = margin + ((p.x - x0) / (x1 - x0 || 1)) * (W - 2 * margin);
      p.y = margin + ((p.y - y0) / (y1 - y0 || 1)) * (H - 2 * margin);
    }
    return pos;
  }

  // separate pushes apart nodes closer than gap (edge to edge), keeping
  // them inside the panel.
  function separate(pos, radii, gap, W, H, margin) {
    for (let it = 0; it < 60; it++) {
      let moved = false;
      for (let i = 0; i < pos.length; i++) {
        for (let j = i + 1; j < pos.length; j++) {
          const dx = pos[j].x - pos[i].x, dy = pos[j].y - pos[i].y;
          const d = Math.max(0.01, Math.hypot(dx, dy)), need = radii[i] + radii[j] + gap;
          if (d < need) {
            const push = (need - d) / 2, ux = dx / d, uy = dy / d;
            pos[i].x -= ux * push; pos[i].y -= uy * push;
            pos[j].x += ux * push; pos[j].y += uy * push;
            moved = true;
          }
        }
      }
      for (const p of pos) {
        p.x = Math.min(W - margin, Math.max(margin, p.x));
        p.y = Math.min(H - margin, Math.max(margin, p.y));
      }
      if (!moved) break;
    }
  }

  // distToSegment is the distance from point p to the segment a–b.
  function distToSegment(p, a, b) {
    const dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy || 1;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
    return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
  }

  function drawNetwork(box, ans) {
    if (ans.nodes.length === 0 || ans.edges.length === 0) {
      box.replaceChildren(el("p", { class: "muted" }, ans.nodes.length === 0 ? "No actors yet." : "No events between these actors in this period."));
      return;
    }
    const edges = ans.edges.slice(0, MAX_EDGES);
    const used = new Set(edges.flatMap((e) => [e.source, e.target]));
    const nodes = ans.nodes.filter((d) => used.has(d.code));
    const W = Math.max(box.clientWidth || 420, 260);
    // Taller than wide on a phone, where the panel is narrow.
    const H = Math.max(320, Math.min(560, Math.round(W * (W < 600 ? 1.1 : 0.8))));
    const margin = 34;
    const maxN = Math.max(...nodes.map((d) => d.events));
    const radii = nodes.map((d) => 7 + 11 * Math.sqrt(d.events / maxN));
    const pos = layoutNetwork(nodes, edges, W, H, margin);
    // Room for an arrow between any two nodes: at least 26 px of line.
    separate(pos, radii, 30, W, H, margin);
    const at = new Map(nodes.map((d, i) => [d.code, { ...pos[i], r: radii[i], n: d }]));
    const pair = new Set(edges.map((e) => `${e.source}>${e.target}`));
    const maxE = Math.max(1, ...edges.map((e) => e.events));
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "network-svg" });
    const defs = svg("defs", {});
    root.append(defs);
    const g = svg("g", { class: "edges" });
    edges.forEach((e, k) => {
      const a = at.get(e.source), b = at.get(e.target);
      const colour = goldsteinColour(e.goldstein_mean);
      const id = `arrow${k}`;
      // Arrowheads in pixels, whatever the line's width, so that a busy
      // edge does not grow a head that hides its target.
      defs.append(svg("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
        svg("path", { d: "M0,0 L10,5 L0,10 Z", fill: colour })));
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1, ux = dx / len, uy = dy / len;
      // Two directions of one pair bend apart; an edge that would pass over
      // another node bends away from it.
      let bend = pair.has(`${e.target}>${e.source}`) ? 14 : 0;
      for (const c of at.values()) {
        if (c === a || c === b) continue;
        const d = distToSegment(c, a, b);
        if (d < c.r + 10) {
          const side = (c.x - a.x) * -uy + (c.y - a.y) * ux; // > 0: the node is on the left
          bend = (side > 0 ? -1 : 1) * Math.max(Math.abs(bend), c.r + 16 - d + 10);
        }
      }
      const sx = a.x + ux * (a.r + 1), sy = a.y + uy * (a.r + 1), ex = b.x - ux * (b.r + 2), ey = b.y - uy * (b.r + 2);
      const mx = (sx + ex) / 2 - uy * bend * 2, my = (sy + ey) / 2 + ux * bend * 2;
      const selected = (e.source === state.source && e.target === state.target) ||
        (state.both && e.source === state.target && e.target === state.source);
      const path = svg("path", {
        d: `M${sx.toFixed(1)},${sy.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`, class: `edge${selected ? " selected" : ""}`,
        stroke: colour, "stroke-width": (1.2 + 5 * Math.sqrt(e.events / maxE)).toFixed(1), "marker-end": `url(#${id})`, tabindex: 0,
        "data-dyad": `${e.source}-${e.target}`,
      }, svg("title", {}, `${e.source} → ${e.target}: ${e.events} events (${e.cooperation} cooperative, ${e.conflict} conflictual), mean Goldstein ${e.goldstein_mean}`));
      path.addEventListener("click", () => { state.source = e.source; state.target = e.target; syncControls(); refresh(); });
      g.append(path);
    });
    root.append(g);
    const gn = svg("g", { class: "nodes" });
    for (const { x, y, r, n } of at.values()) {
      // Labels go on the side away from the panel's centre, off the edges.
      const below = y >= H / 2;
      gn.append(svg("g", { class: `node${n.code === state.source || n.code === state.target ? " selected" : ""}`, "data-code": n.code },
        svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1) }),
        svg("text", { x: x.toFixed(1), y: (below ? y + r + 13 : y - r - 5).toFixed(1), "text-anchor": "middle" }, n.code),
        svg("title", {}, `${label(n.code)}: ${n.events} events (${n.as_source} as source, ${n.as_target} as target)`)));
    }
    root.append(gn);
    box.replaceChildren(root);
    box.dataset.edges = String(edges.length);
  }

  // ----- start -----

  async function start() {
    drawLegend();
    readHash();
    await loadStats();
    try {
      await loadActors();
    } catch (e) {
      showError($("chart"), e);
      return;
    }
    const hash = new URLSearchParams(location.hash.slice(1));
    if (!state.from && !state.to) {
      // Show the whole stored period, so that a quiet dyad is seen against
      // the same dates as a busy one (the API's default range too).
      try {
        const s = stats || await api("api/stats");
        if (s.first) {
          state.from = s.first;
          state.to = s.last;
        }
      } catch (e) { /* the chart will show the error */ }
    }
    if (!hash.has("interval") && state.from && state.to) {
      // A year of days is too many points to read: weeks beyond a year,
      // months beyond five.
      const days = (Date.parse(state.to) - Date.parse(state.from)) / 86400000;
      state.interval = days > 5 * 366 ? "month" : days > 366 ? "week" : "day";
    }
    if (!state.source && !state.target) {
      // Start on the busiest dyad.
      try {
        const net = await api(`api/network?modality=${state.modality}`);
        if (net.edges.length > 0) {
          // The busiest pair, both ways: a crisis is what two actors do
          // to each other.
          state.source = net.edges[0].source;
          state.target = net.edges[0].target;
          if (!hash.has("both")) state.both = true;
        }
      } catch (e) { /* the chart will show the error */ }
    }
    syncControls();
    $("controls").addEventListener("change", () => { readControls(); refresh(); });
    $("controls").addEventListener("submit", (ev) => ev.preventDefault());
    $("swap").addEventListener("click", () => {
      [state.source, state.target] = [state.target, state.source];
      syncControls();
      refresh();
    });
    $("more").addEventListener("click", () => loadEvents(generation, false));
    let resizeTimer;
    window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => refresh(), 250); });
    await refresh();
  }

  start();
})();
