namespace Dashboard.Analytics;

/// <summary>What one series of an adoption chart stands for.</summary>
public enum AdoptionGroupBy
{
    Variation,
    ApiVersion,
    ClientType,
    ClientVersion,
}
