using Dashboard.Data.Entities;

namespace Dashboard.Ingest;

/// <summary>How one environment's events are read: version schemes and the LaunchDarkly context mapping.</summary>
public sealed record IngestEnvironment(int Id, string Key, VersionScheme ApiVersionScheme, VersionScheme ClientVersionScheme, ConsumerMapping ConsumerMapping);
