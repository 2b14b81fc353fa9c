// Small browser helpers the Blazor circuit calls through JS interop.
window.sundial = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    downloadText: (fileName, contentType, text) => {
        const url = URL.createObjectURL(new Blob([text], { type: contentType }));
        const link = Object.assign(document.createElement("a"), { href: url, download: fileName });
        document.body.appendChild(link);
        link.click();
        link.remove();
        URL.revokeObjectURL(url);
    },
};
