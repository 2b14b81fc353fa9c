using System.Text.Json;
using Dashboard.FlagData;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;
using Dashboard.Matrix;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Flags;

/// <summary>
/// The version matrix, diagnostics and free-form rule tester for one flag in one environment. Self-contained so the flag
/// detail page can host it in a tab; reloads when new flag data lands for the environment.
/// </summary>
public sealed partial class VersionMatrixPanel : IDisposable
{
    private VersionMatrixResult? result;
    private string contextJson = """{"kind":"request","key":"test-request","apiVersion":"2.0.0","clientType":"web"}""";
    private EvaluationDetail? testerResult;
    private string? testerError;
    private (int EnvironmentId, int FlagId)? loadedFor;

    [Parameter, EditorRequired]
    public int EnvironmentId { get; set; }

    [Parameter, EditorRequired]
    public int FlagId { get; set; }

    [Inject]
    public required VersionMatrixQueries Queries { get; init; }

    [Inject]
    public required FlagDataCache FlagData { get; init; }

    public void Dispose() => FlagData.Changed -= OnFlagDataChanged;

    protected override void OnInitialized() => FlagData.Changed += OnFlagDataChanged;

    protected override async Task OnParametersSetAsync()
    {
        if (loadedFor != (EnvironmentId, FlagId))
        {
            loadedFor = (EnvironmentId, FlagId);
            testerResult = null;
            testerError = null;
            await LoadAsync(null);
        }
    }

    private async Task LoadAsync(VersionDimension? dimension)
    {
        result = await Queries.BuildAsync(EnvironmentId, FlagId, dimension);
        if (result.Matrix is { } matrix)
        {
            contextJson = SampleContext(matrix);
        }
    }

    private Task ChangeDimensionAsync(VersionDimension dimension) => LoadAsync(dimension);

    private void RunTester()
    {
        testerResult = null;
        testerError = null;
        if (result?.Evaluator is not { } evaluator)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(contextJson))
        {
            testerError = "Enter a context as JSON.";
            return;
        }

        var context = EvaluationContext.FromJson(contextJson);
        if (!context.IsValid)
        {
            testerError = $"The context is not valid: {context.Error}";
            return;
        }

        testerResult = evaluator.Evaluate(result.FlagKey, context, default);
    }

    private string TesterVariationText(EvaluationDetail detail) =>
        detail.VariationIndex is not { } index ? "none (the default was served)"
        : result?.Matrix?.Variation(index) is { } variation ? $"{index}: {variation.Label}{(variation.IsLegacy ? " — legacy" : "")}"
        : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string SampleContext(VersionMatrix matrix)
    {
        var version = matrix.Rows.FirstOrDefault(r => r.Kinds.HasFlag(VersionRowKinds.Boundary))?.Version
            ?? matrix.Rows.FirstOrDefault(r => r.Version is not null)?.Version;
        var clientType = matrix.ClientTypes.FirstOrDefault(t => t.Length > 0) ?? "";
        var context = VersionMatrixBuilder.BuildContext(matrix.VersionAttribute, version, matrix.ClientTypeAttribute, clientType);
        var kinds = context.Individuals.Select(c => new Dictionary<string, object?>
        {
            ["kind"] = c.Kind,
            ["key"] = "test-" + c.Kind,
        }.Concat(c.AttributeNames.Select(n => new KeyValuePair<string, object?>(n, c.GetAttribute(n)))).ToDictionary()).ToList();
        var document = kinds.Count == 1
            ? (object)kinds[0]
            : new Dictionary<string, object?>(kinds.Select(k => new KeyValuePair<string, object?>((string)k["kind"]!, k.Where(p => p.Key != "kind").ToDictionary())))
                .Prepend(new KeyValuePair<string, object?>("kind", "multi")).ToDictionary();
        return JsonSerializer.Serialize(document);
    }

    private static Severity SeverityOf(DiagnosticKind kind) => kind switch
    {
        DiagnosticKind.MissingVersionMetadata or DiagnosticKind.RulesTargetOtherAttribute => Severity.Info,
        DiagnosticKind.UnknownAttribute => Severity.Warning,
        _ => Severity.Error,
    };

    private void OnFlagDataChanged(int environmentId)
    {
        if (environmentId == EnvironmentId)
        {
            _ = InvokeAsync(async () =>
            {
                await LoadAsync(result?.Dimension);
                StateHasChanged();
            });
        }
    }
}
