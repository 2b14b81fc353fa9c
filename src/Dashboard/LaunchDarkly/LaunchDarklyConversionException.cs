namespace Dashboard.LaunchDarkly;

/// <summary>A LaunchDarkly REST item lacks what the SDK data model needs; the message names the item and field.</summary>
public sealed class LaunchDarklyConversionException : Exception
{
    public LaunchDarklyConversionException()
    {
    }

    public LaunchDarklyConversionException(string message)
        : base(message)
    {
    }

    public LaunchDarklyConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
