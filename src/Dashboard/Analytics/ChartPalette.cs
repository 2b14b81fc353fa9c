using System.Text;

namespace Dashboard.Analytics;

/// <summary>
/// One colour per series label on every chart: a label's colour comes from a stable hash of the label, so "1.2.0" looks
/// the same on the flag page, the consumer page and the Overview. "(missing)", "(invalid)" and "other" have fixed
/// neutral colours that no other label gets.
/// </summary>
public static class ChartPalette
{
    public const string MissingColor = "#9e9e9e";
    public const string InvalidColor = "#8d6e63";
    public const string OtherColor = "#607d8b";

    // Tableau-style categorical colours without greys and browns, which are kept for the neutral labels above.
    private static readonly string[] Colors =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#e377c2", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#f7b6d2", "#dbdb8d", "#9edae5",
    ];

    /// <summary>The colour a label gets on its own.</summary>
    public static string ColorOf(string label) => NeutralColor(label) ?? Colors[PreferredSlot(label)];

    /// <summary>
    /// Colours for the series of one chart, in the same order: each label's own colour, except that a label whose colour
    /// another label of this chart already holds takes the next free one. Conflicts are settled in label order, so two
    /// charts with the same labels colour them alike.
    /// </summary>
    public static IReadOnlyList<string> ColorsFor(IReadOnlyList<string> labels)
    {
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<int>();
        foreach (var label in labels.Distinct(StringComparer.Ordinal).Where(l => NeutralColor(l) is null).Order(StringComparer.Ordinal))
        {
            var slot = PreferredSlot(label);
            for (var tries = 0; tries < Colors.Length && taken.Contains(slot); tries++)
            {
                slot = (slot + 1) % Colors.Length;
            }

            taken.Add(slot);
            assigned[label] = Colors[slot];
        }

        return labels.Select(l => NeutralColor(l) ?? assigned[l]).ToList();
    }

    private static string? NeutralColor(string label) =>
        label == AdoptionQueries.MissingLabel ? MissingColor
        : label.EndsWith("(invalid)", StringComparison.Ordinal) ? InvalidColor
        : label == AdoptionBreakdown.OtherLabel ? OtherColor
        : null;

    // FNV-1a over UTF-8: string.GetHashCode differs between processes, and the colour must not.
    private static int PreferredSlot(string label)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(label))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)Colors.Length);
    }
}
