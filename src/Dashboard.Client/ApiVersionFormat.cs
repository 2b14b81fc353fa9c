namespace Dashboard.Client;

/// <summary>How the provider's API versions are written; decides which values count as invalid.</summary>
public enum ApiVersionFormat
{
    /// <summary>Semantic versions, lenient like LaunchDarkly: <c>2</c> and <c>2.1</c> are valid.</summary>
    SemVer = 0,

    /// <summary>Calendar versions, <c>yyyy-MM-dd</c>.</summary>
    Date = 1,

    /// <summary>Any non-empty value.</summary>
    Opaque = 2,
}
