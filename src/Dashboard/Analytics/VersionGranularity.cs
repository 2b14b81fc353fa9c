namespace Dashboard.Analytics;

/// <summary>How finely versions are grouped. Date versions group by month for both coarse settings; opaque versions are always exact.</summary>
public enum VersionGranularity
{
    Exact,
    MajorMinor,
    Major,
}
