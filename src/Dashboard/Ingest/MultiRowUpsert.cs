using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Dashboard.Ingest;

/// <summary>
/// Runs one upsert statement for many rows at a time (<c>INSERT … VALUES (…), (…) … ON CONFLICT …</c>). SQLite spends
/// most of a single-row upsert on statement overhead, so rows go in chunks through one prepared statement.
/// </summary>
internal sealed class MultiRowUpsert : IAsyncDisposable
{
    private const int RowsPerStatement = 64;

    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly string head;
    private readonly string tail;
    private readonly int columns;
    private readonly List<object?[]> pending = new(RowsPerStatement);
    private SqliteCommand? fullCommand;

    public MultiRowUpsert(SqliteConnection connection, SqliteTransaction transaction, string head, int columns, string tail)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.head = head;
        this.tail = tail;
        this.columns = columns;
    }

    public async Task AddAsync(object?[] row, CancellationToken cancellationToken)
    {
        pending.Add(row);
        if (pending.Count == RowsPerStatement)
        {
            fullCommand ??= CreateCommand(RowsPerStatement);
            await ExecuteAsync(fullCommand, cancellationToken);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        await using var command = CreateCommand(pending.Count);
        await ExecuteAsync(command, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (fullCommand is not null)
        {
            await fullCommand.DisposeAsync();
        }
    }

    private async Task ExecuteAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
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
        command.Transaction = transaction;
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
