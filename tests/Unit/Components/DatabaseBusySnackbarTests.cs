using Dashboard.Components;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Tests.Unit.Components;

/// <summary>A page's write that meets a database that cannot take it (here read-only) shows the snackbar, as the APIs answer 503.</summary>
public sealed class DatabaseBusySnackbarTests : SundialComponentTest
{
    [Fact]
    public async Task WriteToAReadOnlyDatabase_ShowsTheBusyOrUnavailableMessage_AndReturnsFalse()
    {
        var snackbar = Services.GetRequiredService<ISnackbar>();

        var written = await snackbar.TryWriteAsync(WriteReadOnlyAsync);

        Assert.False(written);
        Assert.Contains("The database is busy or unavailable, try again in a moment.", snackbar.ShownSnackbars.Select(s => s.Message));
    }

    private async Task WriteReadOnlyAsync()
    {
        var readOnly = new SqliteConnectionStringBuilder { DataSource = Database.FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(readOnly.ToString());
        await connection.OpenAsync();
        await using var write = connection.CreateCommand();
        write.CommandText = "DELETE FROM Environments";
        await write.ExecuteNonQueryAsync();
    }
}
