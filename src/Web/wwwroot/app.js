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
