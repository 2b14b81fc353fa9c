namespace Dashboard.Ingest;

/// <summary>A new API key: the only moment its secret is known to Sundial.</summary>
public sealed record CreatedApiKey(int Id, string Prefix, string Secret);
