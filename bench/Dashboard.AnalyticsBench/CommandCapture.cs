using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dashboard.AnalyticsBench;

/// <summary>Remembers the SQL commands a query ran, with their parameter values, so the bench can EXPLAIN exactly those.</summary>
internal sealed class CommandCapture : DbCommandInterceptor
{
    public bool Enabled { get; set; }

    public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Enabled)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
        }

        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
