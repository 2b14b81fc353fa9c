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

// The server reads the viewer's zone from this cookie, so the first (prerendered) render already shows local times.
document.cookie = `sundial-tz=${encodeURIComponent(window.sundial.timeZone())}; path=/; max-age=31536000; samesite=lax`;
