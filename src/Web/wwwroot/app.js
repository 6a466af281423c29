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
