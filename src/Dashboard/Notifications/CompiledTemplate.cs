using Fluid;

namespace Dashboard.Notifications;

/// <summary>A parsed template, reusable for every recipient of a campaign (parsing once keeps 10,000 renders cheap).</summary>
public sealed class CompiledTemplate
{
    internal CompiledTemplate(IFluidTemplate subject, IFluidTemplate htmlBody, IFluidTemplate textBody)
    {
        Subject = subject;
        HtmlBody = htmlBody;
        TextBody = textBody;
    }

    internal IFluidTemplate Subject { get; }

    internal IFluidTemplate HtmlBody { get; }

    internal IFluidTemplate TextBody { get; }
}
