using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.AnalyticsBench;

internal sealed class BenchDbContextFactory(DbContextOptions<DashboardDbContext> options) : IDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext() => new(options);
}
