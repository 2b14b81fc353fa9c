namespace Dashboard.Analytics;

/// <summary>What an import would do, row by row, and every problem that stops it (file-wide and per row).</summary>
public sealed record ImportPreview(ImportKind Kind, IReadOnlyList<string> Columns, IReadOnlyList<ImportRow> Rows, IReadOnlyList<string> FileErrors)
{
    public bool HasErrors => FileErrors.Count > 0 || Rows.Any(r => r.Errors.Count > 0);

    public int ErrorCount => FileErrors.Count + Rows.Sum(r => r.Errors.Count);
}
