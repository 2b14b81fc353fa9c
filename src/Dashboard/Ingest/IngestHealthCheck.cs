using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Ingest;

/// <summary>
/// Degraded while a stage of ingest fails, which an operator would not otherwise notice: journaling (requests answer 503
/// and senders retry; e.g. the disk is full), also for <see cref="RecentFailureWindow"/> after the last failure, or
/// folding into the rollups (requests are still answered and wait in the journal, but nothing new shows in charts).
/// </summary>
public sealed class IngestHealthCheck(IngestJournal journal, IngestFolder folder, TimeProvider timeProvider) : IHealthCheck
{
    /// <summary>How long a journaling failure keeps health Degraded after it last happened.</summary>
    public static readonly TimeSpan RecentFailureWindow = TimeSpan.FromMinutes(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (journal.Failure is { } journaling)
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Journaling ingest requests has failed since {journaling.Since:O} ({journaling.Problem}); they are answered 503."));
        }
        else if (journal.LastFailure is { } recent && timeProvider.GetUtcNow().UtcDateTime - recent.LastAt < RecentFailureWindow)
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Journaling an ingest request last failed at {recent.LastAt:O} ({recent.Problem}); such requests are answered 503 while others succeed."));
        }

        if (folder.Failure is { } folding)
        {
            var (rows, batches) = folder.Pending;
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Folding ingest into the rollups has failed since {folding.Since:O} ({folding.Problem}); {batches} answered requests ({rows} rows) wait in the journal."));
        }

        return Task.FromResult(problems.Count > 0 ? HealthCheckResult.Degraded(string.Join(' ', problems)) : HealthCheckResult.Healthy());
    }
}
