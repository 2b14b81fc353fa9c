using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Ingest;

/// <summary>
/// Degraded while folds into the rollups fail: ingest still answers (requests wait in the journal), but nothing new
/// shows in charts, which an operator would not otherwise notice.
/// </summary>
public sealed class IngestFoldHealthCheck(IngestFolder folder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (rows, batches) = folder.Pending;
        return Task.FromResult(folder.Failure is { } failure
            ? HealthCheckResult.Degraded(string.Create(
                CultureInfo.InvariantCulture,
                $"Folding ingest into the rollups has failed since {failure.Since:O} ({failure.Problem}); {batches} answered requests ({rows} rows) wait in the journal."))
            : HealthCheckResult.Healthy());
    }
}
