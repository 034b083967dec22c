// Streamlit's own English words, in French: the file uploader's « Drag and drop file here »
// and size line, « Press Enter to apply », « No results », « Choose options », the tables'
// toolbar tooltips… Streamlit 1.67 has no setting for its interface language, so the page's
// text nodes and a few attributes (title, aria-label, placeholder) are rewritten as they
// appear, by one MutationObserver bound once per page. Exact phrases only: a user's text that
// happens to read « Search » stays as typed, since only Streamlit's own elements are looked at
// (see OWN below). Numbers in sizes are printed the French way (« 20 Mo »).

const EXACT = {
  "Drag and drop file here": "Glissez-déposez le fichier ici",
  "Drag and drop files here": "Glissez-déposez les fichiers ici",
  "Drag and drop a file here": "Glissez-déposez un fichier ici",
  "Browse files": "Parcourir",
  "Upload": "Parcourir",
  "Press Enter to apply": "Entrée pour valider",
  "Press Enter to submit form": "Entrée pour envoyer",
  "No results": "Aucun résultat",
  "Choose options": "Choisissez",
  "Choose an option": "Choisissez",
  "Choose or add an option": "Choisissez ou ajoutez",
  "Choose or add options": "Choisissez ou ajoutez",
  "Choose date": "Choisissez une date",
  "Download as CSV": "Télécharger en CSV",
  "Search": "Rechercher",
  "Show/hide columns": "Afficher ou masquer des colonnes",
  "Fullscreen": "Plein écran",
  "Exit fullscreen": "Quitter le plein écran",
  "Clear selection": "Effacer la sélection",
  "Clear all": "Tout effacer",
  "Clear value": "Effacer",
  "Add row": "Ajouter une ligne",
  "Delete row(s)": "Supprimer la ou les lignes",
  "Close": "Fermer",
  "Copy to clipboard": "Copier",
  "Running...": "Calcul en cours…",
  "Stop": "Arrêter",
  "Show password": "Afficher le mot de passe",
  "Hide password": "Masquer le mot de passe",
};

function megabytes(text) {
  return text.replace(".", ",").replace(/,0$/, "");
}

const PATTERNS = [
  // "Limit 200MB per file • CSV, XLSX" (older) or "200MB per file • CSV" (1.67)
  [/^(?:Limit )?(\d+(?:\.\d+)?)\s?MB per file(.*)$/,
   (_, size, rest) => `${megabytes(size)} Mo au plus par fichier${rest}`],
  [/^File must be (\d+(?:\.\d+)?)\s?MB or smaller\.?$/,
   (_, size) => `Le fichier doit peser ${megabytes(size)} Mo au plus.`],
  // the sidebar's page list, should it ever be folded
  [/^View (\d+) more$/, (_, count) => `Voir ${count} de plus`],
  [/^View less$/, () => "Voir moins"],
  [/^(\d+(?:\.\d+)?)\s?(KB|MB|GB|B)$/,
   (_, size, unit) => `${megabytes(size)} ${{ B: "o", KB: "ko", MB: "Mo", GB: "Go" }[unit]}`],
];

// Streamlit's own widgets and overlays: where its English lives, never a user's Markdown.
const OWN = [
  "[data-testid='stFileUploader']", "[data-testid='stFileUploaderDropzone']",
  "[data-testid='InputInstructions']", "[data-testid='stElementToolbar']",
  "[data-testid='stTooltipContent']", "[data-baseweb='popover']", "[data-baseweb='select']",
  "[data-testid='stMultiSelect']", "[data-testid='stSelectbox']", "[data-testid='stDateInput']",
  "[data-testid='stDataFrame']", "[data-testid='stStatusWidget']", "[role='tooltip']",
  "[data-testid='stFileUploaderFile']", "[data-testid$='Dropdown']", "[role='listbox']",
  "[data-testid='stElementToolbarButton']", "[data-testid='stTooltipHoverTarget']",
  "[data-testid='stSidebarNavViewButton']", "[data-testid='stTextInputRootElement']",
].join(",");

function translated(text) {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (Object.prototype.hasOwnProperty.call(EXACT, trimmed)) {
    return text.replace(trimmed, EXACT[trimmed]);
  }
  for (const [pattern, make] of PATTERNS) {
    const found = trimmed.match(pattern);
    if (found) return text.replace(trimmed, make(...found));
  }
  return null;
}

function translateNode(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    const parent = node.parentElement;
    if (parent && parent.closest(OWN)) {
      const french = translated(node.nodeValue);
      if (french !== null && french !== node.nodeValue) node.nodeValue = french;
    }
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const inside = node.closest(OWN) !== null;
  const elements = [node, ...node.querySelectorAll("[title],[aria-label],[placeholder]")];
  for (const element of elements) {
    if (!inside && !element.closest(OWN)) continue;
    for (const name of ["title", "aria-label", "placeholder"]) {
      const value = element.getAttribute(name);
      if (value) {
        const french = translated(value);
        if (french !== null && french !== value) element.setAttribute(name, french);
      }
    }
  }
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) translateNode(text);
}

export default function () {
  if (window.__accueilFrancais) return;
  window.__accueilFrancais = true;
  translateNode(document.body);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") translateNode(change.target);
      else if (change.type === "attributes") translateNode(change.target);
      else change.addedNodes.forEach(translateNode);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true,
                              attributes: true,
                              attributeFilter: ["title", "aria-label", "placeholder"] });
}
