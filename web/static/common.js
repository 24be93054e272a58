// Shared helpers of dyad's dashboard pages: fetching the API, building
// DOM and SVG nodes, and highlighting an event's actors and verb in its
// sentence.
"use strict";

const dyad = (() => {
  const SVG = "http://www.w3.org/2000/svg";

  // Display names of common actor codes; other codes show as they are.
  const names = {
    CHN: "China", PHL: "Philippines", USA: "United States", JPN: "Japan", AUS: "Australia",
    VNM: "Vietnam", MYS: "Malaysia", IDN: "Indonesia", SGP: "Singapore", KOR: "South Korea",
    PRK: "North Korea", TWN: "Taiwan", IND: "India", PAK: "Pakistan", IRN: "Iran", ISR: "Israel",
    PSE: "Palestine", LBN: "Lebanon", SYR: "Syria", IRQ: "Iraq", SAU: "Saudi Arabia", YEM: "Yemen",
    EGY: "Egypt", TUR: "Turkey", RUS: "Russia", UKR: "Ukraine", GBR: "United Kingdom", FRA: "France",
    DEU: "Germany", ETH: "Ethiopia", ERI: "Eritrea", SDN: "Sudan", SOM: "Somalia", KEN: "Kenya",
    NGA: "Nigeria", VEN: "Venezuela", COL: "Colombia", BRA: "Brazil", MEX: "Mexico", CAN: "Canada",
    IGOUNO: "United Nations", IGOASEAN: "ASEAN", IGONAT: "NATO", IGOEU: "European Union",
    IGOAU: "African Union", IGOARL: "Arab League", IGOGCC: "GCC", IGOIMF: "IMF",
  };

  const quads = { 0: "no class", 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

  function label(code) {
    return names[code] ? `${code} — ${names[code]}` : code;
  }

  async function api(path) {
    const resp = await fetch(path, { headers: { Accept: "application/json" } });
    if (!resp.ok) {
      let msg = resp.statusText;
      try { msg = (await resp.json()).error || msg; } catch (e) { /* not JSON */ }
      throw new Error(`${path}: ${resp.status} ${msg}`);
    }
    return resp.json();
  }

  // el builds an HTML element: el("a", {href: "x", class: "y"}, "text", child).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    for (const c of children) {
      if (c !== null && c !== undefined && c !== false) node.append(c);
    }
    return node;
  }

  // svg builds an SVG element the same way.
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    for (const c of children) {
      if (c !== null && c !== undefined && c !== false) node.append(c);
    }
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
  }

  // highlight returns the sentence as a node list with the event's source,
  // target and verb marked. Spans count Unicode code points from the start
  // of the document; offset is where the sentence starts, so subtracting it
  // indexes the sentence. Spans may nest (a verb phrase that contains its
  // target): the text is cut at every span boundary and each piece is
  // marked with the classes of all the spans that cover it.
  function highlight(sentence, offset, parts) {
    const chars = Array.from(sentence);
    const marks = parts
      .filter((p) => p.span && p.span[1] > p.span[0])
      .map((p) => ({ start: Math.max(0, p.span[0] - offset), end: Math.min(chars.length, p.span[1] - offset), cls: p.cls, title: p.title }))
      .filter((m) => m.start < m.end);
    const cuts = [...new Set([0, chars.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [from, to] = [cuts[i], cuts[i + 1]];
      const text = chars.slice(from, to).join("");
      const over = marks.filter((m) => m.start <= from && m.end >= to);
      if (over.length === 0) {
        out.push(text);
        continue;
      }
      const cls = [...new Set(over.map((m) => m.cls))].join(" ");
      out.push(el("mark", { class: cls, title: over.map((m) => m.title).filter(Boolean).join("; ") }, text));
    }
    return out;
  }

  // eventParts are the spans of an event (or mention) to highlight.
  function eventParts(e) {
    return [
      { span: e.source.span, cls: "src", title: `source: ${e.source.code}` },
      { span: e.target.span, cls: "tgt", title: `target: ${e.target.code}` },
      { span: e.verb.span, cls: "verb", title: `verb: ${e.cameo || ""}` },
    ];
  }

  function attribution(a) {
    if (!a) return el("span", { class: "muted" }, "stated directly");
    return el("span", { class: a.named ? "named" : "unnamed", title: a.actor ? `speaker: ${a.actor}` : "" },
      a.text, " ", el("small", {}, a.named ? "(named)" : "(unnamed)"));
  }

  function goldsteinColour(g) {
    // -10 red, 0 grey, +10 green.
    const t = Math.max(-1, Math.min(1, g / 10));
    const grey = [140, 140, 140], red = [200, 40, 40], green = [30, 140, 70];
    const to = t < 0 ? red : green, f = Math.abs(t);
    const c = grey.map((v, i) => Math.round(v + (to[i] - v) * f));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  // safeURL returns an address fit for a link: only http and https, so
  // that a stored document URL such as "javascript:…" is never live.
  function safeURL(u) {
    return typeof u === "string" && /^https?:\/\//i.test(u.trim()) ? u.trim() : null;
  }

  function showError(where, err) {
    where.replaceChildren(el("p", { class: "error" }, String(err.message || err)));
  }

  return { api, el, svg, label, names, quads, highlight, eventParts, attribution, goldsteinColour, safeURL, showError };
})();
