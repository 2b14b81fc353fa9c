namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// Hostile inputs from the red-team pass (issue 14), one theory data source per kind of field, so a suite that tests a
/// field runs them all and a new field inherits them. Each value keeps a harmless prefix so trimming cannot hide the
/// hostile part.
/// </summary>
public static class HostileStrings
{
    /// <summary>Valid (an IRI), but a header must carry it percent-encoded.</summary>
    public const string NonAsciiUrl = "https://docs.example.com/über-guide";

    public const string NonAsciiUrlEncoded = "https://docs.example.com/%C3%BCber-guide";

    /// <summary>
    /// Refused by the text and key rules, but no HTTP or CSV input can carry it: JSON serialisers and UTF-8 decoders turn it
    /// into U+FFFD (or refuse the body) before any validator sees it, so only in-process tests use it.
    /// </summary>
    public const string UnpairedSurrogate = "acme\uD800corp";

    /// <summary>Refused in every single-line text field (names, titles, subjects) and in every key.</summary>
    public static TheoryData<HostileString> ForText => new()
    {
        new HostileString("CR LF (header injection)", "acme\r\nX-Injected: yes"),
        new HostileString("LF", "acme\nsecond line"),
        new HostileString("NUL", "acme\0"),
        new HostileString("U+0085 next line", "acme\u0085corp"),
        new HostileString("U+2028 line separator", "acme\u2028corp"),
        new HostileString("U+202E right-to-left override", "acme\u202Eexe.txt"),
        new HostileString("U+2066 left-to-right isolate", "acme\u2066corp"),
    };

    /// <summary>Refused in keys (consumer keys, flag keys, tenant ids, versions, client types) on top of <see cref="ForText"/>: invisible look-alikes.</summary>
    public static TheoryData<HostileString> ForKeys
    {
        get
        {
            var data = ForText;
            data.Add(new HostileString("U+200B zero-width space", "ac\u200Bme"));
            data.Add(new HostileString("U+200F right-to-left mark", "acme\u200F"));
            data.Add(new HostileString("U+FEFF byte order mark", "\uFEFFacme"));
            data.Add(new HostileString("U+00A0 no-break space", "acme\u00A0corp"));
            return data;
        }
    }

    /// <summary>Refused as a URL (migration guide, base URLs): <see cref="ForKeys"/> made into URLs, plus what is not absolute http(s).</summary>
    public static TheoryData<HostileString> ForUrls
    {
        get
        {
            var data = new TheoryData<HostileString>();
            foreach (var hostile in ForKeys)
            {
                data.Add(new HostileString(hostile.Label, "https://docs.example.com/" + hostile.Value));
            }

            data.Add(new HostileString("javascript: scheme", "javascript:alert(1)"));
            data.Add(new HostileString("relative", "/migrate-v2"));
            data.Add(new HostileString("no host", "https:///path"));
            data.Add(new HostileString("over 2048 characters", "https://docs.example.com/" + new string('a', 2048)));
            return data;
        }
    }
}
