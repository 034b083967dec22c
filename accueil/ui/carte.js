// The map of the Carte page: ready-made SVG paths, coloured by class, with a legend, a hover
// text and a click that picks an area. The paths were projected once, in Python
// (accueil/geo/paths.py), and are fetched from the app's own static folder, once per page
// and then from the browser's cache: nothing comes from the internet, and the browser only
// places shapes (one innerHTML for the 7,310 communes of the massif). Every text is set with
// textContent, never parsed as HTML. A click on an area sends its code back to Python
// ("clicked").
// `data` (accueil.geo.maps.map_drawing): layers (URLs or path documents), codes, classOf,
// classes ([label, colour]), texts, outline, selected, legendTitle, legendSubtitle, border,
// colours, height; from accueil/ui/maps.py: title (for screen readers), failure and empty
// (French sentences shown instead of a map); or, for the instance mounted early in the
// sidebar, preload with the URLs to fetch ahead. The handlers answer for the map on screen
// (root.__drawn), never for one still loading (root.__data).

const SVG_NS = "http://www.w3.org/2000/svg";
const STYLE = `
.accueil-carte { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start;
  font-family: "Source Sans", "Source Sans Pro", Arial, sans-serif; color: #31333f; }
.accueil-carte .dessin { position: relative; flex: 1 1 480px; min-width: 280px; }
.accueil-carte svg { display: block; width: 100%; }
.accueil-carte path { vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.accueil-carte path.zone { cursor: pointer; }
.accueil-carte .legende { flex: 0 0 230px; font-size: 14px; line-height: 1.3; }
.accueil-carte .legende p { margin: 0 0 8px 0; }
.accueil-carte .legende ul { list-style: none; margin: 0; padding: 0; }
.accueil-carte .legende li { display: flex; align-items: center; gap: 8px; margin: 0 0 6px 0; }
.accueil-carte .legende span.case { flex: 0 0 22px; height: 16px; border: 1px solid #8a8a8a; }
.accueil-carte .bulle { position: fixed; display: none; pointer-events: none; z-index: 5;
  background: #fff; border: 1px solid #4d4d4d; border-radius: 4px; padding: 6px 9px;
  font-size: 14px; line-height: 1.35; color: #1a1a1a; max-width: 340px;
  box-shadow: 0 2px 6px rgba(0,0,0,.18); }
.accueil-carte .bulle div:first-child { font-weight: 600; }
.accueil-carte .zoom { position: absolute; top: 4px; left: 4px; display: flex;
  flex-direction: column; align-items: flex-start; gap: 4px; z-index: 4; }
.accueil-carte .zoom button { min-width: 34px; height: 34px; padding: 0 8px; font-size: 18px;
  line-height: 1; background: #fff; color: #31333f; border: 1px solid #b0b0b0;
  border-radius: 6px; cursor: pointer; }
.accueil-carte .zoom button:hover { border-color: #0072B2; color: #0072B2; }
.accueil-carte .zoom button.ensemble { font-size: 13px; }
.accueil-carte .zoom button[hidden], .accueil-carte .zoom[hidden] { display: none; }
.accueil-carte svg.deplacable { cursor: grab; }
.accueil-carte svg.deplacable path.zone { cursor: grab; }
`;

const layers = {};

// A path document (fetched once per URL, or given inline) with an index of its codes.
function layer(source) {
  if (typeof source !== "string") {
    return Promise.resolve(indexed(source));
  }
  if (!layers[source]) {
    layers[source] = fetch(source).then((response) => {
      if (!response.ok) {
        throw new Error(`${source}: ${response.status}`);
      }
      return response.json();
    }).then(indexed);
    layers[source].catch(() => delete layers[source]);  // let a later run try again
  }
  return layers[source];
}

function indexed(doc) {
  const at = new Map();
  doc.codes.forEach((code, i) => at.set(code, i));
  return { doc, at };
}

function escaped(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;",
                                                   '"': "&quot;" })[c]);
}

// The page's elements, made at the first run and kept: the drawing, its hover text, the legend.
function frame(parentElement) {
  let root = parentElement.querySelector("div.accueil-carte");
  if (root) {
    return root;
  }
  root = document.createElement("div");
  root.className = "accueil-carte";
  const style = document.createElement("style");
  style.textContent = STYLE;
  const drawing = document.createElement("div");
  drawing.className = "dessin";
  const canvas = document.createElement("div");
  canvas.className = "fond";
  const bubble = document.createElement("div");
  bubble.className = "bulle";
  drawing.append(canvas, bubble);
  const legend = document.createElement("div");
  legend.className = "legende";
  const zoom = document.createElement("div");
  zoom.className = "zoom";
  for (const [label, title, factor] of [["+", "Zoomer", 1 / 1.6], ["−", "Dézoomer", 1.6],
                                        ["Vue d'ensemble", "Revenir à la vue d'ensemble", 0]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.title = title;
    button.setAttribute("aria-label", title);
    if (!factor) button.className = "ensemble";
    button.addEventListener("click", () => zoomBy(root, factor));
    zoom.appendChild(button);
  }
  zoom.hidden = true;  // until a map is drawn
  drawing.append(zoom);
  root.append(style, drawing, legend);
  parentElement.appendChild(root);

  // Dragging the map moves it once zoomed in; a drag is not a click.
  let drag = null;
  drawing.addEventListener("pointerdown", (event) => {
    const svg = canvas.querySelector("svg");
    if (!svg || !root.__view || !zoomedIn(root) || event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, view: [...root.__view], moved: false };
  });
  drawing.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    const svg = canvas.querySelector("svg");
    const scale = Math.max(drag.view[2] / svg.clientWidth, drag.view[3] / svg.clientHeight);
    setView(root, [drag.view[0] - dx * scale, drag.view[1] - dy * scale,
                   drag.view[2], drag.view[3]]);
  });
  const stop = () => {
    if (drag && drag.moved) root.__dragged = true;  // swallow the click that follows
    drag = null;
  };
  drawing.addEventListener("pointerup", stop);
  drawing.addEventListener("pointerleave", stop);

  const zone = (event) => event.target.closest && event.target.closest("path.zone");
  drawing.addEventListener("pointermove", (event) => {
    const path = zone(event);
    const i = path ? Number(path.dataset.i) : null;
    const hover = canvas.querySelector("path.survol");
    if (i === null || !root.__drawn) {
      bubble.style.display = "none";
      if (hover) hover.setAttribute("d", "");
      return;
    }
    if (bubble.__area !== i) {
      bubble.__area = i;
      bubble.replaceChildren(...root.__drawn.texts[i].split("\n").map((line) => {
        const div = document.createElement("div");
        div.textContent = line;
        return div;
      }));
      if (hover) hover.setAttribute("d", path.getAttribute("d"));
    }
    // Beside the pointer, on its right unless the window ends there: over the legend if need
    // be, never over the area it describes.
    bubble.style.display = "block";
    const width = bubble.offsetWidth;
    const height = bubble.offsetHeight;
    const right = event.clientX + 18;
    bubble.style.left = `${right + width < window.innerWidth - 8 ? right
                          : Math.max(4, event.clientX - 18 - width)}px`;
    bubble.style.top = `${Math.min(Math.max(4, event.clientY - height / 2),
                                   Math.max(4, window.innerHeight - height - 4))}px`;
  });
  drawing.addEventListener("pointerleave", () => {
    bubble.style.display = "none";
    bubble.__area = undefined;
    const hover = canvas.querySelector("path.survol");
    if (hover) hover.setAttribute("d", "");
  });
  drawing.addEventListener("click", (event) => {
    if (root.__dragged) {
      root.__dragged = false;
      return;
    }
    const path = zone(event);
    if (path && root.__drawn && root.__setTrigger) {
      root.__setTrigger("clicked", root.__drawn.codes[Number(path.dataset.i)]);
    }
  });
  return root;
}

function draw(root, data, found, outline) {
  const colours = data.classes.map((c) => c[1]);
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const zones = [];
  let selected = "";
  data.codes.forEach((code, i) => {
    for (const { doc, at } of found) {
      const j = at.get(code);
      if (j === undefined) continue;
      const [x0, y0, x1, y1] = doc.boxes[j];
      box[0] = Math.min(box[0], x0); box[1] = Math.min(box[1], y0);
      box[2] = Math.max(box[2], x1); box[3] = Math.max(box[3], y1);
      zones.push(`<path class="zone" data-i="${i}" fill="${escaped(colours[data.classOf[i]])}" `
                 + `d="${doc.paths[j]}"/>`);
      if (code === data.selected) {
        selected = `<path class="choisie" fill="none" stroke="${escaped(data.colours.selected)}" `
                   + `stroke-width="3" pointer-events="none" d="${doc.paths[j]}"/>`;
      }
      break;
    }
  });
  const lines = [];
  if (outline) {
    for (const code of data.outline.codes) {
      const j = outline.at.get(code);
      if (j !== undefined) lines.push(`<path d="${outline.doc.paths[j]}"/>`);
    }
  }
  if (!zones.length) {
    blank(root, data.empty);
    return;
  }
  const canvas = root.querySelector(".fond");
  const pad = Math.max(box[2] - box[0], box[3] - box[1]) * 0.02;
  const whole = [box[0] - pad, box[1] - pad, box[2] - box[0] + 2 * pad, box[3] - box[1] + 2 * pad];
  // The same map drawn again (an area chosen, a metric changed) keeps the user's zoom.
  const same = root.__whole && root.__whole.join() === whole.join();
  const view = same && root.__view ? root.__view : whole;
  root.__whole = whole;
  canvas.innerHTML =
    `<svg xmlns="${SVG_NS}" viewBox="${view.join(" ")}" height="${Number(data.height)}" `
    + `preserveAspectRatio="xMidYMid meet" role="img" aria-label="${escaped(data.title)}">`
    + `<g stroke="${escaped(data.colours.border)}" stroke-width="${Number(data.border)}">`
    + `${zones.join("")}</g>`
    + `<g fill="none" stroke="${escaped(data.colours.outline)}" stroke-width="1.2" `
    + `pointer-events="none">${lines.join("")}</g>${selected}`
    + `<path class="survol" fill="none" stroke="#1a1a1a" stroke-width="2.5" `
    + `pointer-events="none" d=""/></svg>`;

  const legend = root.querySelector(".legende");
  const title = document.createElement("p");
  const strong = document.createElement("strong");
  strong.textContent = data.legendTitle;
  title.append(strong, document.createElement("br"), data.legendSubtitle);
  const list = document.createElement("ul");
  for (const [label, colour] of data.classes) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "case";
    swatch.style.background = colour;
    const text = document.createElement("span");
    text.textContent = label;
    item.append(swatch, text);
    list.appendChild(item);
  }
  legend.replaceChildren(title, list);
  root.__drawn = data;  // what the pointer now points at
  root.querySelector(".zoom").hidden = false;
  setView(root, view);
}

function zoomedIn(root) {
  return root.__view && root.__whole && root.__view[2] < root.__whole[2] * 0.999;
}

// Show `view` ([x, y, width, height] in path units), kept within the whole map.
function setView(root, view) {
  const whole = root.__whole;
  if (!whole) return;
  const [w, h] = [Math.min(view[2], whole[2]), Math.min(view[3], whole[3])];
  const x = Math.min(Math.max(view[0], whole[0]), whole[0] + whole[2] - w);
  const y = Math.min(Math.max(view[1], whole[1]), whole[1] + whole[3] - h);
  root.__view = [x, y, w, h];
  const svg = root.querySelector(".fond svg");
  if (svg) {
    svg.setAttribute("viewBox", root.__view.join(" "));
    svg.classList.toggle("deplacable", Boolean(zoomedIn(root)));
  }
  for (const button of root.querySelectorAll(".zoom button")) {
    if (button.className === "ensemble" || button.textContent === "−") {
      button.hidden = !zoomedIn(root);
    }
  }
}

// Zoom in or out around the centre of the view; 0 goes back to the whole map.
function zoomBy(root, factor) {
  if (!root.__whole || !root.__view) return;
  if (!factor) {
    setView(root, root.__whole);
    return;
  }
  const [x, y, w, h] = root.__view;
  const [nw, nh] = [Math.max(w * factor, root.__whole[2] / 40), Math.max(h * factor, root.__whole[3] / 40)];
  setView(root, [x + (w - nw) / 2, y + (h - nh) / 2, nw, nh]);
}

// No map: a sentence instead, no legend, no hover text of a former map.
function blank(root, sentence) {
  root.__drawn = null;
  root.__whole = null;
  root.__view = null;
  root.querySelector(".zoom").hidden = true;
  const bubble = root.querySelector(".bulle");
  bubble.style.display = "none";
  bubble.__area = undefined;
  root.querySelector(".fond").textContent = sentence;
  root.querySelector(".legende").replaceChildren();
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (data.preload) {  // mounted early in the sidebar: fetch, draw nothing
    data.urls.forEach((url) => layer(url).catch(() => {}));
    return;
  }
  const root = frame(parentElement);
  root.__data = data;  // the newest map asked for; the handlers use root.__drawn
  root.__setTrigger = setTriggerValue;
  root.querySelector(".dessin").style.minHeight = `${Number(data.height)}px`;
  if (!data.codes.length) {
    blank(root, data.empty);
    return;
  }
  Promise.all([Promise.all(data.layers.map(layer)),
               data.outline ? layer(data.outline.source) : Promise.resolve(null)])
    .then(([found, outline]) => {
      if (root.__data === data) {
        const bubble = root.querySelector(".bulle");
        bubble.style.display = "none";
        bubble.__area = undefined;
        draw(root, data, found, outline);
      }
    })
    .catch(() => {
      if (root.__data === data) blank(root, data.failure);
    });
}
