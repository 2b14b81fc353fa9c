namespace Dashboard.Data.Entities;

/// <summary>How the values of one version dimension are read and ordered.</summary>
public enum VersionScheme
{
    /// <summary>Semantic versions, lenient like LaunchDarkly: <c>2</c> and <c>2.1</c> read as <c>2.0.0</c> and <c>2.1.0</c>.</summary>
    SemVer = 0,

    /// <summary>Calendar versions such as <c>2023-11-01</c>.</summary>
    Date = 1,

    /// <summary>Any string; compared for equality only.</summary>
    Opaque = 2,
}
