using Dashboard.Data.Entities;

namespace Dashboard.Environments;

/// <summary>An environment's ingest settings as the Environments page edits them.</summary>
public sealed record EnvironmentSettings(
    int Id, string Key, string Name, bool IsDefault, VersionScheme ApiVersionScheme, VersionScheme ClientVersionScheme, ConsumerMapping ConsumerMapping);
