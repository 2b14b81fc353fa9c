namespace Dashboard.Notifications;

/// <summary>A campaign request with problems; <see cref="Errors"/> maps each field to what is wrong with it.</summary>
public sealed class CampaignValidationException : Exception
{
    public CampaignValidationException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public CampaignValidationException(string message)
        : this(new Dictionary<string, string[]> { [string.Empty] = [message] })
    {
    }

    public CampaignValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]> { [string.Empty] = [message] };
    }

    public CampaignValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", errors.SelectMany(e => e.Value)))
    {
        Errors = errors;
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
