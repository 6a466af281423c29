// Saves a text file the server produced (CSV and JSON downloads) without a round trip through another URL.
window.plannerDownload = (fileName, contentType, text) => {
    const blob = new Blob([text], { type: contentType });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
};

// Saves a binary file made in the circuit (the editor's reports of what is on screen), streamed from .NET.
window.plannerDownloadStream = async (fileName, contentType, streamReference) => {
    const buffer = await streamReference.arrayBuffer();
    window.plannerDownload(fileName, contentType, buffer);
};

// Things kept in this browser (localStorage): the editor's draft of unsaved work, and dark mode.
window.plannerStore = {
    get: (key) => { try { return window.localStorage.getItem(key); } catch { return null; } },
    set: (key, value) => { try { window.localStorage.setItem(key, value); } catch { /* storage full or disabled: nothing kept */ } },
    remove: (key) => { try { window.localStorage.removeItem(key); } catch { /* disabled */ } },
};

// Scrolls to a heading of the methodology once it is rendered (a help link arrives as methodology#id).
window.plannerScrollTo = (id) => {
    const element = document.getElementById(id);
    if (element) {
        element.scrollIntoView();
    }
};

// A navigation pending (ADR 056): after the browser's Back or Forward, or a link the app follows itself, the old page
// stays on screen until the server's page for the new address arrives, and the server has already closed the old page:
// a click on it would be dropped. Until the layout is drawn for the address the browser shows (MainLayout's
// data-location), <html data-navigating="true"> makes the layout's status say so and buttons and fields take no clicks
// (app.css). A page that never comes is let go after a while, so that the mark cannot keep a page unusable.
(() => {
    const giveUpMs = 15000;
    const pathOf = (address) => { const url = new URL(address, document.baseURI); return url.pathname + url.search; };
    const drawn = () => document.querySelector("[data-location]")?.getAttribute("data-location");
    let observer = null;
    let giveUp = 0;

    const end = () => {
        document.documentElement.removeAttribute("data-navigating");
        observer?.disconnect();
        observer = null;
        clearTimeout(giveUp);
    };
    // Whether the page drawn is the page at the browser's address (no layout drawn counts as drawn).
    const atDrawnPage = () => {
        const location = drawn();
        return location === null || location === undefined || pathOf(location) === pathOf(window.location.href);
    };
    const check = () => {
        if (atDrawnPage()) {
            end();
        }
    };
    const begin = () => {
        if (atDrawnPage()) {
            return; // a change of #fragment, or the app noting its own state
        }
        document.documentElement.setAttribute("data-navigating", "true");
        if (observer === null) {
            observer = new MutationObserver(check);
            observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-location"] });
        }
        clearTimeout(giveUp);
        giveUp = setTimeout(end, giveUpMs);
    };

    window.addEventListener("popstate", begin);
    for (const name of ["pushState", "replaceState"]) {
        const original = history[name];
        history[name] = function (...args) {
            const result = original.apply(this, args);
            begin();
            return result;
        };
    }
})();
