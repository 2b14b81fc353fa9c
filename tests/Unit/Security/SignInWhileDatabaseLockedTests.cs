using System.Net;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Tests.Unit.Ingest;

namespace Dashboard.Tests.Unit.Security;

/// <summary>A sign-in that has to write (a failed attempt is counted) while another process holds the database's write lock.</summary>
public sealed class SignInWhileDatabaseLockedTests : SundialAppTest
{
    public override async Task InitializeAsync() => await Factory.CreateUserAsync("viewer@example.com", Password, DashboardRoles.Viewer);

    [Fact]
    public async Task WrongPasswordWhileLocked_SaysTheDatabaseIsBusy_InsteadOfAnError()
    {
        HttpResponseMessage response;
        await using (await SqliteWriteLock.OnFileAsync(Factory.DatabasePath))
        {
            response = await Client.SignInAsync("viewer@example.com", "Wrong-Password-1");
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The database is busy, try again in a moment.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
