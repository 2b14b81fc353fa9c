using MudBlazor;

namespace Dashboard.Components.Layout;

/// <summary>Sundial's colours, shared by the light and dark palettes.</summary>
internal static class SundialTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            Secondary = "#5b6472",
            AppbarBackground = "#312e81",
            Background = "#f6f7fb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#818cf8",
            Secondary = "#a3acb9",
            AppbarBackground = "#1e1b4b",
            // MudBlazor's default dark stripe made every other row of the figure tables a bright grey band.
            TableStriped = "rgba(255,255,255,0.05)",
            TableHover = "rgba(255,255,255,0.08)",
        },
    };
}
