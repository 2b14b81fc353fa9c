namespace Dashboard.LaunchDarkly;

/// <summary>Result of Test connection: whether the token can read the project, and which mapped environments exist there.</summary>
public sealed record LaunchDarklyConnectionTest(bool Succeeded, string Message);
