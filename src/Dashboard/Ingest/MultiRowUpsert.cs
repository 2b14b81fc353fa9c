using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Dashboard.Ingest;

/// <summary>
/// Runs one upsert statement for many rows at a time (<c>INSERT … VALUES (…), (…) … ON CONFLICT …</c>). SQLite spends
/// most of a single-row upsert on statement overhead, so rows go in chunks through prepared statements that live as
/// long as the writer's connection (one per chunk size), so no commit prepares them again.
/// </summary>
internal sealed class MultiRowUpsert : IDisposable
{
    /// <summary>
    /// Small on purpose: Microsoft.Data.Sqlite binds every parameter by name on every execution, and SQLite finds a
    /// name by a linear scan, so binding costs grow with the square of the parameters in one statement (64 rows of 13
    /// columns spent a fifth of the writer's CPU in that scan).
    /// </summary>
    private const int RowsPerStatement = 8;

    private readonly SqliteConnection connection;
    private readonly string head;
    private readonly string tail;
    private readonly int columns;
    private readonly List<object?[]> pending = new(RowsPerStatement);
    private readonly SqliteCommand?[] commands = new SqliteCommand?[RowsPerStatement + 1];
    private SqliteTransaction? transaction;

    public MultiRowUpsert(SqliteConnection connection, string head, int columns, string tail)
    {
        this.connection = connection;
        this.head = head;
        this.tail = tail;
        this.columns = columns;
    }

    /// <summary>Starts collecting rows for <paramref name="current"/>; rows of an earlier, failed commit are dropped.</summary>
    public void Begin(SqliteTransaction current)
    {
        transaction = current;
        pending.Clear();
    }

    public async Task AddAsync(object?[] row, CancellationToken cancellationToken)
    {
        pending.Add(row);
        if (pending.Count == RowsPerStatement)
        {
            await ExecuteAsync(cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.Count > 0)
        {
            await ExecuteAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var command in commands)
        {
            command?.Dispose();
        }
    }

    private async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var command = commands[pending.Count] ??= CreateCommand(pending.Count);
        command.Transaction = transaction ?? throw new InvalidOperationException("Call Begin with the commit's transaction first.");
        var parameters = command.Parameters;
        for (var row = 0; row < pending.Count; row++)
        {
            var values = pending[row];
            for (var column = 0; column < columns; column++)
            {
                parameters[(row * columns) + column].Value = values[column] ?? DBNull.Value;
            }
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
        pending.Clear();
    }

    private SqliteCommand CreateCommand(int rows)
    {
        var sql = new StringBuilder(head).Append(" VALUES ");
        var command = connection.CreateCommand();
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns; column++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{(row * columns) + column}");
                sql.Append(column == 0 ? "" : ", ").Append(name);
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            sql.Append(')');
        }

        command.CommandText = sql.Append(' ').Append(tail).ToString();
        return command;
    }
}
