using System.Net;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Tests.Unit.Ingest;

namespace Dashboard.Tests.Unit.Security;

/// <summary>Signing in while another process holds the database's write lock: sign-in only reads, so it is not held up.</summary>
public sealed class SignInWhileDatabaseLockedTests : SundialAppTest
{
    public override async Task InitializeAsync() => await Factory.CreateUserAsync("viewer@example.com", Password, DashboardRoles.Viewer);

    [Fact]
    public async Task RightPasswordWhileLocked_SignsIn()
    {
        HttpResponseMessage response;
        await using (await SqliteWriteLock.OnFileAsync(Factory.DatabasePath))
        {
            response = await Client.SignInAsync("viewer@example.com", Password);
        }

        using (response)
        {
            Assert.Equal("/", response.RedirectPath());
        }
    }

    [Fact]
    public async Task WrongPasswordWhileLocked_SaysTheCredentialsAreWrong_InsteadOfAnError()
    {
        HttpResponseMessage response;
        await using (await SqliteWriteLock.OnFileAsync(Factory.DatabasePath))
        {
            response = await Client.SignInAsync("viewer@example.com", "Wrong-Password-1");
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(CredentialCheck.Failure), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
