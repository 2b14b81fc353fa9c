using System.Text;

namespace Dashboard.Analytics;

/// <summary>
/// One colour per series label on every chart: a label's colour comes from a stable hash of the label, so "1.2.0" looks
/// the same on the flag page, the consumer page and the Overview. "(missing)", "(invalid)" and "other" have fixed
/// neutral colours that no other label gets. Series of legacy behaviour take warm colours that no other series gets, so
/// the behaviour being retired reads as such on every chart (never a red "new" beside a blue "legacy").
/// </summary>
public static class ChartPalette
{
    public const string MissingColor = "#9e9e9e";
    public const string InvalidColor = "#8d6e63";
    public const string OtherColor = "#607d8b";

    // Tableau-style categorical colours without greys, browns, reds and oranges: those are kept for the neutral labels
    // above and for legacy series.
    private static readonly string[] Colors =
    [
        "#1f77b4", "#2ca02c", "#9467bd", "#e377c2", "#bcbd22", "#17becf",
        "#aec7e8", "#98df8a", "#c5b0d5", "#f7b6d2", "#dbdb8d", "#9edae5",
    ];

    private static readonly string[] LegacyColors = ["#e65100", "#c62828", "#f9a825", "#ad1457"];

    /// <summary>The colour a label gets on its own.</summary>
    public static string ColorOf(string label, bool isLegacy = false) =>
        NeutralColor(label) ?? (isLegacy ? LegacyColors[PreferredSlot(label, LegacyColors.Length)] : Colors[PreferredSlot(label, Colors.Length)]);

    /// <summary>
    /// Colours for the series of one chart, in the same order: each label's own colour, except that a label whose colour
    /// another label of this chart already holds takes the next free one. Conflicts are settled in label order, so two
    /// charts with the same labels colour them alike.
    /// </summary>
    public static IReadOnlyList<string> ColorsFor(IReadOnlyList<string> labels) => ColorsFor(labels, new HashSet<string>());

    /// <inheritdoc cref="ColorsFor(IReadOnlyList{string})"/>
    /// <param name="legacyLabels">Labels of series that show legacy behaviour; they are coloured from the warm legacy set.</param>
    public static IReadOnlyList<string> ColorsFor(IReadOnlyList<string> labels, IReadOnlySet<string> legacyLabels)
    {
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        var distinct = labels.Distinct(StringComparer.Ordinal).Where(l => NeutralColor(l) is null).Order(StringComparer.Ordinal).ToList();
        Assign(distinct.Where(l => !legacyLabels.Contains(l)), Colors, assigned);
        Assign(distinct.Where(legacyLabels.Contains), LegacyColors, assigned);
        return labels.Select(l => NeutralColor(l) ?? assigned[l]).ToList();
    }

    private static void Assign(IEnumerable<string> labels, string[] palette, Dictionary<string, string> assigned)
    {
        var taken = new HashSet<int>();
        foreach (var label in labels)
        {
            var slot = PreferredSlot(label, palette.Length);
            for (var tries = 0; tries < palette.Length && taken.Contains(slot); tries++)
            {
                slot = (slot + 1) % palette.Length;
            }

            taken.Add(slot);
            assigned[label] = palette[slot];
        }
    }

    private static string? NeutralColor(string label) =>
        label == AdoptionQueries.MissingLabel ? MissingColor
        : label.EndsWith("(invalid)", StringComparison.Ordinal) ? InvalidColor
        : label == AdoptionBreakdown.OtherLabel ? OtherColor
        : null;

    // FNV-1a over UTF-8: string.GetHashCode differs between processes, and the colour must not.
    private static int PreferredSlot(string label, int slots)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(label))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)slots);
    }
}
