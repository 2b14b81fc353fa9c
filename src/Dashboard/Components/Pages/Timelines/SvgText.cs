using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Dashboard.Components.Pages.Timelines;

/// <summary>An SVG <c>&lt;text&gt;</c> element; Razor reserves the <c>text</c> tag, so charts write it through this component.</summary>
public sealed class SvgText : ComponentBase
{
    [Parameter]
    public double X { get; set; }

    [Parameter]
    public double Y { get; set; }

    [Parameter]
    public string? FontSize { get; set; }

    [Parameter]
    public string? Fill { get; set; }

    [Parameter]
    public string? TextAnchor { get; set; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenElement(0, "text");
        builder.AddAttribute(1, "x", X.ToString("0.##", CultureInfo.InvariantCulture));
        builder.AddAttribute(2, "y", Y.ToString("0.##", CultureInfo.InvariantCulture));
        builder.AddAttribute(3, "font-size", FontSize);
        builder.AddAttribute(4, "fill", Fill);
        builder.AddAttribute(5, "text-anchor", TextAnchor);
        builder.AddContent(6, ChildContent);
        builder.CloseElement();
    }
}
