namespace Dashboard.Client;

/// <summary>Where a metadata value came from.</summary>
public enum MetadataOrigin
{
    Header = 0,
    Query = 1,

    /// <summary>The request sent nothing usable; the configured default was used.</summary>
    Default = 2,

    /// <summary>The request sent nothing usable and no default is configured.</summary>
    Missing = 3,
}
