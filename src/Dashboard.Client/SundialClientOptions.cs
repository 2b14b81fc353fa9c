using System.ComponentModel.DataAnnotations;

namespace Dashboard.Client;

/// <summary>How a provider talks to Sundial (section <c>Sundial</c>).</summary>
public sealed class SundialClientOptions
{
    public const string SectionName = "Sundial";

    /// <summary>Sundial's base address, e.g. <c>https://sundial.example.com</c>.</summary>
    [Required(ErrorMessage = "Sundial:BaseAddress is required, e.g. https://sundial.example.com.")]
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key with the <c>ingest</c> and <c>policy</c> scopes.</summary>
    [Required(ErrorMessage = "Sundial:ApiKey is required (an API key with the ingest and policy scopes).")]
    public string? ApiKey { get; set; }

    /// <summary>The environment key; empty = the key's own environment.</summary>
    public string? Environment { get; set; }

    /// <summary>Used when a request sends no API version; the metadata is marked as defaulted.</summary>
    public string? DefaultApiVersion { get; set; }

    /// <summary>Used when a request sends no client type.</summary>
    public string? DefaultClientType { get; set; }

    /// <summary>How API versions read, so unreadable ones can be replaced by the default and marked.</summary>
    public ApiVersionFormat ApiVersionFormat { get; set; } = ApiVersionFormat.SemVer;

    /// <summary>Flags whose deprecation policy adds headers to responses.</summary>
    public List<string> PolicyFlags { get; set; } = [];

    /// <summary>Answer 410 with a problem body while Sundial reports a brownout or sunset for the request.</summary>
    public bool RefuseRetiredBehaviour { get; set; } = true;

    [Range(1, 1_000_000, ErrorMessage = "Sundial:BufferCapacity must be between 1 and 1000000.")]
    public int BufferCapacity { get; set; } = 10_000;

    [Range(1, 5_000, ErrorMessage = "Sundial:MaxBatchSize must be between 1 and 5000.")]
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How long events wait for a batch to fill before they are sent.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry delay after a failed send; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a request waits for a policy not yet cached; afterwards it proceeds without headers.</summary>
    public TimeSpan PolicyTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After a failed policy fetch, requests do not wait for Sundial for this long.</summary>
    public TimeSpan PolicyFailureBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one HTTP call to Sundial.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
