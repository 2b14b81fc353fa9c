using System.Text.Json;

namespace Dashboard.Ingest;

/// <summary>One event of a native batch: a flag evaluation (or <see cref="Count"/> identical ones) for a consumer.</summary>
public sealed class NativeEvaluation
{
    public string? FlagKey { get; set; }

    /// <summary>Index of the variation served.</summary>
    public int? Variation { get; set; }

    /// <summary>Value served, when the index is not known to the sender.</summary>
    public JsonElement? Value { get; set; }

    public string? Consumer { get; set; }

    public string? ApiVersion { get; set; }

    public string? ClientType { get; set; }

    public string? ClientVersion { get; set; }

    /// <summary>Identifies the consumer when <see cref="Consumer"/> is not sent.</summary>
    public string? TenantId { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public long? Count { get; set; }
}
