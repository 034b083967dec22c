// The map of the Carte page, drawn by plotly.js's geo-only bundle (1.4 MB) rather than the
// full bundle Streamlit ships for st.plotly_chart (4.7 MB): evaluating the full one takes
// about 1.5 s in a laptop's browser, a third of the wait for a map. The bundle is served
// by the app itself (static/plotly/), fetched once and kept by the browser: nothing comes
// from the internet. The outlines (GeoJSON URLs in the figure, plotly's world outline) are
// fetched while the bundle loads, rather than after it, and parsed once per page for every
// later redraw. A click on an area sends its code back to Python ("clicked").
// `data`: figure (plotly JSON text), config, height, script (bundle URL), failure (French);
// or, for the instance mounted early in the sidebar, preload with the URLs to fetch ahead.

const FRENCH = {
  moduleType: "locale",
  name: "fr-accueil",
  dictionary: {
    "Download plot as a png": "Enregistrer la carte en image (PNG)",
    "Download plot": "Enregistrer la carte en image",
    "Reset view": "Revenir à la vue d'ensemble",
    "Zoom in": "Zoomer",
    "Zoom out": "Dézoomer",
    "Pan": "Déplacer",
    "Box Select": "Sélection rectangulaire",
    "Lasso Select": "Sélection au lasso",
    "Double-click to zoom back out": "Double-cliquez pour revenir à la vue d'ensemble",
  },
  format: { decimal: ",", thousands: "\u00a0" },
};

function loadPlotly(url) {
  if (!window.__accueilPlotly) {
    window.__accueilPlotly = new Promise((resolve, reject) => {
      if (window.Plotly) {
        resolve(window.Plotly);
        return;
      }
      const tag = document.createElement("script");
      tag.src = url;
      tag.async = true;
      tag.onload = () => {
        window.Plotly.register(FRENCH);
        resolve(window.Plotly);
      };
      tag.onerror = () => {
        window.__accueilPlotly = undefined;  // let a later run try again
        reject(new Error(`cannot load ${url}`));
      };
      document.head.appendChild(tag);
    });
  }
  return window.__accueilPlotly;
}

// plotly.js looks up GeoJSON URLs and world outlines in window.PlotlyGeoAssets before
// fetching them (the mechanism of its offline topojson bundles): filling it here lets the
// files download and parse while the bundle loads, once per page.
function geoAssets() {
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
  return window.PlotlyGeoAssets;
}

const pending = {};

function fetchJson(url) {
  if (!pending[url]) {
    pending[url] = fetch(url).then((response) => {
      if (!response.ok) {
        throw new Error(`${url}: ${response.status}`);
      }
      return response.json();
    });
    pending[url].catch(() => delete pending[url]);
  }
  return pending[url];
}

function prefetch(urls, topojsonURL) {
  const assets = geoAssets();
  const files = [...new Set(urls)].filter((url) => !assets[url])
    .map((url) => fetchJson(url).then((parsed) => { assets[url] = parsed; }));
  if (topojsonURL && !assets.topojson.world_110m) {
    files.push(fetchJson(`${topojsonURL}world_110m.json`)
      .then((parsed) => { assets.topojson.world_110m = parsed; }));
  }
  return Promise.all(files);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (data.preload) {  // mounted early in the sidebar: fetch, draw nothing
    loadPlotly(data.script).catch(() => {});
    prefetch(data.urls, data.topojsonURL).catch(() => {});
    return;
  }
  let node = parentElement.querySelector("div.accueil-carte");
  if (!node) {
    node = document.createElement("div");
    node.className = "accueil-carte";
    node.style.width = "100%";
    parentElement.appendChild(node);
  }
  node.style.height = `${data.height}px`;
  const figure = JSON.parse(data.figure);
  const urls = figure.data.map((t) => t.geojson).filter((g) => typeof g === "string");
  Promise.all([loadPlotly(data.script), prefetch(urls, data.config.topojsonURL)])
    .then(([Plotly]) =>
      Plotly.react(node, figure.data, figure.layout,
                   { ...data.config, locale: "fr-accueil", responsive: true }))
    .then(() => {
      if (!node.__accueilClick) {
        node.__accueilClick = true;
        node.on("plotly_click", (event) => {
          const point = event && event.points && event.points[0];
          if (point && point.location) {
            setTriggerValue("clicked", String(point.location));
          }
        });
      }
    })
    .catch(() => {
      node.textContent = data.failure;
    });
}
