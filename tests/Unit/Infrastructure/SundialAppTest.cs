namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>Base class for tests that need their own in-process app and database (each test starts from a fresh installation).</summary>
public abstract class SundialAppTest : IAsyncLifetime, IAsyncDisposable
{
    protected const string Password = "Correct-Horse-42";

    protected SundialAppTest()
    {
        Factory = new SundialWebApplicationFactory();
        Client = Factory.CreateBrowserLikeClient();
    }

    protected SundialWebApplicationFactory Factory { get; }

    /// <summary>Keeps cookies and does not follow redirects.</summary>
    protected HttpClient Client { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
