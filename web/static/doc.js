// The document view: a stored document's text with the sentences that
// report events highlighted, its near-duplicates, and its events.
"use strict";

(async () => {
  const { api, el, highlight, attribution, quads, safeURL, showError } = dyad;
  const id = new URLSearchParams(location.search).get("id") || "";
  const box = document.getElementById("document");
  let doc, events;
  try {
    [doc, { events }] = await Promise.all([
      api(`api/documents/${encodeURIComponent(id)}`),
      api(`api/events?doc=${encodeURIComponent(id)}&modality=all&limit=1000`),
    ]);
  } catch (e) {
    showError(box, e);
    return;
  }
  document.title = `dyad — ${doc.title || doc.name}`;

  // The mentions of each event in this document, by sentence.
  const bySentence = new Map();
  for (const e of events) {
    for (const m of e.mentions.filter((m) => m.doc_id === doc.key)) {
      const list = bySentence.get(m.sentence_index) || [];
      list.push({ e, m });
      bySentence.set(m.sentence_index, list);
    }
  }
  const parts = (m, e) => [
    { span: m.source.span, cls: "src", title: `source: ${m.source.code}` },
    { span: m.target.span, cls: "tgt", title: `target: ${m.target.code}` },
    { span: m.verb.span, cls: "verb", title: `CAMEO ${e.cameo}` },
  ];

  const text = el("div", { class: "text" });
  for (const s of doc.sentences) {
    const found = bySentence.get(s.index) || [];
    const marks = found.flatMap(({ e, m }) => parts(m, e));
    text.append(el("p", { class: `s${found.length ? " has-event" : ""}${s.skip ? " skip" : ""}`, id: `s${s.index}` },
      ...highlight(s.text, s.span[0], marks)));
  }
  box.replaceChildren(
    el("h2", {}, doc.title || doc.name),
    el("p", { class: "meta" }, [doc.date, doc.source, `${doc.events} events`, `id ${doc.name}`].filter(Boolean).join(" · "), " ",
      safeURL(doc.url) ? el("a", { href: safeURL(doc.url), rel: "noopener noreferrer" }, "original") : ""),
    text);

  const dups = document.getElementById("duplicates");
  if (doc.duplicates.length === 0) {
    dups.replaceChildren(el("p", { class: "muted" }, "No near-duplicate of this document is stored."));
  } else {
    dups.replaceChildren(
      el("p", { class: "muted" }, doc.group === doc.key ? "This is the first document of its group." : "", " ",
        doc.group !== doc.key ? el("a", { href: `doc.html?id=${encodeURIComponent(doc.group)}` }, "First document of the group") : ""),
      el("ul", {}, ...doc.duplicates.map((d) => el("li", {},
        el("a", { href: `doc.html?id=${encodeURIComponent(d.key)}` }, d.title || d.name),
        ` · ${d.date ? d.date.slice(0, 10) : "undated"} · similarity ${(d.similarity * 100).toFixed(0)}%`))));
  }

  const body = document.querySelector("#events tbody");
  const rows = [];
  for (const e of events) {
    for (const m of e.mentions.filter((m) => m.doc_id === doc.key)) {
      rows.push(el("tr", {},
        el("td", { class: "sentence" }, ...highlight(m.sentence, m.sentence_span[0], parts(m, e))),
        el("td", { class: "code" }, `${m.source.code} → ${m.target.code}`, el("br"), `CAMEO ${e.cameo} `,
          el("span", { class: `quad q${e.quad}` }, quads[e.quad]), el("br"), `Goldstein ${e.goldstein}`),
        el("td", {}, el("span", { class: `modality ${e.modality}` }, e.modality)),
        el("td", {}, attribution(m.attribution)),
        el("td", { class: "rule" }, m.rule)));
    }
  }
  body.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No events."))]));
})();
