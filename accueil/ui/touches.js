// The keyboard of the Présenter page: → / Page down / space for the next slide, ← / Page up
// for the previous one, Échap to leave full screen. Each press sends a trigger ("key") back
// to Python; keys typed into a field (date, list) are left alone. One listener per page, bound
// once; each run of the page hands it the newest way to answer (setTriggerValue). Once the
// page is left (its element gone from the document), keys do what they usually do.

const ACTIONS = { ArrowRight: "next", PageDown: "next", " ": "next",
                  ArrowLeft: "prev", PageUp: "prev", Escape: "exit" };

export default function (component) {
  window.__accueilTouches = component.setTriggerValue;
  window.__accueilTouchesRoot = component.parentElement;
  document.body.dataset.accueilTouches = "pret";  // what a test waits for before typing
  if (window.__accueilTouchesBound) {
    return;
  }
  window.__accueilTouchesBound = true;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target && (target.isContentEditable
      || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    const action = ACTIONS[event.key];
    const shown = window.__accueilTouchesRoot && window.__accueilTouchesRoot.isConnected;
    if (!action || !shown || typing || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    window.__accueilTouches("key", action);
  });
}
